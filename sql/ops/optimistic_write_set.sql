-- Turn DuckDB's optimistic writes on or off ({enabled}: true | false); see optimistic_write_setting.sql.
SET enable_optimistic_write = {enabled}
