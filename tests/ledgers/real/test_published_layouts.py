"""The three layouts issue 11 names, each as a real published file (sources in SOURCES.md).

Every expected figure below was worked out from the file's bytes without this project's code
(Python's csv module and decimal.Decimal, or grep), and `_independent` re-derives the payment
count and total the same way, so a literal and the file cannot drift apart:

- hyndburn-2025-09.csv (Hyndburn, September 2025): cp1252, CRLF, 17 columns. Its header
  (`Department Area,,Service Area,...,Amount Paid`) is the *last* line, 729, after its 585
  payments. 129 records hold a line break inside a quoted description, so the file has 729
  physical lines (split on CRLF/LF/CR) for 586 records; one of those lines (247, inside a
  quoted field) is empty, so 728 are non-blank: 585 payments + 1 header + 142 continuation
  lines. Amounts carry trailing minus signs (`38,937.00-`): 43 negatives summing to
  -194,351.15; all 585 sum to 9,018,715.60. Dates 02/09/2025 to 30/09/2025.
- lambeth-2012-06.csv (Lambeth, June 2012, the "Invoices Over Specified Nett Amount" report):
  UTF-8 (see SOURCES.md), LF, 6 columns, 3,171 physical lines. Lines 2, 4, 9, 3166 and
  3168-3170 are only commas (blank); lines 1, 3, 5, 6, 7, 8 are the report's title and
  parameters (preamble); line 10 is the header `Body,Department,Supplier Name,Invoice Creation
  Date,Invoice Nett Amount,Subj Description`; lines 11-3165 are 3,155 payments (grep -c
  '^Lambeth,' -> 3155) summing to 40,292,334.84, none negative; line 3167 is the report's own
  `Total` row, 40,292,334.84 (equal to the sum: a totals row, not a payment); line 3171 holds
  only `,†††††† ,,,,` (a footer). 3,164 non-blank lines. `Invoice Creation Date` is the only
  date: 20/10/2010 to 29/06/2012.
- manchester-2021-02.csv (Manchester City Council, February 2021): cp1252 (`£` is byte 0xA3),
  CRLF, 7 columns, 2,253 lines: a header with `Invoice Payment Date` and `Net Amount`, then
  2,252 payments with `£` inside every amount (`£16,483.46`, quoted when it has a comma) and
  110 negatives written `-£...` summing to -1,804,824.15 (line 139 is `-£550.00`); all sum to
  57,462,654.07. Dates are dotted, 01.02.2021 to 26.02.2021. 140 lines name the payee
  `Redacted Personal Information` (864,377.10): real spend, loaded.
- hyndburn-2019-08.csv (Hyndburn, August 2019), an extra layout: old-Mac CR-only line endings
  (224 lines split on CR; the file's very last line ends CRLF), cp1252 header `Net Amount(£)`,
  and Excel serial dates (day 0 is 30/12/1899, so `43658` is 12/07/2019): 223 payments, none
  negative, summing to 667,772.29, dated 43658 (12/07/2019) to 43708 (31/08/2019).
- hyndburn-2023-06.csv (Hyndburn, June 2023): UTF-8 with a byte-order mark, CRLF; line 1 is
  the BOM and `,,,,,,` (blank), the header `...,Payment Date,Net Amount (£)` is line 2, then 547
  payments (548 non-blank lines) summing to 1,097,070.88, 5 negative (-1,571.99). Two date
  forms in one column: `6 Jun 2023` (532 lines) and `12-May-23` (15, e.g. line 535, MERLIN
  DIESEL, 483.84); 12/05/2023 to 30/06/2023.
- hyndburn-2021-10.csv (Hyndburn, October 2021): cp1252, CRLF, 8 fields a line (a trailing
  comma). The header's first cell is `+` (where other months say `Service Cost Centre`); 224
  payments, none negative, summing to 436,960.25, dated `05-Oct-21` style, 17/09/2021 to
  31/10/2021; then 465 lines of commas alone: 690 physical lines, 225 non-blank.
- manchester-2016-05.csv (Manchester, May 2016): the Manchester layout with ragged widths: the
  header and the first 15 payments carry 14 empty trailing fields (21 in all), the other 3,370
  payments 7. 3,385 payments summing to 59,951,411.69, 159 negative (-10,404,007.50); dated
  03.05.2016 to 31.05.2016.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from anchorspend.pipelines import warehouse
from anchorspend.pipelines.ledgers import ingest_ledgers
from anchorspend.pipelines.ledgers.read import LINE_STATES, read_ledger

HERE = Path(__file__).resolve().parent
BODY = "Luton Borough Council"

HYNDBURN = "ledgers/hyndburn/hyndburn-2025-09.csv"
LAMBETH = "ledgers/lambeth/lambeth-2012-06.csv"
MANCHESTER = "ledgers/manchester/manchester-2021-02.csv"
HYNDBURN_2019 = "ledgers/hyndburn/hyndburn-2019-08.csv"
HYNDBURN_2023 = "ledgers/hyndburn/hyndburn-2023-06.csv"
HYNDBURN_2021 = "ledgers/hyndburn/hyndburn-2021-10.csv"
MANCHESTER_2016 = "ledgers/manchester/manchester-2016-05.csv"


# source_file: payments, their total, rejected lines, non-blank physical lines, first and last date
EXPECTED = {
    HYNDBURN: (585, Decimal("9018715.60"), 0, 728, date(2025, 9, 2), date(2025, 9, 30)),
    LAMBETH: (3155, Decimal("40292334.84"), 1, 3164, date(2010, 10, 20), date(2012, 6, 29)),
    MANCHESTER: (2252, Decimal("57462654.07"), 0, 2253, date(2021, 2, 1), date(2021, 2, 26)),
    HYNDBURN_2019: (223, Decimal("667772.29"), 0, 224, date(2019, 7, 12), date(2019, 8, 31)),
    HYNDBURN_2023: (547, Decimal("1097070.88"), 0, 548, date(2023, 5, 12), date(2023, 6, 30)),
    HYNDBURN_2021: (224, Decimal("436960.25"), 0, 225, date(2021, 9, 17), date(2021, 10, 31)),
    MANCHESTER_2016: (3385, Decimal("59951411.69"), 0, 3386, date(2016, 5, 3), date(2016, 5, 31)),
}

# source_file: line state -> count, for the states a file has (the others are 0)
LINES = {
    HYNDBURN: {"payment": 585, "header": 1, "continuation": 142},
    LAMBETH: {"payment": 3155, "rejected": 1, "header": 1, "preamble": 6, "footer": 1},
    MANCHESTER: {"payment": 2252, "header": 1},
    HYNDBURN_2019: {"payment": 223, "header": 1},
    HYNDBURN_2023: {"payment": 547, "header": 1},
    HYNDBURN_2021: {"payment": 224, "header": 1},
    MANCHESTER_2016: {"payment": 3385, "header": 1},
}

# source_file: canonical field -> the published column it must come from
COLUMNS = {
    HYNDBURN: {"payment_date": "Payment Date", "amount": "Amount Paid", "supplier_name": "Name:  "},
    LAMBETH: {"payment_date": "Invoice Creation Date", "amount": "Invoice Nett Amount", "supplier_name": "Supplier Name",
              "expense_type": "Subj Description"},
    MANCHESTER: {"payment_date": "Invoice Payment Date", "amount": "Net Amount", "supplier_name": "Supplier Name",
                 "expense_type": "Expenses Type"},
    HYNDBURN_2019: {"payment_date": "Payment date", "amount": "Net Amount(£)", "supplier_name": "Name"},
    HYNDBURN_2023: {"payment_date": "Payment Date", "amount": "Net Amount (£)", "supplier_name": "Name"},
    HYNDBURN_2021: {"payment_date": "Payment date", "amount": "Net Amount(£)", "supplier_name": "Name"},
    MANCHESTER_2016: {"payment_date": "Invoice Payment Date", "amount": "Net Amount", "supplier_name": "Supplier Name",
                      "expense_type": "Expenses Type"},
}


def _money(text: str) -> Decimal:
    """'£1,250.00', '-£550.00', '38,937.00-' -> Decimal, by hand."""
    t = text.strip().replace("£", "").replace(",", "")
    negative = t.startswith("-") or t.endswith("-")
    value = Decimal(t.strip("-"))
    return -value if negative else value


def _independent(path: Path, encoding: str, is_payment, amount_col: int) -> tuple[int, Decimal, int]:
    """Payments, their total and the non-blank physical lines, from the bytes: csv module + Decimal."""
    text = path.read_bytes().decode(encoding)
    physical = re.split(r"\r\n|\n|\r", text)
    if physical[-1] == "":
        physical.pop()
    nonblank = sum(1 for line in physical if line.strip(" ,\t\u00a0"))
    with open(path, encoding=encoding, newline="") as fh:
        payments = [r for r in csv.reader(fh) if is_payment(r)]
    return len(payments), sum((_money(r[amount_col]) for r in payments), Decimal(0)), nonblank


INDEPENDENT = {
    # Every Hyndburn record but the last (the header) is a payment.
    HYNDBURN: ("cp1252", lambda r: len(r) == 17 and r[0] != "Department Area", 16),
    LAMBETH: ("utf-8", lambda r: r[:1] == ["Lambeth"], 4),
    MANCHESTER: ("cp1252", lambda r: r[:1] == ["Manchester City Council"], 5),
    HYNDBURN_2019: ("cp1252", lambda r: len(r) == 7 and r[0] != "Service Cost Centre", 6),
    HYNDBURN_2023: ("utf-8-sig", lambda r: any(c.strip() for c in r) and r[0] != "Service Cost Centre", 6),
    HYNDBURN_2021: ("cp1252", lambda r: any(c.strip() for c in r) and r[0] != "+", 6),
    MANCHESTER_2016: ("cp1252", lambda r: r[:1] == ["Manchester City Council"], 5),
}


def _landing(root: Path) -> Path:
    landing = root / "landing"
    for source_file in EXPECTED:
        dest = landing / source_file
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / dest.name, dest)
    return landing


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = tmp_path_factory.mktemp("published")
    landing = _landing(root)
    con = warehouse.connect(root / "warehouse.duckdb")
    warehouse.ensure_schema(con)
    results = {r.source_file: r for r in ingest_ledgers(con, landing, BODY, today=date(2026, 1, 1))}
    yield con, landing, results
    con.close()


@pytest.mark.parametrize("source_file", sorted(EXPECTED))
def test_expected_figures_rederived_from_the_bytes(source_file: str) -> None:
    n, total, _, nonblank, _, _ = EXPECTED[source_file]
    assert _independent(HERE / Path(source_file).name, *INDEPENDENT[source_file]) == (n, total, nonblank)


@pytest.mark.parametrize("source_file", sorted(EXPECTED))
def test_read_ledger_accounts_for_every_line(tmp_path: Path, source_file: str) -> None:
    landing = _landing(tmp_path)
    parsed = read_ledger(landing / source_file, landing, BODY)
    n, total, rejected, nonblank, first, last = EXPECTED[source_file]
    assert parsed.payments.height == n
    assert parsed.payments["amount"].sum() == total
    assert parsed.rejected.height == rejected
    assert (parsed.payments["payment_date"].min(), parsed.payments["payment_date"].max()) == (first, last)
    want = {state: LINES[source_file].get(state, 0) for state in LINE_STATES}
    assert {state: parsed.line_counts[state] for state in LINE_STATES} == want
    assert parsed.line_counts["nonblank_lines"] == nonblank == sum(want.values())
    chosen = {field: parsed.mapping["chosen"][field]["column"] for field in COLUMNS[source_file]}
    assert chosen == COLUMNS[source_file]


def test_hyndburn_header_on_the_last_line_keeps_every_payment(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    parsed = read_ledger(landing / HYNDBURN, landing, BODY)
    assert parsed.mapping["header_line"] == 729  # the file's last physical line
    assert parsed.payments["source_line"].min() == 1
    negatives = parsed.payments.filter(parsed.payments["amount"] < 0)
    assert (negatives.height, negatives["amount"].sum()) == (43, Decimal("-194351.15"))
    # The 142 continuation lines are named one by one, each a line of a quoted description.
    continuation = parsed.set_aside.filter(parsed.set_aside["state"] == "continuation")
    assert continuation["lines"].sum() == 142


def test_lambeth_report_title_totals_and_footer_are_named(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    parsed = read_ledger(landing / LAMBETH, landing, BODY)
    assert parsed.mapping["header_line"] == 10
    named = {(state, line) for line, state in parsed.set_aside.select("source_line", "state").iter_rows()}
    assert named == {("preamble", n) for n in (1, 3, 5, 6, 7, 8)} | {("header", 10), ("footer", 3171)}
    # The report's own Total row equals the sum of the payments above it: a totals row.
    assert parsed.rejected.select("source_line", "reason").rows() == [(3167, "totals row")]
    assert parsed.line_counts["totals"] == 1


def test_manchester_pound_inside_amounts_and_minus_pound_negatives(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    parsed = read_ledger(landing / MANCHESTER, landing, BODY)
    p = parsed.payments
    assert p.filter(p["source_line"] == 139)["amount"].to_list() == [Decimal("-550.00")]
    negatives = p.filter(p["amount"] < 0)
    assert (negatives.height, negatives["amount"].sum()) == (110, Decimal("-1804824.15"))
    assert p.filter(p["source_line"] == 2)["payment_date"].to_list() == [date(2021, 2, 1)]


def test_hyndburn_cr_only_lines_and_excel_serial_dates(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    parsed = read_ledger(landing / HYNDBURN_2019, landing, BODY)
    p = parsed.payments
    # Line 2: `ENVIRONMENTAL SERVICES,ENV HEALTH,SEMINAR,P-CARD - AUG 19,EPCOLLEGE,43658,910`
    assert p.filter(p["source_line"] == 2).select("payment_date", "amount", "supplier_name").rows() == [
        (date(2019, 7, 12), Decimal("910.00"), "EPCOLLEGE"),
    ]
    assert p["source_line"].max() == 224  # CR-only lines are counted as lines


def test_hyndburn_two_date_forms_in_one_column_under_a_bom_and_a_blank_line(tmp_path: Path) -> None:
    landing = _landing(tmp_path)
    parsed = read_ledger(landing / HYNDBURN_2023, landing, BODY)
    assert parsed.mapping["header_line"] == 2
    p = parsed.payments
    assert p.filter(p["source_line"] == 535).select("payment_date", "amount", "supplier_name").rows() == [
        (date(2023, 5, 12), Decimal("483.84"), "MERLIN DIESEL"),
    ]
    assert p.filter(p["source_line"] == 3)["payment_date"].to_list() == [date(2023, 6, 6)]


def test_published_files_load_into_a_real_warehouse(ingested) -> None:
    con, _, results = ingested
    for source_file, (n, total, rejected, _, first, last) in EXPECTED.items():
        r = results[source_file]
        assert r.status == "loaded", r.message
        assert (r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_duplicate, r.amount_loaded) == (
            n + rejected, n, rejected, 0, total,
        )
        got = con.execute(
            "SELECT count(*), sum(amount), min(payment_date), max(payment_date) FROM core.fct_payment WHERE source_file = ?",
            [source_file],
        ).fetchall()
        assert got == [(n, total, first, last)]
    # Manchester's redacted payees are real spend: loaded, under the redaction label as published.
    redacted = con.execute(
        "SELECT count(*), sum(amount) FROM core.fct_payment WHERE source_file = ? AND supplier_name = 'Redacted Personal Information'",
        [MANCHESTER],
    ).fetchall()
    assert redacted == [(140, Decimal("864377.10"))]
    # Each file's line account is kept with its audit row.
    for source_file, lines in LINES.items():
        (mapping,) = con.execute(
            "SELECT mapping FROM audit.ingest_files WHERE source_file = ? AND status = 'loaded'", [source_file]
        ).fetchone()
        kept = json.loads(mapping)["lines"]
        assert {s: kept[s] for s in LINE_STATES} == {s: lines.get(s, 0) for s in LINE_STATES}


def test_source_notes_name_every_fixture() -> None:
    sources = (HERE / "SOURCES.md").read_text(encoding="utf-8")
    for fixture in sorted(HERE.glob("*.csv")):
        assert f"`{fixture.name}`" in sources, fixture.name
