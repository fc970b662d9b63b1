"""Which files under the landing folder are ledgers: the ingest and the sensor's scan agree."""

from __future__ import annotations

from pathlib import Path

from pipelines import files
from pipelines.landing import scan_landing


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
