-- The prompt's `.tables` and `SHOW TABLES`: every table and view of the warehouse across its
-- schemas (staging, core, marts, audit), with the comment that says what it holds. An empty
-- $schema lists them all.
SELECT schema_name AS schema, table_name AS name, 'table' AS kind, comment
FROM duckdb_tables()
WHERE database_name = current_database() AND NOT temporary
  AND ($schema = '' OR schema_name = $schema)
UNION ALL
SELECT schema_name, view_name, 'view', comment
FROM duckdb_views()
WHERE database_name = current_database() AND NOT internal AND NOT temporary
  AND ($schema = '' OR schema_name = $schema)
ORDER BY schema, name;
