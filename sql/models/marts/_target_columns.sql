-- The target and status columns of a KPI table, from s (its shares) and t (_targets_by_year),
-- judged by the one rule in sql/macros/target_status.sql. The year table judges the year's share
-- ({share_prefix} empty); the month table judges the financial-year-to-date share
-- ({share_prefix} = fytd_) against its financial year's target.
    t.target_pct_local,
    marts.share_target_status(s.{share_prefix}pct_local_primary, t.target_pct_local) AS local_target_status,
    t.target_pct_sme,
    marts.share_target_status(s.{share_prefix}pct_sme, t.target_pct_sme) AS sme_target_status,
    t.target_pct_vcs,
    marts.share_target_status(s.{share_prefix}pct_vcs, t.target_pct_vcs) AS vcs_target_status,
