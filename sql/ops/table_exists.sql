-- Whether the table $schema.$table exists (1 or 0): for steps that read a table an optional part
-- of the pipeline writes (registers, partnership, supplier matching).
SELECT count(*) AS present
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = $schema AND table_name = $table
