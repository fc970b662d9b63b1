-- Every table and view of the warehouse with its kind and COMMENT: what the docs compare with.
SELECT schema_name, table_name, 'TABLE' AS kind, comment
FROM duckdb_tables()
WHERE database_name = current_database()
UNION ALL
SELECT schema_name, view_name, 'VIEW', comment
FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal
