-- What each month's KPI rows were built from, so the next run rebuilds only months whose inputs
-- changed. Orchestration state, written in the same build copy as the marts it describes.
-- Documented in sql/models/audit/kpi_month_state.yml.
CREATE TABLE IF NOT EXISTS audit.kpi_month_state (
    month           DATE NOT NULL,
    payments        BIGINT NOT NULL,
    content_hash    HUGEINT NOT NULL,
    model_hash      VARCHAR NOT NULL,
    run_id          VARCHAR,
    built_at        TIMESTAMP NOT NULL
);
