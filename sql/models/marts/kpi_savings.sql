-- Procurement savings per financial year against the strategy's targets.
-- Targets (reference_data/register_targets.csv): £4.91m for 2019/20, the strategy's first year
-- (so "by the end of 2019/20" is that year's savings), then £2.5m, read as an annual target for
-- each later year of the strategy (2020/21 to 2023/24). Every saving type counts towards the
-- target; the split by type is shown beside it. Change the CSV if the council reads it otherwise.
WITH counted AS (
    SELECT financial_year,
           count(*) AS savings_recorded,
           sum(amount)::DECIMAL(18, 2) AS savings,
           coalesce(sum(amount) FILTER (WHERE saving_type = 'cashable'), 0)::DECIMAL(18, 2) AS cashable,
           coalesce(sum(amount) FILTER (WHERE saving_type = 'non-cashable'), 0)::DECIMAL(18, 2) AS non_cashable,
           coalesce(sum(amount) FILTER (WHERE saving_type = 'cost avoidance'), 0)::DECIMAL(18, 2) AS cost_avoidance
    FROM core.register_savings
    GROUP BY financial_year
),
target AS (
    SELECT financial_year, figure::DECIMAL(18, 2) AS target, direction
    FROM core.register_targets
    WHERE measure = 'savings' AND kind = 'target'
),
span AS (
    SELECT min(financial_year) AS first_year, max(financial_year) AS last_year FROM core.register_savings
),
years AS (
    SELECT financial_year FROM counted UNION SELECT financial_year FROM target
),
yearly AS (
    SELECT y.financial_year,
           coalesce(y.financial_year BETWEEN s.first_year AND s.last_year, false) AS covered,
           c.savings_recorded, c.savings, c.cashable, c.non_cashable, c.cost_avoidance,
           t.target, t.direction
    FROM years y
    CROSS JOIN span s
    LEFT JOIN counted c USING (financial_year)
    LEFT JOIN target t USING (financial_year)
)
SELECT financial_year,
       CASE WHEN covered THEN coalesce(savings_recorded, 0) END AS savings_recorded,
       CASE WHEN covered THEN coalesce(savings, 0)::DECIMAL(18, 2) END AS savings,
       CASE WHEN covered THEN coalesce(cashable, 0)::DECIMAL(18, 2) END AS cashable,
       CASE WHEN covered THEN coalesce(non_cashable, 0)::DECIMAL(18, 2) END AS non_cashable,
       CASE WHEN covered THEN coalesce(cost_avoidance, 0)::DECIMAL(18, 2) END AS cost_avoidance,
       target,
       CASE WHEN covered AND target IS NOT NULL THEN (coalesce(savings, 0) - target)::DECIMAL(18, 2) END AS difference,
       CASE WHEN covered THEN sum(coalesce(savings, 0)) OVER (ORDER BY financial_year)::DECIMAL(18, 2) END AS cumulative_savings,
       sum(coalesce(target, 0)) OVER (ORDER BY financial_year)::DECIMAL(18, 2) AS cumulative_target,
       marts.target_status(CASE WHEN covered THEN coalesce(savings, 0) END, target, direction, 0) AS status
FROM yearly
ORDER BY financial_year
