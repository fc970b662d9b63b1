-- One register's rows, replaced whole by this run's rebuild (registered frame _register_rows).
DELETE FROM {table};
INSERT INTO {table} BY NAME SELECT * FROM _register_rows;
