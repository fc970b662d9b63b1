"""The shipped templates: up to date, deterministic, documented, and loadable (zero rows, zero rejects).

The templates hold no example rows (examples live on the Instructions sheet and in the
README), so a template dropped into the landing folder unchanged loads nothing and
rejects nothing.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl

from anchorspend.pipelines.config import REFERENCE_DATA
from anchorspend.pipelines.registers import REGISTERS, ingest_registers, write_templates

SHIPPED = REFERENCE_DATA / "templates"


def test_shipped_templates_are_what_write_templates_writes(tmp_path: Path):
    written = write_templates(tmp_path)
    assert len(written) == 2 * len(REGISTERS) + 1
    for path in written:
        assert path.read_bytes() == (SHIPPED / path.name).read_bytes(), f"{path.name} is stale: run write_templates()"
    # Deterministic: a second run writes the same bytes.
    again = write_templates(tmp_path / "again")
    for a, b in zip(written, again):
        assert a.read_bytes() == b.read_bytes()


def test_csv_template_headers_read_with_the_csv_module():
    # Expected headers typed out from the column list, not from the models.
    expected = {
        "procurement_exercises": ["Reference", "Title", "Route", "Start date", "Award date", "Value", "Awarded supplier"],
        "exemptions": ["Reference", "Date received", "Decision", "Decision date", "Value", "Reason"],
        "events": ["Event date", "Title", "Attendees", "Local attendees"],
        "savings": ["Financial year", "Date", "Description", "Saving type", "Amount"],
        "quick_quotes": ["Reference", "Date", "Title", "Supplier name", "Supplier postcode", "Local?"],
        "social_value": ["Contract reference", "Supplier", "Theme", "TOMs code", "Measure", "Unit",
                         "Committed value", "Delivered value", "Date"],
    }
    assert set(expected) == set(REGISTERS)
    for name, headers in expected.items():
        with open(SHIPPED / f"{name}.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows == [headers], name


def test_xlsx_template_has_header_instructions_and_enumeration_validation():
    wb = openpyxl.load_workbook(SHIPPED / "exemptions.xlsx")
    assert wb.sheetnames == ["Exemptions", "Instructions", "Lists"]
    data = wb["Exemptions"]
    assert [c.value for c in data[1]] == ["Reference", "Date received", "Decision", "Decision date", "Value", "Reason"]
    assert data.max_row == 1  # no data rows
    validations = {str(v.sqref): (v.type, v.formula1) for v in data.data_validations.dataValidation}
    assert validations["C2:C5001"] == ("list", "Lists!$A$2:$A$4")
    assert validations["B2:B5001"][0] == "date"
    assert validations["E2:E5001"][0] == "decimal"
    assert [wb["Lists"].cell(r, 1).value for r in range(1, 5)] == ["Decision", "approved", "rejected", "pending"]
    instructions = [[c.value for c in row] for row in wb["Instructions"].iter_rows()]
    assert instructions[4] == ["Column", "Required", "What to enter", "Allowed values", "Example"]
    decision_row = next(r for r in instructions if r[0] == "Decision")
    assert decision_row[1] == "required"
    assert decision_row[3] == "one of: approved | rejected | pending"

    # The theme list holds commas inside values, so it must come from a range, not a typed list.
    sv = openpyxl.load_workbook(SHIPPED / "social_value.xlsx")
    themes = [sv["Lists"].cell(r, 1).value for r in range(2, 5)]
    assert themes == ["real living wage", "local recruitment, skills and staff development", "community health and wellbeing"]


def test_templates_load_with_zero_rows_and_zero_rejects(con, tmp_path: Path):
    landing = tmp_path / "landing"
    (landing / "registers").mkdir(parents=True)
    for path in SHIPPED.iterdir():
        if path.suffix in (".csv", ".xlsx"):
            shutil.copy(path, landing / "registers" / path.name)
    results = ingest_registers(con, landing)
    assert len(results) == 12
    for r in results:
        assert r.status == "loaded", (r.source_file, r.message)
        assert r.register == Path(r.source_file).stem, r.source_file
        assert (r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_duplicate) == (0, 0, 0, 0)
    assert con.execute("SELECT count(*) FROM audit.rejected_rows").fetchone()[0] == 0
    assert con.execute(
        "SELECT count(*), count(*) FILTER (WHERE kind = 'register' AND status = 'loaded') FROM audit.ingest_files"
    ).fetchone() == (12, 12)


def test_templates_are_recognised_by_headers_alone(con, tmp_path: Path):
    """Renamed to names that hint at nothing, each template is still told apart by its columns."""
    landing = tmp_path / "landing"
    (landing / "registers").mkdir(parents=True)
    names = {}
    for i, name in enumerate(REGISTERS):
        for suffix in (".csv", ".xlsx"):
            target = f"register_{i}{suffix}"
            shutil.copy(SHIPPED / f"{name}{suffix}", landing / "registers" / target)
            names[f"registers/{target}"] = name
    results = ingest_registers(con, landing)
    assert {r.source_file: r.register for r in results} == names
