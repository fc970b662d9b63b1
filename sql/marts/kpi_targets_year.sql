-- Set the targets and on/off-track statuses of marts.kpi_spend_by_year's rows in
-- $financial_years from marts.kpi_target. A year with no target gets NULLs, so removing a
-- target from the CSV clears it here.
UPDATE marts.kpi_spend_by_year AS y
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
        k.financial_year,
        tl.target_pct AS target_pct_local,
        CASE WHEN k.pct_local_primary >= tl.target_pct THEN 'on track'
             WHEN k.pct_local_primary < tl.target_pct THEN 'off track' END AS local_target_status,
        ts.target_pct AS target_pct_sme,
        CASE WHEN k.pct_sme >= ts.target_pct THEN 'on track'
             WHEN k.pct_sme < ts.target_pct THEN 'off track' END AS sme_target_status,
        tv.target_pct AS target_pct_vcs,
        CASE WHEN k.pct_vcs >= tv.target_pct THEN 'on track'
             WHEN k.pct_vcs < tv.target_pct THEN 'off track' END AS vcs_target_status
    FROM marts.kpi_spend_by_year AS k
    LEFT JOIN marts.kpi_target AS tl ON tl.measure = 'pct_local_primary' AND tl.financial_year = k.financial_year
    LEFT JOIN marts.kpi_target AS ts ON ts.measure = 'pct_sme' AND ts.financial_year = k.financial_year
    LEFT JOIN marts.kpi_target AS tv ON tv.measure = 'pct_vcs' AND tv.financial_year = k.financial_year
    WHERE list_contains($financial_years, k.financial_year)
) AS t
WHERE y.body = t.body AND y.financial_year = t.financial_year;
