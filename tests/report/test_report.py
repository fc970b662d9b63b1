"""The monthly report: its figures are the marts' figures, it escapes, neutralises, repeats, redacts."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from anchorspend.pipelines.report import render_report
from anchorspend.pipelines.report.data import NEAR_MARGIN_PP
from report_fixtures import (
    BODY,
    EXPECTED_APRIL_PCT_LOCAL_SECONDARY,
    EXPECTED_FYTD_PCT_LOCAL_PRIMARY,
    EXPECTED_FYTD_PCT_SME,
    EXPECTED_FYTD_PCT_VCS,
    EXPECTED_FYTD_TOTAL,
    FORMULA,
    PERSON,
    SCRIPT,
)

JUNE = dt.date(2017, 6, 1)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _value(soup: BeautifulSoup, **attrs) -> str:
    found = soup.find_all(attrs={f"data-{k.replace('_', '-')}": v for k, v in attrs.items()})
    assert len(found) == 1, (attrs, found)
    return found[0]["data-value"]


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text else None


@pytest.fixture
def rendered(report_warehouse, tmp_path):
    return render_report(report_warehouse, JUNE, tmp_path / "out")


def test_files_are_named_by_month(rendered, tmp_path):
    assert rendered["html"] == tmp_path / "out" / "anchorspend-report-2017-06.html"
    assert rendered["xlsx"] == tmp_path / "out" / "anchorspend-report-2017-06.xlsx"
    assert rendered["html"].is_file() and rendered["xlsx"].is_file()
    assert not list((tmp_path / "out").glob("*.tmp"))


def test_headline_figures_match_the_monthly_mart(report_warehouse, rendered):
    soup = _soup(rendered["html"])
    cur = report_warehouse.execute(
        "SELECT * FROM marts.kpi_spend_by_month WHERE body = ? AND month = ?", [BODY, JUNE])
    row = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    for measure in ("pct_local_primary", "pct_local_secondary", "pct_sme", "pct_vcs"):
        assert _dec(_value(soup, measure=measure, period="fytd")) == row[f"fytd_{measure}"]
        assert _dec(_value(soup, measure=measure, period="month")) == row[measure]
    for measure in ("total_spend", "local_primary_spend", "local_secondary_spend", "sme_spend", "vcs_spend",
                    "supplier_count", "sme_supplier_count"):
        assert _dec(_value(soup, measure=measure, period="month")) == row[measure]
        assert _dec(_value(soup, measure=measure, period="fytd")) == row[f"fytd_{measure}"]
    # Worked by hand in report_fixtures.py.
    assert _dec(_value(soup, measure="pct_local_primary", period="fytd")) == EXPECTED_FYTD_PCT_LOCAL_PRIMARY
    assert _dec(_value(soup, measure="pct_sme", period="fytd")) == EXPECTED_FYTD_PCT_SME
    assert _dec(_value(soup, measure="pct_vcs", period="fytd")) == EXPECTED_FYTD_PCT_VCS
    assert _dec(_value(soup, measure="total_spend", period="fytd")) == EXPECTED_FYTD_TOTAL
    assert _value(soup, target="pct_local_primary") == "60.00"
    # The page shows the figure to one decimal place and the pounds with separators.
    assert soup.find(attrs={"data-measure": "pct_local_primary", "data-period": "fytd"}).get_text() == "58.2%"
    assert soup.find(attrs={"data-measure": "total_spend", "data-period": "fytd"}).get_text() == "£299,000"
    assert soup.find(attrs={"data-measure": "total_spend", "data-period": "month"}).get_text() == "−£1,000"


def test_statuses_on_the_page_and_in_the_result(rendered):
    soup = _soup(rendered["html"])
    assert _value(soup, rag="pct_local_primary", period="fytd") == "near target"  # 58.19 vs 60: within 5 points
    assert _value(soup, rag="pct_vcs", period="fytd") == "off target"  # 1.67 vs 10
    assert _value(soup, rag="pct_local_primary", period="month") == "no figure"  # June is net credits: no share
    assert _value(soup, rag="pct_sme", period="fytd") == "no target"  # target tbc
    assert _value(soup, rag="pct_local_secondary", period="fytd") == "no target"  # target set on primary only
    assert soup.find("article", attrs={"data-measure": "pct_vcs"})["class"] == ["card", "rag-red"]
    assert soup.find("article", attrs={"data-measure": "pct_local_primary"})["class"] == ["card", "rag-amber"]
    assert soup.find(attrs={"data-rag": "pct_local_primary", "data-period": "fytd"}).get_text() == "Near target"
    assert rendered["figures"]["status"]["pct_local_primary"] == {
        "target": Decimal("60.00"), "month": "no figure", "fytd": "near target"}
    assert rendered["figures"]["fytd"]["pct_local_primary"] == EXPECTED_FYTD_PCT_LOCAL_PRIMARY


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        ("25.00", "25.00", "on target"),
        ("31.20", "25.00", "on target"),
        ("20.00", "25.00", "near target"),  # exactly NEAR_MARGIN_PP below
        ("19.99", "25.00", "off target"),
        ("40.00", None, "no target"),
        (None, "25.00", "no figure"),
    ],
)
def test_the_margin_the_page_states_is_the_marts_rule(report_warehouse, value, target, expected):
    """The page says 'near target' is within NEAR_MARGIN_PP points: the marts' macro agrees."""
    assert NEAR_MARGIN_PP == Decimal("25.00") - Decimal("20.00")
    got = report_warehouse.execute("SELECT marts.share_target_status(CAST($v AS DECIMAL(5,2)), CAST($t AS DECIMAL(5,2)))",
                                   {"v": value, "t": target}).fetchone()[0]
    assert got == expected


