"""The bundled sample end to end: four Bedfordshire anchors, each body's KPIs and the partnership's
against MANIFEST.json (worked out by the generator from its own lines, not by the pipeline, and
cross-checked from the files with the csv module in tests/sample_data/test_anchors.py), and the
report's partnership page."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from anchorspend.pipelines.config import SAMPLE_LANDING
from anchorspend.pipelines.partnership import build_partnership_marts
from anchorspend.pipelines.report import render_report
from anchorspend.pipelines.warehouse import connect

pytestmark = pytest.mark.slow
MARCH = dt.date(2018, 3, 1)
D = Decimal


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((SAMPLE_LANDING / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample(sample_warehouse_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("partnership_sample") / "warehouse.duckdb"
    shutil.copyfile(sample_warehouse_file, path)
    con = connect(path)
    # Idempotent: whether or not the run's KPI step built them, they are rebuilt from the same payments.
    build_partnership_marts(con, SAMPLE_LANDING)
    yield con
    con.close()


def _row(con, sql: str, params=()) -> dict:
    cur = con.execute(sql, list(params))
    return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def _q(pct: str) -> Decimal:
    return D(pct).quantize(D("0.01"), rounding="ROUND_HALF_UP")


def _check(row: dict, exp: dict, supplier_slack: int = 0) -> None:
    assert str(row["total_spend"]) == exp["total_spend"]
    assert 0 <= row["supplier_count"] - exp["supplier_count"] <= supplier_slack
    for m in ("local_primary", "local_secondary", "sme", "vcs"):
        assert (str(row[f"{m}_spend"]), row[f"pct_{m}"]) == (exp[m]["spend"], _q(exp[m]["pct"])), m


def test_each_body_matches_its_ground_truth(sample, manifest):
    for body, exp in manifest["bodies"].items():
        row = _row(sample, "SELECT * FROM marts.kpi_spend_by_year WHERE body = ? AND financial_year = '2017/18'", [body])
        _check(row, exp)
        assert row["payment_count"] == exp["payment_lines"]
        assert row["local_primary_supplier_count"] == exp["local_primary"]["count"]
        assert row["sme_supplier_count"] == exp["sme"]["count"]
    council = _row(sample, "SELECT * FROM marts.kpi_spend_by_year WHERE body = ?", [manifest["council"]])
    assert (str(council["total_spend"]), council["payment_count"]) == ("238112947.63", 47_442)
    kinds = dict(sample.execute("SELECT body, kind FROM core.dim_body").fetchall())
    assert kinds == {manifest["council"]: "council", **{b: v["kind"] for b, v in manifest["bodies"].items()}}


def test_partnership_totals_and_shared_suppliers(sample, manifest):
    exp = manifest["partnership"]
    row = _row(sample, "SELECT * FROM marts.kpi_partnership_by_year WHERE financial_year = '2017/18'")
    # One council supplier's one-month typo may be declined by the matcher and stand alone (see sample_data/README.md).
    _check(row, exp, supplier_slack=1)
    assert (row["body_count"], row["shared_supplier_count"], row["payment_count"]) == (
        4, exp["shared_supplier_count"], exp["payment_lines"])
    # The bodies add up to the partnership, and the months to the year.
    league_total = sample.execute("SELECT sum(total_spend) FROM marts.partnership_league WHERE financial_year = '2017/18'").fetchone()[0]
    months_total = sample.execute("SELECT sum(total_spend) FROM marts.kpi_partnership_by_month WHERE financial_year = '2017/18'").fetchone()[0]
    assert league_total == months_total == row["total_spend"]
    shared = {r[0]: (r[1], r[2], str(r[3])) for r in sample.execute(
        "SELECT supplier_name, body_count, bodies, total_spend FROM marts.partnership_shared_suppliers").fetchall()}
    assert shared == {r["name"]: (r["body_count"], "; ".join(r["bodies"]), r["total_spend"])
                      for r in exp["shared_local_suppliers"]}


def test_report_gains_a_partnership_page(sample, manifest, tmp_path):
    out = render_report(sample, MARCH, tmp_path)
    soup = BeautifulSoup(out["html"].read_text(encoding="utf-8"), "html.parser")
    page = soup.find(id="partnership")
    assert page is not None and page["data-body-count"] == "4"
    league = page.find(id="table-partnership-league").tbody.find_all("tr")
    assert {tr["data-row"] for tr in league} == {manifest["council"], *manifest["bodies"]}
    exp = manifest["partnership"]
    targets = {tr["data-measure"]: tr for tr in page.find(id="table-partnership-targets").tbody.find_all("tr")}
    assert targets["total_spend"].find(attrs={"data-col": "value"})["data-value"] == exp["total_spend"]
    local = targets["pct_local_primary"]
    assert D(local.find(attrs={"data-col": "value"})["data-value"]) == _q(exp["local_primary"]["pct"])
    assert D(local.find(attrs={"data-col": "target"})["data-value"]) == D("25.00")  # the strategy's 2017/18 target
    total = page.find(id="partnership-shared-total")
    assert int(total["data-count"]) == exp["shared_local_supplier_count"]
    shared = page.find(id="table-partnership-shared").get_text().upper()
    assert "REDACTED" not in shared and "PERSONAL DATA" not in shared  # the police pay 30 redacted payees
    assert len(page.find(id="table-partnership-trend").tbody.find_all("tr")) == 12
