-- Every column of the warehouse's tables and views with its COMMENT: what the docs compare with.
SELECT schema_name, table_name, column_name, comment
FROM duckdb_columns()
WHERE database_name = current_database()
