"""A small hand-made warehouse for the report tests.

Until the KPI marts land (issue 4), the marts are created here with the columns issue 4
defines and hand-made rows; the tests then query them independently and compare with the page.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path


BODY = "Luton Borough Council"
PERSON = "Margaret Thistlewood"  # a made-up individual's name, planted where only redacted payees belong
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example/","click")'

# marts.unmatched_suppliers is built by the supplier pipeline; until its DDL lands, the test makes it.
UNMATCHED_DDL = """
CREATE TABLE IF NOT EXISTS marts.unmatched_suppliers (supplier_name VARCHAR, spend DECIMAL(18,2));
"""

D = Decimal


def insert(con, table: str, row: dict) -> None:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    con.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))


MEASURES = ("total_spend", "local_primary_spend", "local_secondary_spend", "sme_spend", "vcs_spend")
SHARES = ("pct_local_primary", "pct_local_secondary", "pct_sme", "pct_vcs")


def _month_rows():
    """(month, fy, spends, shares, fytd spends, fytd shares, target): shares worked out by hand,
    e.g. May 2017 year to date local primary 80,000 / 300,000 = 26.67%."""
    return [
        (dt.date(2017, 3, 1), "2016/17",
         [D("50000.00"), D("10000.00"), D("15000.00"), D("20000.00"), D("2500.00")],
         [D("20.00"), D("30.00"), D("40.00"), D("5.00")],
         [D("50000.00"), D("10000.00"), D("15000.00"), D("20000.00"), D("2500.00")],
         [D("20.00"), D("30.00"), D("40.00"), D("5.00")], None),
        (dt.date(2017, 4, 1), "2017/18",
         [D("100000.00"), D("20000.00"), D("30000.00"), D("50000.00"), D("5000.00")],
         [D("20.00"), D("30.00"), D("50.00"), D("5.00")],
         [D("100000.00"), D("20000.00"), D("30000.00"), D("50000.00"), D("5000.00")],
         [D("20.00"), D("30.00"), D("50.00"), D("5.00")], D("25.00")),
        (dt.date(2017, 5, 1), "2017/18",
         [D("200000.00"), D("60000.00"), D("70000.00"), D("90000.00"), D("2000.00")],
         [D("30.00"), D("35.00"), D("45.00"), D("1.00")],
         [D("300000.00"), D("80000.00"), D("100000.00"), D("140000.00"), D("7000.00")],
         [D("26.67"), D("33.33"), D("46.67"), D("2.33")], D("25.00")),
        # A month of net credits: no meaningful share, year to date 79,000 / 299,000 = 26.42%.
        (dt.date(2017, 6, 1), "2017/18",
         [D("-1000.00"), D("-1000.00"), D("-1000.00"), D("0.00"), D("0.00")],
         [None, None, None, None],
         [D("299000.00"), D("79000.00"), D("99000.00"), D("140000.00"), D("7000.00")],
         [D("26.42"), D("33.11"), D("46.82"), D("2.34")], D("25.00")),
    ]


def build_hand_made_warehouse(con) -> None:
    con.execute(UNMATCHED_DDL)
    for month, fy, spends, shares, fspends, fshares, target in _month_rows():
        row = {"body": BODY, "month": month, "financial_year": fy}
        row |= dict(zip(MEASURES, spends)) | dict(zip(SHARES, shares))
        row |= {f"fytd_{m}": v for m, v in zip(MEASURES, fspends)}
        row |= {f"fytd_{m}": v for m, v in zip(SHARES, fshares)}
        row |= {"supplier_count": 7, "local_primary_supplier_count": 2, "sme_supplier_count": 3,
                "vcs_supplier_count": 1, "fytd_supplier_count": 9, "fytd_local_primary_supplier_count": 3,
                "fytd_sme_supplier_count": 4, "fytd_vcs_supplier_count": 1,
                "unclassified_spend": D("500.00"), "fytd_unclassified_spend": D("2000.00"),
                "fytd_pct_unclassified": D("0.67"), "target_pct_local": target,
                "target_pct_sme": None, "target_pct_vcs": None}
        insert(con, "marts.kpi_spend_by_month", row)
    top = [
        (1, "Acme Care Ltd", D("120000.00"), D("40.13"), 12, True, True, False, False),
        (2, SCRIPT, D("60000.50"), D("20.07"), 3, False, True, False, False),
        (3, "Redacted (personal data)", D("30000.00"), D("10.03"), 40, None, None, None, True),
        (4, "Luton Community Trust", D("7000.00"), D("2.34"), 2, True, False, True, False),
    ]
    for rank, name, spend, pct, n, loc, sme, vcs, red in top:
        insert(con, "marts.top_suppliers", {
            "body": BODY, "financial_year": "2017/18", "rank": rank, "supplier_name": name, "total_spend": spend,
            "pct_of_total_spend": pct, "payment_count": n, "is_local_primary": loc, "is_sme": sme, "is_vcs": vcs,
            "is_redacted": red})
    for rank, cat, non_local, local, n in [(1, "Construction & Building", D("80000.00"), D("20000.00"), 3),
                                          (2, "Facilities Management", D("15000.25"), D("5000.00"), 1)]:
        insert(con, "marts.leakage", {
            "body": BODY, "financial_year": "2017/18", "category": cat, "rank": rank, "non_local_spend": non_local,
            "local_primary_spend": local, "total_spend": non_local + local, "local_primary_supplier_count": n})
    bands = [("below £1,000", 1), ("£1,000 to £5,000", 2), ("£5,000 to £100,000", 3), ("£100,000 and above", 4)]
    band_data = {
        dt.date(2017, 4, 1): [(10, D("7000.00")), (5, D("13000.00")), (2, D("80000.00")), (0, D("0.00"))],
        dt.date(2017, 5, 1): [(4, D("3000.00")), (2, D("7000.00")), (1, D("50000.00")), (1, D("140000.00"))],
        dt.date(2017, 6, 1): [(1, D("-1000.00")), (0, D("0.00")), (0, D("0.00")), (0, D("0.00"))],
    }
    for month, values in band_data.items():
        for (band, order), (n, spend) in zip(bands, values):
            insert(con, "marts.spend_bands_by_month", {
                "body": BODY, "month": month, "financial_year": "2017/18", "band": band, "band_order": order,
                "transaction_count": n, "total_spend": spend})
    con.execute("INSERT INTO marts.unmatched_suppliers (supplier_name, spend) VALUES (?, 1500.00), ('Bobs Plumbing', 500.00)",
                [FORMULA])
    con.execute(
        "INSERT INTO audit.ingest_files (source_file, file_sha256, kind, status, message, rows_read, rows_loaded, "
        "rows_rejected, rows_duplicate, amount_loaded, ingested_at) VALUES "
        "('ledger/2017-04.csv', 'a1', 'ledger', 'loaded', NULL, 20, 17, 2, 1, 100000.00, TIMESTAMP '2017-07-02 09:00:00'),"
        "('ledger/2017-05.csv', 'a2', 'ledger', 'loaded', NULL, 12, 12, 0, 0, 200000.00, TIMESTAMP '2017-07-02 09:00:01'),"
        "('ledger/2017-06.csv', 'a3', 'ledger', 'loaded', NULL, 2, 1, 1, 0, -1000.00, TIMESTAMP '2017-07-03 10:30:00'),"
        "('ledger/broken.csv', 'a4', 'ledger', 'failed', 'no header row found in the first 50 lines', 0, 0, 0, 0, 0, TIMESTAMP '2017-07-03 10:31:00')"
    )
    rejected = [
        ("ledger/2017-04.csv", 7, "amount is not a number: 'abc'", {"Supplier": PERSON, "Amount": "abc"}),
        ("ledger/2017-04.csv", 9, "date is missing", {"Supplier": "Acme Care Ltd", "Amount": "12.00"}),
        ("ledger/2017-06.csv", 3, "date is missing", {"Supplier": PERSON, "Amount": "600.00"}),
    ]
    for f, line, reason, raw in rejected:
        con.execute("INSERT INTO audit.rejected_rows VALUES (?, 'x', NULL, ?, ?, ?)", [f, line, reason, json.dumps(raw)])
