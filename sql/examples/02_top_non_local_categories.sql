-- Question: In which ten categories does most spend go to non-local suppliers, although local
-- suppliers already win work there (latest financial year)?
SELECT
    financial_year,
    category,
    non_local_spend,
    local_primary_spend,
    pct_local_primary,
    local_primary_supplier_count
FROM marts.leakage
WHERE body = 'Luton Borough Council'
  AND financial_year = (SELECT max(financial_year) FROM marts.leakage WHERE body = 'Luton Borough Council')
ORDER BY rank, category
LIMIT 10;
