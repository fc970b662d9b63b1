-- A table's or view's columns with their types and COMMENTs, for Dagster's column schema.
SELECT column_name, data_type, comment, is_nullable
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = $schema AND table_name = $table
ORDER BY column_index
