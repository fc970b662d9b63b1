-- The prompt's `.schema TABLE`: the columns of one table or view, in order, with their types
-- and comments.
SELECT column_name AS column, data_type AS type, CASE WHEN is_nullable THEN '' ELSE 'not null' END AS "null", comment
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = $schema AND table_name = $name
ORDER BY column_index;
