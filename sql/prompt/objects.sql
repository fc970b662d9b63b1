-- Names the prompt completes and `.schema` resolves: every schema-qualified table and view of
-- the warehouse, with its columns.
SELECT schema_name AS schema, table_name AS name, list(column_name ORDER BY column_index) AS columns
FROM duckdb_columns()
WHERE database_name = current_database() AND NOT internal
GROUP BY schema_name, table_name
ORDER BY schema_name, table_name;
