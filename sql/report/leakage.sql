-- The ten categories with the most non-local spend where local suppliers already win work.
SELECT rank, category, non_local_spend, local_primary_spend, total_spend, pct_local_primary,
       local_primary_supplier_count, non_local_supplier_count
FROM marts.leakage
WHERE body = $body AND financial_year = $financial_year AND rank <= 10
ORDER BY rank, category;
