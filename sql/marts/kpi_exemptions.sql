-- Exemptions received, approved, rejected (and still pending) per financial year of receipt,
-- against the strategy's 2018/19 baseline (core.register_targets, kind 'baseline').
CREATE OR REPLACE TABLE marts.kpi_exemptions AS
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
ORDER BY c.financial_year;

COMMENT ON TABLE marts.kpi_exemptions IS 'Exemptions from the contract procedure rules per financial year of receipt: received, approved, rejected, pending, against the 2018/19 baseline (160 received, 115 approved, 45 rejected). A request counts in the year it was received, whenever it was decided.';
COMMENT ON COLUMN marts.kpi_exemptions.financial_year IS 'Financial year the requests were received (April-March, ''2019/20'').';
COMMENT ON COLUMN marts.kpi_exemptions.received IS 'Requests received in the year.';
COMMENT ON COLUMN marts.kpi_exemptions.approved IS 'Of those, approved.';
COMMENT ON COLUMN marts.kpi_exemptions.rejected IS 'Of those, rejected.';
COMMENT ON COLUMN marts.kpi_exemptions.pending IS 'Of those, not yet decided: received = approved + rejected + pending.';
COMMENT ON COLUMN marts.kpi_exemptions.approved_value IS 'Total value of the approved exemptions where given, in pounds.';
COMMENT ON COLUMN marts.kpi_exemptions.baseline_year IS 'Year of the strategy''s baseline (2018/19).';
COMMENT ON COLUMN marts.kpi_exemptions.baseline_received IS 'Requests received in the baseline year.';
COMMENT ON COLUMN marts.kpi_exemptions.baseline_approved IS 'Requests approved in the baseline year.';
COMMENT ON COLUMN marts.kpi_exemptions.baseline_rejected IS 'Requests rejected in the baseline year.';
COMMENT ON COLUMN marts.kpi_exemptions.change_received IS 'received minus baseline_received.';
COMMENT ON COLUMN marts.kpi_exemptions.change_approved IS 'approved minus baseline_approved.';
COMMENT ON COLUMN marts.kpi_exemptions.change_rejected IS 'rejected minus baseline_rejected.';
