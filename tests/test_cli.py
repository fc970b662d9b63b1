"""The `anchorspend` command, run as a user runs it: a real process on real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from anchorspend.pipelines.warehouse import connect

ANCHORSPEND = str(Path(sys.executable).with_name("anchorspend"))

GOOD = """Payment Date,Supplier Name,Net Amount,Service Area
03/04/2023,Acme Widgets Ltd,"1,000.00",Highways
20/04/2023,Beta Care Limited,2500.50,Adult Social Care
05/05/2023,=HYPERLINK("http://x"),700.00,Highways
"""


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, ANCHORSPEND_DATA=str(data), COLUMNS="200")
    return subprocess.run([ANCHORSPEND, *args], env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    root = tmp_path / "landing"
    (root / "ledgers").mkdir(parents=True)
    (root / "ledgers" / "2023-04.csv").write_text(GOOD, encoding="utf-8")
    return root


def test_run_query_and_report(tmp_path: Path, landing: Path):
    data = tmp_path / "data"
    warehouse = data / "warehouse.duckdb"
    done = _cli("run", "--landing", str(landing), "--warehouse", str(warehouse), data=data)
    assert done.returncode == 0, done.stderr
    assert "1 ledger files (0 failed), 3 lines loaded, 0 rejected, 0 duplicate" in done.stderr

    # The sql and report commands are tested in tests/cli/ on a hand-made warehouse.
    con = connect(warehouse, read_only=True)
    # 1,000.00 + 2,500.50 + 700.00, added by hand.
    assert str(con.execute("SELECT sum(amount) FROM core.fct_payment").fetchone()[0]) == "4200.50"
    con.close()


def test_unreadable_file_gives_one_line_reason_and_others_load(tmp_path: Path, landing: Path):
    (landing / "ledgers" / "broken.csv").write_text("just,some,words\nnothing,like,a ledger\n", encoding="utf-8")
    data = tmp_path / "data"
    warehouse = data / "warehouse.duckdb"
    done = _cli("run", "--landing", str(landing), "--warehouse", str(warehouse), data=data)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ledgers/broken.csv could not be read")
    con = connect(warehouse, read_only=True)
    assert con.execute("SELECT count(*) FROM core.fct_payment").fetchone()[0] == 3
    con.close()


def test_missing_landing_folder(tmp_path: Path):
    done = _cli("run", "--landing", str(tmp_path / "nowhere"), "--warehouse", str(tmp_path / "w.duckdb"), data=tmp_path)
    assert done.returncode == 2
    assert "does not exist" in done.stderr


def test_second_writer_is_refused_with_the_reason(tmp_path: Path, landing: Path):
    import fcntl

    data = tmp_path / "data"
    warehouse = data / "warehouse.duckdb"
    data.mkdir()
    with open(data / "warehouse.duckdb.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        done = _cli("run", "--landing", str(landing), "--warehouse", str(warehouse), data=data)
    assert done.returncode == 1
    assert "another run is writing the warehouse" in done.stderr.strip().splitlines()[-1]
    assert not warehouse.exists()


def test_published_warehouse_names_the_run_that_built_it(tmp_path: Path, landing: Path):
    data = tmp_path / "data"
    warehouse = data / "warehouse.duckdb"
    # The second run is forced: with nothing new it would otherwise stop before building anything.
    for extra in ([], ["--force"]):
        assert _cli("run", "--landing", str(landing), "--warehouse", str(warehouse), *extra, data=data).returncode == 0
    con = connect(warehouse, read_only=True)
    runs = con.execute("SELECT run_id, published_at FROM audit.runs ORDER BY started_at").fetchall()
    con.close()
    assert len(runs) == 2 and len({r[0] for r in runs}) == 2
    assert all(published is not None for _, published in runs)
