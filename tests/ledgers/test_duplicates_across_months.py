"""The count-based duplicate rule across files of different months, through the real loader and
a real DuckDB file. The lookup of already-loaded lines is restricted to the new file's payment
dates (so its cost follows the file, not history); these cases show it still finds every
loaded twin, whichever file and month file it came from.

Expected figures are worked out by hand from the lines below.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from anchorspend.pipelines.ledgers import ingest_ledgers

BODY = "Luton Borough Council"
HEADER = "Payment Date,Transaction Number,Supplier Name,Expense Area,Amount\n"

MARCH = HEADER + (
    "04/03/2024,M1,ALPHA LTD,Parks,10.00\n"
    "15/03/2024,M2,BRAVO LTD,Roads,20.00\n"
)
APRIL = HEADER + (
    "02/04/2024,A1,CHARLIE LTD,Parks,30.00\n"
    "29/04/2024,A2,DELTA LTD,Housing,40.00\n"
    "30/04/2024,A3,ECHO LTD,Parks,50.00\n"
)
# May's file carries two late April lines already loaded from April's file (A2 twice: k=2, m=1
# -> one duplicate, one new payment; A3 once: k=1, m=1 -> a duplicate), a late March line
# loaded from March's file (M2: a duplicate though March is outside April-May), and a line
# equal to April's A1 but for its date (not a duplicate: the date is part of the line).
MAY = HEADER + (
    "29/04/2024,A2,DELTA LTD,Housing,40.00\n"
    "29/04/2024,A2,DELTA LTD,Housing,40.00\n"
    "30/04/2024,A3,ECHO LTD,Parks,50.00\n"
    "15/03/2024,M2,BRAVO LTD,Roads,20.00\n"
    "02/05/2024,A1,CHARLIE LTD,Parks,30.00\n"
    "20/05/2024,Y1,FOXTROT LTD,Roads,60.00\n"
)


def _write(landing: Path, name: str, text: str) -> None:
    path = landing / "ledgers" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_late_line_in_another_months_file_is_a_duplicate_of_the_line_already_loaded(con, tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    _write(landing, "2024-03.csv", MARCH)
    _write(landing, "2024-04.csv", APRIL)
    first = {r.source_file: r for r in ingest_ledgers(con, landing, BODY)}
    assert [first[f].rows_loaded for f in ("ledgers/2024-03.csv", "ledgers/2024-04.csv")] == [2, 3]

    _write(landing, "2024-05.csv", MAY)
    may = {r.source_file: r for r in ingest_ledgers(con, landing, BODY)}["ledgers/2024-05.csv"]
    # 6 lines: duplicates A2 (first occurrence), A3 and M2; new A2 (second occurrence), A1 of May, Y1.
    assert (may.status, may.rows_read, may.rows_loaded, may.rows_duplicate) == ("loaded", 6, 3, 3)
    assert may.amount_loaded == Decimal("130.00")  # 40 + 30 + 60
    loaded = con.execute(
        "SELECT source_line, transaction_number, payment_date::VARCHAR FROM core.fct_payment "
        "WHERE source_file = 'ledgers/2024-05.csv' ORDER BY source_line"
    ).fetchall()
    # The first A2 (line 2) is the duplicate, in file order; the second (line 3) is new.
    assert loaded == [(3, "A2", "2024-04-29"), (6, "A1", "2024-05-02"), (7, "Y1", "2024-05-20")]
    # Two of its three duplicates repeat April's file, one March's: it names April's.
    (dup_of,) = con.execute(
        "SELECT duplicates_of FROM audit.ingest_files WHERE source_file = 'ledgers/2024-05.csv' AND status = 'loaded'"
    ).fetchall()[0]
    assert dup_of == "ledgers/2024-04.csv"
    n, total = con.execute("SELECT count(*), sum(amount) FROM core.fct_payment").fetchall()[0]
    assert (n, total) == (8, Decimal("280.00"))  # 30.00 + 120.00 + 130.00


def test_a_file_with_no_loaded_twin_names_no_original(con, tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    _write(landing, "2024-03.csv", MARCH)
    ingest_ledgers(con, landing, BODY)
    _write(landing, "2024-04.csv", APRIL)
    april = {r.source_file: r for r in ingest_ledgers(con, landing, BODY)}["ledgers/2024-04.csv"]
    assert (april.rows_loaded, april.rows_duplicate) == (3, 0)
    (dup_of,) = con.execute(
        "SELECT duplicates_of FROM audit.ingest_files WHERE source_file = 'ledgers/2024-04.csv' AND status = 'loaded'"
    ).fetchall()[0]
    assert dup_of is None
