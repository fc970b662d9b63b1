"""Dagster definitions: resources, jobs and automation (build.py), the code location (location.py)
and the persistent instance (instance.py). Importing this package builds nothing."""
