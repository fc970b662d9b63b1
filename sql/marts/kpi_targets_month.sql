-- Set the targets and statuses of marts.kpi_spend_by_month's rows in $months: the
-- financial-year-to-date share against the target of the month's financial year.
UPDATE marts.kpi_spend_by_month AS m
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
        k.month,
        tl.target_pct AS target_pct_local,
        CASE WHEN k.fytd_pct_local_primary >= tl.target_pct THEN 'on track'
             WHEN k.fytd_pct_local_primary < tl.target_pct THEN 'off track' END AS local_target_status,
        ts.target_pct AS target_pct_sme,
        CASE WHEN k.fytd_pct_sme >= ts.target_pct THEN 'on track'
             WHEN k.fytd_pct_sme < ts.target_pct THEN 'off track' END AS sme_target_status,
        tv.target_pct AS target_pct_vcs,
        CASE WHEN k.fytd_pct_vcs >= tv.target_pct THEN 'on track'
             WHEN k.fytd_pct_vcs < tv.target_pct THEN 'off track' END AS vcs_target_status
    FROM marts.kpi_spend_by_month AS k
    LEFT JOIN marts.kpi_target AS tl ON tl.measure = 'pct_local_primary' AND tl.financial_year = k.financial_year
    LEFT JOIN marts.kpi_target AS ts ON ts.measure = 'pct_sme' AND ts.financial_year = k.financial_year
    LEFT JOIN marts.kpi_target AS tv ON tv.measure = 'pct_vcs' AND tv.financial_year = k.financial_year
    WHERE list_contains($months, k.month)
) AS t
WHERE m.body = t.body AND m.month = t.month;
