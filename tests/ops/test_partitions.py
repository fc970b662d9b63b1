"""Monthly partitions: one month, or a backfill range, rebuilds exactly those months and their year;
a run over every month rebuilds only the months whose payments changed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import dagster as dg
import pytest

from anchorspend.definitions.automation import range_tags
from anchorspend.definitions.build import build_definitions
from anchorspend.pipelines.warehouse import connect

LEDGER = """Body,Payment Date,Transaction Number,Supplier Name,Net Amount,Expense Type,Service Area,Purpose
Luton Borough Council,15/03/2023,T0,Acme Widgets Ltd,300.00,Supplies,Highways,Widgets
Luton Borough Council,03/04/2023,T1,Acme Widgets Ltd,1000.00,Supplies,Highways,Widgets
Luton Borough Council,20/04/2023,T2,Beta Care Limited,2500.50,Care,Adult Social Care,Care
Luton Borough Council,05/05/2023,T3,Acme Widgets Ltd,700.00,Supplies,Highways,Widgets
Luton Borough Council,17/05/2023,T4,Gamma Trust,-200.00,Grants,Communities,Refund
Luton Borough Council,09/06/2023,T5,Beta Care Limited,12000.00,Care,Adult Social Care,Care
"""
KPI_BY_MONTH = ["marts", "kpi_spend_by_month"]


@pytest.fixture
def setup(tmp_path: Path, monkeypatch):
    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    (landing / "ledgers" / "q1.csv").write_text(LEDGER, encoding="utf-8")
    monkeypatch.setenv("ANCHORSPEND_DATA", str(tmp_path / "data"))
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    # The first run, over every partition an empty warehouse has; the partitions follow the data after.
    _everything(landing, warehouse)
    return landing, warehouse


def _defs(landing: Path, warehouse: Path) -> dg.Definitions:
    return build_definitions(landing, warehouse)


def _execute(defs: dg.Definitions, job: str, **kwargs) -> dg.ExecuteInProcessResult:
    result = defs.resolve_job_def(job).execute_in_process(instance=dg.DagsterInstance.ephemeral(), **kwargs)
    assert result.success
    return result


def _everything(landing: Path, warehouse: Path) -> dg.ExecuteInProcessResult:
    defs = _defs(landing, warehouse)
    partitions = defs.resolve_job_def("refresh_job").partitions_def
    return _execute(defs, "refresh_job", tags=range_tags(partitions))


def _tamper(warehouse: Path) -> None:
    """Overwrite every month's and year's total with a sentinel, to see which rows a run rebuilds."""
    con = connect(warehouse)
    con.execute("UPDATE marts.kpi_spend_by_month SET total_spend = -1, fytd_total_spend = -1")
    con.execute("UPDATE marts.kpi_spend_by_year SET total_spend = -1")
    con.execute("CHECKPOINT")
    con.close()


def _totals(warehouse: Path) -> tuple[dict, dict]:
    con = connect(warehouse, read_only=True)
    months = dict(con.execute("SELECT strftime(month, '%Y-%m-%d'), total_spend FROM marts.kpi_spend_by_month").fetchall())
    years = dict(con.execute("SELECT financial_year, total_spend FROM marts.kpi_spend_by_year").fetchall())
    con.close()
    return months, years


def _fytd(warehouse: Path) -> dict:
    con = connect(warehouse, read_only=True)
    rows = dict(con.execute("SELECT strftime(month, '%Y-%m-%d'), fytd_total_spend FROM marts.kpi_spend_by_month").fetchall())
    con.close()
    return rows


def _materialized(result: dg.ExecuteInProcessResult, key: list[str]) -> dict[str, dict]:
    return {
        e.partition: e.step_materialization_data.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(key)
    }


def test_first_run_builds_every_month(setup):
    _, warehouse = setup
    months, years = _totals(warehouse)
    # By hand from LEDGER: March 300.00; April 1000.00 + 2500.50; May 700.00 - 200.00; June 12000.00.
    assert months == {"2023-03-01": Decimal("300.00"), "2023-04-01": Decimal("3500.50"),
                      "2023-05-01": Decimal("500.00"), "2023-06-01": Decimal("12000.00")}
    assert _fytd(warehouse) == {"2023-03-01": Decimal("300.00"), "2023-04-01": Decimal("3500.50"),
                                "2023-05-01": Decimal("4000.50"), "2023-06-01": Decimal("16000.50")}
    assert years == {"2022/23": Decimal("300.00"), "2023/24": Decimal("16000.50")}


def test_one_month_rebuilds_that_month_and_its_year_only(setup):
    landing, warehouse = setup
    _tamper(warehouse)
    result = _execute(_defs(landing, warehouse), "monthly_rebuild_job", partition_key="2023-05")
    assert set(_materialized(result, KPI_BY_MONTH)) == {"2023-05"}
    months, years = _totals(warehouse)
    # April is not touched; June keeps its own figures but its year-to-date columns, which count May, are refreshed.
    assert months == {"2023-03-01": Decimal("-1"), "2023-04-01": Decimal("-1"),
                      "2023-05-01": Decimal("500.00"), "2023-06-01": Decimal("-1")}
    assert years == {"2022/23": Decimal("-1"), "2023/24": Decimal("16000.50")}
    assert _fytd(warehouse) == {"2023-03-01": Decimal("-1"), "2023-04-01": Decimal("-1"),
                                "2023-05-01": Decimal("4000.50"), "2023-06-01": Decimal("16000.50")}


def test_a_month_in_another_year_leaves_this_year_alone(setup):
    landing, warehouse = setup
    _tamper(warehouse)
    # March 2023 belongs to FY 2022/23: FY 2023/24's rows stay as they were.
    _execute(_defs(landing, warehouse), "monthly_rebuild_job", partition_key="2023-03")
    months, years = _totals(warehouse)
    assert months == {"2023-03-01": Decimal("300.00"), "2023-04-01": Decimal("-1"),
                      "2023-05-01": Decimal("-1"), "2023-06-01": Decimal("-1")}
    assert years == {"2022/23": Decimal("300.00"), "2023/24": Decimal("-1")}


def test_two_month_backfill_runs_once_and_each_partition_describes_itself(setup):
    landing, warehouse = setup
    _tamper(warehouse)
    defs = _defs(landing, warehouse)
    partitions = defs.resolve_job_def("monthly_rebuild_job").partitions_def
    result = _execute(defs, "monthly_rebuild_job", tags=range_tags(partitions, "2023-04", "2023-05"))
    by_partition = _materialized(result, KPI_BY_MONTH)
    assert set(by_partition) == {"2023-04", "2023-05"}
    # Both months were materialised by this one in-process run, as a single-run backfill from the UI would be.
    # (The partnership marts, unpartitioned and small, are rebuilt whole in the same run.)
    assert {e.partition for e in result.get_asset_materialization_events()} - {None} == {"2023-04", "2023-05"}
    # Each month's metadata is that month's, not the range's: one row each, and its own spend.
    assert by_partition["2023-04"]["dagster/row_count"].value == 1
    assert by_partition["2023-04"]["total_spend"].value == pytest.approx(3500.50)
    assert by_partition["2023-05"]["total_spend"].value == pytest.approx(500.00)
    months, years = _totals(warehouse)
    assert months == {"2023-03-01": Decimal("-1"), "2023-04-01": Decimal("3500.50"),
                      "2023-05-01": Decimal("500.00"), "2023-06-01": Decimal("-1")}
    assert _fytd(warehouse)["2023-06-01"] == Decimal("16000.50")
    assert years == {"2022/23": Decimal("-1"), "2023/24": Decimal("16000.50")}


def test_a_run_over_every_month_rebuilds_only_what_changed(setup):
    landing, warehouse = setup
    _tamper(warehouse)
    # Nothing new: the sentinels stay, so no month was rebuilt.
    result = _everything(landing, warehouse)
    assert _totals(warehouse) == (
        {"2023-03-01": Decimal("-1"), "2023-04-01": Decimal("-1"), "2023-05-01": Decimal("-1"), "2023-06-01": Decimal("-1")},
        {"2022/23": Decimal("-1"), "2023/24": Decimal("-1")},
    )
    assert not any(m["rebuilt_this_run"].value for m in _materialized(result, KPI_BY_MONTH).values())

    # A new file with one June line: June and FY 2023/24 are rebuilt, nothing else.
    (landing / "ledgers" / "june_extra.csv").write_text(
        LEDGER.splitlines()[0] + "\nLuton Borough Council,21/06/2023,T9,Acme Widgets Ltd,99.99,Supplies,Highways,Widgets\n",
        encoding="utf-8",
    )
    _everything(landing, warehouse)
    months, years = _totals(warehouse)
    assert months == {"2023-03-01": Decimal("-1"), "2023-04-01": Decimal("-1"),
                      "2023-05-01": Decimal("-1"), "2023-06-01": Decimal("12099.99")}
    assert years == {"2022/23": Decimal("-1"), "2023/24": Decimal("16100.49")}
