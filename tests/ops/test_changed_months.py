"""Which months a run rebuilds (pipelines/changes.py), on a real warehouse file: new, changed and
emptied months, a reclassified supplier's months, and every month when there is no state yet or
the model changed. Payments are written by hand so each expected month list is plain to see."""

from __future__ import annotations

from datetime import date

from anchorspend.pipelines import changes


def _pay(con, line: int, day: date, supplier: str, amount: str = "100.00") -> None:
    con.execute(
        """
        INSERT INTO core.fct_payment (body, payment_date, supplier_name, amount, financial_year, month,
                                      source_file, file_sha256, source_line, line_key, supplier_key)
        VALUES ('Luton Borough Council', ?, ?, CAST(? AS DECIMAL(18,2)), '2023/24', date_trunc('month', ?::DATE),
                'ledgers/a.csv', 'sha', ?, 'k' || ?, ?)
        """,
        [day, supplier, amount, day, line, line, supplier],
    )


def _supplier(con, key: str, sme: bool) -> None:
    con.execute("INSERT INTO core.dim_supplier (supplier_key, supplier_name, is_sme) VALUES (?, ?, ?)", [key, key, sme])


APR, MAY, JUN = date(2023, 4, 1), date(2023, 5, 1), date(2023, 6, 1)


def test_months_follow_what_changed(con):
    _supplier(con, "acme", True)
    _supplier(con, "beta", False)
    _pay(con, 1, date(2023, 4, 3), "acme")
    _pay(con, 2, date(2023, 5, 9), "beta")
    _pay(con, 3, date(2023, 5, 20), "acme")

    # No state yet: every month that holds payments.
    assert changes.changed_months(con) == [APR, MAY]
    changes.record_months(con, None, run_id="r1")
    assert changes.changed_months(con) == []

    # A new month; a changed line in an old one.
    _pay(con, 4, date(2023, 6, 1), "beta")
    con.execute("UPDATE core.fct_payment SET amount = 150.00 WHERE source_line = 1")
    assert changes.changed_months(con) == [APR, JUN]
    changes.record_months(con, [APR, JUN], run_id="r2")
    assert changes.changed_months(con) == []
    assert changes.months_built_by(con, "r2") == [APR, JUN]

    # beta is reclassified: the months it was paid in (May, June), not April.
    con.execute("UPDATE core.dim_supplier SET is_sme = TRUE WHERE supplier_key = 'beta'")
    assert changes.changed_months(con) == [MAY, JUN]
    changes.record_months(con, [MAY, JUN])

    # A month whose payments are all withdrawn still rebuilds (its mart rows must go).
    con.execute("DELETE FROM core.fct_payment WHERE month = ?", [JUN])
    assert changes.changed_months(con) == [JUN]
    changes.record_months(con, [JUN])
    assert changes.changed_months(con) == []


def test_a_changed_model_rebuilds_every_month(con):
    _supplier(con, "acme", True)
    _pay(con, 1, date(2023, 4, 3), "acme")
    _pay(con, 2, date(2023, 6, 3), "acme")
    changes.record_months(con, None)
    assert changes.changed_months(con) == []
    # As if the SQL or reference files the marts come from had changed since April was built.
    con.execute("UPDATE audit.kpi_month_state SET model_hash = 'older' WHERE month = ?", [APR])
    assert changes.changed_months(con) == [APR, JUN]
    # And a month the state holds but the ledger no longer does is listed too.
    con.execute("DELETE FROM core.fct_payment WHERE month = ?", [JUN])
    assert changes.changed_months(con) == [APR, JUN]
