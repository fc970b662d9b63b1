"""KPI mart checks on the real mart tables (sql/ddl/040_marts.sql), filled by hand from a tiny ledger."""

from __future__ import annotations

from datetime import date

import pytest

from anchorspend.pipelines import quality

# Ledger lines, and their totals worked out by hand:
#   Luton 2017/18: 0.10 + 0.20 + 1000.00 - 250.50 = 749.80  (April 0.30, May 1000.00, March -250.50)
#   Luton 2018/19: 500.00 (April 2018)
#   Bedford 2017/18: 99.99 (April 2017)
LEDGER = [
    {"body": "Luton", "payment_date": "2017-04-05", "amount": "0.10"},
    {"body": "Luton", "payment_date": "2017-04-06", "amount": "0.20"},
    {"body": "Luton", "payment_date": "2017-05-01", "amount": "1000.00"},
    {"body": "Luton", "payment_date": "2018-03-10", "amount": "-250.50"},
    {"body": "Luton", "payment_date": "2018-04-01", "amount": "500.00"},
    {"body": "Bedford", "payment_date": "2017-04-02", "amount": "99.99"},
]
YEARS = [
    ("Luton", "2017/18", "749.80", "25.00", "51.00", "3.00", "30.00"),
    ("Luton", "2018/19", "500.00", "0.00", "100.00", "0.00", "30.00"),
    ("Bedford", "2017/18", "99.99", "10.00", "0.00", "100.00", None),
]
MONTHS = [
    ("Luton", "2017-04-01", "2017/18", "0.30", "100.00", "0.00"),
    ("Luton", "2017-05-01", "2017/18", "1000.00", "50.00", "50.00"),
    ("Luton", "2018-03-01", "2017/18", "-250.50", None, "20.00"),  # net credit: no share
    ("Luton", "2018-04-01", "2018/19", "500.00", "0.00", "0.00"),
    ("Bedford", "2017-04-01", "2017/18", "99.99", "10.00", "10.00"),
]

NAMES = [
    f"{t}_{c}" for t in ("kpi_spend_by_year", "kpi_spend_by_month")
    for c in ("money_is_decimal", "shares_0_to_100", "reconciles_to_ledger")
]


def by_name(outcomes):
    return {o.name: o for o in outcomes}


@pytest.fixture
def marts(con, add_payments):
    add_payments(LEDGER)
    con.executemany(
        "INSERT INTO marts.kpi_spend_by_year (body, financial_year, total_spend, pct_local_primary, pct_sme,"
        " pct_vcs, target_pct_local) VALUES (?, ?, ?, ?, ?, ?, ?)", YEARS)
    con.executemany(
        "INSERT INTO marts.kpi_spend_by_month (body, month, financial_year, total_spend, pct_sme,"
        " fytd_pct_local_primary) VALUES (?, ?, ?, ?, ?, ?)", MONTHS)
    return con


def test_marts_that_match_the_ledger_pass(marts):
    got = by_name(quality.check_kpis(marts))
    assert list(got) == NAMES
    assert quality.KPI_CHECKS == {n: ("warn" if n.endswith("shares_0_to_100") else "error") for n in NAMES}
    for o in got.values():
        assert o.passed and o.severity == quality.KPI_CHECKS[o.name], (o.name, o.failing_examples)
    # 0.10 + 0.20 is 0.30 exactly here (it is not in binary floating point).
    assert got["kpi_spend_by_month_reconciles_to_ledger"].metadata["periods_compared"] == 5
    assert got["kpi_spend_by_year_reconciles_to_ledger"].metadata["periods_compared"] == 3