def test_monthly_trend_matches_the_mart(report_warehouse, rendered):
    soup = _soup(rendered["html"])
    table = soup.find(id="table-monthly-trend")
    rows = report_warehouse.execute(
        "SELECT month, total_spend, pct_local_primary, pct_local_secondary, pct_sme FROM marts.kpi_spend_by_month "
        "WHERE body = ? ORDER BY month", [BODY]).fetchall()
    assert [tr["data-row"] for tr in table.tbody.find_all("tr")] == [
        "2016-04-01", "2016-05-01", "2017-03-01", "2017-04-01", "2017-05-01", "2017-06-01"]
    for month, total, pct_local, pct_secondary, pct_sme in rows:
        tr = table.find("tr", attrs={"data-row": month.isoformat()})
        assert _dec(tr.find(attrs={"data-col": "total_spend"})["data-value"]) == total
        assert _dec(tr.find(attrs={"data-col": "pct_local_primary"})["data-value"]) == pct_local
        assert _dec(tr.find(attrs={"data-col": "pct_local_secondary"})["data-value"]) == pct_secondary
        assert _dec(tr.find(attrs={"data-col": "pct_sme"})["data-value"]) == pct_sme
    april = table.find("tr", attrs={"data-row": "2017-04-01"})
    assert _dec(april.find(attrs={"data-col": "pct_local_secondary"})["data-value"]) == EXPECTED_APRIL_PCT_LOCAL_SECONDARY


def test_top_suppliers_leakage_and_bands_match_the_marts(report_warehouse, rendered):
    soup = _soup(rendered["html"])
    top = report_warehouse.execute(
        "SELECT rank, supplier_name, total_spend FROM marts.top_suppliers "
        "WHERE body = ? AND financial_year = '2017/18' AND rank <= 10 ORDER BY rank, supplier_name", [BODY]).fetchall()
    trs = soup.find(id="table-top-suppliers").tbody.find_all("tr")
    shown = [(int(tr["data-row"]), tr.find(attrs={"data-col": "supplier_name"}).get_text(),
              _dec(tr.find(attrs={"data-col": "total_spend"})["data-value"])) for tr in trs]
    assert shown == top
    # By hand: Acme 20,000 + 150,000 - 1,000 in 2017/18 is first.
    assert shown[0] == (1, "Acme Care Ltd", Decimal("169000.00"))

    leak = report_warehouse.execute(
        "SELECT category, non_local_spend FROM marts.leakage WHERE body = ? AND financial_year = '2017/18' "
        "ORDER BY rank", [BODY]).fetchall()
    trs = soup.find(id="table-leakage").tbody.find_all("tr")
    assert [(tr.find(attrs={"data-col": "category"}).get_text(),
             _dec(tr.find(attrs={"data-col": "non_local_spend"})["data-value"])) for tr in trs] == leak
    # By hand (report_fixtures.py): only Facilities leaks, 40,000.00 to Bedford Builders.
    assert leak == [("Facilities", Decimal("40000.00"))]

    # Bands, year to date to June, by hand: below £1,000 are 750.00 (Apr) and 500.00 (May);
    # £1,000 to £5,000 are 1,500.00 (Apr) and the -1,000.00 credit (June, by absolute amount).
    bands = soup.find(id="table-spend-bands")
    low = bands.find("tr", attrs={"data-row": "below £1,000"})
    assert low.find(attrs={"data-col": "fytd_transaction_count"})["data-value"] == "2"
    assert low.find(attrs={"data-col": "fytd_spend"})["data-value"] == "1250.00"
    second = bands.find("tr", attrs={"data-row": "£1,000 to £5,000"})
    assert second.find(attrs={"data-col": "fytd_transaction_count"})["data-value"] == "2"
    assert second.find(attrs={"data-col": "fytd_spend"})["data-value"] == "500.00"
    assert second.find(attrs={"data-col": "month_transaction_count"})["data-value"] == "1"
    assert second.find(attrs={"data-col": "month_spend"})["data-value"] == "-1000.00"
    marts = report_warehouse.execute(
        "SELECT band, sum(transaction_count), sum(total_spend) FROM marts.spend_bands_by_month "
        "WHERE body = ? AND financial_year = '2017/18' AND month <= DATE '2017-06-01' GROUP BY band", [BODY]).fetchall()
    for band, n, spend in marts:
        tr = bands.find("tr", attrs={"data-row": band})
        assert int(tr.find(attrs={"data-col": "fytd_transaction_count"})["data-value"]) == n
        assert _dec(tr.find(attrs={"data-col": "fytd_spend"})["data-value"]) == spend


