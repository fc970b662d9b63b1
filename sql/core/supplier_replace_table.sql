-- One staging table of the supplier build, replaced whole from the registered frame _frame.
CREATE OR REPLACE TABLE {table} AS SELECT * FROM _frame
