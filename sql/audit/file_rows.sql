-- How many rows of {table} came from one source file: what retracting it removes. Parameter: source_file.
SELECT count(*)
FROM {table}
WHERE source_file = ?
