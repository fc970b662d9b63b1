"""Analysts read the published warehouse while runs write a build copy; a killed run publishes nothing.

These tests use real processes: `anchorspend run` in a subprocess, and an analyst's read-only
DuckDB connection in another.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import pytest

from anchorspend.pipelines.config import SAMPLE_LANDING
from anchorspend.pipelines.warehouse import connect

ANCHORSPEND = str(Path(sys.executable).with_name("anchorspend"))
pytestmark = pytest.mark.slow


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(landing: Path, warehouse: Path, data: Path) -> subprocess.Popen:
    env = dict(os.environ, ANCHORSPEND_DATA=str(data))
    return subprocess.Popen(
        [ANCHORSPEND, "run", "--landing", str(landing), "--warehouse", str(warehouse)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@pytest.fixture
def small_landing(tmp_path: Path) -> Path:
    """The sample landing folder with only its first two ledgers, so a run is quick."""
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    ledgers = sorted(p for p in (landing / "ledgers").rglob("*") if p.is_file())
    for extra in ledgers[2:]:
        extra.unlink()
    return landing


def test_reader_during_run_sees_last_complete_state(tmp_path: Path, small_landing: Path):
    data = tmp_path / "data"
    warehouse = data / "warehouse.duckdb"
    first = _run(small_landing, warehouse, data)
    out, _ = first.communicate(timeout=600)
    assert first.returncode == 0, out
    con = connect(warehouse, read_only=True)
    before = con.execute("SELECT count(*), sum(amount) FROM core.fct_payment").fetchone()
    con.close()

    # Add the rest of the sample's ledgers, then run again while an analyst holds the file open.
    for src in sorted(p for p in (SAMPLE_LANDING / "ledgers").rglob("*") if p.is_file()):
        dst = small_landing / src.relative_to(SAMPLE_LANDING)
        if not dst.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)

    reader_script = textwrap.dedent(
        f"""
        import sys, time
        from anchorspend.pipelines.warehouse import connect
        con = connect({str(warehouse)!r}, read_only=True)
        seen = {{con.execute("SELECT count(*), sum(amount) FROM core.fct_payment").fetchone()}}
        print("ready", flush=True)
        deadline = time.time() + 600
        while time.time() < deadline:
            seen.add(con.execute("SELECT count(*), sum(amount) FROM core.fct_payment").fetchone())
            if sys.stdin.readline().strip() == "stop":
                break
        con.close()
        # A fresh connection after the run sees the newly published state.
        con = connect({str(warehouse)!r}, read_only=True)
        after = con.execute("SELECT count(*), sum(amount) FROM core.fct_payment").fetchone()
        print(repr(sorted(seen)), "|", repr(after))
        """
    )
    reader = subprocess.Popen([sys.executable, "-c", reader_script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Start the run only once the analyst's connection is open, however slow the machine is.
    assert reader.stdout.readline().strip() == "ready"

    second = _run(small_landing, warehouse, data)
    while second.poll() is None:
        reader.stdin.write("go\n")
        reader.stdin.flush()
        time.sleep(0.2)
    out2 = second.stdout.read()
    assert second.returncode == 0, out2  # the run was not blocked by the open reader
    reader.stdin.write("stop\n")
    reader.stdin.flush()
    reader_out, reader_err = reader.communicate(timeout=120)
    assert reader.returncode == 0, reader_err
    seen_text, after_text = reader_out.strip().split("|")
    namespace = {"Decimal": Decimal}
    seen = eval(seen_text, namespace)  # noqa: S307 - our own repr of tuples of Decimals
    after = eval(after_text, namespace)  # noqa: S307
    # The open connection only ever saw the state published before the run: never a half-written one.
    assert seen == [before]
    assert after[0] > before[0] and after[1] > before[1]


def test_kill_mid_run_leaves_published_warehouse_untouched(tmp_path: Path):
    data = tmp_path / "data"
    warehouse = data / "warehouse.duckdb"
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    keep = sorted(p for p in (landing / "ledgers").rglob("*") if p.is_file())
    held_back = keep[1:]
    stash = tmp_path / "held_back"
    for path in held_back:
        dst = stash / path.relative_to(landing)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, dst)
    first = _run(landing, warehouse, data)
    out, _ = first.communicate(timeout=600)
    assert first.returncode == 0, out
    published_sha = _sha(warehouse)
    con = connect(warehouse, read_only=True)
    before = con.execute("SELECT count(*) FROM core.fct_payment").fetchone()[0]
    con.close()

    for path in held_back:
        src = stash / path.relative_to(landing)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(src, path)
    victim = _run(landing, warehouse, data)
    build = warehouse.with_name("warehouse.build.duckdb")
    # Kill it once it has started writing its build copy and loaded at least one new file.
    deadline = time.time() + 300
    while time.time() < deadline and victim.poll() is None:
        if build.exists() and build.stat().st_size > 0:
            time.sleep(1.5)
            break
        time.sleep(0.05)
    assert victim.poll() is None, "the run finished before it could be killed"
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=60)
    assert victim.returncode == -signal.SIGKILL

    assert _sha(warehouse) == published_sha
    con = connect(warehouse, read_only=True)
    assert con.execute("SELECT count(*) FROM core.fct_payment").fetchone()[0] == before
    con.close()

    # The next run starts again from the published state and completes.
    again = _run(landing, warehouse, data)
    out3, _ = again.communicate(timeout=600)
    assert again.returncode == 0, out3
    con = connect(warehouse, read_only=True)
    files = con.execute(
        "SELECT count(*) FROM audit.ingest_files WHERE kind = 'ledger' AND status = 'loaded'"
    ).fetchone()[0]
    after = con.execute("SELECT count(*) FROM core.fct_payment").fetchone()[0]
    con.close()
    assert files == len(keep)
    assert after > before
