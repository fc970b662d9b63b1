"""Plain Python over Polars and DuckDB: no Dagster imports here."""
