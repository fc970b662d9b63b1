-- {table}'s rows in the partitions a build rebuilt: those whose {partition_by} is in the bound
-- list ${values}. One SELECT of a UNION ALL over the marts (warehouse.sql_union).
SELECT '{table}' AS name, count(*) AS n FROM {table} WHERE list_contains(${values}, {partition_by})
