-- Whether {table} holds any row (1 or 0), named, read without counting them all; one SELECT of
-- a UNION ALL over many tables (warehouse.sql_union).
SELECT '{table}' AS name, count(*) AS has_rows FROM (SELECT 1 FROM {table} LIMIT 1)
