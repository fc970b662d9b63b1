"""Payment checks on real DuckDB warehouses: each check passes on clean lines and fails on planted ones.

Most failing cases share one planted warehouse (one file per kind of fault), checked once per
module, because every Great Expectations validation costs about a second.
"""

from __future__ import annotations

from datetime import date

import pytest

from anchorspend.pipelines import quality, warehouse

from .conftest import insert_payments

TODAY = date(2026, 11, 25)

# Every row rule warns: bad lines are the loader's to quarantine, and one line never blocks a publish.
CHECKS = {
    "payments_required_fields": "warn",
    "payments_date_not_in_future": "warn",
    "payments_date_in_file_period": "warn",
    "payments_amount_within_bounds": "warn",
    "payments_amount_not_zero": "warn",
    "payments_transaction_number_well_formed": "warn",
}

CLEAN = [
    {"payment_date": "2017-04-03", "amount": "500.01"},
    {"payment_date": "2017-06-15", "amount": "-1234.56"},      # a credit
    {"payment_date": "2018-03-31", "amount": "50000000.00"},   # exactly the bound
    {"payment_date": "2018-04-30", "amount": "-50000000.00"},  # after the year, inside the grace days
    {"payment_date": "2017-05-01", "transaction_number": None},  # not given is fine
    {"payment_date": "2017-05-02", "transaction_number": "INV/2017-05/0042"},
    {"payment_date": "2017-05-02", "transaction_number": "X" * 64},
]

BAD_TRANSACTION_NUMBERS = {
    2: ("", "transaction_number empty or too long"),
    3: ("X" * 65, "transaction_number empty or too long"),
    4: (" 123", "transaction_number has surrounding spaces"),
    5: ("123 ", "transaction_number has surrounding spaces"),
    6: ("12\x0734", "transaction_number has control characters"),
    7: ('=HYPERLINK("x")', "transaction_number starts like a formula"),
    8: ("@SUM(A1)", "transaction_number starts like a formula"),
    9: ("1.23457E+11", "transaction_number in scientific notation"),
}


def by_name(outcomes) -> dict[str, quality.CheckOutcome]:
    return {o.name: o for o in outcomes}


