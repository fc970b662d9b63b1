-- Does {kpi_table}.total_spend add up to the ledger, per (body, {period})? For one period
-- (the periods in $period_values) or all (NULL). Compared exactly in DECIMAL inside DuckDB; a (body, period)
-- present on only one side fails.
WITH ledger AS (
    SELECT body, CAST({period} AS VARCHAR) AS period, sum(amount) AS ledger_total
    FROM core.fct_payment
    WHERE CAST($period_values AS VARCHAR[]) IS NULL OR list_contains(CAST($period_values AS VARCHAR[]), CAST({period} AS VARCHAR))
    GROUP BY ALL
),
kpi AS (
    SELECT body, CAST({period} AS VARCHAR) AS period, sum(total_spend) AS kpi_total
    FROM {kpi_table}
    WHERE CAST($period_values AS VARCHAR[]) IS NULL OR list_contains(CAST($period_values AS VARCHAR[]), CAST({period} AS VARCHAR))
    GROUP BY ALL
)
SELECT
    coalesce(l.body, k.body) AS body,
    coalesce(l.period, k.period) AS period,
    CAST(l.ledger_total AS VARCHAR) AS ledger_total,
    CAST(k.kpi_total AS VARCHAR) AS kpi_total,
    CAST(coalesce(k.kpi_total, 0) - coalesce(l.ledger_total, 0) AS VARCHAR) AS difference,
    coalesce(l.body IS NOT NULL AND k.body IS NOT NULL AND k.kpi_total = l.ledger_total, FALSE) AS reconciles
FROM ledger AS l
FULL OUTER JOIN kpi AS k ON l.body = k.body AND l.period = k.period
ORDER BY body, period
