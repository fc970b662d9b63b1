-- audit.run_warnings: one step (run_warning_step.source) replaces its warnings with those in
-- run_warning_rows (code, message). A step that finds nothing wrong leaves no rows.
DELETE FROM audit.run_warnings WHERE source IN (SELECT source FROM run_warning_step);

INSERT INTO audit.run_warnings (source, code, message, recorded_at)
SELECT s.source, r.code, r.message, current_timestamp::TIMESTAMP
FROM run_warning_rows r CROSS JOIN run_warning_step s;
