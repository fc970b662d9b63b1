-- The partnership's row for the report's financial year: every body added up, each share beside
-- its target and status (the columns reports/partnership.html.j2 and pipelines.report.partnership
-- read).
SELECT
    financial_year,
    body_count,
    total_spend,
    shared_supplier_count,
    pct_local_primary, target_pct_local, local_target_status,
    pct_local_secondary,
    pct_sme, target_pct_sme, sme_target_status,
    pct_vcs, target_pct_vcs, vcs_target_status
FROM marts.kpi_partnership_by_year
WHERE financial_year = $financial_year;
