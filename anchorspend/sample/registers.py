"""A deterministic sample of every register for FY 2019/20, the strategy's first year.

2019/20 rather than the ledgers' 2017/18: the strategy's targets (events, savings)
start in 2019/20 and its baselines (exemptions 2018/19, current cycle times) are
what 2019/20 is measured against, so the scorecard has something to say.

The files mimic how the team keeps them: some XLSX made from the template (typed
dates and numbers, an Instructions sheet), some CSV with their own header
wording, one in a sub-folder, and a few bad rows in the exemptions register to
show rejection. Supplier names are fictional.
"""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from anchorspend.pipelines.config import SAMPLE_LANDING
from anchorspend.pipelines.registers.models import REGISTERS, ROUTES, Register

SAMPLE_DIR = SAMPLE_LANDING / "registers"
FY_START, FY_END = date(2019, 4, 1), date(2020, 3, 31)
SEED = 2019
_FIXED_TIME = datetime(2020, 4, 1)

LOCAL_SUPPLIERS = [
    ("Luton Office Supplies Ltd", "LU1 2BQ"), ("Stopsley Electrical Ltd", "LU2 8DL"),
    ("Dunstable Road Motors Ltd", "LU4 8JN"), ("Wardown Catering Ltd", "LU2 7HA"),
    ("Hatters Print & Design Ltd", "LU1 3LU"), ("Leagrave Plumbing Services", "LU3 1RB"),
    ("Bury Park Cleaning Co", "LU1 1HE"), ("Marsh Farm Joinery Ltd", "LU3 3QB"),
    ("Vauxhall Way Logistics Ltd", "LU2 0SW"), ("Farley Hill Landscapes", "LU1 5EL"),
    ("Lewsey Training Partnership CIC", "LU4 0UD"), ("Round Green Roofing Ltd", "LU2 0PS"),
]
OTHER_SUPPLIERS = [
    ("Chiltern Facilities Ltd", "HP5 1DS"), ("Bedford Building Supplies Ltd", "MK40 1AB"),
    ("Milton Keynes IT Services Ltd", "MK9 2EA"), ("St Albans Consulting LLP", "AL1 3JE"),
    ("Stevenage Engineering Ltd", "SG1 2DX"), ("Northampton Fleet Ltd", "NN1 1DE"),
    ("London Legal Partners LLP", "EC4A 1AB"), ("Cambridge Analytics Ltd", "CB2 1TN"),
    ("Hitchin Signs Ltd", "SG5 1AT"), ("Watford Stationery Ltd", "WD17 1AP"),
    ("Peterborough Software Ltd", "PE1 1EF"), ("Harpenden Events Ltd", "AL5 2TD"),
    ("Birmingham Uniforms Ltd", "B1 1BB"), ("Leeds Data Systems Ltd", "LS1 4AP"),
    ("Reading Security Services Ltd", "RG1 1AF"), ("Aylesbury Groundworks Ltd", "HP20 1UA"),
    ("Oxford Research Ltd", "OX1 1BX"), ("Hemel Packaging Ltd", "HP1 1BB"),
    ("Welwyn Print Ltd", "AL8 6AA"), ("Biggleswade Plant Hire Ltd", "SG18 8AA"),
    ("Kettering Furniture Ltd", "NN16 0AA"), ("Manchester Interpreting Ltd", "M1 1AE"),
    ("Bristol Environmental Ltd", "BS1 4DJ"), ("Coventry Vehicle Hire Ltd", "CV1 1FB"),
    ("Nottingham Lighting Ltd", "NG1 1AA"), ("Croydon Catering Ltd", "CR0 1NX"),
    ("Slough Cleaning Ltd", "SL1 1AA"), ("Swindon Office Interiors Ltd", "SN1 1AA"),
    ("Leicester Care Supplies Ltd", "LE1 1AA"), ("Norwich Translation Ltd", "NR1 1AA"),
    ("Ipswich Waste Services Ltd", "IP1 1AA"), ("Guildford Surveyors LLP", "GU1 1AA"),
    ("Brighton Digital Ltd", "BN1 1AA"), ("Sheffield Steel Fabrications Ltd", "S1 2HE"),
    ("Hull Marine Supplies Ltd", "HU1 1AA"), ("Exeter Training Ltd", "EX1 1AA"),
    ("Chelmsford Fencing Ltd", "CM1 1AA"), ("Colchester Hygiene Ltd", "CO1 1AA"),
]
# Each route's typical cycle in the sample, in days: spread around the strategy's current figures.
ROUTE_PLAN = {  # route: (exercises, low days, high days)
    "quick quote": (30, 7, 21),
    "framework call-off": (16, 28, 60),
    "restricted procedure": (4, 95, 150),
    "open procedure": (8, 45, 90),
    "framework over threshold": (6, 80, 140),
}
assert set(ROUTE_PLAN) == set(ROUTES)


