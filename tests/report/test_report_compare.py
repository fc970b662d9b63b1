"""The report compares: year on year, and the evidence behind the top suppliers' classification."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

import openpyxl
from bs4 import BeautifulSoup

from anchorspend.pipelines.report import render_report
from report_fixtures import EXPECTED_YOY_MAY, PERSON, SUPPLIERS

MAY = dt.date(2017, 5, 1)
JUNE = dt.date(2017, 6, 1)


def _soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _dec(text: str):
    return Decimal(text) if text else None


def _cells(tr, column: str) -> tuple:
    td = tr.find(attrs={"data-col": column})
    return _dec(td["data-value"]), _dec(td.get("data-change-pct", ""))


def test_year_on_year_month_and_year_to_date(report_warehouse, tmp_path):
    out = render_report(report_warehouse, MAY, tmp_path)
    soup = _soup(out["html"])
    table = soup.find(id="table-year-on-year")
    assert table["data-has-last-year"] == "true"
    assert soup.find(id="yoy-no-last-year") is None
    for measure, periods in EXPECTED_YOY_MAY.items():
        tr = table.find("tr", attrs={"data-row": measure})
        for period, expected in zip(("month", "fytd"), periods):
            if expected is None:
                continue
            value, last, change, relative = expected
            assert _cells(tr, period)[0] == value, (measure, period)
            assert _cells(tr, f"{period}_last_year")[0] == last, (measure, period)
            assert _cells(tr, f"{period}_change") == (change, relative), (measure, period)
    # Shares change in percentage points; money shows its relative change beside the pounds.
    local = table.find("tr", attrs={"data-row": "pct_local_primary"})
    assert local.find(attrs={"data-col": "fytd_change"}).get_text(" ", strip=True) == "+8.3 pp"
    total = table.find("tr", attrs={"data-row": "total_spend"})
    assert total.find(attrs={"data-col": "month_change"}).get_text(" ", strip=True) == "+£188,000 (+1,566.7%)"
    assert "2016/17" in table.thead.get_text() and "2017/18" in table.thead.get_text()


def test_year_on_year_without_last_year_says_so(report_warehouse, tmp_path):
    # June 2016 has no payments (report_fixtures.PAYMENTS), so the month has nothing to compare.
    out = render_report(report_warehouse, JUNE, tmp_path)
    soup = _soup(out["html"])
    assert soup.find(id="table-year-on-year")["data-has-last-year"] == "false"
    assert "No payments are loaded for June 2016" in soup.find(id="yoy-no-last-year").get_text()
    tr = soup.find(id="table-year-on-year").find("tr", attrs={"data-row": "total_spend"})
    assert _cells(tr, "month_last_year") == (None, None)
    assert tr.find(attrs={"data-col": "month_change"}).get_text(strip=True) == "–"


def test_year_on_year_sheet(report_warehouse, tmp_path):
    out = render_report(report_warehouse, MAY, tmp_path)
    ws = openpyxl.load_workbook(out["xlsx"])["Year on year"]
    header = [c.value for c in ws[3]]
    rows = {r[0].value: dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=4) if r[0].value}
    local = rows["pct_local_primary"]
    # Shares as fractions, formatted as percentages: 58.33% to May 2017, 50.00% to May 2016.
    assert local["Year to date"] == 0.5833 and local["Last year to date"] == 0.5
    assert local["Year to date: change"] == 0.0833
    total = rows["total_spend"]
    assert total["Month"] == 200000.0 and total["Same month last year"] == 12000.0
    assert total["Year to date: % change"] == 14.0  # +1,400.0%, as a fraction


def test_supplier_evidence_page_and_sheet(report_warehouse, tmp_path):
    con = report_warehouse
    # Give the fixture's suppliers their evidence, as pipelines/suppliers would have recorded it.
    con.execute("""UPDATE core.dim_supplier SET postcode = 'LU1 2BQ', local_authority = 'Luton',
                   location_source = 'onspd', sme_source = 'companies_house', vcs_source = 'companies_house',
                   company_number = '01234567' WHERE supplier_key = 'ACME'""")
    con.execute("""UPDATE core.dim_supplier SET postcode = 'LU2 0AA', location_source = 'override',
                   vcs_source = 'charity_number', charity_number = '1100001' WHERE supplier_key = 'LCT'""")
    # A redacted payee's record holding a postcode must still show none of it.
    con.execute("UPDATE core.dim_supplier SET postcode = 'LU9 9ZZ', location_source = 'onspd' WHERE supplier_key = 'RED'")
    try:
        out = render_report(con, JUNE, tmp_path)
    finally:
        con.execute("""UPDATE core.dim_supplier SET postcode = NULL, local_authority = NULL, location_source = NULL,
                       sme_source = NULL, vcs_source = NULL, company_number = NULL, charity_number = NULL""")
    soup = _soup(out["html"])
    table = soup.find(id="table-supplier-evidence")
    rows = {tr.find(attrs={"data-col": "supplier_name"}).get_text(): tr for tr in table.tbody.find_all("tr")}
    acme = rows["Acme Care Ltd"]
    assert acme.find(attrs={"data-col": "postcode"})["data-value"] == "LU1 2BQ"
    assert acme.find(attrs={"data-col": "postcode"})["data-source"] == "onspd"
    assert "ONS postcode directory" in acme.find(attrs={"data-col": "postcode"}).get_text()
    assert acme.find(attrs={"data-col": "is_sme"})["data-source"] == "companies_house"
    assert acme.find(attrs={"data-col": "is_local_primary"}).get_text() == "Yes"
    trust = rows["Luton Community Trust"]
    assert trust.find(attrs={"data-col": "is_vcs"})["data-source"] == "charity_number"
    assert trust.find(attrs={"data-col": "is_vcs"}).get_text(" ", strip=True) == "Yes Charity number"
    redacted = rows["Redacted (personal data)"]
    assert redacted.find(attrs={"data-col": "postcode"})["data-value"] == ""
    assert "LU9 9ZZ" not in out["html"].read_text(encoding="utf-8")
    # Every supplier paid in 2017/18 is listed (fewer than EVIDENCE_ROWS), in rank order.
    assert len(rows) == len({s[1] for s in SUPPLIERS}) + 1  # + "Supplier not resolved"

    ws = openpyxl.load_workbook(out["xlsx"])["Supplier evidence"]
    header = [c.value for c in ws[3]]
    sheet = {r[header.index("Supplier")].value: dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=4)
             if r[0].value is not None}
    assert sheet["Acme Care Ltd"]["Postcode"] == "LU1 2BQ"
    assert sheet["Acme Care Ltd"]["Postcode source"] == "ONS postcode directory"
    assert sheet["Acme Care Ltd"]["Company number"] == "01234567"
    assert sheet["Luton Community Trust"]["VCS evidence"] == "Charity number"
    assert sheet["Redacted (personal data)"]["Postcode"] is None
    with zipfile.ZipFile(out["xlsx"]) as zf:
        for name in zf.namelist():
            assert b"LU9 9ZZ" not in zf.read(name) and PERSON.encode() not in zf.read(name), name
