-- Record that the KPI rows of $months (NULL: every month) now match their inputs, as built by
-- $run_id with the model $model at $built_at: each month's fingerprint (ops/month_fingerprints).
-- A month without payments gets no row.
INSERT INTO audit.kpi_month_state (month, payments, content_hash, model_hash, built_at, run_id)
SELECT month, payments, content_hash, $model, $built_at, $run_id
FROM (
    -- include ops/month_fingerprints
)
