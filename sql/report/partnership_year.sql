-- The partnership's row for the report's financial year: every body added up, against the targets.
SELECT
    financial_year,
    body_count,
    total_spend,
    local_primary_spend,
    local_secondary_spend,
    sme_spend,
    vcs_spend,
    pct_local_primary,
    pct_local_secondary,
    pct_sme,
    pct_vcs,
    supplier_count,
    shared_supplier_count,
    target_pct_local,
    local_target_status,
    target_pct_sme,
    sme_target_status,
    target_pct_vcs,
    vcs_target_status
FROM marts.kpi_partnership_by_year
WHERE financial_year = $financial_year;
