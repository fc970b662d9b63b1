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


def test_links_out_of_the_landing_folder_are_refused_unread_and_audited(tmp_path: Path, con) -> None:
    """Issue 15 item 8: `ledgers/x.csv -> /etc/passwd` was read and its first line stored; a
    dangling link was skipped without an audit row."""
    from decimal import Decimal

    from anchorspend.pipelines.ledgers import ingest_ledgers

    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    outside = tmp_path / "elsewhere" / "secret.csv"
    outside.parent.mkdir()
    outside.write_text("Payment Date,Supplier Name,Amount\n01/04/2023,Secret Payee Ltd,600.00\n")
    (landing / "ledgers" / "april.csv").symlink_to(outside)
    (landing / "ledgers" / "gone.csv").symlink_to(tmp_path / "nowhere.csv")
    (landing / "ledgers" / "dir.csv").symlink_to(outside.parent, target_is_directory=True)
    (landing / "ledgers" / "may.csv").write_text("Payment Date,Supplier Name,Amount\n01/05/2023,Beta Ltd,70.00\n")
    # A link to a file inside the landing folder is just another name for it.
    (landing / "ledgers" / "june.csv").symlink_to(landing / "ledgers" / "may.csv")

    results = {r.source_file: r for r in ingest_ledgers(con, landing, "Luton Borough Council")}
    assert {k: v.status for k, v in results.items()} == {
        "ledgers/april.csv": "failed", "ledgers/gone.csv": "failed", "ledgers/dir.csv": "failed",
        "ledgers/may.csv": "loaded", "ledgers/june.csv": "loaded",
    }
    assert "outside the landing folder" in results["ledgers/april.csv"].message
    assert "does not exist" in results["ledgers/gone.csv"].message
    audit = dict(con.execute("SELECT source_file, message FROM audit.ingest_files WHERE status = 'failed'").fetchall())
    assert set(audit) == {"ledgers/april.csv", "ledgers/gone.csv", "ledgers/dir.csv"}
    assert not any("Secret" in m for m in audit.values())
    assert con.execute("SELECT count(*) FROM core.fct_payment WHERE supplier_name LIKE 'Secret%'").fetchall() == [(0,)]
    # june.csv (read first, in path order) and may.csv hold one line: the second is a duplicate.
    assert (results["ledgers/june.csv"].rows_loaded, results["ledgers/may.csv"].rows_duplicate) == (1, 1)
    assert con.execute("SELECT sum(amount) FROM core.fct_payment").fetchall() == [(Decimal("70.00"),)]
    # The sensor's scan never fingerprints (reads) them either.
    assert sorted(scan_landing(landing)) == ["ledgers/june.csv", "ledgers/may.csv"]
