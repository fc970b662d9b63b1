-- Monthly measures for the trend charts and the monthly table: the $trend_months months
-- (pipelines.report.data.TREND_MONTHS) up to and including the report month, with each month's
-- financial-year targets.
SELECT
    month,
    financial_year,
    total_spend,
    local_primary_spend,
    local_secondary_spend,
    sme_spend,
    vcs_spend,
    pct_local_primary,
    pct_local_secondary,
    pct_sme,
    pct_vcs,
    target_pct_local,
    target_pct_sme,
    target_pct_vcs
FROM marts.kpi_spend_by_month
WHERE body = $body
  AND month <= $month
  AND month > $month - to_months($trend_months)
ORDER BY month;
