-- The months holding payments in the financial years $years, with their year: what a partial
-- KPI rebuild of those years touches.
SELECT DISTINCT month, financial_year
FROM core.fct_payment
WHERE list_contains($years, financial_year)
