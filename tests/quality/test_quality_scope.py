"""Checks follow new data: a run checks the file versions it loaded and the months it rebuilt,
catches a bad line there with its example in the Dagster instance the UI serves, and leaves
months it did not touch alone. A run with nothing new does not import GE."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from anchorspend.pipelines import quality

from .conftest import insert_payments

ANCHORSPEND = str(Path(sys.executable).with_name("anchorspend"))
HEADER = "Body,Payment Date,Transaction Number,Supplier Name,Net Amount\n"
# April: line 3's transaction number starts like a spreadsheet formula (a warning, not a block).
APRIL = HEADER + (
    "Luton Borough Council,03/04/2023,T1,Acme Widgets Ltd,1000.00\n"
    "Luton Borough Council,20/04/2023,=SUM(A1),Beta Care Limited,2500.50\n"
)
# May: line 4's transaction number is an Excel scientific-notation number (digits lost).
MAY = HEADER + (
    "Luton Borough Council,05/05/2023,T3,Acme Widgets Ltd,700.00\n"
    "Luton Borough Council,06/05/2023,T4,Beta Care Limited,300.00\n"
    "Luton Borough Council,07/05/2023,1.23457E+11,Gamma Trust,900.00\n"
)


def _run(landing: Path, data: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, ANCHORSPEND_DATA=str(data), COLUMNS="200")
    env.pop("DAGSTER_HOME", None)
    return subprocess.run(
        [ANCHORSPEND, "run", "--landing", str(landing), "--warehouse", str(data / "warehouse.duckdb")],
        env=env, capture_output=True, text=True, timeout=900,
    )


def _latest_check(home: Path, asset: list[str], check: str) -> dict:
    """The latest evaluation of one asset check, as the UI shows it: passed, and its metadata."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(home))
    try:
        key = dg.AssetCheckKey(dg.AssetKey(asset), check)
        record = instance.event_log_storage.get_latest_asset_check_execution_by_key([key])[key]
        evaluation = record.event.dagster_event.event_specific_data
        return {"passed": evaluation.passed, **{k: v.value for k, v in evaluation.metadata.items()}}
    finally:
        instance.dispose()


def _examples(table) -> list[dict]:
    return [dict(r.data) for r in table.records]


@pytest.mark.slow
def test_a_bad_line_in_the_new_month_is_caught_and_the_old_month_is_not_rechecked(tmp_path: Path):
    landing, data = tmp_path / "landing", tmp_path / "data"
    (landing / "ledgers").mkdir(parents=True)
    (landing / "ledgers" / "2023-04.csv").write_text(APRIL, encoding="utf-8")
    first = _run(landing, data)
    assert first.returncode == 0, first.stdout + first.stderr
    plausible = _latest_check(data / "dagster", ["core", "fct_payment"], "payments_plausible")
    assert not plausible["passed"]
    [example] = _examples(plausible["payments_transaction_number_well_formed failing examples"])
    assert (example["source_file"], example["source_line"]) == ("ledgers/2023-04.csv", 3)

    (landing / "ledgers" / "2023-05.csv").write_text(MAY, encoding="utf-8")
    second = _run(landing, data)
    # A warning never stops the run: the new month is published.
    assert second.returncode == 0, second.stdout + second.stderr
    plausible = _latest_check(data / "dagster", ["core", "fct_payment"], "payments_plausible")
    assert not plausible["passed"]
    # Only May's three lines were checked; April's bad line is not reported again.
    assert plausible["payments_transaction_number_well_formed: rows_checked"] == 3
    [example] = _examples(plausible["payments_transaction_number_well_formed failing examples"])
    assert (example["source_file"], example["source_line"]) == ("ledgers/2023-05.csv", 4)
    assert example["transaction_number"] == "1.23457E+11"
    assert example["problem"] == "transaction_number in scientific notation"
    assert "ledgers/2023-05.csv line 4" in plausible["first_failing_example"]
    # The blocking checks passed on the new file and on the one month the run rebuilt.
    reconciled = _latest_check(data / "dagster", ["core", "fct_payment"], "ledger_lines_reconcile")
    assert reconciled["passed"] and reconciled["ledger_lines_reconcile: files_compared"] == 1
    by_month = _latest_check(data / "dagster", ["marts", "kpi_spend_by_month"], "reconciles_to_ledger")
    assert by_month["passed"] and by_month["kpi_spend_by_month_reconciles_to_ledger: rows_checked"] == 1


