"""The report's tables as an XLSX workbook for finance colleagues, one sheet per table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

# A text cell starting with one of these is a formula (or becomes one when someone edits it)
# in Excel/LibreOffice: OWASP's CSV-injection list.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A scorecard row's unit (marts.register_scorecard.unit) as a number format.
UNIT_KINDS = {"GBP": "money", "percent": "pct"}


def neutralise(text: str) -> str:
    """Prefix a formula-looking text with an apostrophe so it stays text."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _kind(column: str) -> str:
    """Number format by the marts' naming: pct_* / *_pct_* are 0-100 shares, *spend and amounts are money."""
    if column.startswith("pct_") or "_pct_" in column or column.startswith("target_pct"):
        return "pct"
    if column.endswith("spend") or column.startswith("amount"):
        return "money"
    return "plain"


@dataclass
class Sheet:
    name: str
    heading: str
    columns: list[str]
    rows: list[dict[str, Any]]
    kinds: dict[str, str] = field(default_factory=dict)  # column -> pct | money, where the name doesn't say
    notes: list[str] = field(default_factory=list)  # lines written under the table
    unit_from: dict[str, str] = field(default_factory=dict)  # column -> the row's unit column, for mixed-unit columns


class _Writer:
    def __init__(self, path: Path, created: dt.datetime, title: str):
        # in_memory: xlsxwriter then stamps every zip member with a fixed 1980 date.
        self.book = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                                    "strings_to_urls": False, "strings_to_numbers": False})
        self.book.set_properties({"title": title, "author": "anchorspend", "created": created})
        self.money = self.book.add_format({"num_format": "£#,##0.00"})
        self.pct = self.book.add_format({"num_format": '0.00"%"'})
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

    def sheet(self, sheet: Sheet) -> None:
        ws = self.book.add_worksheet(sheet.name)
        ws.write_string(0, 0, neutralise(sheet.heading), self.title)
        for c, col in enumerate(sheet.columns):
            ws.write_string(2, c, col, self.head)
            wide = col in ("supplier_name", "source_file", "reason", "message", "category", "label", "text", "detail")
            ws.set_column(c, c, 48 if wide else 16)
        for r, row in enumerate(sheet.rows, start=3):
            for c, col in enumerate(sheet.columns):
                kind = sheet.kinds.get(col) or UNIT_KINDS.get(row.get(sheet.unit_from.get(col, ""))) or _kind(col)
                self.cell(ws, r, c, row.get(col), kind)
        for i, note in enumerate(sheet.notes, start=len(sheet.rows) + 4):
            ws.write_string(i, 0, neutralise(note))
        ws.freeze_panes(3, 0)

    def close(self) -> None:
        self.book.close()


def write_workbook(path: Path, created: dt.datetime, title: str, sheets: list[Sheet]) -> None:
    """One worksheet per Sheet; column names are the marts' own."""
    writer = _Writer(path, created, title)
    for sheet in sheets:
        writer.sheet(sheet)
    writer.close()
