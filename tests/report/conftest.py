from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import warehouse
from report_fixtures import build_hand_made_warehouse


@pytest.fixture
def report_warehouse(tmp_path: Path):
    path = tmp_path / "warehouse.duckdb"
    con = warehouse.connect(path)
    warehouse.ensure_schema(con)
    build_hand_made_warehouse(con)
    yield con
    con.close()
