"""A hand-made ledger for the KPI mart tests: 8 suppliers, 16 payment lines over three
months (Feb and Mar 2018 in 2017/18, Apr 2018 in 2018/19). Every expected figure in the
tests is worked out by hand from the tables below."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

BODY = "Luton Borough Council"

# supplier_key, supplier_name, is_local_primary, is_local_secondary, is_sme, is_vcs,
# imd_decile, is_redacted, match_method, proclass_level1
SUPPLIERS = [
    ("LS", "Luton Bakery Ltd", True, True, True, False, 1, False, "name", "Catering"),
    ("LV", "Luton Community Trust", True, True, False, True, 5, False, "charity_number", "Social Care"),
    ("BEDS", "Bedford Builders Ltd", False, True, True, False, 2, False, "company_number", "Construction"),
    # Payment categories ('Social Care') must win over this supplier-level 'Health'.
    ("NAT", "National Care plc", False, False, False, False, 8, False, "company_number", "Health"),
    # Location unknown but SME known: not local, yet not unclassified either.
    ("UNK", "Mystery Supplies Ltd", None, None, True, None, None, False, "fuzzy", None),
    ("UNC", "Unmatched Trading", None, None, None, None, None, False, "unmatched", None),
    # The dimension's own text is ignored: marts always show 'Redacted (personal data)'.
    ("RED", "REDACTED", None, None, None, None, None, True, "redacted", None),
    ("NEW", "Dunstable Deli Ltd", True, True, True, False, 3, False, "name", "Catering"),
]

# n, payment_date, ledger supplier_name, supplier_key, amount, expense_area, expense_type, procurement_category
PAYMENTS = [
    (1, date(2018, 2, 5), "LUTON BAKERY LIMITED", "LS", "1000.00", "Adult Social Care", "Food", None),
    (2, date(2018, 2, 10), "National Care PLC", "NAT", "5000.00", "Adult Social Care", "Care Services", "Social Care"),
    (3, date(2018, 2, 12), "Mrs J Bloggs", "RED", "750.00", "Adult Social Care", "Care Services", None),
    (4, date(2018, 2, 20), "Bedford Builders", "BEDS", "100000.00", "Housing", "Repairs", "Construction"),
    (5, date(2018, 2, 25), "Unmatched Trading", "UNC", "999.99", "Housing", None, None),
    (6, date(2018, 3, 2), "Luton Bakery Ltd", "LS", "-200.00", "Adult Social Care", "Food", None),
    (7, date(2018, 3, 5), "Luton Community Trust", "LV", "2500.00", "Adult Social Care", "Care Services", "Social Care"),
    (8, date(2018, 3, 9), "National Care plc", "NAT", "12000.50", "Adult Social Care", "Care Services", "Social Care"),
    (9, date(2018, 3, 15), "Mystery Supplies", "UNK", "4999.99", "Housing", "Supplies", "Construction"),
    # No supplier record at all (supplier_key NULL): the ledger text is a person's name.
    (10, date(2018, 3, 20), "Mr A Person", None, "600.00", "Housing", "Supplies", None),
    (11, date(2018, 3, 25), "Bedford Builders Ltd", "BEDS", "-500.00", "Housing", "Repairs", "Construction"),
    (12, date(2018, 4, 3), "Luton Bakery Ltd", "LS", "1500.00", "Adult Social Care", "Food", None),
    (13, date(2018, 4, 10), "National Care plc", "NAT", "100000.01", "Adult Social Care", "Care Services", "Social Care"),
    (14, date(2018, 4, 11), "Ms K Private", "RED", "820.00", "Children", "Care Services", None),
    (15, date(2018, 4, 20), "Dunstable Deli", "NEW", "3000.00", "Children", "Food", None),
    (16, date(2018, 4, 25), "Luton Community Trust", "LV", "500.00", "Children", "Care Services", "Social Care"),
]

PERSONAL_NAMES = ["Mrs J Bloggs", "Mr A Person", "Ms K Private"]

# Targets used by the tests (not the shipped file, which analysts edit).
TARGETS_CSV = """measure,financial_year,target_pct,note
pct_local_primary,2017/18,25,test
pct_local_primary,2018/19,4.73,test: exactly the year's share -> on target
pct_sme,2017/18,,tbc
pct_vcs,2018/19,0.5,test
"""


def financial_year(d: date) -> str:
    start = d.year if d.month >= 4 else d.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def insert_suppliers(con) -> None:
    con.executemany(
        """INSERT INTO core.dim_supplier (supplier_key, supplier_name, is_local_primary, is_local_secondary,
               is_sme, is_vcs, imd_decile, is_redacted, match_method, proclass_level1)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        SUPPLIERS,
    )


def insert_payment(con, n, payment_date, name, key, amount, area, etype, category) -> None:
    con.execute(
        """INSERT INTO core.fct_payment (body, payment_date, transaction_number, supplier_name, amount,
               expense_type, expense_area, procurement_category, financial_year, month, source_file,
               file_sha256, source_line, line_key, supplier_key)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test.csv', 'sha', ?, ?, ?)""",
        [BODY, payment_date, f"T{n}", name, Decimal(amount), etype, area, category,
         financial_year(payment_date), payment_date.replace(day=1), n + 1, f"line{n}", key],
    )


def insert_ledger(con) -> None:
    insert_suppliers(con)
    for row in PAYMENTS:
        insert_payment(con, *row)
