"""No silent defaults: what a supplier build assumed or could not do lands in audit.run_warnings
(source, code, message), for the run summary and the report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from anchorspend.pipelines import run_warnings
from anchorspend.pipelines.config import REFERENCE_DATA, council_config
from anchorspend.pipelines.suppliers import build_dim_supplier, ingest_supplier_sources

HYNDBURN = """\
name = "Hyndburn Borough Council"
local_primary_postcode_areas = ["BB"]
local_secondary_local_authorities = ["Hyndburn"]
"""


def _pay(con, body: str, name: str, amount: str) -> None:
    day = date(2024, 4, 9)
    n = con.execute("SELECT count(*) FROM core.fct_payment").fetchall()[0][0]
    con.execute(
        """INSERT INTO core.fct_payment (body, payment_date, supplier_name, supplier_id, amount, financial_year,
               month, source_file, file_sha256, source_line, line_key)
           VALUES (?, ?, ?, NULL, ?, '2024/25', date_trunc('month', ?::DATE), 'ledgers/x.csv', 'sha', ?, ?)""",
        [body, day, name, Decimal(amount), day, n + 2, f"k{n}"],
    )


def _empty_overrides(tmp_path: Path) -> Path:
    path = tmp_path / "overrides.csv"
    path.write_text("supplier_name,company_number,postcode,is_sme,is_vcs,is_local_primary,is_local_secondary,note\n")
    return path


def _codes(con) -> dict[str, str]:
    return {code: message for source, code, message in run_warnings.read(con) if source == "suppliers"}


def test_assumed_council_other_body_and_nothing_located_are_warned(con, tmp_path: Path, monkeypatch):
    monkeypatch.delenv("ANCHORSPEND_COUNCIL", raising=False)
    monkeypatch.chdir(tmp_path)  # no ./council.toml here
    _pay(con, "Hyndburn Borough Council", "Alpha Ltd", "100.00")
    _pay(con, "Hyndburn Borough Council", "Beta Ltd", "50.00")
    build_dim_supplier(con, council_config(), overrides_path=_empty_overrides(tmp_path))
    got = _codes(con)
    assert set(got) == {"council_assumed", "body_mismatch", "no_supplier_located"}
    assert "assumed Luton Borough Council" in got["council_assumed"]
    assert str(REFERENCE_DATA / "council.toml") in got["council_assumed"]
    assert "Hyndburn Borough Council" in got["body_mismatch"] and "is for Luton Borough Council" in got["body_mismatch"]
    assert "no supplier has a postcode" in got["no_supplier_located"]


def test_a_right_council_file_with_located_suppliers_warns_nothing(con, tmp_path: Path):
    council = tmp_path / "council.toml"
    council.write_text(HYNDBURN, encoding="utf-8")
    landing = tmp_path / "landing"
    (landing / "supplier_extracts").mkdir(parents=True)
    (landing / "supplier_extracts" / "x.csv").write_text("Supplier Name,Postcode\nAlpha Ltd,BB5 1AA\n", encoding="utf-8")
    ingest_supplier_sources(con, landing)
    _pay(con, "hyndburn  borough council", "Alpha Ltd", "100.00")  # case and spacing do not make another body
    # A warning from an earlier build is replaced, not kept.
    run_warnings.record(con, "suppliers", [run_warnings.RunWarning("no_supplier_located", "old")])
    build_dim_supplier(con, council_config(council), overrides_path=_empty_overrides(tmp_path))
    assert _codes(con) == {}
    # Another step's warnings are its own.
    run_warnings.record(con, "ledgers", [run_warnings.RunWarning("x", "kept")])
    build_dim_supplier(con, council_config(council), overrides_path=_empty_overrides(tmp_path))
    assert run_warnings.read(con) == [("ledgers", "x", "kept")]


def test_postcodes_that_cannot_be_placed_are_named(con, tmp_path: Path):
    council = tmp_path / "council.toml"
    council.write_text(HYNDBURN, encoding="utf-8")
    landing = tmp_path / "landing"
    (landing / "supplier_extracts").mkdir(parents=True)
    (landing / "supplier_extracts" / "x.csv").write_text("Supplier Name,Postcode\nAlpha Ltd,ZZ9 9ZZ\n", encoding="utf-8")
    ingest_supplier_sources(con, landing)
    _pay(con, "Hyndburn Borough Council", "Alpha Ltd", "100.00")
    build_dim_supplier(con, council_config(council), overrides_path=_empty_overrides(tmp_path))
    assert _codes(con) == {"no_supplier_located": _codes(con)["no_supplier_located"]}
    assert "none of the 1 supplier postcodes could be placed" in _codes(con)["no_supplier_located"]
