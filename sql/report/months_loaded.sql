-- The months the monthly KPI mart holds for the body, oldest first: the months a report can be
-- written for.
SELECT month
FROM marts.kpi_spend_by_month
WHERE body = $body
ORDER BY month;
