from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from anchorspend.pipelines import warehouse

# The report tests' hand-made warehouse (real DuckDB file, real mart builders) serves the CLI too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
from report_fixtures import build_report_warehouse  # noqa: E402

ANCHORSPEND = str(Path(sys.executable).with_name("anchorspend"))


@pytest.fixture
def cli(tmp_path: Path):
    """`anchorspend ARGS` as a user runs it: a real process with its own data folder, wide
    enough that nothing wraps."""

    def run(*args: str, stdin: str | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
        env = dict(os.environ, ANCHORSPEND_DATA=str(tmp_path / "data"), COLUMNS="200")
        return subprocess.run([ANCHORSPEND, *args], env=env, input=stdin, capture_output=True, text=True,
                              timeout=timeout, cwd=tmp_path)

    return run


@pytest.fixture(scope="session")
def warehouse_file(tmp_path_factory) -> Path:
    """The report fixture's warehouse, closed, so a CLI process can open it read-only."""
    tmp = tmp_path_factory.mktemp("cli_warehouse")
    path = tmp / "warehouse.duckdb"
    con = warehouse.connect(path)
    warehouse.ensure_schema(con)
    build_report_warehouse(con, tmp)
    con.close()
    return path
