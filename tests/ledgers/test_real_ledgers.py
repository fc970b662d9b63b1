"""Every real ledger in ../shared/fixtures/real through ingestion into a real DuckDB file.

The expected figures were worked out from the files without this project's code, and
are re-derived below by `_independent_csv` (csv module + decimal) as a cross-check:

- calderdale-2022-08.csv: 1,957 physical lines, 1 header, no blank lines
  (awk -F, 'NR>1 && $0!~/^,*$/' | wc -l -> 1956); sum of `Net Amount` with
  decimal.Decimal -> 15,901,508.75.
- hyndburn-2017-01.csv: CRLF, cp1252 header `Net Amount(£)`; 180 lines after the
  header (awk 'NR>1' | wc -l); awk sum of the last field, printf %.2f -> 538272.19.
- hyndburn-2024-04.csv: cp1252, amounts like `£1,680.00`; 428 data lines; sum after
  deleting `£` and `,` -> 2,639,411.52.
- leeds-2020-06.csv: cp1252; 16,178 records, the last is `,,,,,,,,,,,,,,` (blank,
  not a data line) -> 16,176; sum of `Amount` -> 104,445,727.45. Every line has a
  beneficiary and a payment date.
- oxford-2014-jan-mar.csv: 3,861 records; the last is the junk line `,,xxx,,,,,,,`
  (no newline at EOF), after the last payment: a named footer line, not a data line
  -> 3,859 loaded, 0 rejected, 1 footer; sum of `amount` over the 3,859 -> 13,413,467.98.
- oxford-2018-jan-mar.csv: 1,220 data lines, 9 of them `Difference A/c` lines of
  0.01 with no supplier name (loaded as the unnamed payee: 9 x 0.01 = 0.09) ->
  1,220 loaded, sum 4,339,765.76 + 0.09 = 4,339,765.85.
- trafford (zip, one CSV): 38,056 records incl. header -> 38,055 data lines, none
  blank, every line has a name and PaymentDate; sum of `Amount` -> 95,896,941.89.
- lancashire-pcc-2024-25.xlsx: openpyxl, 10 sheets with a header row each;
  non-empty rows below the headers: 1307+733+788+802+815+618+826+620+759+589 = 7,857;
  each float cell through Decimal(repr(v)).quantize(0.01, ROUND_HALF_UP),
  summed -> 110,962,284.83 (APR 24 alone 43,965,059.71).

Within one council's file identical lines are separate payments and the councils
do not overlap, so no real file has duplicates.
"""

from __future__ import annotations

import csv
import decimal
import json
import shutil
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from anchorspend.pipelines import warehouse
from anchorspend.pipelines.ledgers import ingest_ledgers

BODY = "Luton Borough Council"

# source_file: (rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded)
EXPECTED = {
    "ledgers/calderdale/calderdale-2022-08.csv": (1956, 1956, 0, 0, Decimal("15901508.75")),
    "ledgers/hyndburn/hyndburn-2017-01.csv": (180, 180, 0, 0, Decimal("538272.19")),
    "ledgers/hyndburn/hyndburn-2024-04.csv": (428, 428, 0, 0, Decimal("2639411.52")),
    "ledgers/leeds/leeds-2020-06.csv": (16176, 16176, 0, 0, Decimal("104445727.45")),
    "ledgers/oxford/oxford-2014-jan-mar.csv": (3859, 3859, 0, 0, Decimal("13413467.98")),
    "ledgers/oxford/oxford-2018-jan-mar.csv": (1220, 1220, 0, 0, Decimal("4339765.85")),
    "ledgers/trafford/trafford-supplier-spend-2026-27.csv": (38055, 38055, 0, 0, Decimal("95896941.89")),
    "ledgers/lancashire/lancashire-pcc-2024-25.xlsx": (7857, 7857, 0, 0, Decimal("110962284.83")),
}

# Named footer lines (after the last payment), per file: the csv-module count of data lines includes them.
FOOTER = {"ledgers/oxford/oxford-2014-jan-mar.csv": 1}

