-- One run's recorded inputs (pipelines/run_inputs.py): no row for a run audit.runs does not
-- hold, a NULL for a run that recorded none.
SELECT inputs
FROM audit.runs
WHERE run_id = ?
