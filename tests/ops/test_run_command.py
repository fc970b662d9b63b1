"""`anchorspend run` through real processes: it records into the Dagster instance the UI serves,
says clearly when there is nothing to read, and prints a summary that never wraps."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ANCHORSPEND = str(Path(sys.executable).with_name("anchorspend"))

# By hand: three payments, April 1000.00 + 2500.50 and May 700.00; one line has no date.
LEDGER = """Body,Payment Date,Transaction Number,Supplier Name,Net Amount
Luton Borough Council,03/04/2023,T1,Acme Widgets Ltd,1000.00
Luton Borough Council,20/04/2023,T2,Beta Care Limited,2500.50
Luton Borough Council,05/05/2023,T3,Acme Widgets Ltd,700.00
Luton Borough Council,,T4,Gamma Trust,900.00
"""


def _run(landing: Path, data: Path, columns: int = 80, extra: list[str] | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, ANCHORSPEND_DATA=str(data), COLUMNS=str(columns))
    env.pop("DAGSTER_HOME", None)
    return subprocess.run(
        [ANCHORSPEND, "run", "--landing", str(landing), "--warehouse", str(data / "warehouse.duckdb"), *(extra or [])],
        env=env, capture_output=True, text=True, timeout=900,
    )


def test_an_empty_landing_folder_is_an_error(tmp_path: Path):
    landing = tmp_path / "landing"
    landing.mkdir()
    done = _run(landing, tmp_path / "data")
    assert done.returncode == 2
    assert f"no ledger files found in {landing / 'ledgers'}" in done.stderr
    assert not (tmp_path / "data" / "warehouse.duckdb").exists()


def test_ledgers_at_the_landing_root_get_a_hint(tmp_path: Path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "2023-04.csv").write_text(LEDGER, encoding="utf-8")
    (landing / "2023-05.csv").write_text(LEDGER, encoding="utf-8")
    done = _run(landing, tmp_path / "data", columns=200)
    assert done.returncode == 2
    line = done.stderr.strip()
    assert "no ledger files found" in line and "2023-04.csv and 1 more sit at the landing folder's root" in line
    assert len(done.stderr.strip().splitlines()) == 1  # one line, however long


def test_a_misnamed_ledger_folder_gets_a_hint(tmp_path: Path):
    landing = tmp_path / "landing"
    (landing / "Ledger files").mkdir(parents=True)
    (landing / "Ledger files" / "2023-04.csv").write_text(LEDGER, encoding="utf-8")
    done = _run(landing, tmp_path / "data", columns=200)
    assert done.returncode == 2
    assert "is Ledger files/ meant to be ledgers/?" in done.stderr


@pytest.mark.slow
def test_a_run_is_recorded_in_the_instance_the_ui_serves(tmp_path: Path):
    import dagster as dg

    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    (landing / "ledgers" / "q1.csv").write_text(LEDGER, encoding="utf-8")
    data = tmp_path / "data"
    done = _run(landing, data, columns=40)
    assert done.returncode == 0, done.stdout + done.stderr

    # The summary is one line even on a 40-column terminal.
    summary = [line for line in done.stderr.splitlines() if line.startswith("warehouse ")]
    assert len(summary) == 1 and "3 lines loaded, 1 rejected" in summary[0]
    # Progress names the file it read and counts its lines (4 data lines).
    assert "1/1 ledger files, 4 lines" in done.stderr

    # The instance `anchorspend ui` serves (DATA/dagster), read through Dagster's own API.
    home = data / "dagster"
    assert (home / "dagster.yaml").exists()
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        runs = instance.get_runs()
        assert {r.job_name for r in runs} == {"ingest_job", "monthly_rebuild_job"}
        assert all(r.status == dg.DagsterRunStatus.SUCCESS for r in runs)

        payments = instance.fetch_materializations(dg.AssetKey(["core", "fct_payment"]), limit=10).records
        assert len(payments) == 1
        meta = payments[0].asset_materialization.metadata
        assert meta["dagster/row_count"].value == 3
        assert meta["total_spend"].value == pytest.approx(4200.50)
        described = {c.name: c.description for c in meta["dagster/column_schema"].schema.columns}
        assert described["amount"] and "penny" in described["amount"]

        months = instance.fetch_materializations(dg.AssetKey(["marts", "kpi_spend_by_month"]), limit=10).records
        by_month = {r.partition_key: r.asset_materialization.metadata for r in months}
        assert set(by_month) == {"2023-04", "2023-05"}
        assert by_month["2023-04"]["total_spend"].value == pytest.approx(3500.50)
        assert by_month["2023-05"]["total_spend"].value == pytest.approx(700.00)

        check = instance.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(dg.AssetKey(["core", "fct_payment"]), "ledger_lines_reconcile")]
        )
        evaluation = next(iter(check.values()))
        assert evaluation.status.value == "SUCCEEDED"
    finally:
        instance.dispose()

    # A second run with nothing new stops before Dagster starts: no run is recorded at all.
    again = _run(landing, data)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "nothing new" in again.stderr
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        assert sorted(r.job_name for r in instance.get_runs()) == ["ingest_job", "monthly_rebuild_job"]
    finally:
        instance.dispose()

    # Forced, it ingests (every file unchanged) and rebuilds no month: no second monthly run.
    forced = _run(landing, data, extra=["--force"])
    assert forced.returncode == 0, forced.stdout + forced.stderr
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        assert sorted(r.job_name for r in instance.get_runs()) == ["ingest_job", "ingest_job", "monthly_rebuild_job"]
    finally:
        instance.dispose()
