-- The partnership's months of the report's financial year, up to and including the report month.
SELECT
    month,
    body_count,
    total_spend,
    pct_local_primary,
    pct_local_secondary,
    pct_sme,
    pct_vcs,
    shared_supplier_count
FROM marts.kpi_partnership_by_month
WHERE financial_year = $financial_year
  AND month <= $month
ORDER BY month;
