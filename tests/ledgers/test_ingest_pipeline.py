"""Ledger ingestion reads the next file while it loads this one, and appends each file at commit:
neither may change what is loaded, in what order files are recorded, or leave a setting behind."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest


def _landing(tmp_path: Path) -> Path:
    ledgers = tmp_path / "landing" / "ledgers"
    ledgers.mkdir(parents=True)
    (ledgers / "a-apr.csv").write_text("Payment Date,Supplier Name,Amount\n01/04/2023,Acme Ltd,600.00\n02/04/2023,Beta Ltd,50.10\n")
    # Between two good files, one with no amount column: it fails alone.
    (ledgers / "b-bad.csv").write_text("Payment Date,Supplier Name\n01/05/2023,Acme Ltd\n")
    (ledgers / "c-may.csv").write_text("Payment Date,Supplier Name,Amount\n03/05/2023,Gamma Ltd,700.25\n")
    return tmp_path / "landing"


@pytest.mark.parametrize("optimistic", [True, False])
def test_files_load_in_order_and_the_write_setting_is_put_back(tmp_path: Path, con, optimistic: bool) -> None:
    from anchorspend.pipelines.ledgers import ingest_ledgers

    con.execute(f"SET enable_optimistic_write = {str(optimistic).lower()}")
    results = ingest_ledgers(con, _landing(tmp_path), "Luton Borough Council")

    assert [(r.source_file, r.status) for r in results] == [
        ("ledgers/a-apr.csv", "loaded"), ("ledgers/b-bad.csv", "failed"), ("ledgers/c-may.csv", "loaded"),
    ]
    assert "amount" in results[1].message
    # 600.00 + 50.10, and 700.25: worked out from the files above.
    assert con.execute(
        "SELECT source_file, count(*), sum(amount) FROM core.fct_payment GROUP BY source_file ORDER BY source_file"
    ).fetchall() == [("ledgers/a-apr.csv", 2, Decimal("650.10")), ("ledgers/c-may.csv", 1, Decimal("700.25"))]
    assert con.execute("SELECT current_setting('enable_optimistic_write')").fetchall() == [(optimistic,)]


def test_a_changed_file_still_replaces_its_previous_version(tmp_path: Path, con) -> None:
    """The supersede DELETEs skip a path audit.ingest_files has never seen; a path it has seen is
    still replaced, lines and rejected lines alike."""
    from anchorspend.pipelines.ledgers import ingest_ledgers

    landing = _landing(tmp_path)
    ingest_ledgers(con, landing, "Luton Borough Council")
    (landing / "ledgers" / "a-apr.csv").write_text(
        "Payment Date,Supplier Name,Amount\n01/04/2023,Acme Ltd,601.00\n02/04/2023,Beta Ltd,TBC\n"
    )
    results = {r.source_file: r.status for r in ingest_ledgers(con, landing, "Luton Borough Council")}
    assert results == {"ledgers/a-apr.csv": "loaded", "ledgers/b-bad.csv": "failed", "ledgers/c-may.csv": "unchanged"}
    assert con.execute(
        "SELECT source_file, count(*), sum(amount) FROM core.fct_payment GROUP BY source_file ORDER BY source_file"
    ).fetchall() == [("ledgers/a-apr.csv", 1, Decimal("601.00")), ("ledgers/c-may.csv", 1, Decimal("700.25"))]
    assert con.execute("SELECT source_file, source_line FROM audit.rejected_rows").fetchall() == [("ledgers/a-apr.csv", 3)]
