-- The months of the report's financial year loaded in the warehouse: the span the year's
-- spend scorecard (marts.kpi_spend_by_year) covers.
SELECT min(month) AS first_month, max(month) AS last_month, count(*) AS months
FROM marts.kpi_spend_by_month
WHERE body = $body AND financial_year = $financial_year;
