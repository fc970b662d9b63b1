-- Question: Does 2017/18 reproduce the strategy's baseline (25% local, 51% SME, 4,168 suppliers,
-- 1,249 SMEs, 269 local)?
SELECT
    financial_year,
    total_spend,
    pct_local_primary,
    pct_local_secondary,
    pct_sme,
    pct_vcs,
    pct_unclassified,
    supplier_count,
    sme_supplier_count,
    local_primary_supplier_count,
    local_secondary_supplier_count,
    target_pct_local,
    local_target_status
FROM marts.kpi_spend_by_year
WHERE financial_year = '2017/18';
