"""The partnership marts on two bodies, checked against figures worked out by hand.

A council (files directly in ledgers/) and a police force (ledgers/police/, no body column) pay
four suppliers. The lines, and every figure below, are in the module docstring's table:

    supplier                       where / SME / VCS        council                 police
    S1 Alpha Builders Ltd          LU1 1AA   Y  N           Apr 1000.00, May -200   May 700.00
    S2 Beacon Community Trust      LU3 1AA   N  Y           May 300.00              May -100.00
    S3 National Stationery PLC     B1 1BB    N  N           Apr 5000.00, May 1000   May 2500.00
    S4 Kempston Couriers Ltd       MK40 1AA  Y  N           -                       Jun 800.00
    REDACTED - personal data                                Apr 400.00

Council: 7,500.00; local (LU) 1,100.00 = 14.67%; SME 800.00 = 10.67%; VCS 300.00 = 4.00%; 3 suppliers.
Police: 3,900.00; LU 600.00 = 15.38%; Bedfordshire 1,400.00 = 35.90%; SME 1,500.00 = 38.46%; 3 suppliers
(S2's net is -100.00: not paid). Partnership: 11,400.00; LU 1,700.00 = 14.91%; Bedfordshire 2,500.00 =
21.93%; SME 2,300.00 = 20.18%; VCS 200.00 = 1.75%; 4 suppliers (S2 nets to 200.00 over both); shared
by both bodies: S1 and S3, so 2; of them local: S1 only, 1,500.00. May has both bodies and one shared
supplier (S3: S1's council May line is a credit); April and June have one body each.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from anchorspend.pipelines import kpis, suppliers
from anchorspend.pipelines.config import council_config
from anchorspend.pipelines.ledgers import ingest_ledgers
from anchorspend.pipelines.partnership import build_partnership_marts

COUNCIL = "Luton Borough Council"
POLICE = "Bedfordshire Police"
D = Decimal


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def warehouse(tmp_path, con):
    landing = tmp_path / "landing"
    _write(landing / "bodies.toml", f'[folders.police]\nname = "{POLICE}"\nkind = "police"\n')
    _write(landing / "ledgers" / "2017-04.csv",
           "Payment Date,Supplier Name,Amount\n"
           "03/04/2017,Alpha Builders Ltd,1000.00\n"
           "04/04/2017,National Stationery PLC,5000.00\n"
           "05/04/2017,REDACTED - personal data,400.00\n")
    _write(landing / "ledgers" / "2017-05.csv",
           "Payment Date,Supplier Name,Amount\n"
           "02/05/2017,Alpha Builders Ltd,-200.00\n"
           "03/05/2017,Beacon Community Trust,300.00\n"
           "04/05/2017,National Stationery PLC,1000.00\n")
    _write(landing / "ledgers" / "police" / "2017-18.csv",
           "Transaction Date,Supplier Name,Amount\n"
           "2017-05-10,ALPHA BUILDERS LIMITED,700.00\n"
           "2017-05-11,National Stationery PLC,2500.00\n"
           "2017-05-12,Beacon Community Trust,-100.00\n"
           "2017-06-01,Kempston Couriers Ltd,800.00\n")
    _write(landing / "supplier_extracts" / "extract.csv",
           "Supplier Name,Postcode,Company Number,Charity Number,SME,VCSE\n"
           "Alpha Builders Ltd,LU1 1AA,01234567,,Y,N\n"
           "Beacon Community Trust,LU3 1AA,,1100001,N,Y\n"
           "National Stationery PLC,B1 1BB,07654321,,N,N\n"
           "Kempston Couriers Ltd,MK40 1AA,02345678,,Y,N\n")
    results = ingest_ledgers(con, landing, COUNCIL)
    assert {r.status for r in results} == {"loaded"}, [r.message for r in results]
    suppliers.ingest_supplier_sources(con, landing)
    suppliers.build_dim_supplier(con, council_config(), landing=landing)
    suppliers.link_payments(con)
    kpis.build_kpi_marts(con)
    build_partnership_marts(con, landing)
    return con


def _rows(con, sql: str, params=None) -> list[dict]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def test_each_body_and_its_kind(warehouse):
    bodies = {r["body"]: r for r in _rows(warehouse, "SELECT * FROM core.dim_body")}
    assert {b: (r["kind"], r["payment_count"]) for b, r in bodies.items()} == {COUNCIL: ("council", 6), POLICE: ("police", 4)}
    league = {r["body"]: r for r in _rows(warehouse, "SELECT * FROM marts.partnership_league WHERE financial_year = '2017/18'")}
    assert {b: (r["kind"], r["total_spend"], r["pct_local_primary"], r["pct_local_secondary"], r["pct_sme"], r["pct_vcs"],
                r["supplier_count"], r["pct_of_partnership_spend"], r["local_primary_rank"]) for b, r in league.items()} == {
        COUNCIL: ("council", D("7500.00"), D("14.67"), D("14.67"), D("10.67"), D("4.00"), 3, D("65.79"), 2),
        POLICE: ("police", D("3900.00"), D("15.38"), D("35.90"), D("38.46"), D("-2.56"), 3, D("34.21"), 1),
    }


def test_partnership_year_adds_the_bodies_up(warehouse):
    [year] = _rows(warehouse, "SELECT * FROM marts.kpi_partnership_by_year")
    assert {k: year[k] for k in ("financial_year", "body_count", "total_spend", "local_primary_spend",
                                 "local_secondary_spend", "sme_spend", "vcs_spend", "redacted_spend", "pct_local_primary",
                                 "pct_local_secondary", "pct_sme", "pct_vcs", "supplier_count",
                                 "shared_supplier_count", "target_pct_local", "local_target_status")} == {
        "financial_year": "2017/18", "body_count": 2, "total_spend": D("11400.00"),
        "local_primary_spend": D("1700.00"), "local_secondary_spend": D("2500.00"), "sme_spend": D("2300.00"),
        "vcs_spend": D("200.00"), "redacted_spend": D("400.00"), "pct_local_primary": D("14.91"),
        "pct_local_secondary": D("21.93"), "pct_sme": D("20.18"), "pct_vcs": D("1.75"), "supplier_count": 4,
        "shared_supplier_count": 2, "target_pct_local": D("25.00"), "local_target_status": "off target",  # 14.91 is more than 5 points below 25
    }
    # The same measure columns as a body's own scorecard, so nothing is defined twice.
    own = {r[0] for r in warehouse.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'kpi_spend_by_year'").fetchall()}
    mine = {r[0] for r in warehouse.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'kpi_partnership_by_year'").fetchall()}
    assert own - {"body"} <= mine


def test_partnership_months(warehouse):
    months = _rows(warehouse, "SELECT month, body_count, total_spend, shared_supplier_count FROM marts.kpi_partnership_by_month ORDER BY month")
    assert [tuple(r.values()) for r in months] == [
        (dt.date(2017, 4, 1), 1, D("6400.00"), 0),
        (dt.date(2017, 5, 1), 2, D("4200.00"), 1),
        (dt.date(2017, 6, 1), 1, D("800.00"), 0),
    ]


def test_shared_local_suppliers_never_name_a_person(warehouse):
    shared = _rows(warehouse, "SELECT supplier_name, body_count, bodies, total_spend, rank FROM marts.partnership_shared_suppliers")
    assert shared == [{"supplier_name": "Alpha Builders Ltd", "body_count": 2, "bodies": f"{POLICE}; {COUNCIL}",
                       "total_spend": D("1500.00"), "rank": 1}]
    names = [r[0] for r in warehouse.execute("SELECT supplier_name FROM marts.partnership_shared_suppliers").fetchall()]
    assert not any("REDACTED" in n.upper() for n in names)


def test_every_partnership_table_and_column_is_commented(warehouse):
    missing = warehouse.execute(
        """SELECT table_schema || '.' || table_name || coalesce('.' || column_name, '')
           FROM (SELECT schema_name AS table_schema, table_name, NULL AS column_name, comment FROM duckdb_tables()
                 UNION ALL SELECT schema_name, table_name, column_name, comment FROM duckdb_columns())
           WHERE (table_name LIKE '%partnership%' OR table_name = 'dim_body') AND (comment IS NULL OR comment = '')"""
    ).fetchall()
    assert missing == []


def _marts(con) -> dict[str, list[tuple]]:
    return {
        t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
        for t in ("marts.kpi_partnership_by_month", "marts.kpi_partnership_by_year",
                  "marts.partnership_shared_suppliers", "marts.partnership_league", "core.dim_body")
    }


def test_a_new_month_rebuilds_only_its_month_and_year_and_agrees_with_a_full_rebuild(warehouse, tmp_path):
    from anchorspend.pipelines.partnership import stale_months

    con = warehouse
    landing = tmp_path / "landing"
    may_before = con.execute("SELECT total_spend FROM marts.kpi_partnership_by_month WHERE month = DATE '2017-05-01'").fetchone()[0]
    # A council June file: Alpha Builders 250.00, beside the police's June 800.00 (Kempston).
    _write(landing / "ledgers" / "2017-06.csv", "Payment Date,Supplier Name,Amount\n06/06/2017,Alpha Builders Ltd,250.00\n")
    ingest_ledgers(con, landing, COUNCIL)
    suppliers.link_payments(con)
    june = dt.date(2017, 6, 1)
    kpis.build_kpi_marts(con, months=[june])
    # Nothing else disagrees between the KPI and partnership months: June alone.
    assert stale_months(con, [june]) == [june]
    # A marker in May: a rebuild of June and its year must leave the May row alone.
    con.execute("UPDATE marts.kpi_partnership_by_month SET body_count = 99 WHERE month = DATE '2017-05-01'")
    build_partnership_marts(con, landing, [june])
    assert con.execute("SELECT body_count, total_spend FROM marts.kpi_partnership_by_month WHERE month = DATE '2017-06-01'").fetchone() == (2, D("1050.00"))
    assert con.execute("SELECT body_count, total_spend FROM marts.kpi_partnership_by_month WHERE month = DATE '2017-05-01'").fetchone() == (99, may_before)
    # The year holds June now: 11,400.00 + 250.00.
    assert con.execute("SELECT total_spend FROM marts.kpi_partnership_by_year WHERE financial_year = '2017/18'").fetchone()[0] == D("11650.00")
    con.execute("UPDATE marts.kpi_partnership_by_month SET body_count = 2 WHERE month = DATE '2017-05-01'")
    incremental = _marts(con)
    build_partnership_marts(con, landing)
    assert _marts(con) == incremental


def test_a_month_the_kpi_marts_no_longer_hold_is_stale(warehouse):
    from anchorspend.pipelines.partnership import stale_months

    con = warehouse
    assert stale_months(con, []) == []
    con.execute("DELETE FROM marts.kpi_spend_by_month WHERE month = DATE '2017-06-01'")
    con.execute("DELETE FROM marts.kpi_partnership_by_month WHERE month = DATE '2017-04-01'")
    assert stale_months(con, []) == [dt.date(2017, 4, 1), dt.date(2017, 6, 1)]
