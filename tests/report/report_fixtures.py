"""A small hand-made warehouse for the report tests, built the way production builds it:
hand-made rows in core.dim_supplier, core.supplier_match, core.fct_payment, core.register_* and
audit.*, then the real mart builders (pipelines.kpis.build_kpi_marts,
pipelines.suppliers.build_unmatched_suppliers, pipelines.registers.build_register_marts).

Figures the tests expect are worked out by hand below, from these rows, not from the marts.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from anchorspend.pipelines.kpis import build_kpi_marts
from anchorspend.pipelines.registers import build_register_marts
from anchorspend.pipelines.suppliers import build_unmatched_suppliers

BODY = "Luton Borough Council"
PERSON = "Margaret Thistlewood"  # a made-up individual's name, typed in the ledger for redacted payees
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example/","click")'

# supplier_key, display name, local_primary, local_secondary, sme, vcs, imd_decile, redacted, match_method
SUPPLIERS = [
    ("ACME", "Acme Care Ltd", True, True, True, False, 1, False, "company_number"),
    ("SCR", SCRIPT, False, False, True, False, 6, False, "name"),
    ("RED", "Redacted (personal data)", None, None, None, None, None, True, "redacted"),
    ("LCT", "Luton Community Trust", True, True, False, True, 3, False, "charity_number"),
    ("BEDS", "Bedford Builders Ltd", False, True, False, False, 4, False, "company_number"),
    ("UNM", FORMULA, None, None, None, None, None, False, "unmatched"),
    ("UNM2", "Bobs Plumbing", None, None, None, None, None, False, "unmatched"),
]

# n, payment_date, ledger supplier_name, supplier_key, amount, expense_area, procurement_category
PAYMENTS = [
    (1, dt.date(2017, 3, 10), "ACME CARE LIMITED", "ACME", "10000.00", "Adult Social Care", "Social Care"),
    (2, dt.date(2017, 3, 20), SCRIPT, "SCR", "40000.00", "Housing", "Construction"),
    # April 2017: total 100,000.00
    (3, dt.date(2017, 4, 3), "Acme Care Ltd", "ACME", "20000.00", "Corporate", "Facilities"),
    (4, dt.date(2017, 4, 5), SCRIPT, "SCR", "60000.50", "Housing", "Construction"),
    (5, dt.date(2017, 4, 7), PERSON, "RED", "750.00", "Adult Social Care", None),
    (6, dt.date(2017, 4, 12), "Luton Community Trust", "LCT", "5000.00", "Children", "Social Care"),
    (7, dt.date(2017, 4, 19), FORMULA, "UNM", "1500.00", "Housing", None),
    (8, dt.date(2017, 4, 28), "Bedford Builders", "BEDS", "12749.50", "Housing", "Construction"),
    # May 2017: total 200,000.00; one payment with no supplier record, to a person by name
    (9, dt.date(2017, 5, 2), "Acme Care Ltd", "ACME", "150000.00", "Adult Social Care", "Social Care"),
    (10, dt.date(2017, 5, 9), "Bedford Builders Ltd", "BEDS", "40000.00", "Corporate", "Facilities"),
    (11, dt.date(2017, 5, 15), "Bobs Plumbing", "UNM2", "500.00", "Housing", None),
    (12, dt.date(2017, 5, 30), PERSON, None, "9500.00", "Children", None),
    # June 2017: a credit only
    (13, dt.date(2017, 6, 6), "Acme Care Ltd", "ACME", "-1000.00", "Adult Social Care", "Social Care"),
    # A year earlier (FY 2016/17), for the year-on-year comparison: April 2016 8,000.00;
    # May 2016 12,000.00, of which 2,000.00 local (primary); no payments in June 2016.
    (14, dt.date(2016, 4, 10), "Acme Care Ltd", "ACME", "8000.00", "Adult Social Care", "Social Care"),
    (15, dt.date(2016, 5, 12), "Luton Community Trust", "LCT", "2000.00", "Children", "Social Care"),
    (16, dt.date(2016, 5, 20), "Bedford Builders Ltd", "BEDS", "10000.00", "Corporate", "Facilities"),
]

# Targets for the tests (not the shipped file): local 60 -> amber, VCS 10 -> red, SME tbc -> grey.
TARGETS_CSV = """measure,financial_year,target_pct,note
pct_local_primary,2017/18,60,test
pct_sme,2017/18,,tbc
pct_vcs,2017/18,10,test
"""

# Worked by hand from PAYMENTS, financial year 2017/18 up to June:
#   total  = 100,000.00 + 200,000.00 - 1,000.00 = 299,000.00
#   local (primary) = ACME 20,000 + LCT 5,000 + ACME 150,000 - ACME 1,000 = 174,000.00
#   share = 174,000 / 299,000 = 58.1939...% -> 58.19 (2 dp), 58.2% shown; target 60 -> amber
#   VCS = LCT 5,000.00 -> 1.67%; target 10 -> red
#   SME = ACME 169,000 + SCR 60,000.50 = 229,000.50 -> 76.59%
EXPECTED_FYTD_TOTAL = Decimal("299000.00")
EXPECTED_FYTD_PCT_LOCAL_PRIMARY = Decimal("58.19")
EXPECTED_FYTD_PCT_VCS = Decimal("1.67")
EXPECTED_FYTD_PCT_SME = Decimal("76.59")
# Leakage 2017/18: Facilities has local Acme (20,000.00) and non-local Bedford Builders (40,000.00);
# Construction has no local (primary) supplier, so it is not leakage.
# April alone: 25,000 / 100,000 = 25.00% local; Bedfordshire adds 12,749.50 -> 37.7495 -> 37.75%.
EXPECTED_APRIL_PCT_LOCAL_SECONDARY = Decimal("37.75")

# Year on year for May 2017, by hand from PAYMENTS:
#   May 2017 total 200,000.00, local (primary) ACME 150,000.00 -> 75.00%
#   May 2016 total 2,000.00 + 10,000.00 = 12,000.00, local LCT 2,000.00 -> 16.666...% -> 16.67%
#   2017/18 to May: total 100,000.00 + 200,000.00 = 300,000.00; local 20,000 + 5,000 + 150,000
#     = 175,000.00 -> 58.333...% -> 58.33%
#   2016/17 to May: total 8,000 + 12,000 = 20,000.00; local ACME 8,000 + LCT 2,000 = 10,000.00 -> 50.00%
#   suppliers paid to May: 2017/18 ACME, SCR, LCT, BEDS, UNM, UNM2 = 6; 2016/17 ACME, LCT, BEDS = 3
# measure -> (month, same month last year, change, relative %), then the same for the year to date
EXPECTED_YOY_MAY = {
    "total_spend": ((Decimal("200000.00"), Decimal("12000.00"), Decimal("188000.00"), Decimal("1566.7")),
                    (Decimal("300000.00"), Decimal("20000.00"), Decimal("280000.00"), Decimal("1400.0"))),
    "pct_local_primary": ((Decimal("75.00"), Decimal("16.67"), Decimal("58.33"), None),
                          (Decimal("58.33"), Decimal("50.00"), Decimal("8.33"), None)),
    "supplier_count": (None, (6, 3, 3, Decimal("100.0"))),
}


# Spend scorecard, 2017/18 (marts.kpi_spend_by_year: April-June 2017 is the whole year loaded),
# by hand from PAYMENTS and SUPPLIERS:
#   local (secondary) = ACME 169,000 + LCT 5,000 + BEDS 12,749.50 + 40,000 = 226,749.50
#     / 299,000 = 75.8359...% -> 75.84; no target (the target is on the primary definition)
#   suppliers paid (a supplier record, not redacted, positive net spend): ACME, SCR, LCT, BEDS and
#     the two unmatched names UNM and UNM2 = 6 (RED is redacted; payment 12 has no record)
#   local primary: ACME, LCT = 2; local secondary: ACME, LCT, BEDS = 3; SME: ACME, SCR = 2; VCS: LCT = 1
#   local SME spend: ACME 169,000.00; deprived areas (IMD deciles 1-2): ACME 169,000.00
# measure -> (value, target, status)
EXPECTED_SPEND_SCORECARD = {
    "pct_local_primary": (Decimal("58.19"), Decimal("60.00"), "near target"),  # 1.81 points below: within 5
    "pct_local_secondary": (Decimal("75.84"), None, "no target"),
    "pct_sme": (Decimal("76.59"), None, "no target"),  # target tbc
    "pct_vcs": (Decimal("1.67"), Decimal("10.00"), "off target"),  # 8.33 points below
    "local_sme_spend": (Decimal("169000.00"), None, "no target"),
    "deprived_area_spend": (Decimal("169000.00"), None, "no target"),
    "supplier_count": (Decimal("6"), None, "no target"),
    "local_primary_supplier_count": (Decimal("2"), None, "no target"),
    "local_secondary_supplier_count": (Decimal("3"), None, "no target"),
    "sme_supplier_count": (Decimal("2"), None, "no target"),
    "vcs_supplier_count": (Decimal("1"), None, "no target"),
}

# The procurement registers, by hand. Registers hold 2017/18 (the ledgers' year) and, for the
# "latest year with data" fallback, one event and one saving in 2018/19.
# reference, title, route, start, award, cycle days (counted by hand), financial year of award
EXERCISES = [
    ("PE1", "Grounds kit", "quick quote", dt.date(2017, 4, 3), dt.date(2017, 4, 13), 10, "2017/18"),
    ("PE2", "Signage", "quick quote", dt.date(2017, 5, 1), dt.date(2017, 5, 21), 20, "2017/18"),
    # 1 April -> 1 May is 30 days, + 25 to 26 May = 55
    ("PE3", "Library refit", "open procedure", dt.date(2017, 4, 1), dt.date(2017, 5, 26), 55, "2017/18"),
    ("PE4", "Care framework", "restricted procedure", dt.date(2017, 6, 1), None, None, None),  # in progress
]
# reference, received, decision
EXEMPTIONS = [
    ("X1", dt.date(2017, 4, 10), "approved"),
    ("X2", dt.date(2017, 7, 1), "approved"),
    ("X3", dt.date(2017, 9, 9), "rejected"),
    ("X4", dt.date(2018, 3, 30), "pending"),
]
# date, title, attendees, local attendees, financial year
EVENTS = [
    (dt.date(2017, 9, 14), "Meet the buyer: care", 30, 12, "2017/18"),
    (dt.date(2018, 10, 1), "Meet the buyer: works", None, None, "2018/19"),
]
# description, type, amount, financial year
SAVINGS = [
    ("Energy contract", "cashable", "1000000.50", "2017/18"),
    ("Print consolidation", "non-cashable", "250000.25", "2017/18"),
    ("Fleet lease", "cost avoidance", "49999.25", "2017/18"),
    ("Stationery", "cashable", "100.00", "2018/19"),
]
# reference, date, supplier, postcode, register's Local? flag
QUICK_QUOTES = [
    ("QQ1", dt.date(2017, 5, 2), "Alpha Ltd", "LU1 2BQ", None),  # LU postcode: local
    ("QQ1", dt.date(2017, 5, 2), "Beta Ltd", "MK40 1AA", None),
    ("QQ2", dt.date(2017, 6, 5), "Gamma Ltd", "SG5 1AA", None),
    ("QQ2", dt.date(2017, 6, 5), "Delta Ltd", None, None),  # location unknown
    ("QQ3", dt.date(2017, 7, 10), "Echo Ltd", None, True),  # only the register's flag: local
]
# contract, supplier, theme, unit, committed, delivered, date
SOCIAL_VALUE = [
    ("C1", "Alpha Ltd", "real living wage", "£", "10000.00", "2500.00", dt.date(2017, 12, 1)),
    ("C2", "Beta Ltd", "real living wage", "£", "5000.00", "5000.00", dt.date(2018, 1, 15)),
    ("C1", "Alpha Ltd", "local recruitment, skills and staff development", "people", "5", "3", dt.date(2017, 12, 1)),
    ("C3", "Gamma Ltd", "community health and wellbeing", "£", "2000.00", None, dt.date(2018, 3, 1)),
]
# Targets for the tests: the strategy's current cycle times and 2018/19 exemptions baseline, and
# 2017/18 targets made up for the test (the strategy's own start in 2019/20).
REGISTER_TARGETS_CSV = """measure,financial_year,dimension,figure,kind,direction,unit,source
procurement_cycle_days,,quick quote,14,current,lower_is_better,days,test
procurement_cycle_days,,framework call-off,45,current,lower_is_better,days,test
procurement_cycle_days,,restricted procedure,120,current,lower_is_better,days,test
procurement_cycle_days,,open procedure,60,current,lower_is_better,days,test
procurement_cycle_days,,framework over threshold,120,current,lower_is_better,days,test
exemptions_received,2018/19,,160,baseline,lower_is_better,count,test
exemptions_approved,2018/19,,115,baseline,lower_is_better,count,test
exemptions_rejected,2018/19,,45,baseline,none,count,test
meet_the_buyer_events,2017/18,,2,target,higher_is_better,count,test
savings,2017/18,,1200000.00,target,higher_is_better,GBP,test
quick_quotes_local_share,2017/18,,50,target,higher_is_better,percent,test
"""
# Register scorecard for 2017/18, by hand, in display order:
# (measure, dimension, value, target, target_kind, target_year, status, detail)
#   quick quote: (10 + 20) / 2 = 15.0 days against 14: off target; open procedure 55 against 60: on target;
#     the other routes have no award in the year: no figure, still shown with their current figure.
#     Routes in order of current figure, ties by name.
#   exemptions: 4 received, 2 approved, 1 rejected (1 pending), against 160 / 115 / 45: fewer is
#     better, so on target, on target; rejected is shown for information.
#   events: 1 against 2: off target. savings: 1,000,000.50 + 250,000.25 + 49,999.25 = 1,300,000.00
#     against 1,200,000.00: on target.
#   quick quotes: QQ1 (Alpha, LU) and QQ3 (Echo, flag) invite a local supplier, QQ2 does not and
#     has an invitee of unknown location: 2 / 3 = 66.67 -> 66.7% against 50: on target.
#   social value (£ only): real living wage committed 10,000 + 5,000 = 15,000.00, delivered
#     2,500 + 5,000 = 7,500.00 (50.0%); local recruitment has no £ rows: 0.00 and 0.00;
#     community health 2,000.00 committed, nothing delivered.
RLW, LRS, CHW = ("real living wage", "local recruitment, skills and staff development", "community health and wellbeing")
EXPECTED_REGISTER_SCORECARD_2017 = [
    ("procurement_cycle_days", "quick quote", Decimal("15.00"), Decimal("14.00"), "current", None, "off target",
     "2 awarded; median 15.0 days"),
    ("procurement_cycle_days", "framework call-off", None, Decimal("45.00"), "current", None, "no figure",
     "0 awarded; median - days"),
    ("procurement_cycle_days", "open procedure", Decimal("55.00"), Decimal("60.00"), "current", None, "on target",
     "1 awarded; median 55.0 days"),
    ("procurement_cycle_days", "framework over threshold", None, Decimal("120.00"), "current", None, "no figure",
     "0 awarded; median - days"),
    ("procurement_cycle_days", "restricted procedure", None, Decimal("120.00"), "current", None, "no figure",
     "0 awarded; median - days"),
    ("exemptions_received", None, Decimal("4.00"), Decimal("160.00"), "baseline", "2018/19", "on target", "baseline 2018/19: 160"),
    ("exemptions_approved", None, Decimal("2.00"), Decimal("115.00"), "baseline", "2018/19", "on target", "baseline 2018/19: 115"),
    ("exemptions_rejected", None, Decimal("1.00"), Decimal("45.00"), "baseline", "2018/19", "for information",
     "baseline 2018/19: 45"),
    ("meet_the_buyer_events", None, Decimal("1.00"), Decimal("2.00"), "target", None, "off target", "30 attendees, 12 local"),
    ("savings", None, Decimal("1300000.00"), Decimal("1200000.00"), "target", None, "on target",
     "cashable £1,000,000.50; cumulative £1,300,000.00 against £1,200,000.00"),
    ("quick_quotes_local_share", None, Decimal("66.70"), Decimal("50.00"), "target", None, "on target",
     "2 of 3 quick quotes; 1 with invitees of unknown location"),
    ("social_value_committed", RLW, Decimal("15000.00"), None, None, None, "no target", "2 contracts"),
    ("social_value_committed", LRS, Decimal("0.00"), None, None, None, "no target", "0 contracts"),
    ("social_value_committed", CHW, Decimal("2000.00"), None, None, None, "no target", "1 contracts"),
    ("social_value_delivered", RLW, Decimal("7500.00"), None, None, None, "no target", "50.0% of committed"),
    ("social_value_delivered", LRS, Decimal("0.00"), None, None, None, "no target", None),
    ("social_value_delivered", CHW, Decimal("0.00"), None, None, None, "no target", "0.0% of committed"),
]


def _financial_year(d: dt.date) -> str:
    start = d.year if d.month >= 4 else d.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def build_report_warehouse(con, tmp_dir: Path) -> None:
    con.executemany(
        """INSERT INTO core.dim_supplier (supplier_key, supplier_name, is_local_primary, is_local_secondary,
               is_sme, is_vcs, imd_decile, is_redacted, match_method) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        SUPPLIERS,
    )
    # How each ledger name reached its record; the unmatched worklist is built from this.
    matches = sorted({(name, key) for _, _, name, key, *_ in PAYMENTS if key})
    method = {s[0]: s[8] for s in SUPPLIERS}
    con.executemany(
        "INSERT INTO core.supplier_match (supplier_name, supplier_key, match_method) VALUES (?, ?, ?)",
        [(name, key, method[key]) for name, key in matches],
    )
    for n, day, name, key, amount, area, category in PAYMENTS:
        con.execute(
            """INSERT INTO core.fct_payment (body, payment_date, transaction_number, supplier_name, amount,
                   expense_area, procurement_category, financial_year, month, source_file, file_sha256,
                   source_line, line_key, supplier_key)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'sha', ?, ?, ?)""",
            [BODY, day, f"T{n}", name, Decimal(amount), area, category, _financial_year(day), day.replace(day=1),
             f"ledger/{day:%Y-%m}.csv", n + 1, f"line{n}", key],
        )
    targets = tmp_dir / "targets.csv"
    targets.write_text(TARGETS_CSV, encoding="utf-8")
    build_kpi_marts(con, targets_path=targets)
    build_unmatched_suppliers(con)
    insert_registers(con)
    register_targets = tmp_dir / "register_targets.csv"
    register_targets.write_text(REGISTER_TARGETS_CSV, encoding="utf-8")
    build_register_marts(con, targets_path=register_targets)

    con.execute(
        "INSERT INTO audit.ingest_files (source_file, file_sha256, kind, status, message, rows_read, rows_loaded, "
        "rows_rejected, rows_duplicate, amount_loaded, ingested_at) VALUES "
        "('ledger/2017-03.csv', 'a0', 'ledger', 'loaded', NULL, 2, 2, 0, 0, 50000.00, TIMESTAMP '2017-07-02 08:59:00'),"
        "('ledger/2017-04.csv', 'a1', 'ledger', 'loaded', NULL, 9, 6, 2, 1, 100000.00, TIMESTAMP '2017-07-02 09:00:00'),"
        "('ledger/2017-05.csv', 'a2', 'ledger', 'loaded', NULL, 4, 4, 0, 0, 200000.00, TIMESTAMP '2017-07-02 09:00:01'),"
        "('ledger/2017-06.csv', 'a3', 'ledger', 'loaded', NULL, 3, 1, 2, 0, -1000.00, TIMESTAMP '2017-07-03 10:30:00'),"
        # A file that could not be read quotes its first cells in the message; one is a payee's name.
        f"('ledger/broken.csv', 'a4', 'ledger', 'failed', 'no header row found in the first 50 lines; first row seen: [''{PERSON}'', ''600.00'']', 0, 0, 0, 0, 0, "
        "TIMESTAMP '2017-07-03 10:31:00'),"
        "('suppliers/extract.csv', 'a5', 'supplier_extract', 'loaded', NULL, 7, 7, 0, 0, 123456.78, "
        "TIMESTAMP '2017-07-01 08:00:00')"
    )
    rejected = [
        ("ledger/2017-04.csv", 7, "amount is not a number: 'abc'", {"Supplier": PERSON, "Amount": "abc"}),
        ("ledger/2017-04.csv", 9, "date is missing", {"Supplier": "Acme Care Ltd", "Amount": "12.00"}),
        ("ledger/2017-06.csv", 3, "date is missing", {"Supplier": PERSON, "Amount": "600.00"}),
        # A reason that quotes the payee: the report masks quoted values.
        ("ledger/2017-06.csv", 4, f"amount is not a number: '{PERSON}'", {"Supplier": "x", "Amount": PERSON}),
    ]
    sha = {"ledger/2017-04.csv": "a1", "ledger/2017-06.csv": "a3"}
    for f, line, reason, raw in rejected:
        con.execute("INSERT INTO audit.rejected_rows VALUES (?, ?, NULL, ?, ?, ?)",
                    [f, sha[f], line, reason, json.dumps(raw)])