def _day(rng: random.Random, start: date = FY_START, end: date = FY_END) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _pounds(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low * 100, high * 100)) / 100


def _dmy(d: date | None) -> str:
    return "" if d is None else d.strftime("%d/%m/%Y")


def _procurement(rng: random.Random) -> list[dict]:
    rows, n = [], 0
    for route, (count, low, high) in ROUTE_PLAN.items():
        for _ in range(count):
            n += 1
            award = _day(rng)
            start = award - timedelta(days=rng.randint(low, high))
            name = rng.choice(LOCAL_SUPPLIERS + OTHER_SUPPLIERS)[0]
            value = _pounds(rng, 2_000, 25_000) if route == "quick quote" else _pounds(rng, 30_000, 900_000)
            rows.append({"reference": f"PE-2019-{n:03d}", "title": f"{route.title()} exercise {n}", "route": route,
                         "start_date": start, "award_date": award, "value": value, "awarded_supplier": name})
    for k in range(3):  # still running at year end
        n += 1
        rows.append({"reference": f"PE-2019-{n:03d}", "title": f"Open procedure exercise {n}", "route": "open procedure",
                     "start_date": date(2020, 2, 3 + 7 * k), "award_date": None, "value": None, "awarded_supplier": None})
    rows.sort(key=lambda r: r["start_date"])
    return rows


def _exemptions(rng: random.Random) -> list[dict]:
    decisions = ["approved"] * 98 + ["rejected"] * 38 + ["pending"] * 4
    rng.shuffle(decisions)
    received = sorted(_day(rng) for _ in decisions)
    reasons = ["Sole supplier", "Urgent need", "Continuity of service", "Specialist works", "Below market threshold"]
    rows = []
    for i, (day, decision) in enumerate(zip(received, decisions), start=1):
        if decision == "pending":
            day = _day(rng, date(2020, 3, 2))
        decided = None if decision == "pending" else day + timedelta(days=rng.randint(1, 21))
        rows.append({"reference": f"EX-2019-{i:03d}", "date_received": _dmy(day), "decision": decision.title(),
                     "decision_date": _dmy(decided), "value": f"£{_pounds(rng, 5_000, 150_000):,}",
                     "reason": rng.choice(reasons)})
    # Two rows as the team sometimes types them: the ingest rejects them with a reason.
    rows.insert(40, {"reference": "EX-2019-141", "date_received": "31/02/2020", "decision": "Approved",
                     "decision_date": "", "value": "£8,000.00", "reason": "Sole supplier"})
    rows.insert(90, {"reference": "EX-2019-142", "date_received": "14/11/2019", "decision": "maybe",
                     "decision_date": "", "value": "£12,500.00", "reason": "Urgent need"})
    return rows


def _events() -> list[dict]:
    return [
        {"event_date": "19/06/2019", "title": "Meet the buyer: construction and highways", "attendees": "62", "local_attendees": "35"},
        {"event_date": "16/10/2019", "title": "Meet the buyer: social care providers", "attendees": "48", "local_attendees": "29"},
        {"event_date": "12/02/2020", "title": "Meet the buyer: facilities and services", "attendees": "55", "local_attendees": "31"},
    ]


def _savings(rng: random.Random) -> list[dict]:
    types = ["cashable"] * 5 + ["non-cashable"] * 2 + ["cost avoidance"] * 2
    rows = []
    for i in range(1, 37):
        day = _day(rng)
        row = {"financial_year": "2019/20", "saving_date": day, "description": f"Contract re-procurement saving {i}",
               "saving_type": rng.choice(types), "amount": _pounds(rng, 20_000, 240_000)}
        if i % 3 == 0:
            row["saving_date"] = None  # known only by year
        elif i % 3 == 1:
            row["financial_year"] = None  # year follows from the date
        rows.append(row)
    return rows


