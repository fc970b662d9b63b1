-- The report month's row of the monthly KPI mart (month and financial-year-to-date measures),
-- with a status for each share on the marts' one rule (sql/macros/target_status.sql): the
-- mart's *_target_status judge the year to date; the month's own shares are judged here the
-- same way. The secondary local share has no target (the strategy sets it on the primary).
SELECT
    *,
    marts.share_target_status(pct_local_primary, target_pct_local) AS month_local_target_status,
    marts.share_target_status(pct_local_secondary, NULL) AS month_local_secondary_target_status,
    marts.share_target_status(fytd_pct_local_secondary, NULL) AS local_secondary_target_status,
    marts.share_target_status(pct_sme, target_pct_sme) AS month_sme_target_status,
    marts.share_target_status(pct_vcs, target_pct_vcs) AS month_vcs_target_status
FROM marts.kpi_spend_by_month
WHERE body = $body AND month = $month;
