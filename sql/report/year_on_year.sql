-- The report month and the same month a year earlier, from the monthly KPI mart. Each row holds
-- its month's measures and its financial year to date (fytd_*), so the earlier row's fytd_* is
-- last year's year to date to the same month. A month with no payments has no row.
SELECT CASE WHEN month = $month THEN 'this_year' ELSE 'last_year' END AS period, *
FROM marts.kpi_spend_by_month
WHERE body = $body AND month IN ($month, CAST($month - INTERVAL 12 MONTH AS DATE));
