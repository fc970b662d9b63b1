-- Set the targets and on/off-track statuses of {table}'s rows whose {period} is in $periods,
-- from marts.kpi_target. The year table judges the year's share ({share_prefix} empty); the
-- month table judges the financial-year-to-date share ({share_prefix} = fytd_) against the
-- target of the month's financial year. A period with no target gets NULLs, so removing a
-- target from the CSV clears it here.
UPDATE {table} AS r
SET
    target_pct_local = t.target_pct_local,
    local_target_status = t.local_target_status,
    target_pct_sme = t.target_pct_sme,
    sme_target_status = t.sme_target_status,
    target_pct_vcs = t.target_pct_vcs,
    vcs_target_status = t.vcs_target_status
FROM (
    SELECT
        k.body,
        k.{period},
        tl.target_pct AS target_pct_local,
        CASE WHEN k.{share_prefix}pct_local_primary >= tl.target_pct THEN 'on track'
             WHEN k.{share_prefix}pct_local_primary < tl.target_pct THEN 'off track' END AS local_target_status,
        ts.target_pct AS target_pct_sme,
        CASE WHEN k.{share_prefix}pct_sme >= ts.target_pct THEN 'on track'
             WHEN k.{share_prefix}pct_sme < ts.target_pct THEN 'off track' END AS sme_target_status,
        tv.target_pct AS target_pct_vcs,
        CASE WHEN k.{share_prefix}pct_vcs >= tv.target_pct THEN 'on track'
             WHEN k.{share_prefix}pct_vcs < tv.target_pct THEN 'off track' END AS vcs_target_status
    FROM {table} AS k
    LEFT JOIN marts.kpi_target AS tl ON tl.measure = 'pct_local_primary' AND tl.financial_year = k.financial_year
    LEFT JOIN marts.kpi_target AS ts ON ts.measure = 'pct_sme' AND ts.financial_year = k.financial_year
    LEFT JOIN marts.kpi_target AS tv ON tv.measure = 'pct_vcs' AND tv.financial_year = k.financial_year
    WHERE list_contains($periods, k.{period})
) AS t
WHERE r.body = t.body AND r.{period} = t.{period};
