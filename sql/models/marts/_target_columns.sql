-- The target and status columns of a KPI table, from s (its shares) and t (_targets_by_year).
-- The year table judges the year's share ({share_prefix} empty); the month table judges the
-- financial-year-to-date share ({share_prefix} = fytd_) against its financial year's target.
    t.target_pct_local,
    CASE WHEN s.{share_prefix}pct_local_primary >= t.target_pct_local THEN 'on track'
         WHEN s.{share_prefix}pct_local_primary < t.target_pct_local THEN 'off track' END AS local_target_status,
    t.target_pct_sme,
    CASE WHEN s.{share_prefix}pct_sme >= t.target_pct_sme THEN 'on track'
         WHEN s.{share_prefix}pct_sme < t.target_pct_sme THEN 'off track' END AS sme_target_status,
    t.target_pct_vcs,
    CASE WHEN s.{share_prefix}pct_vcs >= t.target_pct_vcs THEN 'on track'
         WHEN s.{share_prefix}pct_vcs < t.target_pct_vcs THEN 'off track' END AS vcs_target_status,
