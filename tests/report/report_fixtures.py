"""A small hand-made warehouse for the report tests, built the way production builds it:
hand-made rows in core.dim_supplier, core.supplier_match, core.fct_payment and audit.*, then the
real mart builders (pipelines.kpis.build_kpi_marts, pipelines.suppliers.build_unmatched_suppliers).

Figures the tests expect are worked out by hand below, from these rows, not from the marts.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from pipelines.kpis import build_kpi_marts
from pipelines.suppliers import build_unmatched_suppliers

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

    con.execute(
        "INSERT INTO audit.ingest_files (source_file, file_sha256, kind, status, message, rows_read, rows_loaded, "
        "rows_rejected, rows_duplicate, amount_loaded, ingested_at) VALUES "
        "('ledger/2017-03.csv', 'a0', 'ledger', 'loaded', NULL, 2, 2, 0, 0, 50000.00, TIMESTAMP '2017-07-02 08:59:00'),"
        "('ledger/2017-04.csv', 'a1', 'ledger', 'loaded', NULL, 9, 6, 2, 1, 100000.00, TIMESTAMP '2017-07-02 09:00:00'),"
        "('ledger/2017-05.csv', 'a2', 'ledger', 'loaded', NULL, 4, 4, 0, 0, 200000.00, TIMESTAMP '2017-07-02 09:00:01'),"
        "('ledger/2017-06.csv', 'a3', 'ledger', 'loaded', NULL, 3, 1, 2, 0, -1000.00, TIMESTAMP '2017-07-03 10:30:00'),"
        "('ledger/broken.csv', 'a4', 'ledger', 'failed', 'no header row found in the first 50 lines', 0, 0, 0, 0, 0, "
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
