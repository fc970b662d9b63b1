"""Registers with deliberate errors: each bad row is rejected with a message naming the file,
the line and the field; the valid rows still load; every line is accounted for.

Expected messages and values are written out by hand from the files below.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from anchorspend.pipelines.registers import ingest_registers


def _write(landing: Path, rel: str, text: str) -> Path:
    path = landing / "registers" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


# Line 1 header; lines 2..9 data. Bad: 3 (date), 4 (route), 5 (negative value),
# 6 (missing reference), 7 (award before start), 9 (two faults at once).
EXERCISES = (
    "Reference,Title,Route,Start date,Award date,Value,Awarded supplier\n"
    "PE-1,Chairs,Quick quote,01/05/2019,11/05/2019,\"£1,200.50\",Acme Ltd\n"
    "PE-2,Desks,quick quote,31/02/2019,10/03/2019,500,Acme Ltd\n"
    "PE-3,Vans,Dutch auction,01/05/2019,01/06/2019,900,Vans Ltd\n"
    "PE-4,Roads,open procedure,01/04/2019,30/05/2019,-250000,Roads Ltd\n"
    ",Cleaning,framework call-off,01/04/2019,15/05/2019,100,Clean Ltd\n"
    "PE-6,Parks,restricted procedure,01/08/2019,01/07/2019,100,Parks Ltd\n"
    "PE-7,Care,Framework over threshold,03/06/2019,,,\n"
    "PE-8,IT,open,soon,01/07/2019,(300.00),IT Ltd\n"
)


def test_exercise_register_with_errors(con, tmp_path: Path):
    _write(tmp_path, "exercises.csv", EXERCISES)
    [result] = ingest_registers(con, tmp_path)
    assert result.register == "procurement_exercises"
    assert result.status == "loaded"
    assert result.rejections == [
        "registers/exercises.csv line 3: start_date: is not a date (use day-first dd/mm/yyyy) (got '31/02/2019')",
        "registers/exercises.csv line 4: route: must be one of quick quote, framework call-off, restricted procedure, "
        "open procedure, framework over threshold (got 'Dutch auction')",
        "registers/exercises.csv line 5: value: must not be negative (got '-250000')",
        "registers/exercises.csv line 6: reference: is required (got '')",
        "registers/exercises.csv line 7: award_date: must not be before start_date 01/08/2019 (got '01/07/2019')",
        "registers/exercises.csv line 9: start_date: is not a date (use day-first dd/mm/yyyy) (got 'soon'); "
        "value: must not be negative (got '(300.00)')",
    ]
    # 8 data lines = 2 loaded + 6 rejected.
    assert (result.rows_read, result.rows_loaded, result.rows_rejected, result.rows_duplicate) == (8, 2, 6, 0)
    # Only PE-1 has a value: £1,200.50.
    assert result.amount_loaded == Decimal("1200.50")

    rows = con.execute(
        "SELECT reference, route, start_date, award_date, value, financial_year, cycle_days, source_line "
        "FROM core.register_procurement_exercises ORDER BY source_line"
    ).fetchall()
    assert rows == [
        ("PE-1", "quick quote", date(2019, 5, 1), date(2019, 5, 11), Decimal("1200.50"), "2019/20", 10, 2),
        ("PE-7", "framework over threshold", date(2019, 6, 3), None, None, None, None, 8),
    ]
    audit = con.execute(
        "SELECT source_line, reason FROM audit.rejected_rows WHERE source_file = 'registers/exercises.csv' ORDER BY 1"
    ).fetchall()
    assert [line for line, _ in audit] == [3, 4, 5, 6, 7, 9]
    assert audit[0][1] == "start_date: is not a date (use day-first dd/mm/yyyy) (got '31/02/2019')"
    raw = con.execute("SELECT raw FROM audit.rejected_rows WHERE source_line = 4").fetchone()[0]
    assert '"route": "Dutch auction"' in raw
    assert con.execute(
        "SELECT kind, status, rows_read, rows_loaded, rows_rejected, amount_loaded FROM audit.ingest_files"
    ).fetchall() == [("register", "loaded", 8, 2, 6, Decimal("1200.50"))]


def test_exemption_decision_message_matches_the_brief(con, tmp_path: Path):
    # Lines 2-6 fine or fixable, line 7 has the unknown decision.
    _write(tmp_path, "exemptions.csv",
           "Reference,Date received,Decision,Decision date,Value,Reason\n"
           "EX-1,03/04/2019,Approved,10/04/2019,12000,Sole supplier\n"
           "EX-2,3 May 2019,rejected,2019-05-20,,\n"
           "EX-3,04/06/19,pending,,,\n"
           "EX-4,05/07/2019,approved,01/07/2019,,\n"
           "EX-5,06/08/2019,APPROVED,07/08/2019,\"1,000.00\",\n"
           "EX-6,07/09/2019,maybe,,,\n")
    [result] = ingest_registers(con, tmp_path)
    assert result.rejections == [
        "registers/exemptions.csv line 5: decision_date: must not be before date_received 05/07/2019 (got '01/07/2019')",
        "registers/exemptions.csv line 7: decision: must be one of approved, rejected, pending (got 'maybe')",
    ]
    rows = con.execute(
        "SELECT reference, date_received, decision, decision_date, value FROM core.register_exemptions ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("EX-1", date(2019, 4, 3), "approved", date(2019, 4, 10), Decimal("12000.00")),
        ("EX-2", date(2019, 5, 3), "rejected", date(2019, 5, 20), None),
        ("EX-3", date(2019, 6, 4), "pending", None, None),
        ("EX-5", date(2019, 8, 6), "approved", date(2019, 8, 7), Decimal("1000.00")),
    ]


def test_xlsx_register_lines_are_worksheet_rows(con, tmp_path: Path):
    """Two preamble rows and a blank row above the header: row numbers are the sheet's own."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2019-20"
    ws.append(["Savings register 2019/20"])             # row 1
    ws.append(["Kept by the procurement team"])         # row 2
    ws.append([])                                       # row 3
    ws.append(["Financial year", "Date", "Description", "Saving type", "Amount"])  # row 4
    ws.append(["2019/20", datetime(2019, 7, 15), "Cleaning", "Cashable", 1041.4099999999999])  # row 5
    ws.append([None, datetime(2020, 2, 1), "Fleet", "cost avoidance", 2500])     # row 6
    ws.append(["2019/20", datetime(2020, 4, 2), "Print", "cashable", 10])        # row 7: year disagrees with date
    ws.append([None, None, "Energy", "cashable", 99])                            # row 8: no year at all
    ws.append(["2019/20", None, "Legal", "bonus", -5])                           # row 9: two faults
    wb.create_sheet("Notes").append(["Anything else"])
    (tmp_path / "registers").mkdir()
    wb.save(tmp_path / "registers" / "savings.xlsx")

    [result] = ingest_registers(con, tmp_path)
    assert result.rejections == [
        "registers/savings.xlsx sheet '2019-20' line 7: financial_year: does not match date 02/04/2020, "
        "which falls in 2020/21 (got '2019/20')",
        "registers/savings.xlsx sheet '2019-20' line 8: financial_year: is required when Date is blank (got '')",
        "registers/savings.xlsx sheet '2019-20' line 9: saving_type: must be one of cashable, non-cashable, "
        "cost avoidance (got 'bonus'); amount: must not be negative (got '-5')",
    ]
    assert result.message == "sheets without a register header, not read: 'Notes'"
    rows = con.execute(
        "SELECT financial_year, saving_date, amount, source_sheet, source_line FROM core.register_savings ORDER BY source_line"
    ).fetchall()
    # Excel's double 1041.4099999999999 is the penny amount 1041.41.
    assert rows == [
        ("2019/20", date(2019, 7, 15), Decimal("1041.41"), "2019-20", 5),
        ("2019/20", date(2020, 2, 1), Decimal("2500.00"), "2019-20", 6),
    ]
    assert result.amount_loaded == Decimal("3541.41")


