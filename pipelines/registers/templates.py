"""The documented register templates under reference_data/templates/.

Written from the pydantic models, so the template headers, the instructions
and the validation always say what ingestion accepts. Each register gets:

- `<name>.csv`: the header row only;
- `<name>.xlsx`: a data sheet (header row, frozen, with Excel data validation
  for enumerations, dates, money and counts), an Instructions sheet, and a
  hidden Lists sheet holding the allowed values;
- one section in `README.md`.

The templates hold no data rows, so a template dropped into the landing folder
as it is loads zero rows and rejects none. Output is byte-for-byte
deterministic (fixed workbook timestamps), so regenerating shows no git diff
unless a model changed.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import polars as pl
import xlsxwriter

from anchorspend.pipelines.config import REFERENCE_DATA
from anchorspend.pipelines.registers.ingest import register_schema
from anchorspend.pipelines.registers.models import DECISIONS, REGISTERS, ROUTES, SAVING_TYPES, THEMES, Register

TEMPLATES_DIR = REFERENCE_DATA / "templates"
CHOICES: dict[str, tuple[str, ...]] = {
    "route": ROUTES,
    "decision": DECISIONS,
    "saving_type": SAVING_TYPES,
    "theme": THEMES,
    "is_local": ("Y", "N"),
}
EXAMPLES: dict[str, dict[str, str]] = {
    "procurement_exercises": {"reference": "PE-2019-001", "title": "Grounds maintenance", "route": "open procedure",
                              "start_date": "01/04/2019", "award_date": "30/05/2019", "value": "250000.00",
                              "awarded_supplier": "Greenway Landscapes Ltd"},
    "exemptions": {"reference": "EX-2019-001", "date_received": "03/04/2019", "decision": "approved",
                   "decision_date": "10/04/2019", "value": "12000.00", "reason": "Sole supplier of licensed software"},
    "events": {"event_date": "12/06/2019", "title": "Meet the buyer: construction", "attendees": "48",
               "local_attendees": "30"},
    "savings": {"financial_year": "2019/20", "saving_date": "15/07/2019", "description": "Re-tendered cleaning contract",
                "saving_type": "cashable", "amount": "85000.00"},
    "quick_quotes": {"reference": "QQ-2019-001", "quote_date": "08/05/2019", "title": "Office chairs",
                     "supplier_name": "Luton Office Supplies Ltd", "supplier_postcode": "LU1 2BQ", "is_local": "Y"},
    "social_value": {"contract_reference": "PE-2019-001", "supplier": "Greenway Landscapes Ltd",
                     "theme": "local recruitment, skills and staff development", "toms_code": "NT1",
                     "measure": "Local people employed on the contract (FTE)", "unit": "people",
                     "committed_value": "4", "delivered_value": "3", "record_date": "31/03/2020"},
}
_FIXED_TIME = datetime(2019, 4, 1)


def _required_text(reg: Register, name: str) -> str:
    if name in reg.required:
        return "required"
    return "optional"


def _allowed_text(reg: Register, name: str) -> str:
    kind = register_schema(reg)[name]
    if name in CHOICES:
        return "one of: " + " | ".join(CHOICES[name])
    if name == "financial_year":
        return "financial year April-March, as 2019/20"
    if kind == pl.Date:
        return "date, day first: dd/mm/yyyy"
    if kind == pl.Decimal(18, 2):
        return "amount, to the penny, not negative (£ and commas allowed)"
    if kind == pl.Int64:
        return "whole number, not negative"
    if name.endswith("postcode"):
        return "UK postcode"
    return "text"


def write_templates(out_dir: Path = TEMPLATES_DIR) -> list[Path]:
    """Write the CSV and XLSX template of every register and the README; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for reg in REGISTERS.values():
        written.append(_write_csv(reg, out_dir / f"{reg.name}.csv"))
        written.append(_write_xlsx(reg, out_dir / f"{reg.name}.xlsx"))
    readme = out_dir / "README.md"
    readme.write_text(_readme(), encoding="utf-8")
    written.append(readme)
    return written


