-- A run's inputs on its own audit.runs row, in the build copy it publishes with.
UPDATE audit.runs SET inputs = $inputs WHERE run_id = $run_id
