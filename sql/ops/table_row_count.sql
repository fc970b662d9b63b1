-- How many rows {table} holds: an asset's dagster/row_count.
SELECT count(*) FROM {table}
