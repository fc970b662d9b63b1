-- Every share of {kpi_table} (pct_*, fytd_pct_*, target_pct_*), one row per (body, period, share),
-- for one period ($period_value) or all (NULL). NULL shares (nothing to share) are left out.
-- Shares are not money: DOUBLE is exact enough to compare with 0 and 100.
SELECT body, period, share, CAST(value AS DOUBLE) AS value
FROM (
    UNPIVOT (
        SELECT body, CAST({period} AS VARCHAR) AS period, COLUMNS('pct_')
        FROM {kpi_table}
        WHERE CAST($period_values AS VARCHAR[]) IS NULL OR list_contains(CAST($period_values AS VARCHAR[]), CAST({period} AS VARCHAR))
    )
    ON COLUMNS('pct_') INTO NAME share VALUE value
)
ORDER BY body, period, share
