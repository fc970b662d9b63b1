"""Incremental supplier resolution (issue 10): with the supplier sources, overrides and council
unchanged, a build resolves only ledger names it has not seen and links only payments not yet
linked, and the tables it leaves are exactly those a full build leaves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from anchorspend.pipelines import warehouse
from anchorspend.pipelines.config import council_config
from anchorspend.pipelines.suppliers import build_dim_supplier, ingest_supplier_sources

EXTRACT = """Supplier Name,Post Code,Company No,SME,VCSE
Acme Widgets Manufacturing Ltd,LU1 1AA,1234567,Y,N
Green Shoots CIC,LU3 1AA,9999999,,
Bedford Bakers Ltd,MK44 9ZZ,,Y,N
Northern Steel Ltd,M1 5JW,7654321,N,N
"""
FIRST = [
    ("ACME WIDGETS MANUFACTURING LIMITED", None, "100.00", date(2023, 4, 3)),
    ("Green Shoots CIC", None, "40.00", date(2023, 4, 4)),
    ("Mystery Supplier A", None, "1000.00", date(2023, 4, 20)),
]
# A month later: known names again, a new spelling of a known supplier (fuzzy), a company
# number, a new unknown payee, and a new spelling of that payee's display name.
SECOND = [
    ("ACME WIDGETS MANUFACTURING LIMITED", None, "60.00", date(2023, 5, 3)),
    ("Acme Widgits Manufacturing Ltd", None, "700.00", date(2023, 5, 9)),
    ("Steel Northern", "7654321", "250.00", date(2023, 5, 10)),
    ("Bedford Bakers", None, "75.00", date(2023, 5, 11)),
    ("Brand New Payee", None, "30.00", date(2023, 5, 12)),
    ("MYSTERY SUPPLIER A", None, "5.00", date(2023, 5, 13)),
]


def _overrides(tmp_path: Path, text: str = "") -> Path:
    path = tmp_path / "overrides.csv"
    path.write_text("supplier_name,company_number,postcode,is_sme,is_vcs,is_local_primary,is_local_secondary,note\n" + text)
    return path


def _pay(con, rows, start: int, source_file: str = "ledgers/x.csv", sha: str = "sha") -> None:
    for i, (name, sid, amount, day) in enumerate(rows, start=start):
        con.execute(
            """INSERT INTO core.fct_payment (body, payment_date, supplier_name, supplier_id, amount, financial_year,
                   month, source_file, file_sha256, source_line, line_key)
               VALUES ('Luton Borough Council', ?, ?, ?, ?, '2023/24', date_trunc('month', ?::DATE), ?, ?, ?, ?)""",
            [day, name, sid, Decimal(amount), day, source_file, sha, i + 2, f"k{i}"],
        )


def _warehouse(tmp_path: Path, name: str):
    landing = tmp_path / "landing"
    (landing / "supplier_extracts").mkdir(parents=True, exist_ok=True)
    (landing / "supplier_extracts" / "extract.csv").write_text(EXTRACT, encoding="utf-8")
    con = warehouse.connect(tmp_path / f"{name}.duckdb")
    warehouse.ensure_schema(con)
    ingest_supplier_sources(con, landing)
    return con


def _state(con) -> tuple:
    dim = con.execute("SELECT * FROM core.dim_supplier ORDER BY supplier_key").fetchall()
    match = con.execute("SELECT * FROM core.supplier_match ORDER BY supplier_name, supplier_id").fetchall()
    links = con.execute("SELECT line_key, supplier_key FROM core.fct_payment ORDER BY line_key").fetchall()
    unmatched = con.execute("SELECT * FROM marts.unmatched_suppliers ORDER BY ALL").fetchall()
    return dim, match, links, unmatched


def test_new_names_only_and_the_same_tables_as_a_full_build(tmp_path: Path):
    council = council_config()
    overrides = _overrides(tmp_path)
    inc = _warehouse(tmp_path, "incremental")
    _pay(inc, FIRST, 0)
    first = build_dim_supplier(inc, council, overrides_path=overrides)
    assert first.mode == "full" and first.names_resolved == 3 and first.payments_linked == 3
    _pay(inc, SECOND, 100)
    second = build_dim_supplier(inc, council, overrides_path=overrides)
    # New distinct (name, id): Acme Widgits Manufacturing Ltd, Steel Northern/7654321, Bedford Bakers,
    # Brand New Payee, MYSTERY SUPPLIER A. ACME WIDGETS MANUFACTURING LIMITED was seen before.
    assert second.mode == "incremental" and second.names_resolved == 5
    # Only the six new payment lines are linked.
    assert second.payments_linked == 6
    again = build_dim_supplier(inc, council, overrides_path=overrides)
    assert again.mode == "incremental" and again.names_resolved == 0 and again.payments_linked == 0

    full = _warehouse(tmp_path, "full")
    _pay(full, FIRST, 0)
    _pay(full, SECOND, 100)
    everything = build_dim_supplier(full, council, overrides_path=overrides, incremental=False)
    assert everything.mode == "full" and everything.names_resolved == 8
    assert _state(inc) == _state(full)
    keys = dict(inc.execute("SELECT supplier_name, supplier_key FROM core.supplier_match").fetchall())
    assert keys["Acme Widgits Manufacturing Ltd"] == keys["ACME WIDGETS MANUFACTURING LIMITED"]  # the fuzzy match on new names still runs
    assert keys["Steel Northern"] == "co:07654321"
    inc.close()
    full.close()


def test_changed_inputs_mean_a_full_build(tmp_path: Path):
    council = council_config()
    con = _warehouse(tmp_path, "w")
    _pay(con, FIRST, 0)
    assert build_dim_supplier(con, council, overrides_path=_overrides(tmp_path)).mode == "full"
    assert build_dim_supplier(con, council, overrides_path=_overrides(tmp_path)).mode == "incremental"
    changed = _overrides(tmp_path, "Mystery Supplier A,,,,Yes,,,a community group\n")
    summary = build_dim_supplier(con, council, overrides_path=changed)
    assert summary.mode == "full" and summary.names_resolved == 3
    assert con.execute("SELECT is_vcs FROM core.dim_supplier WHERE supplier_name = 'Mystery Supplier A'").fetchall() == [(True,)]
    # New supplier rows staged: full again.
    con.execute("UPDATE staging.supplier_source SET postcode_raw = 'LU2 7AA' WHERE supplier_name = 'Green Shoots CIC'")
    assert build_dim_supplier(con, council, overrides_path=changed).mode == "full"
    con.close()


def _figures(summary) -> tuple:
    return (summary.suppliers, summary.ledger_suppliers, summary.by_method, summary.spend_total,
            summary.spend_classified, summary.unmatched_suppliers)


def test_replaced_and_withdrawn_files_leave_the_tables_a_full_build_leaves(tmp_path: Path):
    """The build keeps each file version's ledger suppliers between runs and counts again only
    versions that are new, changed or gone. A version re-read with as many lines as before but
    other names (a changed override), and a withdrawn file, must both show."""
    council = council_config()
    overrides = _overrides(tmp_path)
    inc = _warehouse(tmp_path, "incremental")
    _pay(inc, FIRST, 0, "ledgers/april.csv", "a1")
    _pay(inc, SECOND, 100, "ledgers/may.csv", "m1")
    assert build_dim_supplier(inc, council, overrides_path=overrides).mode == "full"

    # april.csv read again under the same bytes: its lines are replaced, three lines as before,
    # but Mystery Supplier A now reads 'Wholly Other Payee' (800.00 instead of 1000.00).
    inc.execute("DELETE FROM core.fct_payment WHERE source_file = 'ledgers/april.csv'")
    april = [FIRST[0], FIRST[1], ("Wholly Other Payee", None, "800.00", date(2023, 4, 20))]
    _pay(inc, april, 0, "ledgers/april.csv", "a1")
    replaced = build_dim_supplier(inc, council, overrides_path=overrides)
    assert replaced.mode == "incremental" and replaced.names_resolved == 1 and replaced.payments_linked == 3

    full = _warehouse(tmp_path, "full")
    _pay(full, april, 0, "ledgers/april.csv", "a1")
    _pay(full, SECOND, 100, "ledgers/may.csv", "m1")
    everything = build_dim_supplier(full, council, overrides_path=overrides, incremental=False)
    assert _state(inc) == _state(full)
    assert _figures(replaced) == _figures(everything)
    # 100 + 40 + 800 in April, 60 + 700 + 250 + 75 + 30 + 5 in May.
    assert replaced.spend_total == Decimal("2060.00")
    # 'MYSTERY SUPPLIER A' (May) is still a ledger supplier; 'Mystery Supplier A' (April) is not.
    names = {n for (n,) in inc.execute("SELECT supplier_name FROM core.supplier_match").fetchall()}
    assert "Wholly Other Payee" in names and "Mystery Supplier A" not in names and "MYSTERY SUPPLIER A" in names

    # may.csv withdrawn: its lines leave, nothing new is loaded.
    for con in (inc, full):
        con.execute("DELETE FROM core.fct_payment WHERE source_file = 'ledgers/may.csv'")
    withdrawn = build_dim_supplier(inc, council, overrides_path=overrides)
    assert withdrawn.mode == "incremental" and withdrawn.names_resolved == 0 and withdrawn.payments_linked == 0
    everything = build_dim_supplier(full, council, overrides_path=overrides, incremental=False)
    assert _state(inc) == _state(full)
    assert _figures(withdrawn) == _figures(everything)
    assert withdrawn.spend_total == Decimal("940.00")
    assert withdrawn.ledger_suppliers == 3
    inc.close()
    full.close()
