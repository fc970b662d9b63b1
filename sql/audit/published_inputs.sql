-- The inputs the published warehouse's own run recorded (pipelines/run_inputs.py), with that
-- run and the latest month it holds: what a new run compares itself with. No row for a
-- warehouse no run has published.
SELECT r.run_id, r.published_at, r.inputs, (SELECT max(month) FROM core.fct_payment) AS latest_month
FROM audit.runs AS r
WHERE r.published_at IS NOT NULL
ORDER BY r.published_at DESC, r.started_at DESC
LIMIT 1