def test_a_past_month_ignores_later_months(report_warehouse, tmp_path):
    out = render_report(report_warehouse, dt.date(2017, 4, 1), tmp_path / "apr")
    soup = _soup(out["html"])
    band = soup.find(id="table-spend-bands").find("tr", attrs={"data-row": "below £1,000"})
    assert band.find(attrs={"data-col": "fytd_transaction_count"})["data-value"] == "1"  # 750.00 only
    trend = soup.find(id="table-monthly-trend").tbody.find_all("tr")
    assert [tr["data-row"] for tr in trend] == ["2016-04-01", "2016-05-01", "2017-03-01", "2017-04-01"]
    assert _value(soup, measure="pct_local_primary", period="fytd") == "25.00"  # 25,000 / 100,000


def test_data_quality_section(rendered):
    soup = _soup(rendered["html"])
    files = soup.find(id="table-files-ingested")
    loaded = files.find("tr", attrs={"data-row": "ledger/loaded"})
    # Four loaded ledgers: 2 + 9 + 4 + 3 lines read, 0 + 2 + 0 + 2 rejected (fixture, by hand).
    assert loaded.find(attrs={"data-col": "file_count"})["data-value"] == "4"
    assert loaded.find(attrs={"data-col": "rows_read"})["data-value"] == "18"
    assert loaded.find(attrs={"data-col": "rows_rejected"})["data-value"] == "4"
    assert loaded.find(attrs={"data-col": "amount_loaded"})["data-value"] == "349000.00"
    # A supplier extract carries no payments: no amount shown for it.
    extract = files.find("tr", attrs={"data-row": "supplier_extract/loaded"})
    assert extract.find(attrs={"data-col": "amount_loaded"})["data-value"] == ""
    assert "ledger/broken.csv" in soup.find(id="files-failed").get_text()
    reasons = soup.find(id="table-rejected-reasons").tbody.find_all("tr")
    got = [(tr.find(attrs={"data-col": "reason"}).get_text(), tr.find(attrs={"data-col": "kind"}).get_text(),
            tr.find(attrs={"data-col": "rows_rejected"})["data-value"],
            tr.find(attrs={"data-col": "file_count"})["data-value"],
            tr.find(attrs={"data-col": "example"}).get_text()) for tr in reasons]
    # By hand: two "not a number" lines (quoted values masked, so they group) in two files, then
    # two "date is missing" lines; ties ordered by reason.
    assert got == [
        ("amount is not a number: '…'", "ledger", "2", "2", "ledger/2017-04.csv line 7"),
        ("date is missing", "ledger", "2", "2", "ledger/2017-04.csv line 9"),
    ]
    # Unmatched: the formula-named supplier 1,500.00 and Bobs Plumbing 500.00, by hand.
    assert soup.find(id="unmatched-spend")["data-value"] == "2000.00"
    assert soup.find(id="unmatched-supplier-count")["data-value"] == "2"
    assert soup.find(id="data-as-of")["data-value"] == "2017-07-03T10:30:00"


def test_supplier_names_are_escaped(rendered):
    text = rendered["html"].read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    assert soup.find_all("script") == []
    assert SCRIPT not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    names = [s.get_text() for s in soup.find(id="table-top-suppliers").find_all(attrs={"data-col": "supplier_name"})]
    assert SCRIPT in names


