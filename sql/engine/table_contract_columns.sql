-- A table's columns and types in order, to compare with its contract in the .yml. Tables only
-- (ops/table_columns.sql lists a view's columns too): a view of the name is no table to keep.
SELECT c.column_name, c.data_type
FROM duckdb_columns() AS c
JOIN duckdb_tables() AS t USING (database_name, schema_name, table_name)
WHERE database_name = current_database() AND schema_name = $schema AND table_name = $table
ORDER BY c.column_index
