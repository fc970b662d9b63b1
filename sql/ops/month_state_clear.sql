-- Forget the stored state of the months about to be recorded ($months; NULL: every month).
DELETE FROM audit.kpi_month_state WHERE $months IS NULL OR list_contains($months, month)
