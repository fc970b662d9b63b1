-- The financial years holding payments, oldest first: all of them ($after NULL), or those after $after.
SELECT DISTINCT financial_year
FROM core.fct_payment
WHERE $after IS NULL OR financial_year > $after
ORDER BY financial_year
