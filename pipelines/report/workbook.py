"""The report's tables as an XLSX workbook for finance colleagues, one sheet per table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

# A text cell starting with one of these is a formula (or becomes one when someone edits it)
# in Excel/LibreOffice: OWASP's CSV-injection list.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix a formula-looking text with an apostrophe so it stays text."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _kind(column: str) -> str:
    if column.startswith(("pct_", "target_pct", "fytd_pct_")):
        return "pct"
    if column.endswith(("_spend", "spend")) or column == "amount_loaded":
        return "money"
    return "plain"


class _Writer:
    def __init__(self, path: Path, created: dt.datetime, title: str):
        # in_memory: xlsxwriter then stamps every zip member with a fixed 1980 date.
        self.book = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                                    "strings_to_urls": False, "strings_to_numbers": False})
        self.book.set_properties({"title": title, "author": "anchorspend", "created": created})
        self.money = self.book.add_format({"num_format": "£#,##0.00"})
        self.pct = self.book.add_format({"num_format": '0.0"%"'})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.head = self.book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
        self.title = self.book.add_format({"bold": True, "font_size": 13})

    def cell(self, ws, r: int, c: int, value: Any, kind: str) -> None:
        if value is None:
            ws.write_blank(r, c, None)
        elif isinstance(value, bool):
            ws.write_boolean(r, c, value)
        elif isinstance(value, Decimal):
            # Decimal up to here; the file format stores doubles.
            fmt = self.money if kind == "money" else self.pct if kind == "pct" else None
            ws.write_number(r, c, float(value), fmt)
        elif isinstance(value, int):
            ws.write_number(r, c, value)
        elif isinstance(value, dt.datetime):
            ws.write_datetime(r, c, value, self.date)
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), self.date)
        else:
            ws.write_string(r, c, neutralise(str(value)))

    def sheet(self, name: str, heading: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
        ws = self.book.add_worksheet(name)
        ws.write_string(0, 0, neutralise(heading), self.title)
        for c, col in enumerate(columns):
            ws.write_string(2, c, col, self.head)
            ws.set_column(c, c, 44 if col in ("supplier_name", "source_file", "reason", "message", "category") else 16)
        for r, row in enumerate(rows, start=3):
            for c, col in enumerate(columns):
                self.cell(ws, r, c, row.get(col), _kind(col))
        ws.freeze_panes(3, 0)

    def close(self) -> None:
        self.book.close()


def write_workbook(path: Path, created: dt.datetime, title: str, sheets: list[tuple[str, str, list[str], list[dict]]]) -> None:
    """sheets: (sheet name, heading, columns, rows); column names are the marts' own."""
    writer = _Writer(path, created, title)
    for name, heading, columns, rows in sheets:
        writer.sheet(name, heading, columns, rows)
    writer.close()
