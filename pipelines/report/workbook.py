"""The report's tables as an XLSX workbook for finance colleagues: one sheet per table, each an
Excel table with filters, readable headers, and numbers stored as numbers in their own format."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

# A text cell starting with one of these is a formula (or becomes one when someone edits it)
# in Excel/LibreOffice: OWASP's CSV-injection list.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A row's unit (marts.register_scorecard.unit, the year-on-year rows' unit) as a number format.
UNIT_KINDS = {"GBP": "money", "percent": "pct", "count": "count", "days": "days"}
HEADER_ROW = 2  # the title, a blank row, then the table


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def _kind(column: str) -> str:
    """Number format by the marts' naming: pct_* / *_pct_* are 0-100 shares, *spend and amounts are money."""
    if column.startswith("pct_") or "_pct_" in column or column.startswith("target_pct") or column.endswith("_pct"):
        return "pct"
    if column.endswith("spend") or column.startswith("amount"):
        return "money"
    return "plain"


def header_text(column: str, headers: dict[str, str]) -> str:
    """The column's heading for people; a column nobody labelled still reads as words."""
    return headers.get(column) or column.replace("_", " ").capitalize()


@dataclass
class Sheet:
    name: str
    heading: str
    columns: list[str]
    rows: list[dict[str, Any]]
    kinds: dict[str, str] = field(default_factory=dict)  # column -> pct | money | count, where the name doesn't say
    notes: list[str] = field(default_factory=list)  # lines written under the table
    unit_from: dict[str, str] = field(default_factory=dict)  # column -> the row's unit column, for mixed-unit columns


class _Writer:
    def __init__(self, path: Path, created: dt.datetime, title: str, headers: dict[str, str]):
        # in_memory: xlsxwriter then stamps every zip member with a fixed 1980 date.
        self.book = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                                    "strings_to_urls": False, "strings_to_numbers": False})
        self.book.set_properties({"title": title, "author": "anchorspend", "created": created})
        self.headers = headers
        add = self.book.add_format
        self.formats = {
            "money": add({"num_format": "£#,##0.00"}),
            # Shares are stored as fractions (24.02% is 0.2402), so Excel sums and charts them right.
            "pct": add({"num_format": "0.00%"}),
            "count": add({"num_format": "#,##0"}),
            "days": add({"num_format": "#,##0.0"}),
            "plain": None,
        }
        self.date = add({"num_format": "yyyy-mm-dd"})
        self.datetime = add({"num_format": "yyyy-mm-dd hh:mm"})
        # Quote prefix: the cell is text however it starts, and shows exactly as written.
        self.quoted = add({"quote_prefix": True})
        self.head = add({"bold": True, "text_wrap": True, "valign": "top"})
        self.title = add({"bold": True, "font_size": 13})
        self.title_quoted = add({"bold": True, "font_size": 13, "quote_prefix": True})
        self.table_names: set[str] = set()

    def text(self, ws, r: int, c: int, text: str, fmt=None, quoted=None) -> None:
        ws.write_string(r, c, text, (quoted or self.quoted) if looks_like_formula(text) else fmt)

    def cell(self, ws, r: int, c: int, value: Any, kind: str) -> None:
        if value is None:
            ws.write_blank(r, c, None)
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value)
        elif isinstance(value, Decimal):
            # Decimal up to here; the file format stores doubles. Shares go in as fractions,
            # divided exactly before the one conversion.
            number = value / 100 if kind == "pct" else value
            ws.write_number(r, c, float(number), self.formats.get(kind))
        elif isinstance(value, int):
            number = Decimal(value) / 100 if kind == "pct" else value
            ws.write_number(r, c, float(number) if kind == "pct" else number,
                            self.formats.get(kind if kind != "plain" else "count"))
        elif isinstance(value, dt.datetime):
            ws.write_datetime(r, c, value, self.datetime)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), self.date)
        else:
            self.text(ws, r, c, str(value))

    def _table_name(self, sheet_name: str) -> str:
        base = "t_" + re.sub(r"\W+", "_", sheet_name).strip("_").lower()
        name, n = base, 2
        while name in self.table_names:
            name, n = f"{base}_{n}", n + 1
        self.table_names.add(name)
        return name

    def sheet(self, sheet: Sheet) -> None:
        ws = self.book.add_worksheet(sheet.name)
        self.text(ws, 0, 0, sheet.heading, self.title, self.title_quoted)
        headers = []
        for c, col in enumerate(sheet.columns):
            header = header_text(col, self.headers)
            while header in headers:  # Excel tables need distinct headings
                header += " "
            headers.append(header)
            wide = col in ("supplier_name", "source_file", "reason", "message", "category", "label", "text", "detail",
                           "example")
            ws.set_column(c, c, 44 if wide else 15)
        for r, row in enumerate(sheet.rows, start=HEADER_ROW + 1):
            for c, col in enumerate(sheet.columns):
                kind = sheet.kinds.get(col) or UNIT_KINDS.get(row.get(sheet.unit_from.get(col, ""))) or _kind(col)
                self.cell(ws, r, c, row.get(col), kind)
        # An Excel table needs a data row: an empty table keeps one blank row.
        last_row = HEADER_ROW + max(len(sheet.rows), 1)
        ws.add_table(HEADER_ROW, 0, last_row, len(sheet.columns) - 1, {
            "name": self._table_name(sheet.name),
            "columns": [{"header": h, "header_format": self.head} for h in headers],
            "style": "Table Style Light 9",
            "autofilter": True,
        })
        for i, note in enumerate(sheet.notes, start=last_row + 2):
            self.text(ws, i, 0, note)
        ws.freeze_panes(HEADER_ROW + 1, 0)

    def close(self) -> None:
        self.book.close()


def write_workbook(path: Path, created: dt.datetime, title: str, sheets: list[Sheet],
                   headers: dict[str, str] | None = None) -> None:
    """One worksheet per Sheet, each an Excel table; `headers` maps column names to headings."""
    writer = _Writer(path, created, title, headers or {})
    for sheet in sheets:
        writer.sheet(sheet)
    writer.close()
