from __future__ import annotations

import pytest

from anchorspend.pipelines import warehouse
from report_fixtures import build_report_warehouse


@pytest.fixture(scope="session")
def report_warehouse(tmp_path_factory):
    """A real DuckDB file: hand-made core and audit rows, marts built by the real builders.
    Built once per session (the mart build takes seconds); the report tests only read it."""
    tmp = tmp_path_factory.mktemp("report_warehouse")
    con = warehouse.connect(tmp / "warehouse.duckdb")
    warehouse.ensure_schema(con)
    build_report_warehouse(con, tmp)
    yield con
    con.close()
