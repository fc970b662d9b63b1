"""The one file lifecycle (pipelines/lifecycle.py) through the real ingesters and a real
DuckDB file: config fingerprints, load-time line rules, unnamed payees, files that fail
alone, and the change cases (missing, superseded_by, retract). Every expected figure is
worked out by hand from the lines written below."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

from anchorspend.pipelines import lifecycle, tabular
from anchorspend.pipelines.ledgers import ingest_ledgers
from anchorspend.pipelines.lifecycle import FileResult, retract
from anchorspend.pipelines.registers import ingest_registers
from anchorspend.pipelines.suppliers import ingest_supplier_sources

BODY = "Luton Borough Council"
TODAY = date(2023, 4, 10)


def _ledger(landing: Path, name: str, text: str) -> None:
    path = landing / "ledgers" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _audit(con, source_file: str) -> list[tuple]:
    return con.execute(
        "SELECT status, missing, superseded_by FROM audit.ingest_files WHERE source_file = ? ORDER BY ingested_at",
        [source_file],
    ).fetchall()


def test_a_new_supplier_extract_synonym_reads_the_file_again(tmp_path: Path, con) -> None:
    landing = tmp_path / "landing"
    (landing / "supplier_extracts").mkdir(parents=True)
    # 'Trading Title' is no synonym yet: the two rows load by company number alone, nameless.
    (landing / "supplier_extracts" / "extract.csv").write_text(
        "Trading Title,Company Number,Postcode\nAcme Ltd,01234567,LU1 2AB\nBeta Ltd,07654321,MK40 1AA\n",
        encoding="utf-8",
    )
    synonyms = tmp_path / "header_synonyms.csv"
    shutil.copy(tabular.SYNONYMS_PATH, synonyms)

    def run() -> list[str]:
        return [r.status for r in ingest_supplier_sources(con, landing, synonyms_path=synonyms)]

    def names() -> list:
        return con.execute("SELECT supplier_name FROM staging.supplier_source ORDER BY source_line").fetchall()

    assert run() == ["loaded"]
    assert names() == [(None,), (None,)]
    assert run() == ["unchanged"]

    with open(synonyms, "a", encoding="utf-8") as fh:
        fh.write("supplier_extract,supplier_name,Trading Title,1\n")
    assert run() == ["loaded"]
    assert names() == [("Acme Ltd",), ("Beta Ltd",)]
    statuses = [s for s, _, _ in _audit(con, "supplier_extracts/extract.csv")]
    assert statuses == ["superseded", "loaded"]
    assert run() == ["unchanged"]


def test_future_dates_and_impossible_amounts_are_rejected_per_line(tmp_path: Path, con) -> None:
    landing = tmp_path / "landing"
    _ledger(landing, "apr.csv", (
        "Payment Date,Supplier Name,Amount\n"
        "01/04/2023,Acme Ltd,600.00\n"            # line 2: loads
        "01/01/2099,Beta Ltd,50.00\n"             # line 3: in the future
        "02/04/2023,Gamma Ltd,\"1,234,567,890,123,456.78\"\n"  # line 4: beyond DECIMAL(18,2)
        "17/04/2023,Delta Ltd,25.00\n"            # line 5: 10 April + 7 days: the last day allowed
        "18/04/2023,Epsilon Ltd,10.00\n"          # line 6: one day too late
        "03/04/2023,Zeta Ltd,５００.００\n"        # line 7: full-width digits: £500.00
    ))
    (result,) = ingest_ledgers(con, landing, BODY, today=TODAY)
    assert isinstance(result, FileResult)
    assert result.status == "loaded"
    # 600.00 + 25.00 + 500.00
    assert (result.rows_read, result.rows_loaded, result.rows_rejected, result.amount_loaded) == (6, 3, 3, Decimal("1125.00"))
    rejected = con.execute("SELECT source_line, reason FROM audit.rejected_rows ORDER BY source_line").fetchall()
    assert rejected == [
        (3, "payment date in the future: 01/01/2099 is after 17/04/2023"),
        (4, "amount out of range: '1,234,567,890,123,456.78'"),
        (6, "payment date in the future: 18/04/2023 is after 17/04/2023"),
    ]


def test_unnamed_payees_are_loaded_and_never_named(tmp_path: Path, con) -> None:
    landing = tmp_path / "landing"
    _ledger(landing, "may.csv", (
        "Payment Date,Supplier Name,Amount\n"
        "01/05/2023,Acme Ltd,600.00\n"
        "02/05/2023,,141.60\n"                    # blank payee
        "03/05/2023,\u200b\u200e,70.00\n"         # only zero-width / bidi characters
        "04/05/2023,Personal-Data,30.00\n"        # a redaction label: loads as typed, redacted by rule
        "05/05/2023,,\n"                          # no amount either: rejected, and says both
    ))
    (result,) = ingest_ledgers(con, landing, BODY, today=date(2023, 6, 1))
    # 600.00 + 141.60 + 70.00 + 30.00
    assert (result.rows_loaded, result.rows_rejected, result.amount_loaded) == (4, 1, Decimal("841.60"))
    rows = con.execute("SELECT source_line, supplier_name FROM core.fct_payment ORDER BY source_line").fetchall()
    assert rows == [(2, "Acme Ltd"), (3, "Unnamed payee"), (4, "Unnamed payee"), (5, "Personal-Data")]
    assert con.execute("SELECT reason FROM audit.rejected_rows").fetchall() == [("missing amount; missing supplier name",)]

    import polars as pl

    from anchorspend.pipelines.suppliers.names import is_redacted

    names = pl.DataFrame({"n": [n for _, n in rows]}).select(is_redacted(pl.col("n"))).to_series().to_list()
    assert names == [False, True, True, True]


def test_a_garbage_register_fails_alone_in_plain_words(tmp_path: Path, con) -> None:
    landing = tmp_path / "landing"
    (landing / "registers").mkdir(parents=True)
    (landing / "registers" / "events.csv").write_text(
        "Event date,Title,Attendees,Local attendees\n12/06/2019,Meet the buyer,40,25\n", encoding="utf-8"
    )
    (landing / "registers" / "garbage.xlsx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    (landing / "registers" / "noise.csv").write_bytes(bytes(range(256)) * 8)
    results = {r.source_file: r for r in ingest_registers(con, landing)}
    assert results["registers/events.csv"].status == "loaded"
    assert results["registers/events.csv"].rows_loaded == 1
    for name in ("registers/garbage.xlsx", "registers/noise.csv"):
        r = results[name]
        assert r.status == "failed"
        assert r.message.startswith(name + ": ")
        assert "polars" not in r.message.lower()
    assert con.execute("SELECT count(*) FROM core.register_events").fetchall() == [(1,)]


def test_plain_failure_never_gives_a_librarys_text_alone() -> None:
    import polars as pl

    try:
        pl.DataFrame({"a": [1]}).select(pl.col("b"))
    except Exception as exc:  # noqa: BLE001
        message = lifecycle.plain_failure("ledgers/x.csv", exc)
    assert message.startswith("ledgers/x.csv: could not be read as a table of text")
    assert "[detail: ColumnNotFoundError:" in message


def test_a_renamed_corrected_copy_flags_the_old_file_and_retract_removes_it(tmp_path: Path, con) -> None:
    landing = tmp_path / "landing"
    header = "Payment Date,Transaction Number,Supplier Name,Amount\n"
    _ledger(landing, "2023-06.csv", header + "01/06/2023,T1,Acme Ltd,100.00\n02/06/2023,T2,Beta Ltd,200.00\n03/06/2023,T3,Gamma Ltd,300.00\n")
    assert [r.status for r in ingest_ledgers(con, landing, BODY, today=TODAY.replace(month=7))] == ["loaded"]

    # Renamed, with T3 corrected from 300.00 to 330.00: T1 and T2 are duplicates, T3 is new.
    (landing / "ledgers" / "2023-06.csv").unlink()
    _ledger(landing, "june-2023-v2.csv", header + "01/06/2023,T1,Acme Ltd,100.00\n02/06/2023,T2,Beta Ltd,200.00\n03/06/2023,T3,Gamma Ltd,330.00\n")
    (result,) = ingest_ledgers(con, landing, BODY, today=TODAY.replace(month=7))
    assert (result.source_file, result.rows_loaded, result.rows_duplicate) == ("ledgers/june-2023-v2.csv", 1, 2)
    # Both T3s are in: 100 + 200 + 300 + 330. The old file is flagged, not silently kept.
    assert con.execute("SELECT sum(amount) FROM core.fct_payment").fetchall() == [(Decimal("930.00"),)]
    assert _audit(con, "ledgers/2023-06.csv") == [("loaded", True, "ledgers/june-2023-v2.csv")]
    assert _audit(con, "ledgers/june-2023-v2.csv") == [("loaded", False, None)]

    assert retract(con, "ledgers/2023-06.csv") == 3
    assert _audit(con, "ledgers/2023-06.csv") == [("retracted", True, None)]
    # Only the new file's one line is left until it is read again, whole, on the next run.
    assert con.execute("SELECT sum(amount) FROM core.fct_payment").fetchall() == [(Decimal("330.00"),)]
    (again,) = ingest_ledgers(con, landing, BODY, today=TODAY.replace(month=7))
    assert (again.status, again.rows_loaded, again.rows_duplicate, again.amount_loaded) == ("loaded", 3, 0, Decimal("630.00"))
    assert con.execute("SELECT sum(amount) FROM core.fct_payment").fetchall() == [(Decimal("630.00"),)]
    assert [r.status for r in ingest_ledgers(con, landing, BODY, today=TODAY.replace(month=7))] == ["unchanged"]


def test_a_retracted_file_still_in_the_folder_is_not_read_again(tmp_path: Path, con) -> None:
    landing = tmp_path / "landing"
    _ledger(landing, "a.csv", "Payment Date,Supplier Name,Amount\n01/04/2023,Acme Ltd,600.00\n")
    ingest_ledgers(con, landing, BODY, today=TODAY)
    assert retract(con, "ledgers/a.csv") == 1
    (r,) = ingest_ledgers(con, landing, BODY, today=TODAY)
    assert (r.status, r.message) == ("unchanged", "retracted: left out until its content changes")
    assert con.execute("SELECT count(*) FROM core.fct_payment").fetchall() == [(0,)]