def test_duplicates_across_files_and_conflicts(con, tmp_path: Path):
    header = "Reference,Date received,Decision,Decision date,Value,Reason\n"
    _write(tmp_path, "a/exemptions_q1.csv", header + "EX-1,03/04/2019,approved,,,\nEX-2,04/04/2019,pending,,,\n")
    # Republished: EX-1 unchanged (duplicate), EX-2 now decided (conflict), EX-3 new.
    _write(tmp_path, "b/exemptions_q1_v2.csv",
           header + "EX-1,03/04/2019,approved,,,\nEX-2,04/04/2019,rejected,09/04/2019,,\nEX-3,05/04/2019,approved,,,\n")
    results = ingest_registers(con, tmp_path)
    by_file = {r.source_file: r for r in results}
    first, second = by_file["registers/a/exemptions_q1.csv"], by_file["registers/b/exemptions_q1_v2.csv"]
    assert (first.rows_read, first.rows_loaded, first.rows_rejected, first.rows_duplicate) == (2, 2, 0, 0)
    assert (second.rows_read, second.rows_loaded, second.rows_rejected, second.rows_duplicate) == (3, 1, 1, 1)
    assert second.rejections == [
        "registers/b/exemptions_q1_v2.csv line 3: reference: reference 'EX-2' already loaded from "
        "registers/a/exemptions_q1.csv line 3 with different values (got a second, different row)"
    ]
    assert con.execute("SELECT reference, decision FROM core.register_exemptions ORDER BY 1").fetchall() == [
        ("EX-1", "approved"), ("EX-2", "pending"), ("EX-3", "approved"),
    ]


