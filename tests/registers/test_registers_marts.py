"""Scorecard marts over small hand-made registers; every expected figure is worked out by hand
in the comments, from the rows written here and the shipped reference_data/register_targets.csv."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from anchorspend.pipelines.registers import build_register_marts, ingest_registers, scorecard


def _write(landing: Path, rel: str, text: str) -> None:
    path = landing / "registers" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def built(con, tmp_path: Path):
    _write(tmp_path, "exercises.csv",
           "Reference,Title,Route,Start date,Award date,Value\n"
           # quick quote, awarded 2019/20: 10, 13 and 20 days (May 1->11, Jun 1->14, Jul 1->21)
           "P1,a,quick quote,01/05/2019,11/05/2019,100\n"
           "P2,b,quick quote,01/06/2019,14/06/2019,100\n"
           "P3,c,quick quote,01/07/2019,21/07/2019,100\n"
           # framework call-off 2019/20: 40 days (Sep 1->Oct 11) and 47 days (Oct 1->Nov 17)
           "P4,d,framework call-off,01/09/2019,11/10/2019,100\n"
           "P5,e,framework call-off,01/10/2019,17/11/2019,100\n"
           # started in 2019/20, awarded 02/04/2020, so it counts in 2020/21: Mar 1->Apr 2 = 30+2 = 32 days
           "P6,f,open procedure,01/03/2020,02/04/2020,100\n"
           # in progress: not counted anywhere
           "P7,g,open procedure,01/02/2020,,\n")
    _write(tmp_path, "exemptions.csv",
           "Reference,Date received,Decision,Decision date\n"
           "E1,01/04/2019,approved,02/04/2019\n"
           "E2,01/05/2019,approved,02/05/2019\n"
           "E3,01/06/2019,approved,02/06/2019\n"
           "E4,01/07/2019,rejected,02/07/2019\n"
           # received on the last day of 2019/20, decided in 2020/21: counts in 2019/20
           "E5,31/03/2020,pending,\n"
           "E6,01/04/2020,rejected,03/04/2020\n")
    _write(tmp_path, "events.csv",
           "Event date,Title,Attendees,Local attendees\n"
           "12/06/2019,One,40,20\n"
           "12/02/2020,Two,30,10\n"
           "10/10/2020,Three,,\n")
    _write(tmp_path, "savings.csv",
           "Financial year,Date,Description,Saving type,Amount\n"
           "2019/20,,Big,cashable,\"4,000,000.00\"\n"
           ",15/01/2020,Small,non-cashable,909999.99\n"
           "2020/21,,Next,cost avoidance,2500000.00\n")
    _write(tmp_path, "quick_quotes.csv",
           "Reference,Date,Supplier name,Supplier postcode,Local?\n"
           "Q1,01/05/2019,Alpha Ltd,LU1 1AA,\n"           # LU postcode: local
           "Q1,01/05/2019,Beta Ltd,MK40 1AA,\n"           # not local
           "Q2,02/05/2019,Gamma Ltd,,Y\n"                 # only the register's flag: local
           "Q3,03/05/2019,D Builders Limited,MK1 1AA,N\n" # supplier record says local: wins over postcode and flag
           "Q4,04/05/2019,Echo Ltd,LU2 2BB,Y\n"           # supplier record says not local: wins
           "Q5,05/05/2019,Foxtrot Ltd,,\n"                # nothing known
           "Q5,05/05/2019,Golf Ltd,SG1 1AA,\n")           # not local
    _write(tmp_path, "social_value.csv",
           "Contract reference,Supplier,Theme,TOMs code,Unit,Committed value,Delivered value,Date\n"
           "C1,Alpha,real living wage,,£,1000.00,500.00,31/03/2020\n"
           "C2,Beta,real living wage,,£,1500.50,1000.25,31/03/2020\n"
           "C1,Alpha,local recruitment,NT1,people,3,2,31/03/2020\n"
           "C2,Beta,local recruitment,NT1,people,2,2,31/03/2020\n")
    # Supplier records as pipelines/suppliers writes them (name_normalised is the matching key).
    con.execute("""
        INSERT INTO core.dim_supplier (supplier_key, supplier_name, name_normalised, is_local_primary) VALUES
        ('s1', 'D Builders Ltd', 'd builders', TRUE),
        ('s2', 'Echo Ltd', 'echo', FALSE)
    """)
    results = ingest_registers(con, tmp_path)
    assert all(r.rows_rejected == 0 and r.status == "loaded" for r in results), [r.rejections for r in results]
    figures = build_register_marts(con)
    return con, figures


def test_procurement_cycle(built):
    con, _ = built
    rows = con.execute(
        "SELECT financial_year, route, exercises_awarded, average_days, median_days, current_days, difference_days, status "
        "FROM marts.kpi_procurement_cycle ORDER BY financial_year, route"
    ).fetchall()
    d = Decimal
    assert rows == [
        # call-off: (40 + 47) / 2 = 43.5; median 43.5; 43.5 - 45 = -1.5, on target
        ("2019/20", "framework call-off", 2, d("43.5"), d("43.5"), d("45.0"), d("-1.5"), "on target"),
        ("2019/20", "framework over threshold", 0, None, None, d("120.0"), None, "no figure"),
        ("2019/20", "open procedure", 0, None, None, d("60.0"), None, "no figure"),
        # quick quote: (10 + 13 + 20) / 3 = 43 / 3 = 14.33 -> 14.3; median 13; 14.3 > 14, off target
        ("2019/20", "quick quote", 3, d("14.3"), d("13.0"), d("14.0"), d("0.3"), "off target"),
        ("2019/20", "restricted procedure", 0, None, None, d("120.0"), None, "no figure"),
        ("2020/21", "framework call-off", 0, None, None, d("45.0"), None, "no figure"),
        ("2020/21", "framework over threshold", 0, None, None, d("120.0"), None, "no figure"),
        # P6: 32 days against 60, on target
        ("2020/21", "open procedure", 1, d("32.0"), d("32.0"), d("60.0"), d("-28.0"), "on target"),
        ("2020/21", "quick quote", 0, None, None, d("14.0"), None, "no figure"),
        ("2020/21", "restricted procedure", 0, None, None, d("120.0"), None, "no figure"),
    ]


def test_exemptions(built):
    con, _ = built
    rows = con.execute(
        "SELECT financial_year, received, approved, rejected, pending, baseline_year, baseline_received, "
        "change_received, change_approved, change_rejected FROM marts.kpi_exemptions ORDER BY 1"
    ).fetchall()
    assert rows == [
        # E1-E5: 3 approved, 1 rejected, 1 pending; against 160/115/45: -155, -112, -44
        ("2019/20", 5, 3, 1, 1, "2018/19", 160, -155, -112, -44),
        ("2020/21", 1, 0, 1, 0, "2018/19", 160, -159, -115, -44),
    ]


def test_events(built):
    con, _ = built
    rows = con.execute(
        "SELECT financial_year, events, attendees, local_attendees, target_events, status FROM marts.kpi_events ORDER BY 1"
    ).fetchall()
    assert rows == [
        ("2019/20", 2, 70, 30, 2, "on target"),          # 2 events >= 2; 40 + 30 attendees, 20 + 10 local
        ("2020/21", 1, None, None, 3, "off target"),  # 1 < 3; attendance not recorded
        ("2021/22", None, None, None, 3, "no figure"),  # beyond the register's last year
        ("2022/23", None, None, None, 4, "no figure"),
        ("2023/24", None, None, None, 4, "no figure"),
    ]


def test_savings_exact_to_the_penny(built):
    con, _ = built
    rows = con.execute(
        "SELECT financial_year, savings_recorded, savings, cashable, non_cashable, cost_avoidance, target, difference, "
        "cumulative_savings, cumulative_target, status FROM marts.kpi_savings ORDER BY 1"
    ).fetchall()
    d = Decimal
    assert rows[:2] == [
        # 4,000,000.00 + 909,999.99 = 4,909,999.99: one penny short of £4.91m
        ("2019/20", 2, d("4909999.99"), d("4000000.00"), d("909999.99"), d("0.00"), d("4910000.00"), d("-0.01"),
         d("4909999.99"), d("4910000.00"), "off target"),
        # 2,500,000.00 meets £2.5m exactly; cumulative 4,909,999.99 + 2,500,000.00 = 7,409,999.99 vs 7,410,000.00
        ("2020/21", 1, d("2500000.00"), d("0.00"), d("0.00"), d("2500000.00"), d("2500000.00"), d("0.00"),
         d("7409999.99"), d("7410000.00"), "on target"),
    ]
    assert [r[-1] for r in rows[2:]] == ["no figure"] * 3
    assert con.execute("SELECT typeof(savings) FROM marts.kpi_savings LIMIT 1").fetchone()[0] == "DECIMAL(18,2)"


def test_quick_quotes_local_share(built):
    con, _ = built
    invites = con.execute(
        "SELECT reference, supplier_name, is_local, local_source, supplier_key "
        "FROM marts.register_quick_quote_invites ORDER BY reference, supplier_name"
    ).fetchall()
    assert invites == [
        ("Q1", "Alpha Ltd", True, "register postcode", None),
        ("Q1", "Beta Ltd", False, "register postcode", None),
        ("Q2", "Gamma Ltd", True, "register flag", None),
        ("Q3", "D Builders Limited", True, "supplier record", "s1"),
        ("Q4", "Echo Ltd", False, "supplier record", "s2"),
        ("Q5", "Foxtrot Ltd", None, "unknown", None),
        ("Q5", "Golf Ltd", False, "register postcode", None),
    ]
    row = con.execute(
        "SELECT quick_quotes, invites, local_invites, quotes_with_local_invite, quotes_with_unknown_invites, "
        "local_share_percent, target_percent, status FROM marts.kpi_quick_quotes"
    ).fetchone()
    # Q1, Q2, Q3 invited a local supplier: 3 of 5 = 60.0%; Q5 has an invitee of unknown location.
    assert row == (5, 7, 3, 3, 1, Decimal("60.0"), None, "no target")


def test_social_value_by_theme_and_toms_code(built):
    con, _ = built
    rows = con.execute(
        "SELECT theme, level, toms_code, unit, contracts, commitments, committed, delivered, delivered_percent "
        "FROM marts.kpi_social_value WHERE financial_year = '2019/20' ORDER BY list_position(["
        "'real living wage', 'local recruitment, skills and staff development', 'community health and wellbeing'], theme), "
        "level DESC, toms_code NULLS FIRST, unit = '£' DESC"
    ).fetchall()
    d = Decimal
    lr = "local recruitment, skills and staff development"
    assert rows == [
        # 1000.00 + 1500.50 = 2500.50 committed; 500.00 + 1000.25 = 1500.25 delivered; 1500.25 / 2500.50 = 59.998% -> 60.0
        ("real living wage", "theme", None, "£", 2, 2, d("2500.50"), d("1500.25"), d("60.0")),
        # no £ rows: shown at zero pounds so the theme is visible
        (lr, "theme", None, "£", 0, 0, d("0.00"), d("0.00"), None),
        # people: 3 + 2 = 5 committed, 2 + 2 = 4 delivered = 80.0%
        (lr, "theme", None, "people", 2, 2, d("5.00"), d("4.00"), d("80.0")),
        (lr, "measure", "NT1", "people", 2, 2, d("5.00"), d("4.00"), d("80.0")),
        ("community health and wellbeing", "theme", None, "£", 0, 0, d("0.00"), d("0.00"), None),
    ]


def test_scorecard_lists_every_measure_with_target_and_status(built):
    con, figures = built
    card = scorecard(con, "2019/20")
    by_key = {(r["measure"], r["dimension"]): r for r in card}
    assert {m for m, _ in by_key} == {
        "procurement_cycle_days", "exemptions_received", "exemptions_approved", "exemptions_rejected",
        "meet_the_buyer_events", "savings", "quick_quotes_local_share",
        "social_value_committed", "social_value_delivered",
    }
    qq = by_key[("procurement_cycle_days", "quick quote")]
    assert (qq["value"], qq["target"], qq["target_kind"], qq["status"]) == (Decimal("14.30"), Decimal("14.00"), "current", "off target")
    received = by_key[("exemptions_received", None)]
    # 5 received against the 2018/19 baseline of 160: fewer is better, so on target
    assert (received["value"], received["target"], received["target_year"], received["status"]) == (
        Decimal("5.00"), Decimal("160.00"), "2018/19", "on target")
    assert by_key[("exemptions_rejected", None)]["status"] == "for information"
    savings = by_key[("savings", None)]
    assert (savings["value"], savings["target"], savings["unit"], savings["status"]) == (
        Decimal("4909999.99"), Decimal("4910000.00"), "GBP", "off target")
    assert by_key[("social_value_committed", "real living wage")]["value"] == Decimal("2500.50")
    assert [r["sort_order"] for r in card] == sorted(r["sort_order"] for r in card)
    # The first rows of the card are the five routes ordered by their current figure: 14, 45, 60, 120, 120.
    assert [r["dimension"] for r in card[:5]] == [
        "quick quote", "framework call-off", "open procedure", "framework over threshold", "restricted procedure"]

    assert figures["latest_financial_year"] == "2020/21"
    assert figures["savings"] == "2500000.00 against 2500000.00: on target"
    assert figures["procurement_cycle_days[open procedure]"] == "32.00 against 60.00: on target"
    assert figures["kpi_quick_quotes_rows"] == 1


def test_marts_have_comments_on_every_table_and_column(built):
    con, _ = built
    tables = ["kpi_procurement_cycle", "kpi_exemptions", "kpi_events", "kpi_savings", "kpi_quick_quotes",
              "kpi_social_value", "register_quick_quote_invites", "register_scorecard"]
    for t in tables:
        assert con.execute(
            "SELECT comment FROM duckdb_tables() WHERE schema_name = 'marts' AND table_name = ?", [t]
        ).fetchone()[0], t
        missing = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'marts' AND table_name = ? AND comment IS NULL",
            [t],
        ).fetchall()
        assert missing == [], (t, missing)
    money = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'marts' "
        "AND table_name IN ('kpi_savings') AND column_name NOT IN ('financial_year', 'savings_recorded', 'status')"
    ).fetchall()
    assert {dt for _, _, dt in money} == {"DECIMAL(18,2)"}


def test_rebuild_is_stable(built):
    con, figures = built
    before = scorecard(con)
    assert build_register_marts(con) == figures
    assert scorecard(con) == before
