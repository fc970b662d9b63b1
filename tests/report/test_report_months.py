"""Which months a run renders: the latest month and every month whose report shows a figure
the run changed, never every month every night (issue 10)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from anchorspend.pipelines.report.data import TREND_MONTHS, months_showing, months_to_render

ANCHORSPEND = str(Path(sys.executable).with_name("anchorspend"))


def m(text: str) -> dt.date:
    return dt.date.fromisoformat(f"{text}-01")


def test_a_new_latest_month_renders_itself_only():
    history = [m("2023-04"), m("2023-05")]
    assert months_to_render([*history, m("2023-06")], rebuilt=[m("2023-06")]) == [m("2023-06")]


def test_a_changed_month_renders_every_later_report_whose_trend_shows_it():
    # 24 months of trend: a report for 2023-03 shows 2021-04 to 2023-03, so a change to 2021-04
    # reaches it and one to 2021-03 does not; 2021-03's own report is older than 2021-04 and does
    # not show it. The latest month (2023-06) is rendered whenever anything was rebuilt.
    with_data = [m("2021-03"), m("2021-04"), m("2021-05"), m("2023-03"), m("2023-04"), m("2023-06")]
    assert TREND_MONTHS == 24
    assert months_showing([m("2021-04")], with_data) == [m("2021-04"), m("2021-05"), m("2023-03")]
    assert months_to_render(with_data, rebuilt=[m("2021-04")]) == [m("2021-04"), m("2021-05"), m("2023-03"), m("2023-06")]
    assert months_to_render(with_data, rebuilt=[m("2021-03")]) == [m("2021-03"), m("2021-04"), m("2021-05"), m("2023-06")]


def test_nothing_rebuilt_renders_nothing_unless_asked_or_the_latest_is_missing():
    with_data = [m("2023-04"), m("2023-05")]
    assert months_to_render(with_data, rebuilt=[]) == []
    assert months_to_render(with_data, rebuilt=[], latest_archived=False) == [m("2023-05")]
    # A backfill's months are rendered as asked; a month without payments never is.
    assert months_to_render(with_data, rebuilt=[], asked=[m("2023-04"), m("2023-07")]) == [m("2023-04")]


# By hand: March 2021 (more than 24 months before April 2023), April and May 2023.
FIRST = """Body,Payment Date,Transaction Number,Supplier Name,Net Amount
Luton Borough Council,15/03/2021,T0,Acme Widgets Ltd,400.00
Luton Borough Council,03/04/2023,T1,Acme Widgets Ltd,1000.00
Luton Borough Council,20/04/2023,T2,Beta Care Limited,2500.50
Luton Borough Council,05/05/2023,T3,Acme Widgets Ltd,700.00
"""
JUNE = """Body,Payment Date,Transaction Number,Supplier Name,Net Amount
Luton Borough Council,07/06/2023,T4,Beta Care Limited,300.00
"""
# A late April payment: April becomes 1000.00 + 2500.50 + 99.50 = 3600.00.
LATE_APRIL = """Body,Payment Date,Transaction Number,Supplier Name,Net Amount
Luton Borough Council,28/04/2023,T5,Acme Widgets Ltd,99.50
"""


def _run(landing: Path, data: Path) -> None:
    env = dict(os.environ, ANCHORSPEND_DATA=str(data), COLUMNS="100")
    env.pop("DAGSTER_HOME", None)
    done = subprocess.run([ANCHORSPEND, "run", "--landing", str(landing), "--warehouse", str(data / "warehouse.duckdb")],
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr


def _pages(data: Path) -> dict[str, tuple[int, int]]:
    """Each archived month's page, by the file's identity: a render replaces the month's folder."""
    pages = {}
    for html in sorted((data / "reports").glob("*/anchorspend-report-*.html")):
        st = html.stat()
        pages[html.parent.name] = (st.st_ino, st.st_mtime_ns)
    return pages


def _april_in_trend(data: Path, month: str) -> str:
    html = (data / "reports" / month / f"anchorspend-report-{month}.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-row="2023-04-01">.*?</tr>', html, re.S).group(0)
    return re.search(r'data-col="total_spend" data-value="([^"]*)"', row).group(1)


@pytest.mark.slow
def test_runs_render_the_new_month_and_the_months_a_change_reaches(tmp_path: Path):
    landing, data = tmp_path / "landing", tmp_path / "data"
    (landing / "ledgers").mkdir(parents=True)
    (landing / "ledgers" / "first.csv").write_text(FIRST, encoding="utf-8")
    _run(landing, data)
    first = _pages(data)
    assert set(first) == {"2021-03", "2023-04", "2023-05"}

    # One new month: its report alone.
    (landing / "ledgers" / "june.csv").write_text(JUNE, encoding="utf-8")
    _run(landing, data)
    second = _pages(data)
    assert set(second) == {"2021-03", "2023-04", "2023-05", "2023-06"}
    assert {k: second[k] for k in first} == first

    # A late April payment: April's report and every later one whose trend shows April; not
    # March 2021's, which is older and does not show it.
    (landing / "ledgers" / "late-april.csv").write_text(LATE_APRIL, encoding="utf-8")
    _run(landing, data)
    third = _pages(data)
    assert third["2021-03"] == second["2021-03"]
    assert all(third[k] != second[k] for k in ("2023-04", "2023-05", "2023-06"))
    assert _april_in_trend(data, "2023-05") == _april_in_trend(data, "2023-06") == "3600.00"


def test_a_run_reading_each_query_once_writes_the_same_reports(report_warehouse, tmp_path):
    """Months rendered together share their month-independent and year-level readings; each page
    and workbook is the same, to the byte, as when rendered alone (redaction included: the
    redacted payee's row is redacted in every month, not only the first)."""
    from anchorspend.pipelines.report import render_report
    from anchorspend.pipelines.report.data import reads_once

    months = [dt.date(2017, 3, 1), dt.date(2017, 4, 1), dt.date(2017, 5, 1), dt.date(2017, 6, 1), dt.date(2016, 5, 1)]
    alone = {mo: render_report(report_warehouse, mo, tmp_path / "alone" / f"{mo:%Y-%m}") for mo in months}
    with reads_once(report_warehouse):
        together = {mo: render_report(report_warehouse, mo, tmp_path / "together" / f"{mo:%Y-%m}") for mo in months}
    for mo in months:
        assert together[mo]["html"].read_bytes() == alone[mo]["html"].read_bytes(), mo
        assert together[mo]["xlsx"].read_bytes() == alone[mo]["xlsx"].read_bytes(), mo
        assert together[mo]["figures"] == alone[mo]["figures"], mo