def test_unrecognised_file_fails_and_the_others_load(con, tmp_path: Path):
    _write(tmp_path, "notes.csv", "Colour,Shape\nred,round\n")
    _write(tmp_path, "exemptions_missing_decision.csv", "Reference,Date received,Value\nEX-1,03/04/2019,5\n")
    _write(tmp_path, "events.csv", "Event date,Title,Attendees,Local attendees\n12/06/2019,Meet the buyer,40,50\n"
                                   "13/06/2019,Second,40,12\n")
    results = {r.source_file: r for r in ingest_registers(con, tmp_path)}
    notes = results["registers/notes.csv"]
    assert notes.status == "failed"
    assert notes.message == "registers/notes.csv: no register header found (first row: ['Colour', 'Shape'])"
    missing = results["registers/exemptions_missing_decision.csv"]
    assert missing.status == "failed"
    assert missing.message == (
        "registers/exemptions_missing_decision.csv: its name says exemptions register, but it has no column for "
        "decision (columns seen: ['Reference', 'Date received', 'Value'])"
    )
    events = results["registers/events.csv"]
    assert events.status == "loaded"
    assert events.rejections == [
        "registers/events.csv line 2: local_attendees: must not exceed attendees (40) (got '50')"
    ]
    assert con.execute("SELECT title, attendees, local_attendees FROM core.register_events").fetchall() == [
        ("Second", 40, 12)
    ]
    statuses = con.execute("SELECT source_file, status FROM audit.ingest_files ORDER BY 1").fetchall()
    assert statuses == [
        ("registers/events.csv", "loaded"),
        ("registers/exemptions_missing_decision.csv", "failed"),
        ("registers/notes.csv", "failed"),
    ]


