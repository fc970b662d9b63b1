-- The partnership's headline figures per financial year: the partnership build's run metadata.
SELECT financial_year, body_count, total_spend, pct_local_primary, pct_local_secondary, pct_sme, pct_vcs,
       supplier_count, shared_supplier_count
FROM marts.kpi_partnership_by_year
ORDER BY financial_year
