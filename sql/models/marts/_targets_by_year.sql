-- marts.kpi_target as one row per financial year, one column per share with a target.
    SELECT
        financial_year,
        any_value(target_pct) FILTER (WHERE measure = 'pct_local_primary') AS target_pct_local,
        any_value(target_pct) FILTER (WHERE measure = 'pct_sme') AS target_pct_sme,
        any_value(target_pct) FILTER (WHERE measure = 'pct_vcs') AS target_pct_vcs
    FROM marts.kpi_target
    GROUP BY financial_year