# For the independent re-derivation: encoding, amount header, supplier header, date header, date format.
CSV_LAYOUT = {
    "ledgers/calderdale/calderdale-2022-08.csv": ("utf-8", "Net Amount", "Supplier(Beneficiary) Name", "Date", "%Y-%m-%d"),
    "ledgers/hyndburn/hyndburn-2017-01.csv": ("cp1252", "Net Amount(£)", "Name", "Payment date", "%d/%m/%Y"),
    "ledgers/hyndburn/hyndburn-2024-04.csv": ("cp1252", "Amount Paid", "Name:  ", "Payment Date", "%d/%m/%Y"),
    "ledgers/leeds/leeds-2020-06.csv": ("cp1252", "Amount", "Beneficiary Name", "Payment Date", "%d/%m/%Y"),
    "ledgers/oxford/oxford-2014-jan-mar.csv": ("utf-8", "amount", "supplier_name", "paid_date", "%d/%m/%Y"),
    "ledgers/oxford/oxford-2018-jan-mar.csv": ("utf-8", "Amount", "Supplier Name", "Paid Date", "%d/%m/%Y"),
    "ledgers/trafford/trafford-supplier-spend-2026-27.csv": ("utf-8", "Amount", "BeneficiaryName", "PaymentDate", "%Y-%m-%d"),
}


@pytest.fixture(scope="module")
def ingested(real_fixtures: Path, tmp_path_factory):
    root = tmp_path_factory.mktemp("real")
    landing = root / "landing"
    for source_file in EXPECTED:
        dest = landing / source_file
        dest.parent.mkdir(parents=True, exist_ok=True)
        if "trafford" in source_file:
            with zipfile.ZipFile(real_fixtures / "trafford-supplier-spend-2026-27.zip") as zf:
                (member,) = [n for n in zf.namelist() if n.endswith(".csv")]
                dest.write_bytes(zf.read(member))
        else:
            shutil.copyfile(real_fixtures / dest.name, dest)
    con = warehouse.connect(root / "warehouse.duckdb")
    warehouse.ensure_schema(con)
    results = {r.source_file: r for r in ingest_ledgers(con, landing, BODY)}
    yield con, landing, results
    con.close()


def _independent_csv(path: Path, encoding: str, amount_col: str, supplier_col: str, date_col: str, fmt: str):
    """Data lines, lines with an amount (a blank payee still loads), their amount sum and date range: csv + decimal only."""
    with open(path, encoding=encoding, newline="") as fh:
        records = list(csv.reader(fh))
    header = records[0]
    a, s, d = header.index(amount_col), header.index(supplier_col), header.index(date_col)
    data = [r for r in records[1:] if any(c.strip() for c in r)]
    ok = [r for r in data if r[a].strip()]
    total = sum(Decimal(r[a].replace("£", "").replace(",", "")) for r in ok)
    dates = [datetime.strptime(r[d], fmt).date() for r in ok]
    return len(data), len(ok), total, min(dates), max(dates)


@pytest.mark.parametrize("source_file", sorted(EXPECTED))
def test_each_real_ledger_reconciles(ingested, source_file: str) -> None:
    con, _, results = ingested
    r = results[source_file]
    read, loaded, rejected, duplicate, amount = EXPECTED[source_file]
    assert r.status == "loaded", r.message
    assert (r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_duplicate, r.amount_loaded) == (
        read, loaded, rejected, duplicate, amount,
    )
    assert r.rows_loaded + r.rows_rejected + r.rows_duplicate == r.rows_read

    # What is in the warehouse agrees with the audit row.
    n, total = con.execute(
        "SELECT count(*), sum(amount) FROM core.fct_payment WHERE source_file = ?", [source_file]
    ).fetchall()[0]
    assert (n, total) == (loaded, amount)
    (n_rej,) = con.execute("SELECT count(*) FROM audit.rejected_rows WHERE source_file = ?", [source_file]).fetchall()[0]
    assert n_rej == rejected
    audit = con.execute(
        "SELECT status, rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded FROM audit.ingest_files WHERE source_file = ?",
        [source_file],
    ).fetchall()
    assert audit == [("loaded", read, loaded, rejected, duplicate, amount)]


