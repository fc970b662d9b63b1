-- Whether DuckDB writes large appends straight to new row groups (ledgers/load.py turns it off
-- while ledgers load, then puts it back).
SELECT current_setting('enable_optimistic_write')
