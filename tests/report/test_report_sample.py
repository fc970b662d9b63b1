"""The report for the bundled sample data (Luton, 2017/18): its figures are the marts' figures and
the sample's own ground truth (MANIFEST.json, written by the generator, not by the pipeline).

Building the sample warehouse runs the whole pipeline (`anchorspend run`, about two minutes).
Set ANCHORSPEND_SAMPLE_WAREHOUSE to a warehouse already built from the sample to reuse it.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from anchorspend.pipelines.config import SAMPLE_LANDING
from anchorspend.pipelines.report import render_report
from anchorspend.pipelines.warehouse import connect

pytestmark = pytest.mark.slow
MARCH = dt.date(2018, 3, 1)


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((SAMPLE_LANDING / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_warehouse(sample_warehouse_file):
    path = sample_warehouse_file
    con = connect(path, read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def march(sample_warehouse, tmp_path_factory):
    out = render_report(sample_warehouse, MARCH, tmp_path_factory.mktemp("report"))
    return out, BeautifulSoup(out["html"].read_text(encoding="utf-8"), "html.parser")


def _attr(soup, **attrs) -> str:
    found = soup.find_all(attrs={f"data-{k}": v for k, v in attrs.items()})
    assert len(found) == 1, attrs
    return found[0]["data-value"]


def test_sample_headline_matches_marts_and_ground_truth(sample_warehouse, march, manifest):
    out, soup = march
    cur = sample_warehouse.execute(
        "SELECT * FROM marts.kpi_spend_by_month WHERE body = ? AND month = ?", [manifest["council"], MARCH])
    row = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    for measure in ("pct_local_primary", "pct_local_secondary", "pct_sme", "pct_vcs"):
        assert Decimal(_attr(soup, measure=measure, period="fytd")) == row[f"fytd_{measure}"]
        assert Decimal(_attr(soup, measure=measure, period="month")) == row[measure]
    for measure in ("total_spend", "local_primary_spend", "supplier_count", "sme_supplier_count"):
        assert Decimal(_attr(soup, measure=measure, period="fytd")) == row[f"fytd_{measure}"]
    # March closes 2017/18, so the year to date is the whole year the generator built.
    truth = manifest["totals"], manifest["kpis"]
    assert Decimal(_attr(soup, measure="total_spend", period="fytd")) == Decimal(truth[0]["total_spend"])
    assert Decimal(_attr(soup, measure="local_primary_spend", period="fytd")) == Decimal(truth[1]["local_primary"]["spend"])
    assert Decimal(_attr(soup, measure="pct_local_primary", period="fytd")) == Decimal(truth[1]["local_primary"]["pct"])
    assert Decimal(_attr(soup, measure="local_primary_supplier_count", period="fytd")) == truth[1]["local_primary"]["count"]
    # The strategy's 25% target for 2017/18, met exactly.
    assert _attr(soup, rag="pct_local_primary", period="fytd") == "on target"


def test_sample_monthly_spend_matches_ground_truth(march, manifest):
    _, soup = march
    table = soup.find(id="table-monthly-trend")
    shown = {tr["data-row"][:7]: Decimal(tr.find(attrs={"data-col": "total_spend"})["data-value"])
             for tr in table.tbody.find_all("tr")}
    assert shown == {month: Decimal(spend) for month, spend in manifest["monthly_spend"].items()}


def test_sample_top_ten_and_same_bytes_again(sample_warehouse, march, tmp_path):
    out, soup = march
    names = [s.get_text() for s in soup.find(id="table-top-suppliers").find_all(attrs={"data-col": "supplier_name"})]
    assert len(names) == 10
    again = render_report(sample_warehouse, MARCH, tmp_path)
    assert again["html"].read_bytes() == out["html"].read_bytes()
    assert again["xlsx"].read_bytes() == out["xlsx"].read_bytes()


def test_sample_scorecard_spend_year_and_latest_register_year(sample_warehouse, march, manifest):
    """The sample's ledgers are 2017/18 and its registers 2019/20: the scorecard shows spend for
    2017/18 and the registers' latest year with data, 2019/20, saying so, never a mix."""
    out, soup = march
    rows = soup.find(id="table-scorecard").find_all("tr", attrs={"data-scorecard": True})
    spend = [tr for tr in rows if tr["data-section"] == "Spend"]
    cur = sample_warehouse.execute("SELECT * FROM marts.kpi_spend_by_year WHERE body = ? AND financial_year = '2017/18'",
                                   [manifest["council"]])
    year = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    for tr in spend:
        assert tr["data-financial-year"] == "2017/18"
        assert Decimal(tr["data-value"]) == year[tr["data-scorecard"]]
    local = next(tr for tr in spend if tr["data-scorecard"] == "pct_local_primary")
    assert Decimal(local["data-value"]) == Decimal(manifest["kpis"]["local_primary"]["pct"])
    assert local["data-status"] == "on target"  # the 25% target for 2017/18, met exactly

    banner = soup.find(id="scorecard-register-year")
    assert (banner["data-financial-year"], banner["data-basis"]) == ("2019/20", "latest year with data")
    assert "latest year with data, 2019/20" in banner.get_text(" ", strip=True)
    registers = [tr for tr in rows if tr["data-section"] != "Spend"]
    assert {tr["data-financial-year"] for tr in registers} == {"2019/20"}
    mart = sample_warehouse.execute(
        "SELECT measure, coalesce(dimension, ''), CAST(value AS VARCHAR), status FROM marts.register_scorecard "
        "WHERE financial_year = '2019/20' ORDER BY sort_order").fetchall()
    assert [(tr["data-scorecard"], tr["data-dimension"], tr["data-value"] or None, tr["data-status"])
            for tr in registers] == mart
    # Events, counted from the register file with the csv module: every row is a 2019/20 event.
    with open(SAMPLE_LANDING / "registers" / "meet_the_buyer_events_2019-20.csv", encoding="utf-8", newline="") as fh:
        events = len(list(csv.DictReader(fh)))
    shown = next(tr for tr in registers if tr["data-scorecard"] == "meet_the_buyer_events")
    assert Decimal(shown["data-value"]) == events