@pytest.mark.parametrize("source_file", sorted(CSV_LAYOUT))
def test_expected_figures_rederived_with_csv_module(ingested, source_file: str) -> None:
    con, landing, _ = ingested
    n_data, n_ok, total, first, last = _independent_csv(landing / source_file, *CSV_LAYOUT[source_file])
    read, loaded, _, _, amount = EXPECTED[source_file]
    assert (n_data, n_ok, total) == (read + FOOTER.get(source_file, 0), loaded, amount)
    got_first, got_last = con.execute(
        "SELECT min(payment_date), max(payment_date) FROM core.fct_payment WHERE source_file = ?", [source_file]
    ).fetchall()[0]
    assert (got_first, got_last) == (first, last)


def test_lancashire_sheets_rederived_with_openpyxl(ingested) -> None:
    import openpyxl

    con, landing, _ = ingested
    source_file = "ledgers/lancashire/lancashire-pcc-2024-25.xlsx"
    wb = openpyxl.load_workbook(landing / source_file, read_only=True)
    want = {}
    for ws in wb.worksheets:
        rows = [r for r in list(ws.iter_rows(values_only=True))[1:] if any(v not in (None, "") for v in r)]
        want[ws.title] = (
            len(rows),
            sum(Decimal(repr(r[2])).quantize(Decimal("0.01"), rounding=decimal.ROUND_HALF_UP) for r in rows),
        )
    wb.close()
    got = {
        sheet: (n, total)
        for sheet, n, total in con.execute(
            "SELECT source_sheet, count(*), sum(amount) FROM core.fct_payment WHERE source_file = ? GROUP BY 1",
            [source_file],
        ).fetchall()
    }
    assert got == want
    assert want["APR 24"] == (1307, Decimal("43965059.71"))
    # Header on row 1 of every sheet, so the first payment of a sheet is row 2.
    assert con.execute(
        "SELECT min(source_line) FROM core.fct_payment WHERE source_file = ? AND source_sheet = 'APR 24'", [source_file]
    ).fetchall() == [(2,)]


def test_rejections_name_their_reason(ingested) -> None:
    con, _, _ = ingested
    rows = con.execute(
        "SELECT source_file, source_line, reason, raw FROM audit.rejected_rows ORDER BY source_file, source_line"
    ).fetchall()
    by_file: dict[str, list] = {}
    for source_file, line, reason, raw in rows:
        by_file.setdefault(source_file, []).append((line, reason, json.loads(raw)))
    # oxford-2014's junk last line ',,xxx,,,,,,,' is a named footer line, not a rejection.
    assert "ledgers/oxford/oxford-2014-jan-mar.csv" not in by_file
    # The nine `Difference A/c` lines with no payee are payments to the unnamed payee, not rejections.
    assert "ledgers/oxford/oxford-2018-jan-mar.csv" not in by_file
    unnamed = con.execute(
        "SELECT count(*), sum(amount) FROM core.fct_payment WHERE source_file = ? AND supplier_name = 'Unnamed payee'",
        ["ledgers/oxford/oxford-2018-jan-mar.csv"],
    ).fetchall()
    assert unnamed == [(9, Decimal("0.09"))]


def test_mapping_choices_are_recorded(ingested) -> None:
    con, _, _ = ingested

    def mapping(source_file: str) -> dict:
        return json.loads(
            con.execute("SELECT mapping FROM audit.ingest_files WHERE source_file = ?", [source_file]).fetchall()[0][0]
        )

    leeds = mapping("ledgers/leeds/leeds-2020-06.csv")
    assert leeds["chosen"]["payment_date"]["column"] == "Payment Date"
    assert [c["column"] for c in leeds["rejected"]["payment_date"]] == ["Effective Date"]
    assert leeds["chosen"]["amount"]["column"] == "Amount"
    calderdale = mapping("ledgers/calderdale/calderdale-2022-08.csv")
    assert calderdale["chosen"]["amount"]["column"] == "Net Amount"
    assert "Irrecoverable VAT" not in [c["column"] for c in calderdale["rejected"].get("amount", [])]
    trafford = mapping("ledgers/trafford/trafford-supplier-spend-2026-27.csv")
    assert trafford["chosen"]["payment_date"]["column"] == "PaymentDate"
    hyndburn = mapping("ledgers/hyndburn/hyndburn-2017-01.csv")
    assert hyndburn["encoding"] == "cp1252"
    assert hyndburn["chosen"]["amount"]["column"] == "Net Amount(£)"