def test_workbook_neutralises_formulas_and_keeps_money_numeric(rendered):
    wb = openpyxl.load_workbook(rendered["xlsx"])
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    hits = [c for c in cells if isinstance(c.value, str) and FORMULA in c.value]
    assert hits, "the formula-named supplier should be in the workbook"
    for c in hits:
        # Text by the cell's quote prefix, shown exactly as the ledger typed it: no apostrophe.
        assert c.data_type == "s" and c.quotePrefix
        assert c.value == FORMULA
    # Only formula-looking text carries the prefix.
    assert not [c.coordinate for c in cells if c.quotePrefix and not str(c.value).startswith(("=", "+", "-", "@"))]
    ws = wb["Top suppliers"]
    header = [c.value for c in ws[3]]
    spend = ws.cell(row=4, column=header.index("Total spend") + 1)
    assert spend.data_type == "n" and spend.value == 169000.0 and "£" in spend.number_format
    assert ws.cell(row=5, column=header.index("Supplier") + 1).value == SCRIPT
    ws = wb["Headline"]
    header = [c.value for c in ws[3]]
    local = next(r for r in ws.iter_rows(min_row=4) if r[0].value == "pct_local_primary")
    # 58.19% is stored as the fraction 0.5819 and formatted as a percentage.
    assert local[header.index("Year to date")].value == pytest.approx(float(EXPECTED_FYTD_PCT_LOCAL_PRIMARY) / 100)
    assert local[header.index("Year to date")].number_format == "0.00%"
    assert local[header.index("Year-to-date status")].value == "Near target"
    assert local[header.index("Target")].value == pytest.approx(0.60)


def test_payees_redacted_as_personal_data_never_appear_by_name(rendered):
    # The fixture types PERSON as the ledger payee of a redacted payment, of a payment with no
    # supplier record, and in rejected lines' raw values. The spend is shown; the name never.
    html = rendered["html"].read_text(encoding="utf-8")
    assert PERSON not in html
    names = [s.get_text() for s in BeautifulSoup(html, "html.parser").find_all(attrs={"data-col": "supplier_name"})]
    assert "Redacted (personal data)" in names and "Supplier not resolved" in names
    with zipfile.ZipFile(rendered["xlsx"]) as zf:
        for name in zf.namelist():
            assert PERSON.encode() not in zf.read(name), name


def test_same_warehouse_gives_the_same_bytes(report_warehouse, tmp_path):
    a = render_report(report_warehouse, JUNE, tmp_path / "a")
    b = render_report(report_warehouse, JUNE, tmp_path / "b")
    assert a["html"].read_bytes() == b["html"].read_bytes()
    assert a["xlsx"].read_bytes() == b["xlsx"].read_bytes()


def test_month_without_payments_still_renders(report_warehouse, tmp_path):
    out = render_report(report_warehouse, dt.date(2017, 7, 15), tmp_path / "jul")
    assert out["html"].name == "anchorspend-report-2017-07.html"
    soup = _soup(out["html"])
    assert soup.find(id="no-month-data") is not None


def test_quoted_names_with_apostrophes_are_masked(report_warehouse, tmp_path):
    """A name with an apostrophe, quoted in a failed file's message or a rejection reason, never
    reaches the page or the workbook (the kernel's mask reads the quoting)."""
    con = report_warehouse
    con.execute(
        "INSERT INTO audit.ingest_files (source_file, file_sha256, kind, status, message, rows_read, rows_loaded, "
        "rows_rejected, rows_duplicate, amount_loaded, ingested_at) VALUES ('ledger/odd.csv', 'z9', 'ledger', 'failed', "
        "$message, 0, 0, 0, 0, 0, TIMESTAMP '2017-07-03 10:32:00')",
        {"message": """no header row found; first row seen: ["Mrs Ann O'Brien", '12 Acacia Avenue', 'Jo O\\'Neill']"""})
    con.execute("INSERT INTO audit.rejected_rows VALUES ('ledger/2017-06.csv', 'a3', NULL, 5, $reason, '{}')",
                {"reason": "amount is not a number: 'Mrs Ann O\\'Brien'"})
    try:
        out = render_report(con, JUNE, tmp_path)
    finally:
        con.execute("DELETE FROM audit.ingest_files WHERE file_sha256 = 'z9'")
        con.execute("DELETE FROM audit.rejected_rows WHERE source_file = 'ledger/2017-06.csv' AND source_line = 5")
    html = out["html"].read_text(encoding="utf-8")
    assert "ledger/odd.csv" in html
    with zipfile.ZipFile(out["xlsx"]) as zf:
        book = b"".join(zf.read(name) for name in zf.namelist())
    for fragment in ("Brien", "Ann O", "Acacia", "Neill"):
        assert fragment not in html, fragment
        assert fragment.encode() not in book, fragment
    reasons = [td.get_text() for td in _soup(out["html"]).find(id="table-rejected-reasons").find_all(attrs={"data-col": "reason"})]
    assert "amount is not a number: '…'" in reasons