def _quick_quotes(rng: random.Random) -> list[dict]:
    pool = LOCAL_SUPPLIERS + OTHER_SUPPLIERS
    rows = []
    for i in range(1, 91):
        day = _day(rng)
        for name, postcode in rng.sample(pool, 3):
            local = (name, postcode) in LOCAL_SUPPLIERS
            # Some rows lack a postcode; then the team's own Local? column is what is known.
            keep_postcode = rng.random() > 0.15
            rows.append({"Quote Ref": f"QQ-2019-{i:03d}", "Date Issued": _dmy(day), "Requirement": f"Quick quote {i}",
                         "Supplier Invited": name, "Post Code": postcode if keep_postcode else "",
                         "Local supplier?": "Yes" if local else "No"})
    return rows


def _social_value(rng: random.Random, exercises: list[dict]) -> list[dict]:
    measures = [
        ("real living wage", None, "Employees on the contract paid at least the real living wage", "people", 4, 20),
        ("real living wage", None, "Extra pay from the real living wage uplift", "£", 5_000, 40_000),
        ("local recruitment, skills and staff development", "NT1", "Local people employed on the contract (FTE)", "people", 1, 8),
        ("local recruitment, skills and staff development", "NT10", "Apprenticeship weeks on the contract", "weeks", 20, 150),
        ("local recruitment, skills and staff development", None, "Value of local employment", "£", 20_000, 150_000),
        ("community health and wellbeing", "NT28", "Donations and in-kind support to local VCSEs", "£", 1_000, 15_000),
        ("community health and wellbeing", None, "Volunteering hours for local community projects", "hours", 20, 200),
    ]
    awarded = [e for e in exercises if e["award_date"] and e["route"] != "quick quote"]
    rows = []
    for ex in rng.sample(awarded, 12):
        for theme, code, text, unit, low, high in rng.sample(measures, rng.randint(2, 4)):
            committed = Decimal(rng.randint(low, high))
            delivered = (committed * Decimal(rng.randint(40, 110)) / 100).quantize(Decimal("1"))
            rows.append({"contract_reference": ex["reference"], "supplier": ex["awarded_supplier"], "theme": theme,
                         "toms_code": code, "measure": text, "unit": unit, "committed_value": committed,
                         "delivered_value": delivered, "record_date": date(2020, 3, 31)})
    return rows


def _write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_xlsx(path: Path, reg: Register, rows: list[dict]) -> None:
    """The register as the team keeps it in the template: typed cells, an Instructions sheet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": f"{reg.title} register 2019/20", "created": _FIXED_TIME})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet(reg.title[:31])
    for col, name in enumerate(reg.fields):
        ws.write_string(0, col, reg.header(name), bold)
        for r, row in enumerate(rows, start=1):
            value = row.get(name)
            if value is None:
                continue
            if isinstance(value, date):
                ws.write_datetime(r, col, datetime(value.year, value.month, value.day), date_fmt)
            elif isinstance(value, Decimal):
                ws.write_number(r, col, float(value))  # as Excel stores it: a double
            else:
                ws.write_string(r, col, str(value))
    notes = wb.add_worksheet("Instructions")
    notes.write_string(0, 0, f"{reg.title} register: see reference_data/templates/README.md")
    wb.close()


def generate_sample_registers(out_dir: Path = SAMPLE_DIR) -> list[Path]:
    """Write the FY 2019/20 sample of every register under out_dir; returns the files written."""
    out_dir = Path(out_dir)
    rng = random.Random(SEED)
    exercises = _procurement(rng)
    files = {
        out_dir / "procurement" / "procurement_exercises_2019-20.xlsx": ("xlsx", "procurement_exercises", exercises),
        out_dir / "exemptions_2019-20.csv": ("csv", "exemptions", _exemptions(rng)),
        out_dir / "meet_the_buyer_events_2019-20.csv": ("csv", "events", _events()),
        out_dir / "savings_2019-20.xlsx": ("xlsx", "savings", _savings(rng)),
        out_dir / "quick_quotes_2019-20.csv": ("csv", "quick_quotes", _quick_quotes(rng)),
        out_dir / "social_value_2019-20.xlsx": ("xlsx", "social_value", _social_value(rng, exercises)),
    }
    for path, (fmt, name, rows) in files.items():
        if fmt == "xlsx":
            _write_xlsx(path, REGISTERS[name], rows)
        else:
            # CSV registers carry the team's own headers for some columns (mapped by synonyms).
            reg = REGISTERS[name]
            keyed = [{(reg.header(k) if k in reg.model.model_fields else k): v for k, v in row.items()} for row in rows]
            _write_csv(path, keyed)
    return sorted(files)
