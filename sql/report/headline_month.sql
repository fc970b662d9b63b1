-- The report month's row of the monthly KPI mart (month and financial-year-to-date measures).
SELECT *
FROM marts.kpi_spend_by_month
WHERE body = $body AND month = $month;
