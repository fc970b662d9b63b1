-- The prompt's `.schema TABLE` heading: the comment of one table or view.
SELECT comment FROM duckdb_tables() WHERE schema_name = $schema AND table_name = $name
UNION ALL
SELECT comment FROM duckdb_views() WHERE schema_name = $schema AND view_name = $name;