def test_quick_quotes_and_social_value_fields(con, tmp_path: Path):
    _write(tmp_path, "qq.csv",
           "Quote Ref,Date Issued,Supplier Invited,Post Code,Local supplier?\n"
           "QQ-1,01/05/2019,The Acme Company Limited,lu12ab,Y\n"   # line 2
           "QQ-1,01/05/2019,Bravo Ltd,XX,No\n"                     # line 3: bad postcode
           "QQ-2,02/05/2019,Charlie Ltd,,perhaps\n")               # line 4: bad flag
    _write(tmp_path, "social_value.csv",
           "Contract reference,Supplier,Theme,TOMs code,Unit,Committed value,Delivered value,Date\n"
           "C-1,Acme,Real Living Wage,nt 1,GBP,1000,500,31/03/2020\n"   # line 2
           "C-1,Acme,local recruitment,NT1,people,3,,31/03/2020\n"      # line 3
           "C-2,Bravo,wellbeing,X-?,£,5,5,31/03/2020\n"                 # line 4: unknown theme and code
           "C-3,Bravo,real living wage,,£,,,31/03/2020\n")              # line 5: no value at all
    results = {r.source_file: r for r in ingest_registers(con, tmp_path)}
    assert results["registers/qq.csv"].rejections == [
        "registers/qq.csv line 3: supplier_postcode: is not a UK postcode (got 'XX')",
        "registers/qq.csv line 4: is_local: must be Y or N (got 'perhaps')",
    ]
    # The suppliers' matching key drops a leading 'The' and a trailing 'Company Limited' (co ltd).
    assert con.execute(
        "SELECT supplier_name, supplier_name_normalised, supplier_postcode, is_local FROM core.register_quick_quotes"
    ).fetchall() == [("The Acme Company Limited", "acme", "LU1 2AB", True)]
    assert results["registers/social_value.csv"].rejections == [
        "registers/social_value.csv line 4: theme: must be one of real living wage, local recruitment, skills and "
        "staff development, community health and wellbeing (got 'wellbeing'); "
        "toms_code: must be a National TOMs measure code such as NT1 (got 'X-?')",
        "registers/social_value.csv line 5: committed_value: is required when Delivered value is blank (got '')",
    ]
    assert con.execute(
        "SELECT theme, toms_code, unit, committed_value, delivered_value, financial_year "
        "FROM core.register_social_value ORDER BY source_line"
    ).fetchall() == [
        ("real living wage", "NT1", "£", Decimal("1000.00"), Decimal("500.00"), "2019/20"),
        ("local recruitment, skills and staff development", "NT1", "people", Decimal("3.00"), None, "2019/20"),
    ]
    # Only £ rows count towards amount_loaded: £1,000.00.
    assert results["registers/social_value.csv"].amount_loaded == Decimal("1000.00")


def test_rerun_changes_nothing_and_edited_file_supersedes(con, tmp_path: Path):
    path = _write(tmp_path, "events.csv", "Event date,Title\n12/06/2019,One\n13/06/2019,Two\n")
    ingest_registers(con, tmp_path)
    ingest_registers(con, tmp_path)
    assert con.execute("SELECT count(*) FROM core.register_events").fetchone()[0] == 2
    assert con.execute("SELECT status, rows_loaded FROM audit.ingest_files").fetchall() == [("loaded", 2)]
    path.write_text("Event date,Title\n12/06/2019,One\n13/06/2019,Two\n14/06/2019,Three\n", encoding="utf-8")
    ingest_registers(con, tmp_path)
    assert con.execute("SELECT count(*) FROM core.register_events").fetchone()[0] == 3
    assert con.execute("SELECT status, rows_loaded FROM audit.ingest_files ORDER BY rows_loaded").fetchall() == [
        ("superseded", 2), ("loaded", 3),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/04/2019", date(2019, 4, 3)),      # day first, never April 3rd read as March 4th
        ("3/4/19", date(2019, 4, 3)),
        ("03-APR-2019", date(2019, 4, 3)),
        ("3 April 2019", date(2019, 4, 3)),
        ("2019-04-03", date(2019, 4, 3)),
        ("43558", date(2019, 4, 3)),           # Excel serial: 43558 days after 30/12/1899
    ],
)
def test_date_forms(text, expected):
    from anchorspend.pipelines.registers.models import Event

    assert Event.model_validate({"event_date": text, "title": "x"}).event_date == expected
