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


def _version(con, source_file: str, sha: str, at: str) -> None:
    """The audit row a loaded ledger version has (lines are only written with one)."""
    con.execute(
        "UPDATE audit.ingest_files SET status = 'superseded' WHERE source_file = ? AND status = 'loaded'", [source_file]
    )
    con.execute(
        """INSERT INTO audit.ingest_files (source_file, file_sha256, kind, status, ingested_at)
           VALUES (?, ?, 'ledger', 'loaded', CAST(? AS TIMESTAMP))""",
        [source_file, sha, at],
    )


def test_only_months_that_can_have_changed_are_fingerprinted_yet_none_is_missed(con):
    """A run fingerprints only the months of changed ledger versions and changed suppliers. What
    that could miss, each case below: a file read again with the same bytes and line count (a
    changed override), a backfill that rebuilt only some of the changed months, and a supplier
    build that relinked every payment."""
    _supplier(con, "acme", True)
    _supplier(con, "beta", False)
    _version(con, "ledgers/a.csv", "sha", "2024-01-01 00:00:00")
    _pay(con, 1, date(2023, 4, 3), "acme")
    _pay(con, 2, date(2023, 5, 9), "beta")
    _pay(con, 3, date(2023, 6, 20), "acme")
    changes.record_months(con, None, run_id="r1")
    assert changes.changed_months(con) == []

    # a.csv read again, same bytes and lines, but its April line now reads 175.00 (as when an
    # override maps another column): same count and months; its new audit row gives it away.
    con.execute("DELETE FROM core.fct_payment WHERE source_file = 'ledgers/a.csv'")
    _version(con, "ledgers/a.csv", "sha", "2024-02-01 00:00:00")
    _pay(con, 1, date(2023, 4, 3), "acme", "175.00")
    _pay(con, 2, date(2023, 5, 9), "beta")
    _pay(con, 3, date(2023, 6, 20), "acme")
    assert changes.changed_months(con) == [APR]

    # A backfill of June alone (nothing changed there) leaves April to be found again.
    changes.record_months(con, [JUN], run_id="r2")
    assert changes.changed_months(con) == [APR]
    changes.record_months(con, [APR], run_id="r3")
    assert changes.changed_months(con) == []

    # A full supplier build relinks every payment in place: May's payment moves to acme with
    # no line count or supplier record changing; the build's new fingerprint gives it away.
    con.execute("UPDATE core.fct_payment SET supplier_key = 'acme' WHERE source_line = 2")
    con.execute("INSERT INTO staging.supplier_build_state VALUES ('inputs changed', TIMESTAMP '2024-03-01')")
    assert changes.changed_months(con) == [MAY]
    changes.record_months(con, [MAY])
    assert changes.changed_months(con) == []
