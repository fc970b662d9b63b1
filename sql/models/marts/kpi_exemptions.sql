-- Exemptions received, approved, rejected (and still pending) per financial year of receipt,
-- against the strategy's 2018/19 baseline (core.register_targets, kind 'baseline').
WITH counted AS (
    SELECT financial_year,
           count(*) AS received,
           count(*) FILTER (WHERE decision = 'approved') AS approved,
           count(*) FILTER (WHERE decision = 'rejected') AS rejected,
           count(*) FILTER (WHERE decision = 'pending') AS pending,
           sum(value) FILTER (WHERE decision = 'approved')::DECIMAL(18, 2) AS approved_value
    FROM core.register_exemptions
    GROUP BY financial_year
),
baseline AS (
    SELECT any_value(financial_year) AS baseline_year,
           any_value(figure) FILTER (WHERE measure = 'exemptions_received')::BIGINT AS baseline_received,
           any_value(figure) FILTER (WHERE measure = 'exemptions_approved')::BIGINT AS baseline_approved,
           any_value(figure) FILTER (WHERE measure = 'exemptions_rejected')::BIGINT AS baseline_rejected
    FROM core.register_targets
    WHERE measure IN ('exemptions_received', 'exemptions_approved', 'exemptions_rejected') AND kind = 'baseline'
)
SELECT c.financial_year,
       c.received,
       c.approved,
       c.rejected,
       c.pending,
       c.approved_value,
       b.baseline_year,
       b.baseline_received,
       b.baseline_approved,
       b.baseline_rejected,
       c.received - b.baseline_received AS change_received,
       c.approved - b.baseline_approved AS change_approved,
       c.rejected - b.baseline_rejected AS change_rejected
FROM counted c
CROSS JOIN baseline b
ORDER BY c.financial_year
