-- A run's own row in audit.runs, written into the build copy it starts from. Parameter: run_id.
INSERT INTO audit.runs (run_id, started_at) VALUES (?, now()::TIMESTAMP)
