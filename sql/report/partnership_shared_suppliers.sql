-- The local suppliers most anchors pay, in the report's financial year (the mart never holds a
-- redacted payee, and its names are core.dim_supplier's, not ledger text).
SELECT
    supplier_name,
    is_local_primary,
    is_local_secondary,
    is_sme,
    is_vcs,
    body_count,
    bodies,
    total_spend
FROM marts.partnership_shared_suppliers
WHERE financial_year = $financial_year
  AND rank <= 15
ORDER BY rank;
