"""Reading supplier files into staging: spend, totals rows, replacing a file's versions,
duplicate headers and file messages. Real DuckDB files; every expected value below is
worked out by hand from the file text written here."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from anchorspend.pipelines.suppliers import ingest_supplier_sources


def _write(landing: Path, name: str, text: str) -> None:
    path = landing / "supplier_extracts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


SPEND = """Supplier Name,Post Code,Spend
A Ltd,LU1 1AA,"£1,234.56"
B Ltd,LU1 1AA,"1.234,56"
C Ltd,LU1 1AA,"1,23"
D Ltd,LU1 1AA,(5
E Ltd,LU1 1AA,"(1,234.56)"
F Ltd,LU1 1AA,2.345
G Ltd,LU1 1AA,1041.4099999999999
H Ltd,LU1 1AA,12345678901234567
I Ltd,LU1 1AA,
J Ltd,LU1 1AA,250.00-
"""


def test_spend_is_parsed_like_ledger_amounts(con, tmp_path: Path):
    landing = tmp_path / "landing"
    _write(landing, "spend.csv", SPEND)
    (res,) = ingest_supplier_sources(con, landing)
    # Spend is informational: every row loads, a value that is not money becomes NULL.
    assert (res.status, res.rows_read, res.rows_loaded, res.rows_rejected) == ("loaded", 10, 10, 0)
    got = dict(con.execute("SELECT supplier_name, spend FROM staging.supplier_source").fetchall())
    assert got == {
        "A Ltd": Decimal("1234.56"),
        "B Ltd": None,  # decimal comma: not guessed
        "C Ltd": None,  # '1,23' could be 1.23 or 123
        "D Ltd": None,  # unbalanced bracket
        "E Ltd": Decimal("-1234.56"),
        "F Ltd": Decimal("2.35"),  # half up, not half even (2.34)
        "G Ltd": Decimal("1041.41"),  # Excel float noise
        "H Ltd": None,  # 17 integer digits: beyond DECIMAL(18,2), and the file still loads
        "I Ltd": None,  # blank
        "J Ltd": Decimal("-250.00"),
    }
    amount, message = con.execute("SELECT amount_loaded, message FROM audit.ingest_files").fetchall()[0]
    # 1234.56 - 1234.56 + 2.35 + 1041.41 - 250.00
    assert amount == Decimal("793.76")
    # The blank spend is not news; the four values that are not money are, by line (header = line 1).
    assert message == (
        "supplier_extracts/spend.csv: 4 spend value(s) not read as money, loaded with spend NULL: "
        "line 3 '1.234,56', line 4 '1,23', line 5 '(5', line 9 '12345678901234567'"
    )
    assert res.message == message


TOTALS = """Supplier Name,Post Code,Spend
Total Gas & Power Ltd,LU1 1AA,100.00
Totally Local CIC,LU2 7AA,5.00
Grand Total,,105.00
,Total for May:,105.00
TOTAL SPEND,,105.00
Sub-total,,105.00
"""


def test_totals_rows_follow_the_ledger_rule(con, tmp_path: Path):
    landing = tmp_path / "landing"
    _write(landing, "totals.csv", TOTALS)
    (res,) = ingest_supplier_sources(con, landing)
    assert (res.rows_read, res.rows_loaded, res.rows_rejected) == (6, 2, 4)
    loaded = sorted(n for (n,) in con.execute("SELECT supplier_name FROM staging.supplier_source").fetchall())
    # Suppliers whose names start with 'Total' are suppliers.
    assert loaded == ["Total Gas & Power Ltd", "Totally Local CIC"]
    rejected = con.execute("SELECT source_line, reason FROM audit.rejected_rows ORDER BY source_line").fetchall()
    assert rejected == [
        (4, "totals row: 'Grand Total'"),
        # The label sits in another column: still a totals row, not a row missing a name.
        (5, "totals row: 'Total for May:'"),
        (6, "totals row: 'TOTAL SPEND'"),
        (7, "totals row: 'Sub-total'"),
    ]
    assert con.execute("SELECT amount_loaded FROM audit.ingest_files").fetchall() == [(Decimal("105.00"),)]


V1 = """Supplier Name,Post Code,Spend
Alpha Ltd,LU1 1AA,10.00
Beta Ltd,LU2 7AA,20.00
,LU3 1AA,
"""
V3 = """Supplier Name,Post Code,Spend
Gamma Ltd,LU1 1AA,30.00
"""


def _state(con) -> tuple:
    return (
        sorted(con.execute("SELECT supplier_name, file_sha256 FROM staging.supplier_source").fetchall()),
        con.execute("SELECT source_line, reason FROM audit.rejected_rows ORDER BY 1").fetchall(),
        con.execute("SELECT file_sha256, status FROM audit.ingest_files ORDER BY ingested_at").fetchall(),
    )


def test_an_unreadable_new_version_keeps_the_previous_rows(con, tmp_path: Path):
    from anchorspend.pipelines.files import sha256_file

    landing = tmp_path / "landing"
    path = landing / "supplier_extracts" / "extract.csv"
    _write(landing, "extract.csv", V1)
    ingest_supplier_sources(con, landing)
    sha1 = sha256_file(path)
    assert _state(con) == (
        [("Alpha Ltd", sha1), ("Beta Ltd", sha1)],
        [(4, "no supplier name or number")],
        [(sha1, "loaded")],
    )

    _write(landing, "extract.csv", "just,some,words\n1,2,3\n")
    sha2 = sha256_file(path)
    (res,) = ingest_supplier_sources(con, landing)
    assert res.status == "failed" and res.message.startswith("supplier_extracts/extract.csv: no supplier_extract header")
    # Version 1 is still what the warehouse holds; version 2 is only an audit row saying it failed.
    assert _state(con) == (
        [("Alpha Ltd", sha1), ("Beta Ltd", sha1)],
        [(4, "no supplier name or number")],
        [(sha1, "loaded"), (sha2, "failed")],
    )
    # Running again changes nothing: version 1 stays, the same failure is recorded once.
    ingest_supplier_sources(con, landing)
    assert _state(con)[2] == [(sha1, "loaded"), (sha2, "failed")]

    _write(landing, "extract.csv", V3)
    sha3 = sha256_file(path)
    (res,) = ingest_supplier_sources(con, landing)
    assert (res.status, res.rows_loaded, res.rows_rejected) == ("loaded", 1, 0)
    assert _state(con) == (
        [("Gamma Ltd", sha3)],
        [],
        [(sha1, "superseded"), (sha2, "superseded"), (sha3, "loaded")],
    )


def test_repeated_headers_load_and_file_errors_name_the_file(con, tmp_path: Path):
    landing = tmp_path / "landing"
    _write(landing, "dup.csv", "Supplier Name,Postcode,Postcode,Spend\nAlpha Ltd,LU1 1AA,LU1 1AA,10\n,LU2 7AA,,5\n")
    (landing / "supplier_extracts" / "sub").mkdir(parents=True)
    (landing / "supplier_extracts" / "sub" / "bad.xlsx").write_bytes(b"not a zip")
    results = {r.source_file: r for r in ingest_supplier_sources(con, landing)}
    dup = results["supplier_extracts/dup.csv"]
    assert (dup.status, dup.rows_read, dup.rows_loaded, dup.rows_rejected) == ("loaded", 2, 1, 1)
    assert con.execute("SELECT supplier_name, postcode_raw FROM staging.supplier_source").fetchall() == [("Alpha Ltd", "LU1 1AA")]
    # The rejected line keeps both 'Postcode' cells, the second one named apart.
    assert con.execute("SELECT source_line, raw FROM audit.rejected_rows").fetchall() == [
        (3, '{"Supplier Name":"","Postcode":"LU2 7AA","Postcode (2)":"","Spend":"5"}')
    ]
    bad = results["supplier_extracts/sub/bad.xlsx"]
    assert bad.status == "failed" and bad.message.startswith("supplier_extracts/sub/bad.xlsx: ")
    stored = con.execute("SELECT message FROM audit.ingest_files WHERE status = 'failed'").fetchall()
    assert stored == [(bad.message,)]
