-- The ledger's spend in the financial years $years: what the KPI year mart must add up to.
SELECT coalesce(sum(amount), 0) AS spend
FROM core.fct_payment
WHERE list_contains($years, financial_year)
