"""Which files under the landing folder are ledgers: the ingest and the sensor's scan agree."""

from __future__ import annotations

from pathlib import Path

from anchorspend.pipelines import files
from anchorspend.pipelines.landing import scan_landing


def _tree(landing: Path) -> None:
    for rel in [
        "ledgers/2023/a.csv",
        "ledgers/2023/b.xlsx",
        "ledgers/old.xls",
        "ledgers/sheet.ods",
        "ledgers/tabbed.tsv",
        "ledgers/noext",
        "ledgers/notes.txt",
        "ledgers/.hidden.csv",
        "ledgers/~$b.xlsx",
        "ledgers/.git/c.csv",
        "supplier_extracts/s.csv",
        "supplier_extracts/s.xls",
    ]:
        p = landing / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"x")


def test_ledgers_discover_every_data_file(tmp_path: Path) -> None:
    _tree(tmp_path)
    got = [files.relative_name(p, tmp_path) for p in files.discover(tmp_path, "ledgers", suffixes=None)]
    assert got == [
        "ledgers/2023/a.csv",
        "ledgers/2023/b.xlsx",
        "ledgers/noext",
        "ledgers/old.xls",
        "ledgers/sheet.ods",
        "ledgers/tabbed.tsv",
    ]


def test_sensor_scan_sees_what_ingest_reads(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert sorted(scan_landing(tmp_path)) == [
        "ledgers/2023/a.csv",
        "ledgers/2023/b.xlsx",
        "ledgers/noext",
        "ledgers/old.xls",
        "ledgers/sheet.ods",
        "ledgers/tabbed.tsv",
        "supplier_extracts/s.csv",
    ]


def test_symlink_to_a_file_outside_the_landing_folder_loads_under_its_own_name(tmp_path: Path, con) -> None:
    from decimal import Decimal

    from anchorspend.pipelines.ledgers import ingest_ledgers

    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    outside = tmp_path / "elsewhere" / "april.csv"
    outside.parent.mkdir()
    outside.write_text("Payment Date,Supplier Name,Amount\n01/04/2023,Acme Ltd,600.00\n")
    (landing / "ledgers" / "april.csv").symlink_to(outside)
    (landing / "ledgers" / "may.csv").write_text("Payment Date,Supplier Name,Amount\n01/05/2023,Beta Ltd,70.00\n")

    results = {r.source_file: r for r in ingest_ledgers(con, landing, "Luton Borough Council")}
    assert {k: v.status for k, v in results.items()} == {"ledgers/april.csv": "loaded", "ledgers/may.csv": "loaded"}
    rows = con.execute("SELECT source_file, amount FROM core.fct_payment ORDER BY source_file").fetchall()
    assert rows == [("ledgers/april.csv", Decimal("600.00")), ("ledgers/may.csv", Decimal("70.00"))]
