-- Each month's spend in the KPI month mart, all bodies together, for the months $months: a
-- Dagster partition's total_spend metadata.
SELECT month, sum(total_spend) AS total_spend
FROM marts.kpi_spend_by_month
WHERE list_contains($months, month)
GROUP BY ALL
