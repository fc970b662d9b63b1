"""Thin Dagster assets over the plain functions in `pipelines/`."""
