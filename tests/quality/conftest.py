from __future__ import annotations

import itertools

import pytest

_line = itertools.count(2)


def insert_payments(con, rows: list[dict]) -> None:
    """Insert payment lines into core.fct_payment; unspecified fields get plain, valid values.

    financial_year and month are worked out here from the date (April-March), independently of
    the ingestion code, so the checks see what a correct loader would have written.
    """
    for row in rows:
        d = row.get("payment_date", "2017-06-15")
        year, month = int(d[:4]), int(d[5:7])
        fy_start = year if month >= 4 else year - 1
        values = {
            "body": "Luton Borough Council",
            "payment_date": d,
            "transaction_number": f"TX{next(_line):06d}",
            "supplier_name": "Acme Supplies Ltd",
            "amount": "1000.00",
            "financial_year": f"{fy_start}/{(fy_start + 1) % 100:02d}",
            "month": f"{d[:7]}-01",
            "source_file": "2017-06.csv",
            "file_sha256": "0" * 64,
            "source_line": next(_line),
            "line_key": f"k{next(_line)}",
        } | {k: v for k, v in row.items() if k != "payment_date"}
        cols = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        con.execute(f"INSERT INTO core.fct_payment ({cols}) VALUES ({marks})", list(values.values()))


@pytest.fixture
def add_payments(con):
    return lambda rows: insert_payments(con, rows)
