from __future__ import annotations

import os
from pathlib import Path

import pytest

from anchorspend.pipelines import warehouse

REPO_ROOT = Path(__file__).resolve().parents[1]


def _shared_dir() -> Path:
    return Path(os.environ.get("ANCHORSPEND_SHARED", REPO_ROOT.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = _shared_dir()
    if not path.is_dir():
        pytest.fail(f"shared folder not found at {path}: set ANCHORSPEND_SHARED")
    return path


@pytest.fixture(scope="session")
def real_fixtures(shared_dir: Path) -> Path:
    return shared_dir / "fixtures" / "real"


@pytest.fixture
def con(tmp_path: Path):
    """A real DuckDB file with the warehouse schema."""
    connection = warehouse.connect(tmp_path / "warehouse.duckdb")
    warehouse.ensure_schema(connection)
    yield connection
    connection.close()
