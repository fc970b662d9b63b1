"""KPI marts on the hand-made ledger in kpi_ledger.py.

Every expected figure is worked out by hand from the ledger table; the arithmetic is in the
comments. Shares: part / total * 100, rounded half away from zero to 2 places.

The ledger, by line (FY = financial year, band = Financial Standing Orders band of |amount|):
  #  month  supplier  amount      area      type           category       band
  1  Feb18  LS        1000.00     ASC       Food           Catering(sup)  2
  2  Feb18  NAT       5000.00     ASC       Care Services  Social Care    3
  3  Feb18  RED       750.00      ASC       Care Services  Not known      1
  4  Feb18  BEDS      100000.00   Housing   Repairs        Construction   4
  5  Feb18  UNC       999.99      Housing   Not stated     Not known      1
  6  Mar18  LS        -200.00     ASC       Food           Catering(sup)  1 (credit)
  7  Mar18  LV        2500.00     ASC       Care Services  Social Care    2
  8  Mar18  NAT       12000.50    ASC       Care Services  Social Care    3
  9  Mar18  UNK       4999.99     Housing   Supplies       Construction   2
 10  Mar18  (none)    600.00      Housing   Supplies       Not known      1
 11  Mar18  BEDS      -500.00     Housing   Repairs        Construction   1 (credit)
 12  Apr18  LS        1500.00     ASC       Food           Catering(sup)  2
 13  Apr18  NAT       100000.01   ASC       Care Services  Social Care    4
 14  Apr18  RED       820.00      Children  Care Services  Not known      1
 15  Apr18  NEW       3000.00     Children  Food           Catering(sup)  2
 16  Apr18  LV        500.00      Children  Care Services  Social Care    1
Suppliers: LS local primary+secondary, SME, IMD 1; LV local primary+secondary, VCS, IMD 5;
BEDS secondary only, SME, IMD 2; NAT not local, not SME/VCS, IMD 8; UNK location unknown, SME;
UNC all unknown; RED redacted; NEW local primary+secondary, SME, IMD 3.
Feb18 and Mar18 are FY 2017/18; Apr18 is FY 2018/19.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from kpi_ledger import BODY, PERSONAL_NAMES, TARGETS_CSV, insert_ledger, insert_payment
from anchorspend.pipelines import kpis, warehouse

FEB, MAR, APR = date(2018, 2, 1), date(2018, 3, 1), date(2018, 4, 1)


@pytest.fixture
def targets_path(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text(TARGETS_CSV, encoding="utf-8")
    return path


@pytest.fixture
def built(con, targets_path):
    """A fresh build, for tests that change the ledger or the marts."""
    insert_ledger(con)
    result = kpis.build_kpi_marts(con, targets_path=targets_path)
    return con, result


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """One build shared by the tests that only read the marts."""
    folder = tmp_path_factory.mktemp("kpi_marts")
    targets = folder / "targets.csv"
    targets.write_text(TARGETS_CSV, encoding="utf-8")
    connection = warehouse.connect(folder / "warehouse.duckdb")
    warehouse.ensure_schema(connection)
    insert_ledger(connection)
    result = kpis.build_kpi_marts(connection, targets_path=targets)
    yield connection, result
    connection.close()


def rows(con, sql, params=None):
    cur = con.execute(sql, params or {})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def one(con, table, **where):
    clause = " AND ".join(f"{k} = ${k}" for k in where)
    found = rows(con, f"SELECT * FROM {table} WHERE {clause}", where)
    assert len(found) == 1, (table, where, found)
    return found[0]


def check(row, expected):
    got = {k: row[k] for k in expected}
    assert got == expected


# --- marts.kpi_spend_by_year ------------------------------------------------------------

# FY 2017/18 = lines 1-11.
YEAR_2017 = {
    "payment_count": 11,
    # 1000 + 5000 + 750 + 100000 + 999.99 - 200 + 2500 + 12000.50 + 4999.99 + 600 - 500
    "total_spend": D("127150.48"),
    # LS 1000 - 200 + LV 2500
    "local_primary_spend": D("3300.00"),
    # LS 800 + LV 2500 + BEDS 100000 - 500
    "local_secondary_spend": D("102800.00"),
    # LS 800 + BEDS 99500 + UNK 4999.99
    "sme_spend": D("105299.99"),
    # LV 2500
    "vcs_spend": D("2500.00"),
    # LS only (local primary AND SME): 1000 - 200 (the credit nets off)
    "local_sme_spend": D("800.00"),
    # LS (IMD 1) 800 + BEDS (IMD 2) 99500
    "deprived_area_spend": D("100300.00"),
    # RED 750 + UNC 999.99 + UNK 4999.99 + unresolved 600
    "unknown_location_spend": D("7349.98"),
    "redacted_spend": D("750.00"),
    # RED 750 + UNC 999.99 + unresolved 600 (UNK has SME known, so it is classified)
    "unclassified_spend": D("2349.99"),
    # 3300 / 127150.48 = 2.5953%
    "pct_local_primary": D("2.60"),
    # 102800 / 127150.48 = 80.8491%
    "pct_local_secondary": D("80.85"),
    # 105299.99 / 127150.48 = 82.8153%
    "pct_sme": D("82.82"),
    # 2500 / 127150.48 = 1.9662%
    "pct_vcs": D("1.97"),
    # 2349.99 / 127150.48 = 1.8482%
    "pct_unclassified": D("1.85"),
    # net > 0: LS 800, NAT 17000.50, BEDS 99500, UNC 999.99, LV 2500, UNK 4999.99
    # (RED is redacted, line 10 has no supplier record)
    "supplier_count": 6,
    "local_primary_supplier_count": 2,  # LS, LV
    "local_secondary_supplier_count": 3,  # LS, LV, BEDS
    "sme_supplier_count": 3,  # LS, BEDS, UNK
    "vcs_supplier_count": 1,  # LV
    # targets file: local 25 -> 2.60 < 25; SME row left empty (tbc); no VCS row
    "target_pct_local": D("25.00"),
    "local_target_status": "off target",  # 2.60 is 22.40 points below 25
    "target_pct_sme": None,
    "sme_target_status": "no target",  # tbc
    "target_pct_vcs": None,
    "vcs_target_status": "no target",
}

# FY 2018/19 = lines 12-16 (= April 2018).
YEAR_2018 = {
    "payment_count": 5,
    # 1500 + 100000.01 + 820 + 3000 + 500
    "total_spend": D("105820.01"),
    # LS 1500 + NEW 3000 + LV 500
    "local_primary_spend": D("5000.00"),
    "local_secondary_spend": D("5000.00"),
    # LS 1500 + NEW 3000
    "sme_spend": D("4500.00"),
    "vcs_spend": D("500.00"),
    "local_sme_spend": D("4500.00"),
    # LS (IMD 1) 1500; NEW is IMD 3
    "deprived_area_spend": D("1500.00"),
    "unknown_location_spend": D("820.00"),
    "redacted_spend": D("820.00"),
    "unclassified_spend": D("820.00"),
    # 5000 / 105820.01 = 4.7250%
    "pct_local_primary": D("4.73"),
    "pct_local_secondary": D("4.73"),
    # 4500 / 105820.01 = 4.2525039%
    "pct_sme": D("4.25"),
    # 500 / 105820.01 = 0.47250%
    "pct_vcs": D("0.47"),
    # 820 / 105820.01 = 0.7749%
    "pct_unclassified": D("0.77"),
    "supplier_count": 4,  # LS, NAT, NEW, LV
    "local_primary_supplier_count": 3,  # LS, NEW, LV
    "local_secondary_supplier_count": 3,
    "sme_supplier_count": 2,  # LS, NEW
    "vcs_supplier_count": 1,  # LV
    # local target 4.73: 4.73 >= 4.73 -> on target; VCS 0.5: 0.47 is 0.03 below, within 5 points -> near target
    "target_pct_local": D("4.73"),
    "local_target_status": "on target",
    "target_pct_sme": None,
    "sme_target_status": "no target",
    "target_pct_vcs": D("0.50"),
    "vcs_target_status": "near target",  # 0.47 is 0.03 points below 0.50: within 5
}


def test_kpi_spend_by_year(built_once):
    con, _ = built_once
    assert con.execute("SELECT count(*) FROM marts.kpi_spend_by_year").fetchone()[0] == 2
    check(one(con, "marts.kpi_spend_by_year", body=BODY, financial_year="2017/18"), YEAR_2017)
    check(one(con, "marts.kpi_spend_by_year", body=BODY, financial_year="2018/19"), YEAR_2018)


# --- marts.kpi_spend_by_month -----------------------------------------------------------

# February 2018 = lines 1-5.
FEB_OWN = {
    "financial_year": "2017/18",
    "payment_count": 5,
    # 1000 + 5000 + 750 + 100000 + 999.99
    "total_spend": D("107749.99"),
    "local_primary_spend": D("1000.00"),  # LS
    "local_secondary_spend": D("101000.00"),  # LS 1000 + BEDS 100000
    "sme_spend": D("101000.00"),  # LS + BEDS
    "vcs_spend": D("0.00"),
    "local_sme_spend": D("1000.00"),
    "deprived_area_spend": D("101000.00"),  # LS IMD 1 + BEDS IMD 2
    "unknown_location_spend": D("1749.99"),  # RED 750 + UNC 999.99
    "redacted_spend": D("750.00"),
    "unclassified_spend": D("1749.99"),
    "pct_local_primary": D("0.93"),  # 1000 / 107749.99 = 0.9281%
    "pct_local_secondary": D("93.74"),  # 101000 / 107749.99 = 93.7355%
    "pct_sme": D("93.74"),
    "pct_vcs": D("0.00"),
    "pct_unclassified": D("1.62"),  # 1749.99 / 107749.99 = 1.6241%
    "supplier_count": 4,  # LS, NAT, BEDS, UNC
    "local_primary_supplier_count": 1,
    "local_secondary_supplier_count": 2,
    "sme_supplier_count": 2,
    "vcs_supplier_count": 0,
}

# March 2018 = lines 6-11.
MAR_OWN = {
    "financial_year": "2017/18",
    "payment_count": 6,
    # -200 + 2500 + 12000.50 + 4999.99 + 600 - 500
    "total_spend": D("19400.49"),
    "local_primary_spend": D("2300.00"),  # LS -200 + LV 2500
    "local_secondary_spend": D("1800.00"),  # LS -200 + LV 2500 + BEDS -500
    "sme_spend": D("4299.99"),  # LS -200 + UNK 4999.99 + BEDS -500
    "vcs_spend": D("2500.00"),
    "local_sme_spend": D("-200.00"),  # a month of net credit for LS stays negative
    "deprived_area_spend": D("-700.00"),  # LS -200 + BEDS -500
    "unknown_location_spend": D("5599.99"),  # UNK 4999.99 + unresolved 600
    "redacted_spend": D("0.00"),
    "unclassified_spend": D("600.00"),
    "pct_local_primary": D("11.86"),  # 2300 / 19400.49 = 11.8554%
    "pct_local_secondary": D("9.28"),  # 1800 / 19400.49 = 9.2781%
    "pct_sme": D("22.16"),  # 4299.99 / 19400.49 = 22.1643%
    "pct_vcs": D("12.89"),  # 2500 / 19400.49 = 12.8863%
    "pct_unclassified": D("3.09"),  # 600 / 19400.49 = 3.0927%
    # net > 0 in March: LV, NAT, UNK (LS -200 and BEDS -500 were not paid this month)
    "supplier_count": 3,
    "local_primary_supplier_count": 1,  # LV
    "local_secondary_supplier_count": 1,  # LV
    "sme_supplier_count": 1,  # UNK
    "vcs_supplier_count": 1,  # LV
}

MEASURES = [
    "payment_count", "total_spend", "local_primary_spend", "local_secondary_spend", "sme_spend",
    "vcs_spend", "local_sme_spend", "deprived_area_spend", "unknown_location_spend", "redacted_spend",
    "unclassified_spend", "pct_local_primary", "pct_local_secondary", "pct_sme", "pct_vcs",
    "pct_unclassified", "supplier_count", "local_primary_supplier_count",
    "local_secondary_supplier_count", "sme_supplier_count", "vcs_supplier_count",
]


def fytd(expected_year_or_month):
    return {"fytd_" + k: expected_year_or_month[k] for k in MEASURES}


def targets_of(expected_year):
    return {k: v for k, v in expected_year.items() if "target" in k}


def test_kpi_spend_by_month(built_once):
    con, _ = built_once
    assert con.execute("SELECT count(*) FROM marts.kpi_spend_by_month").fetchone()[0] == 3
    feb = one(con, "marts.kpi_spend_by_month", body=BODY, month=FEB)
    # February is the first month of data in 2017/18 here: its year to date is itself.
    check(feb, FEB_OWN | fytd(FEB_OWN))
    # 0.93 < 25
    check(feb, {"target_pct_local": D("25.00"), "local_target_status": "off target",
                "target_pct_sme": None, "sme_target_status": "no target",
                "target_pct_vcs": None, "vcs_target_status": "no target"})
    mar = one(con, "marts.kpi_spend_by_month", body=BODY, month=MAR)
    # March's year to date is Feb + Mar = the whole of 2017/18 (worked out in YEAR_2017);
    # its statuses compare the fytd shares with the year's targets, as the year row does.
    check(mar, MAR_OWN | fytd(YEAR_2017) | targets_of(YEAR_2017))
    apr = one(con, "marts.kpi_spend_by_month", body=BODY, month=APR)
    # April opens 2018/19: its own figures, its year to date and its year are the same lines.
    check(apr, {k: YEAR_2018[k] for k in MEASURES} | {"financial_year": "2018/19"}
          | fytd(YEAR_2018) | targets_of(YEAR_2018))


# --- breakdowns -------------------------------------------------------------------------

def test_kpi_spend_by_service_area(built_once):
    con, _ = built_once
    assert con.execute("SELECT count(*) FROM marts.kpi_spend_by_service_area").fetchone()[0] == 4
    # ASC 2017/18 = lines 1, 2, 3, 6, 7, 8: 1000 + 5000 + 750 - 200 + 2500 + 12000.50
    check(one(con, "marts.kpi_spend_by_service_area", body=BODY, financial_year="2017/18",
              expense_area="Adult Social Care"), {
        "payment_count": 6, "total_spend": D("21050.50"),
        "local_primary_spend": D("3300.00"),  # LS 800 + LV 2500
        "local_secondary_spend": D("3300.00"),
        "sme_spend": D("800.00"), "vcs_spend": D("2500.00"), "local_sme_spend": D("800.00"),
        "deprived_area_spend": D("800.00"),  # LS
        "unknown_location_spend": D("750.00"), "redacted_spend": D("750.00"),
        "unclassified_spend": D("750.00"),
        "pct_local_primary": D("15.68"),  # 3300 / 21050.50 = 15.6766%
        "pct_local_secondary": D("15.68"),
        "pct_sme": D("3.80"),  # 800 / 21050.50 = 3.8004%
        "pct_vcs": D("11.88"),  # 2500 / 21050.50 = 11.8762%
        "pct_unclassified": D("3.56"),  # 750 / 21050.50 = 3.5629%
        "supplier_count": 3,  # LS, NAT, LV
        "local_primary_supplier_count": 2, "local_secondary_supplier_count": 2,
        "sme_supplier_count": 1, "vcs_supplier_count": 1,
    })
    # Housing 2017/18 = lines 4, 5, 9, 10, 11: 100000 + 999.99 + 4999.99 + 600 - 500
    check(one(con, "marts.kpi_spend_by_service_area", body=BODY, financial_year="2017/18",
              expense_area="Housing"), {
        "payment_count": 5, "total_spend": D("106099.98"),
        "local_primary_spend": D("0.00"),
        "local_secondary_spend": D("99500.00"),  # BEDS
        "sme_spend": D("104499.99"),  # BEDS 99500 + UNK 4999.99
        "vcs_spend": D("0.00"), "local_sme_spend": D("0.00"),
        "deprived_area_spend": D("99500.00"),
        "unknown_location_spend": D("6599.98"),  # UNC 999.99 + UNK 4999.99 + unresolved 600
        "redacted_spend": D("0.00"),
        "unclassified_spend": D("1599.99"),  # UNC + unresolved
        "pct_local_primary": D("0.00"),
        "pct_local_secondary": D("93.78"),  # 99500 / 106099.98 = 93.7795%
        "pct_sme": D("98.49"),  # 104499.99 / 106099.98 = 98.4920%
        "pct_vcs": D("0.00"),
        "pct_unclassified": D("1.51"),  # 1599.99 / 106099.98 = 1.5080%
        "supplier_count": 3,  # BEDS, UNC, UNK
        "local_primary_supplier_count": 0, "local_secondary_supplier_count": 1,
        "sme_supplier_count": 2, "vcs_supplier_count": 0,
    })
    # ASC 2018/19 = lines 12, 13: 1500 + 100000.01
    check(one(con, "marts.kpi_spend_by_service_area", body=BODY, financial_year="2018/19",
              expense_area="Adult Social Care"), {
        "payment_count": 2, "total_spend": D("101500.01"),
        "local_primary_spend": D("1500.00"), "local_secondary_spend": D("1500.00"),
        "sme_spend": D("1500.00"), "vcs_spend": D("0.00"), "local_sme_spend": D("1500.00"),
        "deprived_area_spend": D("1500.00"), "unknown_location_spend": D("0.00"),
        "redacted_spend": D("0.00"), "unclassified_spend": D("0.00"),
        "pct_local_primary": D("1.48"),  # 1500 / 101500.01 = 1.4778%
        "pct_local_secondary": D("1.48"), "pct_sme": D("1.48"), "pct_vcs": D("0.00"),
        "pct_unclassified": D("0.00"),
        "supplier_count": 2, "local_primary_supplier_count": 1, "local_secondary_supplier_count": 1,
        "sme_supplier_count": 1, "vcs_supplier_count": 0,
    })
    # Children 2018/19 = lines 14, 15, 16: 820 + 3000 + 500
    check(one(con, "marts.kpi_spend_by_service_area", body=BODY, financial_year="2018/19",
              expense_area="Children"), {
        "payment_count": 3, "total_spend": D("4320.00"),
        "local_primary_spend": D("3500.00"),  # NEW 3000 + LV 500
        "local_secondary_spend": D("3500.00"),
        "sme_spend": D("3000.00"), "vcs_spend": D("500.00"), "local_sme_spend": D("3000.00"),
        "deprived_area_spend": D("0.00"),  # NEW is IMD 3, LV IMD 5
        "unknown_location_spend": D("820.00"), "redacted_spend": D("820.00"),
        "unclassified_spend": D("820.00"),
        "pct_local_primary": D("81.02"),  # 3500 / 4320 = 81.0185%
        "pct_local_secondary": D("81.02"),
        "pct_sme": D("69.44"),  # 3000 / 4320 = 69.4444%
        "pct_vcs": D("11.57"),  # 500 / 4320 = 11.5741%
        "pct_unclassified": D("18.98"),  # 820 / 4320 = 18.9815%
        "supplier_count": 2,  # NEW, LV
        "local_primary_supplier_count": 2, "local_secondary_supplier_count": 2,
        "sme_supplier_count": 1, "vcs_supplier_count": 1,
    })


def test_kpi_spend_by_expense_type(built_once):
    con, _ = built_once
    got = {
        (r["financial_year"], r["expense_type"]): (r["payment_count"], r["total_spend"],
                                                   r["local_primary_spend"], r["sme_spend"], r["supplier_count"])
        for r in rows(con, "SELECT * FROM marts.kpi_spend_by_expense_type")
    }
    assert got == {
        # lines 1, 6: LS 1000 - 200
        ("2017/18", "Food"): (2, D("800.00"), D("800.00"), D("800.00"), 1),
        # lines 2, 3, 7, 8: 5000 + 750 + 2500 + 12000.50; local LV 2500; suppliers NAT, LV
        ("2017/18", "Care Services"): (4, D("20250.50"), D("2500.00"), D("0.00"), 2),
        # lines 4, 11: BEDS 100000 - 500 (SME)
        ("2017/18", "Repairs"): (2, D("99500.00"), D("0.00"), D("99500.00"), 1),
        # line 5 has no expense type
        ("2017/18", "Not stated"): (1, D("999.99"), D("0.00"), D("0.00"), 1),
        # lines 9, 10: UNK 4999.99 (SME) + unresolved 600
        ("2017/18", "Supplies"): (2, D("5599.99"), D("0.00"), D("4999.99"), 1),
        # lines 12, 15: LS 1500 + NEW 3000
        ("2018/19", "Food"): (2, D("4500.00"), D("4500.00"), D("4500.00"), 2),
        # lines 13, 14, 16: 100000.01 + 820 + 500; suppliers NAT, LV
        ("2018/19", "Care Services"): (3, D("101320.01"), D("500.00"), D("0.00"), 2),
    }


def test_kpi_spend_by_category(built_once):
    con, _ = built_once
    got = {
        (r["financial_year"], r["category"]): (r["payment_count"], r["total_spend"],
                                               r["local_primary_spend"], r["supplier_count"])
        for r in rows(con, "SELECT * FROM marts.kpi_spend_by_category")
    }
    # The ledger's category wins over the supplier's Proclass (NAT's 'Health' never shows);
    # LS/NEW lines carry none, so their supplier's 'Catering' is used.
    assert got == {
        ("2017/18", "Catering"): (2, D("800.00"), D("800.00"), 1),  # lines 1, 6
        ("2017/18", "Social Care"): (3, D("19500.50"), D("2500.00"), 2),  # 5000 + 2500 + 12000.50
        ("2017/18", "Construction"): (3, D("104499.99"), D("0.00"), 2),  # 100000 + 4999.99 - 500
        ("2017/18", "Not known"): (3, D("2349.99"), D("0.00"), 1),  # RED 750 + UNC 999.99 + 600
        ("2018/19", "Catering"): (2, D("4500.00"), D("4500.00"), 2),  # 1500 + 3000
        ("2018/19", "Social Care"): (2, D("100500.01"), D("500.00"), 2),  # 100000.01 + 500
        ("2018/19", "Not known"): (1, D("820.00"), D("0.00"), 0),  # RED only
    }


def test_top_suppliers(built_once):
    con, _ = built_once
    got = [
        (r["financial_year"], r["rank"], r["supplier_key"], r["supplier_name"], r["total_spend"],
         r["payment_count"], r["pct_of_total_spend"], r["is_redacted"])
        for r in rows(con, "SELECT * FROM marts.top_suppliers ORDER BY financial_year, rank")
    ]
    assert got == [
        # shares of 127150.48
        ("2017/18", 1, "BEDS", "Bedford Builders Ltd", D("99500.00"), 2, D("78.25"), False),  # 78.2537%
        ("2017/18", 2, "NAT", "National Care plc", D("17000.50"), 2, D("13.37"), False),  # 13.3704%
        ("2017/18", 3, "UNK", "Mystery Supplies Ltd", D("4999.99"), 1, D("3.93"), False),  # 3.9323%
        ("2017/18", 4, "LV", "Luton Community Trust", D("2500.00"), 1, D("1.97"), False),  # 1.9662%
        ("2017/18", 5, "UNC", "Unmatched Trading", D("999.99"), 1, D("0.79"), False),  # 0.7865%
        ("2017/18", 6, "LS", "Luton Bakery Ltd", D("800.00"), 2, D("0.63"), False),  # 0.6292%
        ("2017/18", 7, None, "Redacted (personal data)", D("750.00"), 1, D("0.59"), True),  # 0.5898%
        ("2017/18", 8, None, "Supplier not resolved", D("600.00"), 1, D("0.47"), False),  # 0.4719%
        # shares of 105820.01
        ("2018/19", 1, "NAT", "National Care plc", D("100000.01"), 1, D("94.50"), False),  # 94.5001%
        ("2018/19", 2, "NEW", "Dunstable Deli Ltd", D("3000.00"), 1, D("2.84"), False),  # 2.835003%
        ("2018/19", 3, "LS", "Luton Bakery Ltd", D("1500.00"), 1, D("1.42"), False),  # 1.417501%
        ("2018/19", 4, None, "Redacted (personal data)", D("820.00"), 1, D("0.77"), True),  # 0.7749%
        ("2018/19", 5, "LV", "Luton Community Trust", D("500.00"), 1, D("0.47"), False),  # 0.4725%
    ]


def test_leakage(built_once):
    con, _ = built_once
    got = rows(con, "SELECT * FROM marts.leakage ORDER BY financial_year, rank")
    # Only Social Care has both a local supplier (LV) and non-local spend (NAT). Catering is all
    # local; Construction has no local-primary supplier (BEDS is secondary only).
    assert [(r["financial_year"], r["category"], r["rank"]) for r in got] == [
        ("2017/18", "Social Care", 1), ("2018/19", "Social Care", 1)]
    check(got[0], {
        "total_spend": D("19500.50"), "local_primary_spend": D("2500.00"),
        "non_local_spend": D("17000.50"),  # NAT 5000 + 12000.50
        "unknown_location_spend": D("0.00"),
        "pct_local_primary": D("12.82"),  # 2500 / 19500.50 = 12.8202%
        "local_primary_supplier_count": 1, "non_local_supplier_count": 1,
    })
    check(got[1], {
        "total_spend": D("100500.01"), "local_primary_spend": D("500.00"),
        "non_local_spend": D("100000.01"), "unknown_location_spend": D("0.00"),
        "pct_local_primary": D("0.50"),  # 500 / 100500.01 = 0.4975%
        "local_primary_supplier_count": 1, "non_local_supplier_count": 1,
    })


def test_new_local_suppliers(built_once):
    con, _ = built_once
    got = [
        (r["financial_year"], r["supplier_key"], r["supplier_name"], r["first_payment_date"],
         r["total_spend"], r["payment_count"], r["is_local_primary"], r["is_local_secondary"],
         r["is_first_year_of_data"])
        for r in rows(con, "SELECT * FROM marts.new_local_suppliers ORDER BY financial_year, supplier_key")
    ]
    # 2017/18 is the first year in the warehouse, so every local supplier paid then is 'new'.
    # In 2018/19 only NEW is: LS and LV were first paid in 2017/18.
    assert got == [
        ("2017/18", "BEDS", "Bedford Builders Ltd", date(2018, 2, 20), D("99500.00"), 2, False, True, True),
        ("2017/18", "LS", "Luton Bakery Ltd", date(2018, 2, 5), D("800.00"), 2, True, True, True),
        ("2017/18", "LV", "Luton Community Trust", date(2018, 3, 5), D("2500.00"), 1, True, True, True),
        ("2018/19", "NEW", "Dunstable Deli Ltd", date(2018, 4, 20), D("3000.00"), 1, True, True, False),
    ]


BANDS = ["below £1,000", "£1,000 to £5,000", "£5,000 to £100,000", "£100,000 and above"]


def test_spend_bands_by_year(built_once):
    con, _ = built_once
    got = [
        (r["financial_year"], r["band_order"], r["band"], r["transaction_count"], r["credit_count"],
         r["total_spend"], r["pct_of_transactions"], r["pct_of_total_spend"])
        for r in rows(con, "SELECT * FROM marts.spend_bands_by_year ORDER BY financial_year, band_order")
    ]
    assert got == [
        # 2017/18, 11 lines, 127150.48. |amount| < 1000: lines 3, 5 (999.99), 6 (-200), 10, 11 (-500)
        # 750 + 999.99 - 200 + 600 - 500 = 1649.99; 5/11 = 45.45%; 1.2977%
        ("2017/18", 1, BANDS[0], 5, 2, D("1649.99"), D("45.45"), D("1.30")),
        # 1000 <= |amount| < 5000: lines 1 (exactly 1000.00), 7, 9 (4999.99) = 8499.99; 27.27%; 6.6850%
        ("2017/18", 2, BANDS[1], 3, 0, D("8499.99"), D("27.27"), D("6.68")),
        # 5000 <= |amount| < 100000: lines 2 (exactly 5000.00), 8 = 17000.50; 18.18%; 13.3704%
        ("2017/18", 3, BANDS[2], 2, 0, D("17000.50"), D("18.18"), D("13.37")),
        # line 4, exactly 100000.00; 9.09%; 78.6470%
        ("2017/18", 4, BANDS[3], 1, 0, D("100000.00"), D("9.09"), D("78.65")),
        # 2018/19, 5 lines, 105820.01: lines 14, 16 = 1320; 1.2474%
        ("2018/19", 1, BANDS[0], 2, 0, D("1320.00"), D("40.00"), D("1.25")),
        # lines 12, 15 = 4500; 4.2525%
        ("2018/19", 2, BANDS[1], 2, 0, D("4500.00"), D("40.00"), D("4.25")),
        # line 13, 100000.01; 94.5001%
        ("2018/19", 4, BANDS[3], 1, 0, D("100000.01"), D("20.00"), D("94.50")),
    ]


def test_spend_bands_by_month(built_once):
    con, _ = built_once
    got = [
        (r["month"], r["financial_year"], r["band_order"], r["transaction_count"], r["credit_count"],
         r["total_spend"], r["pct_of_transactions"], r["pct_of_total_spend"])
        for r in rows(con, "SELECT * FROM marts.spend_bands_by_month WHERE month < $m ORDER BY month, band_order",
                      {"m": APR})
    ]
    assert got == [
        # Feb, 5 lines, 107749.99: lines 3, 5 = 1749.99 (1.6241%); line 1 = 1000 (0.9281%);
        # line 2 = 5000 (4.6404%); line 4 = 100000 (92.8074%)
        (FEB, "2017/18", 1, 2, 0, D("1749.99"), D("40.00"), D("1.62")),
        (FEB, "2017/18", 2, 1, 0, D("1000.00"), D("20.00"), D("0.93")),
        (FEB, "2017/18", 3, 1, 0, D("5000.00"), D("20.00"), D("4.64")),
        (FEB, "2017/18", 4, 1, 0, D("100000.00"), D("20.00"), D("92.81")),
        # Mar, 6 lines, 19400.49: lines 6, 10, 11 = -200 + 600 - 500 = -100 (-0.5155%, rounded
        # away from zero); lines 7, 9 = 7499.99 (38.6588%); line 8 = 12000.50 (61.8567%)
        (MAR, "2017/18", 1, 3, 2, D("-100.00"), D("50.00"), D("-0.52")),
        (MAR, "2017/18", 2, 2, 0, D("7499.99"), D("33.33"), D("38.66")),
        (MAR, "2017/18", 3, 1, 0, D("12000.50"), D("16.67"), D("61.86")),
    ]
    # April is the whole of 2018/19: the same rows as the year table.
    apr = rows(con, "SELECT band_order, transaction_count, total_spend FROM marts.spend_bands_by_month "
                    "WHERE month = $m ORDER BY band_order", {"m": APR})
    assert [(r["band_order"], r["transaction_count"], r["total_spend"]) for r in apr] == [
        (1, 2, D("1320.00")), (2, 2, D("4500.00")), (4, 1, D("100000.01"))]


# --- the runner -------------------------------------------------------------------------

def test_build_result_reconciles(built_once):
    _, result = built_once
    # 127150.48 + 105820.01
    assert result["ledger_total_spend"] == D("232970.49")
    assert result["mart_total_spend"] == D("232970.49")
    assert result["reconciles"] is True
    assert result["months_rebuilt"] == [FEB, MAR, APR]
    assert result["months_fytd_refreshed"] == []
    assert result["financial_years_rebuilt"] == ["2017/18", "2018/19"]
    assert result["row_counts"]["marts.kpi_spend_by_year"] == 2
    assert result["row_counts"]["marts.kpi_spend_by_month"] == 3
    assert [k["pct_local_primary"] for k in result["kpis"]] == [D("2.60"), D("4.73")]


def test_partial_rebuild_touches_only_its_month_and_year(built, targets_path):
    con, _ = built
    feb_before = one(con, "marts.kpi_spend_by_month", body=BODY, month=FEB)
    apr_before = one(con, "marts.kpi_spend_by_month", body=BODY, month=APR)
    y2018_before = one(con, "marts.kpi_spend_by_year", body=BODY, financial_year="2018/19")
    bands_feb_before = rows(con, "SELECT * FROM marts.spend_bands_by_month WHERE month = $m ORDER BY band_order", {"m": FEB})
    # New lines land in Feb, Mar and Apr, but only March is rebuilt: Feb and Apr rows must not
    # move, so any change in them would show that they were rebuilt.
    insert_payment(con, 17, date(2018, 2, 28), "National Care plc", "NAT", "300.00", "Adult Social Care", "Care Services", "Social Care")
    insert_payment(con, 18, date(2018, 3, 28), "Luton Bakery Ltd", "LS", "700.00", "Adult Social Care", "Food", None)
    insert_payment(con, 19, date(2018, 4, 28), "National Care plc", "NAT", "400.00", "Adult Social Care", "Care Services", "Social Care")

    result = kpis.build_kpi_marts(con, months=[date(2018, 3, 15)], targets_path=targets_path)

    assert result["months_rebuilt"] == [MAR]
    assert result["months_fytd_refreshed"] == []  # March is the last month of 2017/18
    assert result["financial_years_rebuilt"] == ["2017/18"]
    assert one(con, "marts.kpi_spend_by_month", body=BODY, month=FEB) == feb_before
    assert one(con, "marts.kpi_spend_by_month", body=BODY, month=APR) == apr_before
    assert one(con, "marts.kpi_spend_by_year", body=BODY, financial_year="2018/19") == y2018_before
    assert rows(con, "SELECT * FROM marts.spend_bands_by_month WHERE month = $m ORDER BY band_order", {"m": FEB}) == bands_feb_before
    mar = one(con, "marts.kpi_spend_by_month", body=BODY, month=MAR)
    check(mar, {
        "payment_count": 7,
        "total_spend": D("20100.49"),  # 19400.49 + 700
        "local_primary_spend": D("3000.00"),  # 2300 + 700
        "supplier_count": 4,  # LS is now net +500 in March: LV, NAT, UNK, LS
        "local_primary_supplier_count": 2,
        # the year to date reads the ledger, so it also holds February's new line
        "fytd_total_spend": D("128150.48"),  # 127150.48 + 300 + 700
        "fytd_local_primary_spend": D("4000.00"),  # 3300 + 700
    })
    year = one(con, "marts.kpi_spend_by_year", body=BODY, financial_year="2017/18")
    check(year, {
        "payment_count": 13,
        "total_spend": D("128150.48"),
        "local_primary_spend": D("4000.00"),
        "pct_local_primary": D("3.12"),  # 4000 / 128150.48 = 3.1214%
        "local_target_status": "off target",
    })
    # Year tables follow the year: NAT's 2017/18 total now includes the Feb line.
    nat = one(con, "marts.top_suppliers", body=BODY, financial_year="2017/18", supplier_key="NAT")
    assert nat["total_spend"] == D("17300.50")  # 5000 + 12000.50 + 300
    assert con.execute("SELECT total_spend FROM marts.top_suppliers WHERE financial_year = '2018/19' "
                       "AND supplier_key = 'NAT'").fetchone()[0] == D("100000.01")  # Apr line 19 not in


def test_rebuilding_a_month_refreshes_only_the_year_to_date_of_later_months(built, targets_path):
    con, _ = built
    apr_before = one(con, "marts.kpi_spend_by_month", body=BODY, month=APR)
    # A sentinel in March's own figures shows whether March's own columns get rewritten.
    con.execute("UPDATE marts.kpi_spend_by_month SET total_spend = -1, supplier_count = -1 WHERE month = $m", {"m": MAR})
    insert_payment(con, 17, date(2018, 2, 28), "National Care plc", "NAT", "300.00", "Adult Social Care", "Care Services", "Social Care")

    result = kpis.build_kpi_marts(con, months=[FEB], targets_path=targets_path)

    assert result["months_rebuilt"] == [FEB]
    assert result["months_fytd_refreshed"] == [MAR]  # April is another financial year
    feb = one(con, "marts.kpi_spend_by_month", body=BODY, month=FEB)
    assert (feb["total_spend"], feb["fytd_total_spend"]) == (D("108049.99"), D("108049.99"))  # 107749.99 + 300
    mar = one(con, "marts.kpi_spend_by_month", body=BODY, month=MAR)
    check(mar, {
        "total_spend": D("-1"), "supplier_count": -1,  # March's own figures untouched
        "fytd_payment_count": 12,  # 11 + line 17
        "fytd_total_spend": D("127450.48"),  # 127150.48 + 300
        "fytd_pct_local_primary": D("2.59"),  # 3300 / 127450.48 = 2.5892%
        "fytd_supplier_count": 6,  # NAT was already counted
        "local_target_status": "off target",
    })
    assert one(con, "marts.kpi_spend_by_month", body=BODY, month=APR) == apr_before


def test_supplier_spend_by_month_adds_up_lines_and_never_keys_a_redacted_payee(built_once):
    con, _ = built_once
    got = rows(con, "SELECT month, supplier_key, supplier_name, category, payment_count, total_spend, first_payment_date "
                    "FROM marts.supplier_spend_by_month WHERE supplier_key = 'LS' OR is_redacted ORDER BY month, supplier_key")
    assert [tuple(r.values()) for r in got] == [
        # line 1: LS 1000.00 on 5 Feb, category from its Proclass 'Catering'
        (FEB, "LS", "Luton Bakery Ltd", "Catering", 1, D("1000.00"), date(2018, 2, 5)),
        # line 3: the redacted payee, keyed by nothing and never named
        (FEB, None, "Redacted (personal data)", None, 1, D("750.00"), date(2018, 2, 12)),
        # line 6: a credit only, so no first payment in March
        (MAR, "LS", "Luton Bakery Ltd", "Catering", 1, D("-200.00"), None),
        (APR, "LS", "Luton Bakery Ltd", "Catering", 1, D("1500.00"), date(2018, 4, 3)),
        (APR, None, "Redacted (personal data)", None, 1, D("820.00"), date(2018, 4, 11)),
    ]
    # line 10 has no supplier record: one unresolved row, 600.00 in March
    assert con.execute("SELECT month, payment_count, total_spend FROM marts.supplier_spend_by_month "
                       "WHERE NOT is_resolved").fetchall() == [(MAR, 1, D("600.00"))]


def _every_mart(con) -> dict[str, list[tuple]]:
    tables = [t for (t,) in con.execute(
        "SELECT 'marts.' || table_name FROM duckdb_tables() WHERE schema_name = 'marts' ORDER BY 1").fetchall()]
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}


def test_a_month_rebuild_writes_every_mart_as_a_full_rebuild_does(built, targets_path):
    # The year and month marts read marts.supplier_spend_by_month, rebuilt with the year: lines
    # landing in February (a second redacted payee, a key with no supplier record, a credit)
    # and a rebuild of February alone must leave every mart as a full rebuild leaves it.
    con, _ = built
    con.execute("INSERT INTO core.dim_supplier (supplier_key, supplier_name, is_redacted, match_method) "
                "VALUES ('RED2', 'REDACTED', TRUE, 'redacted')")
    insert_payment(con, 17, date(2018, 2, 14), "Mr B Other", "RED2", "640.00", "Children", "Care Services", None)
    insert_payment(con, 18, date(2018, 2, 15), "Ghost Ltd", "GHOST", "1200.00", "Housing", "Repairs", None)
    insert_payment(con, 19, date(2018, 2, 16), "Luton Bakery Ltd", "LS", "-50.00", "Adult Social Care", "Food", None)

    kpis.build_kpi_marts(con, months=[FEB], targets_path=targets_path)

    feb = one(con, "marts.kpi_spend_by_month", body=BODY, month=FEB)
    check(feb, {
        "total_spend": D("109539.99"),  # 107749.99 + 640 + 1200 - 50
        "redacted_spend": D("1390.00"),  # 750 + 640
        "unclassified_spend": D("3589.99"),  # UNC 999.99 + RED 750 + RED2 640 + GHOST 1200 (no record)
        "supplier_count": 4,  # LS (net 950), NAT, BEDS, UNC; redacted and unresolved never count
    })
    feb_bands = rows(con, "SELECT band_order, transaction_count, credit_count FROM marts.spend_bands_by_month "
                          "WHERE month = $m ORDER BY band_order", {"m": FEB})
    # |amount| bands: 750, 999.99, 640, 50 in band 1; 1000, 1200 in 2; 5000 in 3; 100000 in 4
    assert [(r["band_order"], r["transaction_count"], r["credit_count"]) for r in feb_bands] == [
        (1, 4, 1), (2, 2, 0), (3, 1, 0), (4, 1, 0)]
    incremental = _every_mart(con)
    assert "marts.supplier_spend_by_month" in incremental
    kpis.build_kpi_marts(con, targets_path=targets_path)
    assert _every_mart(con) == incremental


def test_a_month_rebuild_over_an_emptied_mart_rebuilds_everything(built, targets_path):
    con, _ = built
    con.execute("DELETE FROM marts.top_suppliers")
    result = kpis.build_kpi_marts(con, months=[FEB], targets_path=targets_path)
    assert result["months_rebuilt"] == [FEB, MAR, APR]
    # 2017/18: LS, NAT, BEDS, UNC, LV, UNK, the redacted row, the unresolved line 10;
    # 2018/19: LS, NAT, NEW, LV, the redacted row
    assert con.execute("SELECT financial_year, count(*) FROM marts.top_suppliers GROUP BY ALL ORDER BY 1").fetchall() == [
        ("2017/18", 8), ("2018/19", 5)]


def test_full_rebuild_drops_withdrawn_rows(built, targets_path):
    con, _ = built
    con.execute("DELETE FROM core.fct_payment WHERE month = $m", {"m": APR})
    kpis.build_kpi_marts(con, targets_path=targets_path)
    assert con.execute("SELECT count(*) FROM marts.kpi_spend_by_month WHERE month = $m", {"m": APR}).fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM marts.kpi_spend_by_year WHERE financial_year = '2018/19'").fetchone()[0] == 0
    # A month rebuild of a month with no payments left removes its rows as well.
    con.execute("DELETE FROM core.fct_payment WHERE month = $m", {"m": MAR})
    kpis.build_kpi_marts(con, months=[MAR], targets_path=targets_path)
    assert con.execute("SELECT count(*) FROM marts.kpi_spend_by_month WHERE month = $m", {"m": MAR}).fetchone()[0] == 0
    # 2017/18 is now Feb only
    assert con.execute("SELECT total_spend FROM marts.kpi_spend_by_year WHERE financial_year = '2017/18'").fetchone()[0] == D("107749.99")


def test_refresh_targets_updates_every_row_without_rebuilding(built, tmp_path):
    con, _ = built
    edited = tmp_path / "edited.csv"
    edited.write_text("measure,financial_year,target_pct,note\npct_local_primary,2017/18,2.5,edited\n"
                      "pct_sme,2017/18,90,set\n", encoding="utf-8")
    kpis.refresh_targets(con, edited)
    check(one(con, "marts.kpi_spend_by_year", body=BODY, financial_year="2017/18"), {
        "target_pct_local": D("2.50"), "local_target_status": "on target",  # 2.60 >= 2.5
        "target_pct_sme": D("90.00"), "sme_target_status": "off target",  # 82.82 is 7.18 points below 90
    })
    # 2018/19's targets were removed from the file: they are cleared, not left behind.
    check(one(con, "marts.kpi_spend_by_year", body=BODY, financial_year="2018/19"),
          {"target_pct_local": None, "local_target_status": "no target", "target_pct_vcs": None})
    # Feb's year to date is 0.93% < 2.5
    check(one(con, "marts.kpi_spend_by_month", body=BODY, month=FEB),
          {"target_pct_local": D("2.50"), "local_target_status": "near target"})  # 0.93 is 1.57 points below 2.5


# --- schema rules -----------------------------------------------------------------------

def test_every_marts_table_and_column_has_a_comment(built_once):
    con, _ = built_once
    tables = rows(con, "SELECT table_name AS name, comment FROM duckdb_tables() WHERE schema_name = 'marts' "
                       "UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'marts'")
    assert len(tables) >= 13
    assert [t["name"] for t in tables if not (t["comment"] or "").strip()] == []
    columns = rows(con, "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'marts'")
    assert [(c["table_name"], c["column_name"]) for c in columns if not (c["comment"] or "").strip()] == []
    bands_comment = con.execute("SELECT comment FROM duckdb_tables() WHERE schema_name = 'marts' "
                                "AND table_name = 'spend_bands_by_year'").fetchone()[0]
    assert "partial" in bands_comment and "over £500" in bands_comment


def test_money_and_shares_are_decimal(built_once):
    con, _ = built_once
    columns = rows(con, "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'marts'")
    shares = [c for c in columns if "pct" in c["column_name"]]
    money = [c for c in columns if (c["column_name"].endswith("_spend") and "pct" not in c["column_name"]) or c["column_name"] in ("lower_bound", "upper_bound")]
    assert len(shares) > 40 and len(money) > 60
    assert {c["data_type"] for c in shares} == {"DECIMAL(5,2)"}
    assert {c["data_type"] for c in money} == {"DECIMAL(18,2)"}


def test_personal_names_never_reach_a_mart(built_once):
    con, _ = built_once
    text_columns = rows(con, "SELECT table_name, column_name FROM duckdb_columns() "
                             "WHERE schema_name = 'marts' AND data_type = 'VARCHAR'")
    for c in text_columns:
        values = {r[0] for r in con.execute(f'SELECT DISTINCT "{c["column_name"]}" FROM marts.{c["table_name"]}').fetchall()}
        assert not values & set(PERSONAL_NAMES), c


def test_share_is_exact_and_rounds_half_away_from_zero(con):
    # The `con` fixture holds the warehouse schema, macros included (warehouse.ensure_schema).
    got = con.execute("""
        SELECT marts.share_pct(2469.00::DECIMAL(18,2), 20000.00::DECIMAL(18,2)),  -- 12.345 exactly
               marts.share_pct(-2469.00::DECIMAL(18,2), 20000.00::DECIMAL(18,2)),
               marts.share_pct(1.00::DECIMAL(18,2), 3.00::DECIMAL(18,2)),         -- 33.333...
               marts.share_pct(2.00::DECIMAL(18,2), 3.00::DECIMAL(18,2)),         -- 66.666...
               marts.share_pct(5.00::DECIMAL(18,2), 0.00::DECIMAL(18,2)),         -- no total
               marts.share_pct(5.00::DECIMAL(18,2), -10.00::DECIMAL(18,2)),       -- net credits
               marts.share_pct(1000.00::DECIMAL(18,2), 0.01::DECIMAL(18,2))       -- beyond 999.99
    """).fetchone()
    assert got == (D("12.35"), D("-12.35"), D("33.33"), D("66.67"), None, None, None)


# --- analyst examples -------------------------------------------------------------------

def example(con, name):
    from anchorspend.pipelines.config import SQL_DIR
    text = (SQL_DIR / "examples" / f"{name}.sql").read_text(encoding="utf-8")
    assert text.startswith("-- Question:")
    return [tuple(r) for r in con.execute(text).fetchall()]


def test_analyst_examples_answer_on_the_ledger(built_once):
    con, _ = built_once
    # Latest month is April 2018, so the quarter is Apr-Jun 2018 with one month loaded.
    # ASC lines 12, 13: 1500 local of 1500 + 100000.01; 1500 / 101500.01 = 1.4778%
    assert example(con, "01_adult_social_care_local_share_last_quarter") == [
        (APR, 1, D("101500.01"), D("1500.00"), D("1.48"))]
    # 2018/19 leakage: Social Care only (see test_leakage): NAT 100000.01 not local, LV 500 local
    assert example(con, "02_top_non_local_categories") == [
        ("2018/19", "Social Care", D("100000.01"), D("500.00"), D("0.50"), 1)]
    # NEW is first paid in 2018/19, an SME; 2017/18 is the ledger's first year, so not first-year data
    assert example(con, "03_new_local_suppliers_this_year") == [
        ("2018/19", "Dunstable Deli Ltd", date(2018, 4, 20), D("3000.00"), True, False)]
    assert [r[0] for r in example(con, "04_monthly_local_share_trend")] == [FEB, MAR, APR]
    assert example(con, "05_sme_share_by_service_area") == [
        # ASC: LS 1500 SME of 101500.01 = 1.4778%; Children: NEW 3000 SME of 4320 = 69.4444%
        ("2018/19", "Adult Social Care", D("101500.01"), D("1500.00"), D("1.48"), 1),
        ("2018/19", "Children", D("4320.00"), D("3000.00"), D("69.44"), 1),
    ]
    baseline = example(con, "06_strategy_baseline_2017_18")
    # 2017/18 by hand (YEAR_2017): 127,150.48 total; 2.60% local; 82.82% SME; 6 suppliers, 3 SME, 2 local
    assert [(r[0], r[1]) for r in baseline] == [
        ("total spend", "£127,150.48"), ("% local (primary)", "2.60%"), ("% SME", "82.82%"),
        ("suppliers paid", "6"), ("SME suppliers", "3"), ("local suppliers (primary)", "2")]


def test_bodies_are_kept_apart(built, targets_path):
    con, _ = built
    con.execute(
        """INSERT INTO core.fct_payment (body, payment_date, supplier_name, amount, expense_area, financial_year,
               month, source_file, file_sha256, source_line, line_key, supplier_key)
           VALUES ('Other Body', DATE '2018-02-07', 'National Care plc', 2000.00, 'Adult Social Care', '2017/18',
                   DATE '2018-02-01', 'other.csv', 'sha2', 2, 'other1', 'NAT')"""
    )
    kpis.build_kpi_marts(con, targets_path=targets_path)
    check(one(con, "marts.kpi_spend_by_year", body=BODY, financial_year="2017/18"), YEAR_2017)
    check(one(con, "marts.kpi_spend_by_year", body="Other Body", financial_year="2017/18"), {
        "payment_count": 1, "total_spend": D("2000.00"), "local_primary_spend": D("0.00"),
        "pct_local_primary": D("0.00"), "supplier_count": 1, "local_target_status": "off target"})
    # NAT is first paid by this body in 2017/18, but it is not local: no new local supplier.
    assert con.execute("SELECT count(*) FROM marts.new_local_suppliers WHERE body = 'Other Body'").fetchone()[0] == 0
    assert one(con, "marts.top_suppliers", body="Other Body", financial_year="2017/18", rank=1)["pct_of_total_spend"] == D("100.00")
