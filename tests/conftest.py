from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


@pytest.fixture(scope="session")
def sample_warehouse_file(tmp_path_factory) -> Path:
    """The bundled sample, run once per session through the real CLI; each test copies it.

    Set ANCHORSPEND_SAMPLE_WAREHOUSE to a warehouse already built from the sample to reuse it.
    """
    tmp = tmp_path_factory.mktemp("sample_warehouse")
    path = tmp / "warehouse.duckdb"
    prebuilt = os.environ.get("ANCHORSPEND_SAMPLE_WAREHOUSE")
    if prebuilt:
        shutil.copyfile(prebuilt, path)
        return path
    cli = Path(sys.executable).with_name("anchorspend")
    env = dict(os.environ, ANCHORSPEND_DATA=str(tmp / "data"))
    done = subprocess.run([str(cli), "run", "--landing", str(REPO_ROOT / "sample_data" / "landing"), "--warehouse", str(path)],
                          env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    return path


@pytest.fixture
def sample_warehouse_copy(sample_warehouse_file: Path, tmp_path: Path) -> Path:
    """A copy of the sample warehouse of one's own, to open read-write."""
    path = tmp_path / "sample.duckdb"
    shutil.copyfile(sample_warehouse_file, path)
    return path
