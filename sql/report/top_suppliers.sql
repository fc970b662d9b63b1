-- The ten suppliers paid most in the report's financial year (ties at tenth place all shown).
SELECT rank, supplier_name, total_spend, pct_of_total_spend, payment_count,
       is_local_primary, is_sme, is_vcs, is_redacted
FROM marts.top_suppliers
WHERE body = $body AND financial_year = $financial_year AND rank <= 10
ORDER BY rank, supplier_name;