def test_canonical_values(ingested) -> None:
    con, _, _ = ingested

    def first(source_file: str, line: int) -> dict:
        cur = con.execute("SELECT * FROM core.fct_payment WHERE source_file = ? AND source_line = ?", [source_file, line])
        names = [d[0] for d in cur.description]
        return dict(zip(names, cur.fetchall()[0]))

    # hyndburn-2024-04.csv line 3: ...,CRINV0000848,James O Garnett Ltd,09/04/2024,"£1,680.00"
    h = first("ledgers/hyndburn/hyndburn-2024-04.csv", 3)
    assert (h["supplier_name"], h["payment_date"], h["amount"], h["transaction_number"]) == (
        "James O Garnett Ltd", date(2024, 4, 9), Decimal("1680.00"), "CRINV0000848",
    )
    assert h["body"] == BODY  # no body column: the configured council
    assert (h["financial_year"], h["month"]) == ("2024/25", date(2024, 4, 1))
    # leeds line 2: body from 'Organisation Label', date from 'Payment Date' (24/06/2020), not Effective Date.
    leeds = first("ledgers/leeds/leeds-2020-06.csv", 2)
    assert (leeds["body"], leeds["payment_date"], leeds["amount"], leeds["supplier_name"]) == (
        "Leeds City Council", date(2020, 6, 24), Decimal("5400.00"), "A & V TRANSITIONAL HOMES",
    )
    # oxford-2014 line 3: supplier name 'CgMs Ltd. ' is trimmed.
    ox = first("ledgers/oxford/oxford-2014-jan-mar.csv", 3)
    assert (ox["supplier_name"], ox["amount"], ox["body"]) == ("CgMs Ltd.", Decimal("100565.40"), "Oxford City Council")
    # calderdale line 2: a credit; supplier_id falls back to the council's Supplier ID when no company number.
    c = first("ledgers/calderdale/calderdale-2022-08.csv", 2)
    assert (c["amount"], c["supplier_id"], c["payment_date"]) == (Decimal("-438.80"), "S385887", date(2022, 8, 17))


def test_rerun_changes_nothing(ingested) -> None:
    con, landing, _ = ingested
    before = con.execute("SELECT count(*), sum(amount) FROM core.fct_payment").fetchall()
    audit_before = con.execute("SELECT count(*) FROM audit.ingest_files").fetchall()
    again = ingest_ledgers(con, landing, BODY)
    assert {r.status for r in again} == {"unchanged"}
    assert con.execute("SELECT count(*), sum(amount) FROM core.fct_payment").fetchall() == before
    assert con.execute("SELECT count(*) FROM audit.ingest_files").fetchall() == audit_before


def _nonblank_physical_lines(path: Path, encoding: str) -> int:
    """Non-blank physical lines, read another way: split the bytes on CR/LF and keep lines
    holding anything besides whitespace, double quotes and commas."""
    text = path.read_bytes().decode(encoding)
    return sum(1 for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if ln.strip(' \t\u00a0",'))


@pytest.mark.parametrize("source_file", sorted(CSV_LAYOUT))
def test_every_nonblank_physical_line_is_accounted_for(ingested, source_file: str) -> None:
    con, landing, results = ingested
    encoding = CSV_LAYOUT[source_file][0]
    (mapping,) = con.execute("SELECT mapping FROM audit.ingest_files WHERE source_file = ?", [source_file]).fetchall()[0]
    lines = json.loads(mapping)["lines"]
    want = _nonblank_physical_lines(landing / source_file, encoding)
    assert lines["nonblank_lines"] == want
    states = ("payment", "rejected", "header", "repeated_header", "preamble", "footer", "continuation")
    assert sum(lines[s] for s in states) == want
    r = results[source_file]
    assert lines["payment"] == r.rows_loaded + r.rows_duplicate and lines["rejected"] == r.rows_rejected
    assert lines["header"] == 1 and lines["footer"] == FOOTER.get(source_file, 0)
