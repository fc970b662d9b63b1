"""A run with nothing new does almost nothing: `anchorspend run` compares what it would read with
what the published warehouse was built from (audit.runs.inputs) and stops before Dagster starts.
Real processes, a real warehouse file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

ANCHORSPEND = str(Path(sys.executable).with_name("anchorspend"))

# By hand: April 1000.00 + 2500.50, May 700.00.
LEDGER = """Body,Payment Date,Transaction Number,Supplier Name,Net Amount
Luton Borough Council,03/04/2023,T1,Acme Widgets Ltd,1000.00
Luton Borough Council,20/04/2023,T2,Beta Care Limited,2500.50
Luton Borough Council,05/05/2023,T3,Acme Widgets Ltd,700.00
"""


def _run(landing: Path, data: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ANCHORSPEND_DATA=str(data), COLUMNS="250")
    env.pop("DAGSTER_HOME", None)
    env.pop("ANCHORSPEND_COUNCIL", None)
    return subprocess.run(
        [ANCHORSPEND, "run", "--landing", str(landing), "--warehouse", str(data / "warehouse.duckdb"), *extra],
        env=env, capture_output=True, text=True, timeout=900, cwd=data.parent,
    )


def _state(warehouse: Path) -> tuple[int, int, str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        runs = con.execute("SELECT count(*) FROM audit.runs WHERE published_at IS NOT NULL").fetchone()[0]
        lines, total = con.execute("SELECT count(*), sum(amount)::VARCHAR FROM core.fct_payment").fetchone()
    finally:
        con.close()
    return runs, lines, total


def test_a_rerun_with_nothing_new_stops_before_it_starts_and_a_change_runs(tmp_path: Path):
    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    ledger = landing / "ledgers" / "2023-04.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    data = tmp_path / "data"
    warehouse = data / "warehouse.duckdb"

    first = _run(landing, data)
    assert first.returncode == 0, first.stderr
    assert _state(warehouse) == (1, 3, "4200.50")
    published_mtime = warehouse.stat().st_mtime_ns

    again = _run(landing, data)
    assert again.returncode == 0, again.stderr
    assert "nothing new" in again.stderr and "nothing rebuilt" in again.stderr
    # The summary is still said, from the warehouse as published.
    assert "3 lines loaded" in again.stderr
    assert warehouse.stat().st_mtime_ns == published_mtime
    assert _state(warehouse) == (1, 3, "4200.50")

    # Touched but not changed: the content hash decides, not the clock.
    os.utime(ledger, ns=(ledger.stat().st_atime_ns, ledger.stat().st_mtime_ns + 10**9))
    touched = _run(landing, data)
    assert touched.returncode == 0 and "nothing new" in touched.stderr

    # A changed file runs, and its new line loads: 4200.50 + 99.99.
    ledger.write_text(LEDGER + "Luton Borough Council,06/05/2023,T4,Delta Ltd,99.99\n", encoding="utf-8")
    changed = _run(landing, data)
    assert changed.returncode == 0, changed.stderr
    assert "nothing new" not in changed.stderr
    assert _state(warehouse) == (2, 4, "4300.49")

    # --force runs whatever the inputs say; it finds the file unchanged and loads nothing twice.
    forced = _run(landing, data, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "nothing new" not in forced.stderr
    assert _state(warehouse) == (3, 4, "4300.49")


def test_a_changed_council_file_is_something_new(tmp_path: Path):
    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    (landing / "ledgers" / "2023-04.csv").write_text(LEDGER, encoding="utf-8")
    data = tmp_path / "data"
    assert _run(landing, data).returncode == 0
    # The working folder's council.toml is found without a variable (config.LOCAL_COUNCIL).
    bundled = Path(__file__).resolve().parents[2] / "reference_data" / "council.toml"
    (tmp_path / "council.toml").write_text(bundled.read_text(encoding="utf-8"), encoding="utf-8")
    done = _run(landing, data)
    assert done.returncode == 0, done.stderr
    assert "nothing new" not in done.stderr
    assert _state(data / "warehouse.duckdb")[0] == 2


def test_a_line_rejected_as_future_dated_makes_a_run_due_once_its_date_comes(tmp_path: Path, con):
    from datetime import date

    from anchorspend.pipelines.ledgers.load import ingest_ledgers, latest_payment_date
    from anchorspend.pipelines.run_inputs import lines_now_due

    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    (landing / "ledgers" / "2023-04.csv").write_text(LEDGER, encoding="utf-8")
    # Loaded on 1 April 2023: the lines of 20 April and 5 May are after 8 April, so rejected.
    ingest_ledgers(con, landing, "Luton Borough Council", today=date(2023, 4, 1))
    assert con.execute("SELECT count(*) FROM audit.rejected_rows WHERE reason LIKE 'payment date in the future%'").fetchone()[0] == 2
    assert lines_now_due(con, latest_payment_date(date(2023, 4, 1))) == 0
    # By 13 April the 20 April line is within the margin (13 + 7 = 20): one line is due.
    assert lines_now_due(con, latest_payment_date(date(2023, 4, 13))) == 1
    assert lines_now_due(con, latest_payment_date(date(2023, 5, 1))) == 2


def test_the_fingerprint_sees_content_links_and_files_beside_the_folders_not_clocks(tmp_path: Path):
    from anchorspend.pipelines.run_inputs import _comparable, current_inputs

    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    ledger = landing / "ledgers" / "2023-04.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    first = current_inputs(landing)
    assert _comparable(current_inputs(landing, first)) == _comparable(first)

    os.utime(ledger, ns=(ledger.stat().st_atime_ns, ledger.stat().st_mtime_ns + 10**9))
    assert _comparable(current_inputs(landing, first)) == _comparable(first)

    # A link out of the landing folder is refused unread, and audited: news all the same.
    (landing / "ledgers" / "passwd.csv").symlink_to("/etc/passwd")
    linked = current_inputs(landing, first)
    assert _comparable(linked) != _comparable(first)
    assert any(r.startswith("ledgers/passwd.csv") for r in linked["refused"])
    (landing / "ledgers" / "passwd.csv").unlink()

    (landing / "bodies.toml").write_text('[folders.police]\nname = "Bedfordshire Police"\nkind = "police"\n', encoding="utf-8")
    assert _comparable(current_inputs(landing, first)) != _comparable(first)


def test_ingestion_reads_only_the_bytes_of_files_whose_size_or_mtime_moved(tmp_path: Path, con):
    import hashlib

    from anchorspend.pipelines.ledgers.load import ingest_ledgers

    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    ledger = landing / "ledgers" / "2023-04.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    stat = ledger.stat()
    # A hash recorded for this very size and mtime is trusted, unread (as the landing sensor does).
    known = {"ledgers/2023-04.csv": ["recorded-hash", stat.st_size, stat.st_mtime_ns]}
    ingest_ledgers(con, landing, "Luton Borough Council", known=known)
    assert con.execute("SELECT DISTINCT file_sha256 FROM audit.ingest_files").fetchall() == [("recorded-hash",)]

    # Its mtime moved: the bytes are read and hashed again.
    os.utime(ledger, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    ingest_ledgers(con, landing, "Luton Borough Council", known=known)
    real = hashlib.sha256(ledger.read_bytes()).hexdigest()
    assert con.execute("SELECT file_sha256 FROM audit.ingest_files WHERE status = 'loaded'").fetchall() == [(real,)]


def test_the_nightly_schedule_keeps_the_same_rule_and_its_runs_record_what_they_read(tmp_path: Path, monkeypatch):
    import dagster as dg

    from anchorspend.definitions.build import build_definitions

    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    (landing / "ledgers" / "2023-04.csv").write_text(LEDGER, encoding="utf-8")
    data = tmp_path / "data"
    warehouse = data / "warehouse.duckdb"
    assert _run(landing, data).returncode == 0
    # This process sees what the command saw: the same data folder, no council file given, and
    # a working folder without one.
    monkeypatch.setenv("ANCHORSPEND_DATA", str(data))
    monkeypatch.delenv("ANCHORSPEND_COUNCIL", raising=False)
    monkeypatch.chdir(tmp_path)
    defs = build_definitions(landing, warehouse)

    def tick():
        schedule = defs.resolve_schedule_def("nightly_schedule")
        with dg.build_schedule_context(resources=defs.resources) as context:
            return schedule(context)

    # Nothing new by anchorspend run's rule is nothing new to the schedule.
    skipped = tick()
    assert isinstance(skipped, dg.SkipReason) and skipped.skip_message.startswith("nothing new: ")

    # No file changed, but the council file did: the schedule asks for a run over every file.
    bundled = Path(__file__).resolve().parents[2] / "reference_data" / "council.toml"
    (tmp_path / "council.toml").write_text(bundled.read_text(encoding="utf-8"), encoding="utf-8")
    request = tick()
    assert isinstance(request, dg.RunRequest)
    assert request.run_config["ops"]["landing_files"]["config"]["files"] == []

    # That run, launched by Dagster, records what it read, so the next tick has nothing new.
    result = defs.resolve_job_def("refresh_job").execute_in_process(
        run_config=request.run_config, tags=request.tags, instance=dg.DagsterInstance.ephemeral())
    assert result.success
    assert _state(warehouse) == (2, 3, "4200.50")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        recorded = con.execute("SELECT inputs IS NOT NULL FROM audit.runs WHERE run_id = ?", [result.run_id]).fetchall()
    finally:
        con.close()
    assert recorded == [(True,)]
    again = tick()
    assert isinstance(again, dg.SkipReason) and again.skip_message.startswith("nothing new: ")
