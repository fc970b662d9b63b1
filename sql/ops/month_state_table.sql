-- What each month's KPI rows were built from, so the next run rebuilds only months whose inputs
-- changed. Orchestration state, written in the same transaction as the marts it describes.
CREATE TABLE IF NOT EXISTS audit.kpi_month_state (
    month           DATE NOT NULL,      -- first day of the calendar month
    payments        BIGINT NOT NULL,    -- payment lines of the month when its KPI rows were built
    content_hash    HUGEINT NOT NULL,   -- sum of the row hashes of the month's marts.payment_classified rows
    model_hash      VARCHAR NOT NULL,   -- SHA-256 of the SQL and reference files the marts were built with
    run_id          VARCHAR,            -- the Dagster run that built them
    built_at        TIMESTAMP NOT NULL
);
COMMENT ON TABLE audit.kpi_month_state IS 'One row per month whose KPI rows are built: the payment count and content hash they were built from. A month whose hash differs, or any change of model_hash, is rebuilt by the next run.';
COMMENT ON COLUMN audit.kpi_month_state.month IS 'First day of the calendar month.';
COMMENT ON COLUMN audit.kpi_month_state.payments IS 'Payment lines of the month when its KPI rows were built.';
COMMENT ON COLUMN audit.kpi_month_state.content_hash IS 'Order-independent hash of the month''s classified payment lines (marts.payment_classified).';
COMMENT ON COLUMN audit.kpi_month_state.model_hash IS 'SHA-256 of the SQL and reference files the KPI rows were built with.';
COMMENT ON COLUMN audit.kpi_month_state.built_at IS 'When the month''s KPI rows were built (UTC).';
COMMENT ON COLUMN audit.kpi_month_state.run_id IS 'The Dagster run that built the month''s KPI rows.';
