"""An override added for a file already loaded takes effect: the file is read again."""

from __future__ import annotations

from pathlib import Path


def test_new_override_reloads_an_unchanged_file(tmp_path: Path, con) -> None:
    from anchorspend.pipelines.ledgers import ingest_ledgers

    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    (landing / "ledgers" / "apr.csv").write_text(
        "Payment Date,Supplier Name,Amount\n01/04/2023,Acme Ltd,600.00\n02/04/2023,Beta Ltd,50.00\n"
    )
    overrides = tmp_path / "source_overrides.toml"
    overrides.write_text("# none yet\n")

    def run():
        return {r.source_file: r.status for r in ingest_ledgers(con, landing, "Luton Borough Council", overrides_path=overrides)}

    def bodies():
        return con.execute("SELECT body, count(*), sum(amount) FROM core.fct_payment GROUP BY body").fetchall()

    assert run() == {"ledgers/apr.csv": "loaded"}
    assert run() == {"ledgers/apr.csv": "unchanged"}

    overrides.write_text('[[source]]\nglob = "ledgers/apr.csv"\n[source.constants]\nbody = "Example Council"\n')
    assert run() == {"ledgers/apr.csv": "loaded"}
    from decimal import Decimal

    assert bodies() == [("Example Council", 2, Decimal("650.00"))]
    statuses = sorted(r[0] for r in con.execute("SELECT status FROM audit.ingest_files").fetchall())
    assert statuses == ["loaded", "superseded"]
    assert run() == {"ledgers/apr.csv": "unchanged"}