def lines(outcome) -> list[tuple[str, int]]:
    return sorted((e["source_file"], e["source_line"]) for e in outcome.failing_examples)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A real warehouse file (as the `con` fixture makes) with a clean file and one file per fault."""
    con = warehouse.connect(tmp_path_factory.mktemp("planted") / "warehouse.duckdb")
    warehouse.ensure_schema(con)
    # The contract forbids NULL bodies; the check must still catch one if a loader or view lets it through.
    con.execute("ALTER TABLE core.fct_payment ALTER COLUMN body DROP NOT NULL")
    insert_payments(con, [{"source_file": "clean.csv", "source_line": n, **r} for n, r in enumerate(CLEAN, 2)])
    insert_payments(con, [
        {"source_file": "required.csv", "source_line": 2},
        {"source_file": "required.csv", "source_line": 3, "supplier_name": "   "},
        {"source_file": "required.csv", "source_line": 4, "body": None},
        {"source_file": "required.csv", "source_line": 5, "supplier_name": ""},
    ])
    insert_payments(con, [
        {"source_file": "2026-11.csv", "source_line": 2, "payment_date": "2026-11-25"},  # today: fine
        {"source_file": "2026-11.csv", "source_line": 3, "payment_date": "2026-11-26"},
        {"source_file": "2026-11.csv", "source_line": 4, "payment_date": "2027-01-05"},
    ])
    # fy.csv: most lines in 2017/18, so its period is 2017-04-01..2018-03-31, +/- 31 days.
    insert_payments(con, [{"source_file": "fy.csv", "payment_date": d, "source_line": n} for n, d in [
        (2, "2017-04-01"), (3, "2017-09-09"), (4, "2018-03-31"), (5, "2017-12-01"),
        (6, "2017-03-01"),   # 31 days before 1 April: inside the grace
        (7, "2017-02-28"),   # 32 days before: outside
        (8, "2018-05-01"),   # 31 days after 31 March: inside
        (9, "2018-05-02"),   # outside
        (10, "2071-06-01"),  # a mistyped year (also in the future)
    ]])
    # late.csv: three of four lines in 2018/19, so the April 2017 line is out of its period.
    insert_payments(con, [{"source_file": "late.csv", "payment_date": d, "source_line": n} for n, d in [
        (2, "2018-05-01"), (3, "2018-06-01"), (4, "2018-07-01"), (5, "2017-04-10")]])
    insert_payments(con, [
        {"source_file": "bounds.csv", "source_line": 2, "amount": "50000000.00"},
        {"source_file": "bounds.csv", "source_line": 3, "amount": "50000000.01"},
        {"source_file": "bounds.csv", "source_line": 4, "amount": "-50000000.01"},
        {"source_file": "bounds.csv", "source_line": 5, "amount": "1234567890123.45"},  # a reference read as money
        {"source_file": "bounds.csv", "source_line": 6, "amount": "0.01"},
        {"source_file": "bounds.csv", "source_line": 7, "amount": "-0.01"},
    ])
    insert_payments(con, [{"source_file": "zero.csv", "source_line": n, "amount": "0.00"} for n in range(2, 14)])
    insert_payments(con, [
        {"source_file": "tn.csv", "source_line": n, "transaction_number": tn}
        for n, (tn, _) in BAD_TRANSACTION_NUMBERS.items()
    ])
    yield {
        "all": by_name(quality.check_payments(con, today=TODAY)),
        "april_2017": by_name(quality.check_payments(con, month=date(2017, 4, 1), today=TODAY)),
    }
    con.close()


def test_clean_ledger_passes_every_check(con, add_payments):
    add_payments(CLEAN)
    got = by_name(quality.check_payments(con, today=TODAY))
    assert {name: o.severity for name, o in got.items()} == CHECKS == quality.PAYMENT_CHECKS
    for o in got.values():
        assert o.passed, (o.name, o.failing_examples)
        assert o.failing_examples == []
        assert o.metadata["rows_checked"] == len(CLEAN)
    assert got["payments_transaction_number_well_formed"].metadata["rows_without_transaction_number"] == 1


def test_empty_ledger_passes(con):
    assert all(o.passed for o in quality.check_payments(con, today=TODAY))


def test_required_fields_blank_and_null(planted):
    o = planted["all"]["payments_required_fields"]
    assert not o.passed and not o.blocking
    assert lines(o) == [("required.csv", 3), ("required.csv", 4), ("required.csv", 5)]
    problems = {e["source_line"]: e["problem"] for e in o.failing_examples}
    assert problems == {3: "supplier_name blank", 4: "body missing", 5: "supplier_name blank"}
    assert o.metadata["failing_rows: supplier_name blank"] == 2
    assert o.metadata["failing_rows: body missing"] == 1


def test_future_dates_fail_without_blocking(planted):
    o = planted["all"]["payments_date_not_in_future"]
    assert not o.passed and not o.blocking
    assert lines(o) == [("2026-11.csv", 3), ("2026-11.csv", 4), ("fy.csv", 10)]
    assert {e["payment_date"] for e in o.failing_examples} == {"2026-11-26", "2027-01-05", "2071-06-01"}
    assert o.metadata["today"] == "2026-11-25"


def test_dates_outside_the_files_financial_year_warn(planted):
    o = planted["all"]["payments_date_in_file_period"]
    assert not o.passed and not o.blocking and o.severity == "warn"
    assert lines(o) == [("fy.csv", 7), ("fy.csv", 9), ("fy.csv", 10), ("late.csv", 5)]
    problems = {(e["source_file"], e["source_line"]): (e["file_financial_year"], e["problem"])
                for e in o.failing_examples}
    assert problems[("fy.csv", 7)] == ("2017/18", "payment_date before the file's period")
    assert problems[("fy.csv", 9)] == ("2017/18", "payment_date after the file's period")
    assert problems[("fy.csv", 10)] == ("2017/18", "payment_date after the file's period")
    assert problems[("late.csv", 5)] == ("2018/19", "payment_date before the file's period")


def test_file_period_uses_the_whole_file_under_a_month_filter(planted):
    # In April 2017 late.csv has just one line, yet its period is still the file's 2018/19.
    o = planted["april_2017"]["payments_date_in_file_period"]
    assert o.metadata["month"] == "2017-04-01"
    assert lines(o) == [("late.csv", 5)]


def test_amount_bounds_are_exact_to_the_penny(planted):
    o = planted["all"]["payments_amount_within_bounds"]
    assert not o.passed and not o.blocking
    assert lines(o) == [("bounds.csv", 3), ("bounds.csv", 4), ("bounds.csv", 5)]
    # Amounts are shown exactly as the ledger holds them, never via a float.
    assert {e["amount"] for e in o.failing_examples} == {"50000000.01", "-50000000.01", "1234567890123.45"}


def test_zero_amounts_warn_and_examples_are_capped(planted):
    o = planted["all"]["payments_amount_not_zero"]
    assert not o.passed and o.severity == "warn"
    assert o.metadata["failing_rows: amount is zero"] == 12
    assert len(o.failing_examples) == quality.MAX_EXAMPLES == 10
    assert {e["source_file"] for e in o.failing_examples} == {"zero.csv"}
    assert {e["amount"] for e in o.failing_examples} == {"0.00"}


def test_malformed_transaction_numbers_warn(planted):
    o = planted["all"]["payments_transaction_number_well_formed"]
    assert not o.passed and o.severity == "warn"
    got = {e["source_line"]: (e["transaction_number"], e["problem"]) for e in o.failing_examples}
    assert {e["source_file"] for e in o.failing_examples} == {"tn.csv"}
    assert got == BAD_TRANSACTION_NUMBERS


def test_file_filter_checks_only_those_file_versions(con, add_payments):
    add_payments([
        {"payment_date": "2017-06-15", "amount": "0.00", "source_line": 2, "file_sha256": "a" * 64},
        {"payment_date": "2017-06-16", "amount": "0.00", "source_line": 3, "file_sha256": "b" * 64},
    ])
    got = by_name(quality.check_payments(con, files=["b" * 64], today=TODAY))
    zero = got["payments_amount_not_zero"]
    assert zero.metadata["rows_checked"] == 1
    assert lines(zero) == [("2017-06.csv", 3)]


def test_the_rules_read_no_copy_of_the_fact_table(con, add_payments):
    # The rules run inside DuckDB; what reaches Python is at most MAX_EXAMPLES lines per rule.
    add_payments([{"payment_date": "2017-06-15", "amount": "0.00", "source_line": n} for n in range(2, 40)])
    got = by_name(quality.check_payments(con, today=TODAY))
    zero = got["payments_amount_not_zero"]
    assert zero.metadata["failing_rows: amount is zero"] == 38
    assert len(zero.failing_examples) == quality.MAX_EXAMPLES


def test_month_filter_checks_only_that_month(con, add_payments):
    add_payments([
        {"payment_date": "2017-06-15", "amount": "0.00", "source_line": 2},
        {"payment_date": "2017-07-15", "amount": "0.00", "source_line": 3},
        {"payment_date": "2017-07-16", "source_line": 4},
    ])
    july = by_name(quality.check_payments(con, month=date(2017, 7, 1), today=TODAY))
    zero = july["payments_amount_not_zero"]
    assert zero.metadata["rows_checked"] == 2
    assert zero.metadata["month"] == "2017-07-01"
    assert lines(zero) == [("2017-06.csv", 3)]
    august = quality.check_payments(con, month=date(2017, 8, 1), today=TODAY)
    assert all(o.passed and o.metadata["rows_checked"] == 0 for o in august)