def insert_registers(con) -> None:
    """The registers above into core.register_*, as pipelines.registers.ingest_registers would."""
    prov = ("registers/test.csv", "sha", None)
    con.executemany(
        """INSERT INTO core.register_procurement_exercises (reference, title, route, start_date, award_date,
               financial_year, cycle_days, source_file, file_sha256, source_sheet, source_line)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [(ref, title, route, start, award, fy, days, *prov, i + 2)
         for i, (ref, title, route, start, award, days, fy) in enumerate(EXERCISES)],
    )
    con.executemany(
        """INSERT INTO core.register_exemptions (reference, date_received, decision, financial_year,
               source_file, file_sha256, source_sheet, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [(ref, day, decision, _financial_year(day), *prov, i + 2) for i, (ref, day, decision) in enumerate(EXEMPTIONS)],
    )
    con.executemany(
        """INSERT INTO core.register_events (event_date, title, attendees, local_attendees, financial_year,
               source_file, file_sha256, source_sheet, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [(*event, *prov, i + 2) for i, event in enumerate(EVENTS)],
    )
    con.executemany(
        """INSERT INTO core.register_savings (description, saving_type, amount, financial_year,
               source_file, file_sha256, source_sheet, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [(desc, kind, Decimal(amount), fy, *prov, i + 2) for i, (desc, kind, amount, fy) in enumerate(SAVINGS)],
    )
    con.executemany(
        """INSERT INTO core.register_quick_quotes (reference, quote_date, supplier_name, supplier_postcode, is_local,
               financial_year, source_file, file_sha256, source_sheet, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [(ref, day, name, postcode, flag, _financial_year(day), *prov, i + 2)
         for i, (ref, day, name, postcode, flag) in enumerate(QUICK_QUOTES)],
    )
    con.executemany(
        """INSERT INTO core.register_social_value (contract_reference, supplier, theme, unit, committed_value,
               delivered_value, record_date, financial_year, source_file, file_sha256, source_sheet, source_line)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [(ref, supplier, theme, unit, Decimal(committed), Decimal(delivered) if delivered else None, day,
          _financial_year(day), *prov, i + 2)
         for i, (ref, supplier, theme, unit, committed, delivered, day) in enumerate(SOCIAL_VALUE)],
    )
