"""The blocking ledger check: every line accounted for, and the warehouse holds what was loaded."""

from __future__ import annotations

from anchorspend.pipelines import quality

from .conftest import insert_payments

SHA = "a" * 64


def _file(con, rows_read: int, loaded: int, rejected: int, duplicate: int, amount: str) -> None:
    con.execute(
        "INSERT INTO audit.ingest_files (source_file, file_sha256, kind, status, rows_read, rows_loaded, "
        "rows_rejected, rows_duplicate, amount_loaded, ingested_at) VALUES "
        "('ledgers/a.csv', ?, 'ledger', 'loaded', ?, ?, ?, ?, ?, now()::TIMESTAMP)",
        [SHA, rows_read, loaded, rejected, duplicate, amount],
    )


def _payments(con, amounts: list[str]) -> None:
    insert_payments(con, [
        {"source_file": "ledgers/a.csv", "file_sha256": SHA, "amount": a, "source_line": n}
        for n, a in enumerate(amounts, 2)
    ])


def _reject(con, line: int) -> None:
    con.execute(
        "INSERT INTO audit.rejected_rows (source_file, file_sha256, source_line, reason) VALUES ('ledgers/a.csv', ?, ?, 'no date')",
        [SHA, line],
    )


def test_a_file_that_adds_up_passes(con):
    # 4 lines read by hand: two loaded (100.00 + 0.01), one rejected, one duplicate.
    _file(con, 4, 2, 1, 1, "100.01")
    _payments(con, ["100.00", "0.01"])
    _reject(con, 4)
    o = quality.check_ledger_reconciliation(con)
    assert o.passed and o.severity == "error"
    assert o.metadata["files_compared"] == 1


def test_a_penny_missing_blocks_and_names_the_file(con):
    _file(con, 2, 2, 0, 0, "100.01")
    _payments(con, ["100.00", "0.00"])
    o = quality.check_ledger_reconciliation(con)
    assert not o.passed and o.blocking
    example = o.failing_examples[0]
    assert example["source_file"] == "ledgers/a.csv"
    assert (example["amount_loaded"], example["amount_in_warehouse"]) == ("100.01", "100.00")


def test_a_line_unaccounted_for_blocks(con):
    # 3 lines read, but only 2 loaded and nothing rejected or duplicate: one line vanished.
    _file(con, 3, 2, 0, 0, "200.00")
    _payments(con, ["100.00", "100.00"])
    o = quality.check_ledger_reconciliation(con)
    assert not o.passed and o.blocking
    assert o.failing_examples[0]["rows_read"] == 3
