"""The report's scorecard: every strategy measure against its target, from marts.kpi_spend_by_year
and marts.register_scorecard, with values worked out by hand in report_fixtures.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from anchorspend.pipelines import warehouse
from anchorspend.pipelines.registers import build_register_marts, scorecard
from anchorspend.pipelines.report import render_report
from report_fixtures import EXPECTED_REGISTER_SCORECARD_2017, EXPECTED_SPEND_SCORECARD

JUNE = dt.date(2017, 6, 1)
COLOUR = {"on target": "green", "near target": "amber", "off target": "red", "no target": "grey", "no figure": "grey",
          "for information": "grey"}


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _rows(soup: BeautifulSoup) -> list:
    return soup.find(id="table-scorecard").find_all("tr", attrs={"data-scorecard": True})


def _shown(tr) -> tuple:
    return (tr["data-scorecard"], tr["data-dimension"] or None, _dec(tr["data-value"]), _dec(tr["data-target"]),
            tr["data-target-kind"] or None, tr["data-target-year"] or None, tr["data-status"])


@pytest.fixture(scope="module")
def june(report_warehouse, tmp_path_factory):
    out = render_report(report_warehouse, JUNE, tmp_path_factory.mktemp("scorecard"))
    return out, _soup(out["html"])


def test_spend_measures_match_hand_figures_and_the_year_mart(report_warehouse, june):
    _, soup = june
    spend = [tr for tr in _rows(soup) if tr["data-section"] == "Spend"]
    assert [tr["data-scorecard"] for tr in spend] == list(EXPECTED_SPEND_SCORECARD)
    cur = report_warehouse.execute("SELECT * FROM marts.kpi_spend_by_year WHERE financial_year = '2017/18'")
    year = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    for tr in spend:
        measure = tr["data-scorecard"]
        value, target, status = EXPECTED_SPEND_SCORECARD[measure]
        assert (_dec(tr["data-value"]), _dec(tr["data-target"]), tr["data-status"]) == (value, target, status), measure
        assert _dec(tr["data-value"]) == year[measure]
        assert tr["data-financial-year"] == "2017/18" and tr["data-year-basis"] == "report year"
        assert tr.find(attrs={"data-status-colour": True})["data-status-colour"] == COLOUR[status]
    local = soup.find("tr", attrs={"data-scorecard": "pct_local_primary"})
    assert local.find(class_="sc-figure").get_text() == "58.2%"
    assert local.find(class_="sc-against").get_text(" ", strip=True) == "Target 60.0%"
    assert "£174,000 of £299,000 total spend" in local.get_text()
    assert local.find(class_="badge").get_text() == "Near target"
    assert soup.find(id="scorecard-spend-year")["data-financial-year"] == "2017/18"
    assert "April 2017 to June 2017" in soup.find(id="scorecard-spend-year").get_text()


def test_register_measures_match_hand_figures_and_the_mart(report_warehouse, june):
    out, soup = june
    registers = [tr for tr in _rows(soup) if tr["data-section"] != "Spend"]
    shown = [_shown(tr) for tr in registers]
    assert shown == [row[:7] for row in EXPECTED_REGISTER_SCORECARD_2017]
    mart = scorecard(report_warehouse, "2017/18")
    assert shown == [(r["measure"], r["dimension"], r["value"], r["target"], r["target_kind"], r["target_year"],
                      r["status"]) for r in mart]
    for tr, row in zip(registers, EXPECTED_REGISTER_SCORECARD_2017):
        assert tr["data-financial-year"] == "2017/18" and tr["data-year-basis"] == "report year"
        assert tr.find(attrs={"data-status-colour": True})["data-status-colour"] == COLOUR[row[6]]
        if row[7]:
            assert tr.find(class_="sc-detail").get_text() == row[7]
    register_year = soup.find(id="scorecard-register-year")
    assert (register_year["data-financial-year"], register_year["data-basis"]) == ("2017/18", "report year")
    # Sections in the strategy's order, each once.
    assert [tb["data-section"] for tb in soup.find(id="table-scorecard").find_all("tbody")] == [
        "Spend", "Procurement cycle time", "Exemptions", "Meet-the-buyer events", "Savings", "Quick quotes",
        "Social value"]
    quick = soup.find("tr", attrs={"data-scorecard": "procurement_cycle_days", "data-dimension": "quick quote"})
    assert quick.find(class_="sc-figure").get_text() == "15.0 days"
    assert quick.find(class_="sc-against").get_text(" ", strip=True) == "Current figure 14 days"
    received = soup.find("tr", attrs={"data-scorecard": "exemptions_received"})
    assert received.find(class_="sc-against").get_text(" ", strip=True) == "Baseline 2018/19 160"
    savings = soup.find("tr", attrs={"data-scorecard": "savings"})
    assert savings.find(class_="sc-figure").get_text() == "£1,300,000"
    assert out["figures"]["scorecard"] == {"spend_year": "2017/18", "register_year": "2017/18",
                                           "register_basis": "report year", "rows": 28}


def test_workbook_scorecard_sheet_has_the_same_rows(june):
    out, soup = june
    ws = openpyxl.load_workbook(out["xlsx"])["Scorecard"]
    header = [c.value for c in ws[3]]
    assert header[:8] == ["Section", "Measure (mart column)", "Measure", "Dimension", "Financial year", "Year shown",
                          "Figure", "Unit"]
    keys = {"Measure (mart column)": "measure", "Dimension": "dimension", "Financial year": "financial_year",
            "Status": "status", "Figure": "value", "Target": "target", "Unit": "unit"}
    rows = [{keys.get(h, h): c.value for h, c in zip(header, r)} for r in ws.iter_rows(min_row=4, max_row=3 + 28)]

    def exact(value, unit):
        # Shares are stored as fractions (0.5819 for 58.19%); the page shows the mart's 0-100 figure.
        if value is None:
            return None
        return (Decimal(str(value)) * 100).quantize(Decimal("0.01")) if unit == "percent" else Decimal(str(value))

    html = [(tr["data-scorecard"], tr["data-dimension"] or None, tr["data-financial-year"], tr["data-status"],
             _dec(tr["data-value"]), _dec(tr["data-target"])) for tr in _rows(soup)]
    sheet = [(r["measure"], r["dimension"], r["financial_year"], r["status"], exact(r["value"], r["unit"]),
              exact(r["target"], r["unit"])) for r in rows]
    assert [(m, d, y, s) for m, d, y, s, _, _ in sheet] == [(m, d, y, s) for m, d, y, s, _, _ in html]
    for (_, _, _, _, a, at), (_, _, _, _, b, bt) in zip(sheet, html):
        assert a == b and at == bt  # doubles in the file; these figures are exact at 2 dp
    assert ws.cell(row=4 + 28, column=1).value is None  # nothing after the 28 rows but notes
    # Number formats follow each row's unit: pounds as money, shares as percentages.
    savings = next(r for r in ws.iter_rows(min_row=4) if r[1].value == "savings")
    assert "£" in savings[header.index("Figure")].number_format
    local = next(r for r in ws.iter_rows(min_row=4) if r[1].value == "pct_local_primary")
    assert local[header.index("Figure")].number_format == "0.00%"
    assert "registers: 2017/18" in ws["A1"].value


def test_registers_without_the_report_year_show_the_latest_year_and_say_so(report_warehouse, tmp_path):
    # April 2019 is in 2019/20: no payments and no register rows that year. The registers' latest
    # year with data is 2018/19 (one event, one saving of £100.00; both without a target).
    out = render_report(report_warehouse, dt.date(2019, 4, 1), tmp_path)
    soup = _soup(out["html"])
    banner = soup.find(id="scorecard-register-year")
    assert (banner["data-financial-year"], banner["data-basis"]) == ("2018/19", "latest year with data")
    assert "latest year with data, 2018/19" in banner.get_text(" ", strip=True)
    registers = [tr for tr in _rows(soup) if tr["data-section"] != "Spend"]
    # Every register measure is still there, all from 2018/19 only: never a mix of years.
    assert len(registers) == len(EXPECTED_REGISTER_SCORECARD_2017)
    assert {tr["data-financial-year"] for tr in registers} == {"2018/19"}
    assert {tr["data-year-basis"] for tr in registers} == {"latest year with data"}
    with_data = {tr["data-scorecard"]: (_dec(tr["data-value"]), tr["data-status"])
                 for tr in registers if tr["data-value"]}
    assert with_data == {"meet_the_buyer_events": (Decimal("1.00"), "no target"),
                         "savings": (Decimal("100.00"), "no target")}
    # A measure with no row that year says 'no figure'; a current figure or baseline still shows,
    # a year-specific target does not travel to another year.
    quick = soup.find("tr", attrs={"data-scorecard": "procurement_cycle_days", "data-dimension": "quick quote"})
    assert (quick["data-status"], quick["data-target"], quick["data-target-kind"]) == ("no figure", "14.00", "current")
    received = soup.find("tr", attrs={"data-scorecard": "exemptions_received"})
    assert (received["data-status"], received["data-target"], received["data-target-year"]) == ("no figure", "160.00", "2018/19")
    qq = soup.find("tr", attrs={"data-scorecard": "quick_quotes_local_share"})
    assert (qq["data-status"], qq["data-target"]) == ("no figure", "")
    assert all(tr.find(class_="sc-note").get_text() == "latest with data" for tr in registers)
    # Spend stays on the report's year, which has no payments.
    spend = [tr for tr in _rows(soup) if tr["data-section"] == "Spend"]
    assert {(tr["data-financial-year"], tr["data-status"]) for tr in spend} == {("2019/20", "no figure")}
    ws = openpyxl.load_workbook(out["xlsx"])["Scorecard"]
    assert "registers: latest year with data, 2018/19" in ws["A1"].value
    assert {r[5].value for r in ws.iter_rows(min_row=4, max_row=3 + len(_rows(soup)))} == {
        "report year", "latest year with data"}


def test_warehouse_without_the_register_scorecard_says_so(tmp_path):
    con = warehouse.connect(tmp_path / "old.duckdb")
    try:
        warehouse.ensure_schema(con)
        out = render_report(con, JUNE, tmp_path / "old")
        soup = _soup(out["html"])
        assert soup.find(id="scorecard-registers-missing") is not None
        assert soup.find(id="scorecard-register-year")["data-basis"] == "missing"
        # The spend measures are still listed, without data.
        assert {tr["data-status"] for tr in _rows(soup)} == {"no figure"}
        assert len(_rows(soup)) == len(EXPECTED_SPEND_SCORECARD)
        assert "registers: not in this warehouse" in openpyxl.load_workbook(out["xlsx"])["Scorecard"]["A1"].value

        build_register_marts(con)  # the marts over empty registers: rows for target years, no values
        soup = _soup(render_report(con, JUNE, tmp_path / "empty")["html"])
        assert soup.find(id="scorecard-registers-empty") is not None
        assert soup.find(id="scorecard-register-year")["data-basis"] == "no data"
    finally:
        con.close()
