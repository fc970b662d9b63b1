"""The council's ledgers in four layouts (A: Apr-Jun CSV, B: Jul-Sep cp1252 CSV, C: Oct-Dec XLSX, D: Jan-Mar CSV), with the planted bad rows."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import xlsxwriter

from anchorspend.sample.calibration import BODY, FIXED_CREATED, MONTHS
from anchorspend.sample.formats import csv_text, money_gbp, money_plain, money_trailing
from anchorspend.sample.lines import ledger_name, Line
from anchorspend.sample.suppliers import Supplier


@dataclass
class FileTruth:
    path: str
    layout: str
    data_lines: int = 0
    payment_lines: int = 0
    amount_lines: int = 0          # pence, sum of written payment lines
    rejects: list = field(default_factory=list)
    footer_lines: list = field(default_factory=list)
    sheets: dict = field(default_factory=dict)


def write_files(rng, out: Path, suppliers: list[Supplier], lines: list[Line]) -> list[FileTruth]:
    sup = {s.sid: s for s in suppliers}
    led = out / "ledgers"
    led.mkdir(parents=True, exist_ok=True)
    # Transaction numbers in date order; pairs and splits share theirs.
    order = sorted(range(len(lines)), key=lambda i: (lines[i].date, lines[i].sid, lines[i].amount))
    seq = 0
    group_txn: dict[int, int] = {}
    for i in order:
        ln = lines[i]
        if ln.group >= 0 and ln.group in group_txn:
            ln.txn = group_txn[ln.group]
            continue
        seq += 1
        ln.txn = seq
        if ln.group >= 0:
            group_txn[ln.group] = seq
    by_month: dict[int, list[Line]] = defaultdict(list)
    for ln in sorted(lines, key=lambda x: (x.date, x.txn, x.sid, -x.amount)):
        by_month[(ln.date.year - 2017) * 12 + ln.date.month - 4].append(ln)
    truths: list[FileTruth] = []
    company_ids: dict = {}

    def name_of(ln, m, layout):
        return ledger_name(sup.get(ln.sid), m, layout)

    # Planted rejects. A blank payee alone is no reject (it loads as the unnamed payee), so the
    # blank-payee rows are unfinished ones, with no amount either: the baseline stays as it was.
    # Layout A: Apr-Jun, UTF-8 (June with a BOM), LF, full header with body.
    for m in range(3):
        ft = FileTruth(f"ledgers/{MONTHS[m]:%Y-%m}.csv", "A")
        rows = [["Body", "Date", "Transaction Number", "Supplier Name", "Net Amount", "Expense Type", "Service Area",
                 "Purpose"]]
        for ln in by_month[m]:
            if ln.only_republished:
                continue
            rows.append([BODY, f"{ln.date:%d/%m/%Y}", f"51{ln.txn:08d}", name_of(ln, m, "A"),
                         money_plain(ln.amount), ln.etype, ln.area, ln.purpose])
            ft.payment_lines += 1
            ft.amount_lines += ln.amount
        if m == 1:
            rows, _ = _plant(rows, ft, [
                (120, [BODY, "16/05/2017", "5100999001", "Chiltern Vale Gardening Services", "TBC",
                       "Grounds Maintenance", "Parks & Open Spaces", "Invoice awaited"], "amount unparseable: 'TBC'"),
                (800, [BODY, "23/05/2017", "5100999002", "", "", "Agency Staff", "Corporate - HR",
                       "Agency cover"], "supplier name and amount blank"),
            ], header_lines=1)
        ft.data_lines = len(rows) - 1
        text = csv_text(rows, "\n")
        data = (b"\xef\xbb\xbf" if m == 2 else b"") + text.encode("utf-8")
        (out / ft.path).write_bytes(data)
        truths.append(ft)

    # Layout B: Jul-Sep, Windows-1252, CRLF, preamble, £ amounts, no body column, 03-JUL-2017 dates.
    def layout_b(m: int, lines_m: list[Line], path: str, title: str, plants=()) -> FileTruth:
        ft = FileTruth(path, "B")
        pre = [[BODY, "", "", "", "", "", ""], [title, "", "", "", "", "", ""], [""] * 7]
        rows = [["Payment Date", "Transaction Number", "Supplier(Beneficiary) Name", "Amount (£)", "Expense Type",
                 "Service Area", "Purpose"]]
        for ln in lines_m:
            rows.append([ln.date.strftime("%d-%b-%Y").upper(), f"{ln.txn:08d}", name_of(ln, m, "B"),
                         money_gbp(ln.amount), ln.etype, ln.area, ln.purpose])
            ft.payment_lines += 1
            ft.amount_lines += ln.amount
        rows, _ = _plant(rows, ft, list(plants), header_lines=len(pre) + 1)
        ft.data_lines = len(rows) - 1
        (out / path).write_bytes(csv_text(pre + rows, "\r\n").encode("cp1252"))
        return ft

    plants_b = {
        3: [(300, ["31-JUN-2017", "00999003", "Greensand Fencing Services", "£2,400.00", "Capital Works",
                   "Property Services", "Fencing"], "invalid date '31-JUN-2017'"),
            (1700, ["18-JUL-2017", "00999004", "Marston Vale Skip Hire", "TBC", "Waste Disposal", "Waste",
                    "Skip hire"], "amount unparseable: 'TBC'")],
        4: [(900, ["09-AUG-2017", "00999005", "", "", "Day Opportunities", "Adult Social Care",
                   "Day centre sessions"], "supplier name and amount blank")],
    }
    for m in (3, 4, 5):
        lines_m = [ln for ln in by_month[m] if not ln.only_republished]
        truths.append(layout_b(m, lines_m, f"ledgers/{MONTHS[m]:%Y-%m}.csv",
                               f"Payments to suppliers over £500 - {MONTHS[m]:%B %Y}", plants_b.get(m, ())))
    # The republished September: every original line again, the late lines, and the triple's third copy.
    truths.append(layout_b(5, by_month[5], "ledgers/2017-09_republished.csv",
                           "Payments to suppliers over £500 - September 2017 (republished 14/11/2017 with late payments)"))

    # Layout C: Oct-Dec, one XLSX with a sheet per month, a notes sheet, real dates and numbers.
    path = "ledgers/2017-10-to-12.xlsx"
    ft = FileTruth(path, "C")
    wb = xlsxwriter.Workbook(str(out / path), {"strings_to_numbers": False})
    wb.set_properties({"title": "Luton Borough Council spend over £500, October-December 2017",
                       "author": "Luton Borough Council", "created": FIXED_CREATED})
    f_date = wb.add_format({"num_format": "dd/mm/yyyy"})
    f_money = wb.add_format({"num_format": "#,##0.00"})
    f_bold = wb.add_format({"bold": True})
    notes = wb.add_worksheet("Notes")
    notes.write(0, 0, "Expenditure over £500, October to December 2017", f_bold)
    notes.write(2, 0, "Published under the Local Government Transparency Code 2015.")
    notes.write(3, 0, "Payments to individuals are redacted to protect personal data.")
    header = ["Transaction No", "Date Paid", "Supplier", "Supplier Company No", "Amount", "Expense Area",
              "Expense Type", "Description"]
    plants_c = {
        7: [(250, [999006, dt.date(2017, 11, 30), "Ouse Valley Signs", None, "TBC", "Communications",
                   "Printing", "Banners"], "amount unparseable: 'TBC'"),
            (1200, [999007, "31/11/2017", "Kempston Tree Surgery", None, 840.0, "Parks & Open Spaces",
                    "Tree Works", "Tree works"], "invalid date '31/11/2017'")],
        8: [(600, [999008, dt.date(2017, 12, 12), "", None, None, "Housing", "Void Property Works",
                   "Void clearance"], "supplier name and amount blank")],
    }
    for m in (6, 7, 8):
        ws = wb.add_worksheet(f"{MONTHS[m]:%b %Y}")
        ws.write(0, 0, f"Luton Borough Council - Expenditure over £500 - {MONTHS[m]:%B %Y}", f_bold)
        ws.write_row(2, 0, header, f_bold)
        ws.set_column(0, 7, 18)
        rows = []
        sheet_amount = 0
        for ln in by_month[m]:
            s = sup.get(ln.sid)
            co = None
            if s is not None and s.company_number and s.kind in ("company", "plc", "cic"):
                if s.sid not in company_ids:
                    company_ids[s.sid] = rng.random() < 0.7
                if company_ids[s.sid]:
                    # Excel keeps numbers: leading zeros are lost, as in real exports.
                    co = int(s.company_number) if s.company_number.isdigit() else s.company_number
            amount = ln.amount / 100
            if rng.random() < 0.04:  # float noise as Excel arithmetic leaves it
                amount = float(np.nextafter(amount, math.inf if rng.random() < 0.5 else -math.inf))
            rows.append([ln.txn, ln.date, name_of(ln, m, "C"), co, amount, ln.area, ln.etype, ln.purpose])
            ft.payment_lines += 1
            ft.amount_lines += ln.amount
            sheet_amount += ln.amount
        rows = [header] + rows
        rows, planted = _plant(rows, ft, plants_c.get(m, []), header_lines=3, sheet=ws.name)
        for r, row in enumerate(rows[1:], start=3):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if c == 1 and isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), f_date)
                elif c == 4 and isinstance(v, float):
                    ws.write_number(r, c, v, f_money)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, v)
        ft.sheets[ws.name] = {"data_rows": len(rows) - 1, "header_row": 3,
                              "payment_rows": len(rows) - 1 - planted, "amount": sheet_amount}
        ft.data_lines += len(rows) - 1
    wb.close()
    truths.append(ft)

    # Layout D: Jan-Mar, UTF-8, upper-case payees, trailing-minus credits, a TOTAL footer; March is CR-only.
    plants_d = {
        10: [(400, ["ICKNIELD PLAY ASSOCIATION", "31/02/2018", "1900999009", "650.00", "Children's Services",
                    "Arts Grants", "Summer scheme grant"], "invalid date '31/02/2018'"),
             (2500, ["BARNFIELD COURIERS", "14/02/2018", "1900999010", "TBC", "Corporate Services",
                     "Postage", "Courier"], "amount unparseable: 'TBC'")],
        11: [(1500, ["", "21/03/2018", "1900999011", "", "Housing", "Planned Maintenance",
                     "Door entry system"], "supplier name and amount blank")],
    }
    for m in (9, 10, 11):
        ft = FileTruth(f"ledgers/{MONTHS[m]:%Y-%m}.csv", "D")
        rows = [["Vendor", "Paid Date", "Doc No", "Value", "Service", "Account Description", "Narrative"]]
        for ln in by_month[m]:
            rows.append([name_of(ln, m, "D"), f"{ln.date:%d/%m/%Y}", f"19{ln.txn:08d}", money_trailing(ln.amount),
                         ln.area, ln.etype, ln.purpose])
            ft.payment_lines += 1
            ft.amount_lines += ln.amount
        rows, _ = _plant(rows, ft, plants_d.get(m, []), header_lines=1)
        ft.data_lines = len(rows) - 1
        rows.append(["TOTAL", "", "", money_trailing(ft.amount_lines), "", "", ""])
        ft.footer_lines.append(len(rows))
        nl = "\r" if m == 11 else "\n"
        (out / ft.path).write_bytes(csv_text(rows, nl).encode("utf-8"))
        truths.append(ft)
    return truths


def _plant(rows: list[list], ft: FileTruth, plants: list, header_lines: int, sheet: str | None = None):
    """Insert bad rows after the given data row; record their physical line (or sheet row) numbers."""
    plants = sorted(plants, key=lambda p: p[0])
    offset = 0
    for after, row, reason in plants:
        pos = min(after, len(rows) - 1) + 1 + offset
        rows.insert(pos, row)
        offset += 1
    # Physical position: header at line `header_lines`, so rows[i] sits at header_lines + i.
    for i, row in enumerate(rows):
        for _after, prow, reason in plants:
            if row is prow:
                ft.rejects.append({"file": ft.path, "sheet": sheet, "line": header_lines + i, "reason": reason,
                                   "raw": [None if v is None else str(v) for v in row]})
    return rows, len(plants)
