-- The shares of total spend, from the DECIMAL sums of _spend_measures.sql. Ends with a comma (DuckDB allows one before FROM).
    marts.share_pct({prefix}local_primary_spend, {prefix}total_spend) AS {prefix}pct_local_primary,
    marts.share_pct({prefix}local_secondary_spend, {prefix}total_spend) AS {prefix}pct_local_secondary,
    marts.share_pct({prefix}sme_spend, {prefix}total_spend) AS {prefix}pct_sme,
    marts.share_pct({prefix}vcs_spend, {prefix}total_spend) AS {prefix}pct_vcs,
    marts.share_pct({prefix}unclassified_spend, {prefix}total_spend) AS {prefix}pct_unclassified,
