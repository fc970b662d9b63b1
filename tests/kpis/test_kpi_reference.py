"""The shipped targets and spend bands, and the loaders' checks on edited files."""

from __future__ import annotations

import csv
from decimal import Decimal as D

import pytest

from anchorspend.pipelines import kpis


def test_shipped_targets_hold_the_strategy_trajectory(con):
    assert kpis.load_targets(con) > 0
    local = dict(con.execute(
        "SELECT financial_year, target_pct FROM marts.kpi_target WHERE measure = 'pct_local_primary'").fetchall())
    # The strategy's "Managing performance" table (issue 4): baseline 25%, then 30..70%.
    assert local == {"2017/18": D("25.00"), "2019/20": D("30.00"), "2020/21": D("40.00"),
                     "2021/22": D("50.00"), "2022/23": D("60.00"), "2023/24": D("70.00")}
    # SME and VCS targets are 'tbc' in the strategy: rows kept, values empty, ready to edit.
    tbc = con.execute("SELECT measure, count(*), count(target_pct) FROM marts.kpi_target "
                      "WHERE measure IN ('pct_sme', 'pct_vcs') GROUP BY measure ORDER BY measure").fetchall()
    assert [(m, n > 0, set_) for m, n, set_ in tbc] == [("pct_sme", True, 0), ("pct_vcs", True, 0)]


def test_shipped_spend_bands_are_the_standing_orders_bands(con):
    assert kpis.load_spend_bands(con) == 4
    got = con.execute("SELECT band_order, lower_bound, upper_bound FROM marts.spend_band ORDER BY 1").fetchall()
    assert got == [(1, None, D("1000.00")), (2, D("1000.00"), D("5000.00")),
                   (3, D("5000.00"), D("100000.00")), (4, D("100000.00"), None)]


def write(tmp_path, name, rows):
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


HEAD = ["measure", "financial_year", "target_pct", "note"]


@pytest.mark.parametrize("bad_row, message", [
    (["pct_local", "2019/20", "30", ""], "line 3: measure 'pct_local'"),
    (["pct_sme", "2019/2020", "30", ""], "line 3: financial_year '2019/2020'"),
    (["pct_sme", "2019/21", "30", ""], "line 3: financial_year '2019/21'"),
    (["pct_sme", "2019/20", "thirty", ""], "line 3: target_pct 'thirty' is not a number"),
    (["pct_sme", "2019/20", "130", ""], "line 3: target_pct '130' is outside"),
    (["pct_local_primary", "2017/18", "26", ""], "line 3: a second target for pct_local_primary 2017/18"),
])
def test_a_bad_target_names_the_file_and_line(tmp_path, con, bad_row, message):
    path = write(tmp_path, "targets.csv", [HEAD, ["pct_local_primary", "2017/18", "25", ""], bad_row])
    with pytest.raises(ValueError, match="targets.csv " + message.replace("(", r"\(")):
        kpis.load_targets(con, path)


BAND_HEAD = ["band_order", "band", "lower_bound", "upper_bound", "note"]


@pytest.mark.parametrize("bands, message", [
    ([["1", "low", "", "1000"], ["2", "high", "1500", ""]], "must start where 'low' ends"),
    ([["1", "low", "", "1000"], ["2", "mid", "1000", "5000"]], "highest band must have an empty upper_bound"),
    ([["1", "low", "500", "1000"], ["2", "high", "1000", ""]], "lowest band must start at 0"),
    ([["x", "low", "", ""]], "band_order 'x'"),
    # Each band starts where the last ends, yet 'back' runs backwards: 500-1000 would be in two bands.
    ([["1", "low", "", "1000"], ["2", "back", "1000", "500"], ["3", "high", "500", ""]], "must end above where it starts"),
])
def test_bands_must_cover_every_amount_once(tmp_path, con, bands, message):
    path = write(tmp_path, "bands.csv", [BAND_HEAD] + [b + [""] for b in bands])
    with pytest.raises(ValueError, match=message):
        kpis.load_spend_bands(con, path)


def test_a_bad_reference_file_changes_nothing(tmp_path, con):
    kpis.build_kpi_marts(con)
    before = con.execute("SELECT count(*) FROM marts.kpi_target").fetchone()[0]
    bad = write(tmp_path, "targets.csv", [HEAD, ["pct_everything", "2017/18", "25", ""]])
    with pytest.raises(ValueError):
        kpis.build_kpi_marts(con, targets_path=bad)
    assert con.execute("SELECT count(*) FROM marts.kpi_target").fetchone()[0] == before
