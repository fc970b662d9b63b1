"""The workbook for finance: Excel tables with filters, readable headers, real percentages, number formats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from anchorspend.pipelines.report import render_report
from report_fixtures import EXPECTED_FYTD_PCT_SME, EXPECTED_FYTD_PCT_VCS

JUNE = dt.date(2017, 6, 1)


@pytest.fixture(scope="module")
def book(report_warehouse, tmp_path_factory):
    out = render_report(report_warehouse, JUNE, tmp_path_factory.mktemp("workbook"))
    return openpyxl.load_workbook(out["xlsx"])


def _table(ws):
    (name, ref), = ws.tables.items()
    return ws.tables[name], ref


def test_every_sheet_is_an_excel_table_with_filters(book):
    assert len(book.worksheets) >= 12
    for ws in book.worksheets:
        table, ref = _table(ws)
        # The table starts at the header row (row 3) and covers every column written there.
        first, last = ref.split(":")
        assert first == "A3", (ws.title, ref)
        headers = [c.value for c in ws[3] if c.value is not None]
        assert [c.name for c in table.tableColumns] == headers, ws.title
        assert table.autoFilter is not None and table.autoFilter.ref == ref, ws.title


def test_headers_are_words_not_column_names(book):
    for ws in book.worksheets:
        for header in (c.value for c in ws[3] if c.value is not None):
            assert "_" not in header, (ws.title, header)
            assert header[0].isupper() or header[0] in "%#", (ws.title, header)


def test_percentages_are_fractions(book):
    ws = book["Headline"]
    header = [c.value for c in ws[3]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=4) if r[0].value}
    for measure, expected in (("pct_sme", EXPECTED_FYTD_PCT_SME), ("pct_vcs", EXPECTED_FYTD_PCT_VCS)):
        cell = rows[measure][header.index("Year to date")]
        # 76.59% by hand is the number 0.7659 in a percentage format, never 76.59 with a "%" suffix.
        assert Decimal(str(cell.value)) == expected / 100
        assert cell.number_format == "0.00%"
    pct_formats = {c.number_format for ws in book.worksheets for row in ws.iter_rows(min_row=4) for c in row
                   if isinstance(c.value, float) and "%" in c.number_format}
    assert pct_formats == {"0.00%"}
    # No share anywhere is stored on the 0-100 scale in a percentage format.
    trend = book["Monthly trend"]
    header = [c.value for c in trend[3]]
    column = header.index("% local spend — Luton (LU postcode)")
    values = [r[column].value for r in trend.iter_rows(min_row=4) if r[0].value is not None]
    assert values and all(v is None or -1 <= v <= 1 for v in values)


def test_money_counts_and_dates_have_formats(book):
    ws = book["Files ingested"]
    header = [c.value for c in ws[3]]
    first = next(ws.iter_rows(min_row=4))
    assert first[header.index("Lines read")].number_format == "#,##0"
    assert isinstance(first[header.index("Lines read")].value, int)
    ws = book["Top suppliers"]
    header = [c.value for c in ws[3]]
    first = next(ws.iter_rows(min_row=4))
    assert first[header.index("Total spend")].number_format == "£#,##0.00"
    assert first[header.index("Payments")].number_format == "#,##0"
    ws = book["Unmatched suppliers"]
    header = [c.value for c in ws[3]]
    first = next(ws.iter_rows(min_row=4))
    assert first[header.index("First payment")].is_date
