"""The landing sensor asks for work only for new or changed files (by content hash)."""

from __future__ import annotations

import json
import os
import time

from pathlib import Path

import dagster as dg

from anchorspend.definitions.build import build_definitions
from anchorspend.definitions.resources import LandingFolder, Warehouse

OP = "landing_files"


def _resources(landing: Path, warehouse: Path | None = None) -> dict:
    return {"landing": LandingFolder(path=str(landing)), "warehouse": Warehouse(path=str(warehouse or landing / "none.duckdb"))}


def _evaluate(cursor: str | None, landing: Path):
    # The sensor as the real Definitions hold it, given its resources the way Dagster does.
    sensor = build_definitions(landing, landing / "none.duckdb").resolve_sensor_def("landing_sensor")
    with dg.build_sensor_context(cursor=cursor, resources=_resources(landing)) as context:
        result = sensor(context)
        return result, context.cursor


def test_sensor_new_changed_unchanged(tmp_path):
    landing = tmp_path / "landing"
    (landing / "ledgers" / "2023").mkdir(parents=True)
    (landing / "supplier_extracts").mkdir()
    a = landing / "ledgers" / "2023" / "a.csv"
    b = landing / "ledgers" / "b.csv"
    a.write_text("Date,Supplier Name,Amount\n01/04/2023,Acme Ltd,600.00\n")
    b.write_text("Date,Supplier Name,Amount\n02/04/2023,Beta Ltd,700.00\n")
    (landing / "ledgers" / "notes.txt").write_text("not a ledger")
    # First look: both files are new.
    first, cursor = _evaluate(None, landing)
    assert isinstance(first, dg.RunRequest)
    assert first.run_config["ops"][OP]["config"]["files"] == [
        "ledgers/2023/a.csv",
        "ledgers/b.csv",
    ]

    # Nothing changed: no run.
    second, cursor = _evaluate(cursor, landing)
    assert isinstance(second, dg.SkipReason)

    # Touching a file without changing its bytes is not a change.
    os.utime(a, None)
    third, cursor = _evaluate(cursor, landing)
    assert isinstance(third, dg.SkipReason)

    # One file's content changes, one file is added: exactly those two are requested.
    time.sleep(0.01)
    b.write_text("Date,Supplier Name,Amount\n02/04/2023,Beta Ltd,700.00\n03/04/2023,Gamma Ltd,800.00\n")
    c = landing / "ledgers" / "c.xlsx"
    c.write_bytes(b"not really excel, but new bytes")
    fourth, cursor = _evaluate(cursor, landing)
    assert isinstance(fourth, dg.RunRequest)
    assert fourth.run_config["ops"][OP]["config"]["files"] == ["ledgers/b.csv", "ledgers/c.xlsx"]
    assert set(json.loads(cursor)) == {"ledgers/2023/a.csv", "ledgers/b.csv", "ledgers/c.xlsx"}

    # The same change seen again would carry the same run key, so Dagster never runs it twice.
    again, _ = _evaluate(json.dumps({k: v for k, v in json.loads(cursor).items() if k != "ledgers/c.xlsx"} | {"ledgers/b.csv": ["old", 0, 0]}), landing)
    assert isinstance(again, dg.RunRequest)
    assert again.run_key == fourth.run_key


def test_supplier_file_change_requests_a_run_without_ledgers(tmp_path):
    landing = tmp_path / "landing"
    (landing / "supplier_extracts").mkdir(parents=True)
    (landing / "supplier_extracts" / "x.csv").write_text("Supplier Name,Postcode\nAcme,LU1 1AA\n")
    request, _ = _evaluate(None, landing)
    assert isinstance(request, dg.RunRequest)
    # Ledger ingestion is told "no specific ledger files": it reads only what is new, which is nothing.
    assert request.run_config["ops"][OP]["config"]["files"] == []


def test_nightly_runs_only_for_what_the_published_warehouse_lacks(tmp_path):
    from anchorspend.pipelines.files import sha256_file
    from anchorspend.pipelines.warehouse import connect, ensure_schema

    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    loaded = landing / "ledgers" / "a.csv"
    loaded.write_text("Date,Supplier Name,Amount\n01/04/2023,Acme Ltd,600.00\n")
    failed = landing / "ledgers" / "b.csv"
    failed.write_text("not,a,ledger\n")
    warehouse = tmp_path / "warehouse.duckdb"
    con = connect(warehouse)
    ensure_schema(con)
    con.execute(
        "INSERT INTO audit.ingest_files (source_file, file_sha256, kind, status, ingested_at) VALUES "
        "('ledgers/a.csv', ?, 'ledger', 'loaded', now()::TIMESTAMP), ('ledgers/b.csv', ?, 'ledger', 'failed', now()::TIMESTAMP)",
        [sha256_file(loaded), sha256_file(failed)],
    )
    con.close()
    nightly_schedule = build_definitions(landing, warehouse).resolve_schedule_def("nightly_schedule")

    def tick():
        with dg.build_schedule_context(resources=_resources(landing, warehouse)) as context:
            return nightly_schedule(context)

    # The loaded file is done; the file that failed is tried again.
    request = tick()
    assert isinstance(request, dg.RunRequest)
    assert request.run_config["ops"][OP]["config"]["files"] == ["ledgers/b.csv"]

    failed.unlink()
    assert isinstance(tick(), dg.SkipReason)

    # New content at a loaded path is new work.
    loaded.write_text("Date,Supplier Name,Amount\n01/04/2023,Acme Ltd,650.00\n")
    request = tick()
    assert request.run_config["ops"][OP]["config"]["files"] == ["ledgers/a.csv"]
