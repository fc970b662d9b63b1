"""The trend charts as drawn: gaps where a month has no figure, the report month always labelled,
round axis values, and the same bytes every time."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from anchorspend.pipelines.report import charts


def _rows(n: int, missing: set[int] = frozenset()) -> list[dict]:
    months = [dt.date(2016 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(n)]  # from April 2016
    return [{"month": m, "pct_local_primary": None if i in missing else Decimal("20.00") + i,
             "pct_local_secondary": Decimal("30.00"), "target_pct_local": Decimal("25.00")}
            for i, m in enumerate(months)]


def _primary_path(svg: str) -> str:
    return re.search(rf'<path d="([^"]*)" stroke="{charts.COLOURS["primary"]}"', svg).group(1)


def test_a_month_without_a_figure_breaks_the_line():
    chart = charts.local_chart(_rows(5, missing={2}), "LU", "Beds")
    for svg in (chart.wide, chart.narrow):
        path = _primary_path(svg)
        assert path.count("M") == 2 and path.count("L") == 2  # months 1-2, then 4-5
        assert svg.count(f'<circle') == 4  # one marker a month with a figure


def test_the_report_month_is_always_labelled_and_ticks_are_at_most_the_limit():
    rows = _rows(24)  # April 2016 to March 2018
    chart = charts.local_chart(rows, "LU", "Beds")
    for size, svg in (("wide", chart.wide), ("narrow", chart.narrow)):
        labels = re.findall(r'dy="0.8em">([^<]*)</text>', svg)
        assert labels[-1] == "Mar 18"
        assert len(labels) <= charts.MAX_X_TICKS[size]
    # 24 months, at most 12 labels: every other month counting back from March 2018.
    assert re.findall(r'dy="0.8em">([^<]*)</text>', chart.wide)[:2] == ["May 16", "Jul 16"]


def test_the_value_axis_runs_from_zero_in_round_steps():
    # Shares 20 to 24, secondary 30, target 25: the top is 30, in steps of 5.
    svg = charts.local_chart(_rows(5), "LU", "Beds").wide
    assert re.findall(r'dy="0.35em">([^<]*)</text>', svg) == ["0", "5", "10", "15", "20", "25", "30"]
    assert charts._ticks(-12, 130)[0][0] == -25 and charts._tick_text(-25.0, 0) == "−25"


def test_the_legend_names_each_line_and_the_drawing_repeats_to_the_byte():
    chart = charts.sme_vcs_chart([{**r, "pct_sme": Decimal("40.00"), "pct_vcs": Decimal("9.50"),
                                   "target_pct_sme": None, "target_pct_vcs": Decimal("10.00")} for r in _rows(3)])
    # No SME target in any month: no SME target line.
    assert [s.label for s in chart.legend] == ["% SME spend", "% VCS spend", "Target VCS"]
    again = charts.sme_vcs_chart([{**r, "pct_sme": Decimal("40.00"), "pct_vcs": Decimal("9.50"),
                                   "target_pct_sme": None, "target_pct_vcs": Decimal("10.00")} for r in _rows(3)])
    assert (chart.wide, chart.narrow) == (again.wide, again.narrow)
    assert 'id="chart-sme-vcs-wide"' in chart.wide and 'id="chart-sme-vcs-narrow"' in chart.narrow