def test_a_run_that_loaded_nothing_does_not_import_great_expectations(tmp_path: Path):
    # In a fresh process: GE takes seconds to import, and a rerun with nothing new must cost little.
    code = f"""
import sys
from anchorspend.pipelines import quality, warehouse
con = warehouse.connect({str(tmp_path / "warehouse.duckdb")!r})
warehouse.ensure_schema(con)
outcomes = [quality.check_ledger_reconciliation(con, files=[]), *quality.check_payments(con, files=[]),
            *quality.check_supplier_extracts(con, files=[])]
assert all(o.passed for o in outcomes), outcomes
assert {{o.name for o in outcomes}} >= set(quality.supplier_extract_checks()), outcomes
print("great_expectations" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_supplier_extract_checks_cover_the_file_versions_loaded(con):
    # Two staged extracts; only the second was loaded by this run.
    con.execute("""
        INSERT INTO staging.supplier_source (source_kind, source_file, file_sha256, source_line, postcode_raw, sme_raw, vcs_raw)
        VALUES ('supplier_extract', 'old.csv', 'a', 2, 'NOT A POSTCODE', 'Various', 'N'),
               ('supplier_extract', 'new.csv', 'b', 2, 'LU1 2AB', 'Y', 'N'),
               ('supplier_extract', 'new.csv', 'b', 3, 'LU1 2A', 'Noo', 'Y'),
               ('vendor_master', 'vm.csv', 'b', 2, 'NOT A POSTCODE', NULL, NULL)
    """)
    got = {o.name: o for o in quality.check_supplier_extracts(con, files=["b"])}
    postcode, sme = got["supplier_extract_postcode_valid"], got["supplier_extract_sme_y_n"]
    assert [(e["source_file"], e["source_line"], e["postcode"]) for e in postcode.failing_examples] == [("new.csv", 3, "LU1 2A")]
    assert [(e["source_file"], e["source_line"], e["sme"]) for e in sme.failing_examples] == [("new.csv", 3, "Noo")]
    assert postcode.metadata["rows_checked"] == 2 and postcode.metadata["file_versions"] == 1
    assert got["supplier_extract_vcs_y_n"].passed
    everything = {o.name: o for o in quality.check_supplier_extracts(con)}
    assert everything["supplier_extract_postcode_valid"].metadata["failing_rows: postcode not a UK postcode"] == 2


def test_blank_supplier_names_include_non_ascii_spaces(con):
    # trim() removes a no-break space; a tab is not a space to it, and a leading space is not blank.
    insert_payments(con, [
        {"source_file": "names.csv", "source_line": 2, "supplier_name": "\u00a0\u00a0"},
        {"source_file": "names.csv", "source_line": 3, "supplier_name": "\u3000"},
        {"source_file": "names.csv", "source_line": 4, "supplier_name": " Acme Ltd"},
        {"source_file": "names.csv", "source_line": 5, "supplier_name": "\u00a0Acme Ltd"},
        {"source_file": "names.csv", "source_line": 6, "supplier_name": "Zeta Ltd"},
    ])
    [required] = [o for o in quality.check_payments(con, today=date(2026, 11, 25)) if o.name == "payments_required_fields"]
    assert [(e["source_line"], e["problem"]) for e in required.failing_examples] == [
        (2, "supplier_name blank"), (3, "supplier_name blank")]


def test_great_expectations_warms_up_only_for_a_ledger_name_never_seen(tmp_path: Path):
    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    (landing / "ledgers" / "2023-04.csv").write_text(APRIL, encoding="utf-8")
    code = f"""
import sys
from pathlib import Path
from anchorspend.pipelines import quality, warehouse
con = warehouse.connect({str(tmp_path / "warehouse.duckdb")!r})
warehouse.ensure_schema(con)
con.execute("INSERT INTO audit.ingest_files (source_file, file_sha256, kind, status, ingested_at) "
            "VALUES ('ledgers/2023-04.csv', 'a', 'ledger', 'loaded', now())")
landing = Path({str(landing)!r})
quality.warm_up_if_new_ledgers(con, landing)
print(len(quality._WARMING), "great_expectations" in sys.modules)
(landing / "ledgers" / "2023-05.csv").write_text("x", encoding="utf-8")
quality.warm_up_if_new_ledgers(con, landing)
[thread] = quality._WARMING
thread.join(300)
print(len(quality._WARMING), "context" in quality._GX)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["0 False", "1 True"]