def _write_csv(reg: Register, path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([reg.header(f) for f in reg.fields])
    return path


def _write_xlsx(reg: Register, path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": f"{reg.title} register", "author": "anchorspend", "created": _FIXED_TIME})
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    money_fmt = wb.add_format({"num_format": "#,##0.00"})
    schema = register_schema(reg)

    data = wb.add_worksheet(reg.title[:31])
    instructions = wb.add_worksheet("Instructions")
    lists = wb.add_worksheet("Lists")
    lists.hide()

    list_col = 0
    last_row = 5000  # validation reaches this far down; the team rarely keeps more rows
    for col, name in enumerate(reg.fields):
        kind = schema[name]
        data.write(0, col, reg.header(name), bold)
        cell_fmt = date_fmt if kind == pl.Date else money_fmt if kind == pl.Decimal(18, 2) else None
        data.set_column(col, col, max(14, len(reg.header(name)) + 4), cell_fmt)
        rng = (1, col, last_row, col)
        if name in CHOICES:
            values = CHOICES[name]
            lists.write(0, list_col, reg.header(name))
            for i, v in enumerate(values, start=1):
                lists.write(i, list_col, v)
            letter = xlsxwriter.utility.xl_col_to_name(list_col)
            data.data_validation(*rng, {
                "validate": "list", "source": f"=Lists!${letter}$2:${letter}${len(values) + 1}",
                "error_title": reg.header(name), "error_message": "Choose one of the listed values.",
            })
            list_col += 1
        elif kind == pl.Date:
            data.data_validation(*rng, {
                "validate": "date", "criteria": "between",
                "minimum": datetime(2000, 1, 1), "maximum": datetime(2099, 12, 31),
                "error_title": reg.header(name), "error_message": "Enter a date, day first: dd/mm/yyyy.",
            })
        elif kind == pl.Decimal(18, 2):
            data.data_validation(*rng, {
                "validate": "decimal", "criteria": ">=", "value": 0,
                "error_title": reg.header(name), "error_message": "Enter an amount that is not negative.",
            })
        elif kind == pl.Int64:
            data.data_validation(*rng, {
                "validate": "integer", "criteria": ">=", "value": 0,
                "error_title": reg.header(name), "error_message": "Enter a whole number that is not negative.",
            })
    data.freeze_panes(1, 0)

    instructions.set_column(0, 0, 24)
    instructions.set_column(1, 1, 10)
    instructions.set_column(2, 2, 60, wrap)
    instructions.set_column(3, 4, 40, wrap)
    instructions.write(0, 0, f"{reg.title} register", wb.add_format({"bold": True, "font_size": 14}))
    instructions.write(1, 0, reg.description)
    instructions.write(2, 0, f"Fill in the '{data.name}' sheet, one row per {_row_noun(reg)}. "
                             "Keep the header row as it is. Save into the landing folder under registers/.")
    headings = ["Column", "Required", "What to enter", "Allowed values", "Example"]
    for col, text in enumerate(headings):
        instructions.write(4, col, text, bold)
    for row, name in enumerate(reg.fields, start=5):
        field = reg.model.model_fields[name]
        instructions.write_string(row, 0, reg.header(name))
        instructions.write_string(row, 1, _required_text(reg, name))
        instructions.write_string(row, 2, field.description or "")
        instructions.write_string(row, 3, _allowed_text(reg, name))
        instructions.write_string(row, 4, EXAMPLES[reg.name].get(name, ""))
    wb.close()
    return path


def _row_noun(reg: Register) -> str:
    return {
        "procurement_exercises": "procurement exercise",
        "exemptions": "exemption request",
        "events": "event",
        "savings": "saving",
        "quick_quotes": "supplier invited to a quick quote",
        "social_value": "contract, theme and measure",
    }[reg.name]


def _readme() -> str:
    out = [
        "# Register templates",
        "",
        "Generated by `pipelines.registers.write_templates()` from the pydantic models in",
        "`pipelines/registers/models.py`; do not edit by hand. One template per register, as",
        "CSV (header row only) and XLSX (data sheet with drop-down lists and date/amount checks,",
        "an Instructions sheet, and a hidden Lists sheet). The templates hold no data rows.",
        "",
        "Save filled-in registers anywhere under `LANDING/registers/` (any depth, .csv or .xlsx).",
        "A file is recognised as a register by its column headers (synonyms in",
        "`reference_data/header_synonyms.csv`, kind `register_<name>`); when headers alone are",
        "ambiguous, put the register's word in the file name (shown below). Each row is checked;",
        "a bad row is rejected with a message naming the file, line and column, and the other",
        "rows still load. Dates are day-first; amounts are pounds to the penny.",
        "",
    ]
    for reg in REGISTERS.values():
        out += [
            f"## {reg.title} (`{reg.name}`)",
            "",
            f"{reg.description} One row per {_row_noun(reg)}. File name word: `{reg.filename_hint}`. "
            f"Loaded into `{reg.table}`. A row whose {', '.join(reg.key)} repeats an earlier row is a "
            "duplicate when every value is equal, and rejected when any value differs.",
            "",
            "| Column | Required | What to enter | Allowed values | Example |",
            "|---|---|---|---|---|",
        ]
        for name in reg.fields:
            field = reg.model.model_fields[name]
            out.append(
                f"| {reg.header(name)} | {_required_text(reg, name)} | {field.description} | "
                f"{_allowed_text(reg, name).replace('|', chr(92) + '|')} | {EXAMPLES[reg.name].get(name, '')} |"
            )
        out.append("")
    out += [
        "Rules checked across columns: Award date not before Start date; Decision date not before",
        "Date received; Local attendees not more than Attendees; a saving needs Financial year or",
        "Date (and they must agree); a social value row needs Committed value or Delivered value.",
        "",
    ]
    return "\n".join(out)