def test_a_penny_out_or_a_missing_period_blocks(marts):
    marts.execute("UPDATE marts.kpi_spend_by_year SET total_spend = 749.81 WHERE body = 'Luton' AND financial_year = '2017/18'")
    marts.execute("DELETE FROM marts.kpi_spend_by_year WHERE body = 'Bedford'")
    marts.execute("INSERT INTO marts.kpi_spend_by_year (body, financial_year, total_spend) VALUES ('Luton', '2016/17', 0.00)")
    marts.execute("UPDATE marts.kpi_spend_by_month SET total_spend = 0.29 WHERE body = 'Luton' AND month = '2017-04-01'")
    got = by_name(quality.check_kpis(marts))
    year = got["kpi_spend_by_year_reconciles_to_ledger"]
    assert year.blocking
    assert year.failing_examples == [
        {"body": "Bedford", "period": "2017/18", "ledger_total": "99.99", "kpi_total": None,
         "difference": "-99.99", "problem": "total_spend differs from the ledger"},
        {"body": "Luton", "period": "2016/17", "ledger_total": None, "kpi_total": "0.00",
         "difference": "0.00", "problem": "total_spend differs from the ledger"},
        {"body": "Luton", "period": "2017/18", "ledger_total": "749.80", "kpi_total": "749.81",
         "difference": "0.01", "problem": "total_spend differs from the ledger"},
    ]
    month = got["kpi_spend_by_month_reconciles_to_ledger"]
    assert month.blocking
    assert [(e["body"], e["period"], e["ledger_total"], e["kpi_total"], e["difference"])
            for e in month.failing_examples] == [("Luton", "2017-04-01", "0.30", "0.29", "-0.01")]

    # Checked for May 2017 only: the month is right, its year (2017/18) is not.
    may = by_name(quality.check_kpis(marts, month=date(2017, 5, 1)))
    assert may["kpi_spend_by_month_reconciles_to_ledger"].passed
    assert may["kpi_spend_by_month_reconciles_to_ledger"].metadata["periods_compared"] == 1
    assert [(e["body"], e["period"]) for e in may["kpi_spend_by_year_reconciles_to_ledger"].failing_examples] == [
        ("Bedford", "2017/18"), ("Luton", "2017/18")]


def test_shares_outside_0_to_100_warn(marts):
    marts.execute("UPDATE marts.kpi_spend_by_year SET pct_vcs = -0.01 WHERE body = 'Luton' AND financial_year = '2018/19'")
    marts.execute("UPDATE marts.kpi_spend_by_month SET pct_sme = 100.01 WHERE body = 'Bedford'")
    marts.execute("UPDATE marts.kpi_spend_by_month SET fytd_pct_local_primary = 150 WHERE month = '2017-05-01'")
    got = by_name(quality.check_kpis(marts))
    year = got["kpi_spend_by_year_shares_0_to_100"]
    # Credits can push a share outside 0-100 for real, so this warns rather than blocks.
    assert not year.passed and year.severity == "warn" and not year.blocking
    assert [(e["body"], e["period"], e["share"], e["value"]) for e in year.failing_examples] == [
        ("Luton", "2018/19", "pct_vcs", -0.01)]
    month = got["kpi_spend_by_month_shares_0_to_100"]
    assert [(e["body"], e["period"], e["share"], e["value"]) for e in month.failing_examples] == [
        ("Bedford", "2017-04-01", "pct_sme", 100.01), ("Luton", "2017-05-01", "fytd_pct_local_primary", 150.0)]
    assert got["kpi_spend_by_year_reconciles_to_ledger"].passed


def test_float_money_columns_block_and_missing_marts_are_reported(marts):
    marts.execute("ALTER TABLE marts.kpi_spend_by_year ALTER COLUMN sme_spend TYPE DOUBLE")
    marts.execute("DROP TABLE marts.kpi_spend_by_month")
    got = by_name(quality.check_kpis(marts))
    money = got["kpi_spend_by_year_money_is_decimal"]
    assert money.blocking
    assert [(e["column"], e["data_type"]) for e in money.failing_examples] == [("sme_spend", "DOUBLE")]
    # A missing table fails each of its checks, under the usual names.
    assert list(got) == NAMES
    for name in NAMES[3:]:
        assert got[name].blocking and "marts.kpi_spend_by_month does not exist" in got[name].description
