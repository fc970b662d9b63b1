"""Monthly partitions: one month, or a backfill range, rebuilds exactly those months and their year."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import dagster as dg
import pytest

from anchorspend.definitions import build_definitions
from anchorspend.definitions.automation import RANGE_END, RANGE_START, all_months_tags
from anchorspend.pipelines.warehouse import connect

LEDGER = """Body,Payment Date,Transaction Number,Supplier Name,Net Amount,Expense Type,Service Area,Purpose
Luton Borough Council,03/04/2023,T1,Acme Widgets Ltd,1000.00,Supplies,Highways,Widgets
Luton Borough Council,20/04/2023,T2,Beta Care Limited,2500.50,Care,Adult Social Care,Care
Luton Borough Council,05/05/2023,T3,Acme Widgets Ltd,700.00,Supplies,Highways,Widgets
Luton Borough Council,17/05/2023,T4,Gamma Trust,-200.00,Grants,Communities,Refund
Luton Borough Council,09/06/2023,T5,Beta Care Limited,12000.00,Care,Adult Social Care,Care
"""

MONTHS = ["2023-04-01", "2023-05-01", "2023-06-01"]


@pytest.fixture
def setup(tmp_path: Path, monkeypatch):
    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    (landing / "ledgers" / "q1.csv").write_text(LEDGER, encoding="utf-8")
    monkeypatch.setenv("ANCHORSPEND_DATA", str(tmp_path / "data"))
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    defs = build_definitions(landing, warehouse)
    return defs, warehouse


def _execute(defs: dg.Definitions, job: str, **kwargs) -> dg.ExecuteInProcessResult:
    result = defs.resolve_job_def(job).execute_in_process(instance=dg.DagsterInstance.ephemeral(), **kwargs)
    assert result.success
    return result


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


def _materialized_partitions(result: dg.ExecuteInProcessResult, key: list[str]) -> set[str]:
    return {
        e.partition
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(key)
    }


def test_one_month_rebuilds_that_month_and_its_year_only(setup):
    defs, warehouse = setup
    _execute(defs, "refresh_job", tags=all_months_tags())
    months, years = _totals(warehouse)
    # By hand from LEDGER: April 1000.00 + 2500.50; May 700.00 - 200.00; June 12000.00.
    assert months == {"2023-04-01": Decimal("3500.50"), "2023-05-01": Decimal("500.00"), "2023-06-01": Decimal("12000.00")}
    assert _fytd(warehouse) == {"2023-04-01": Decimal("3500.50"), "2023-05-01": Decimal("4000.50"), "2023-06-01": Decimal("16000.50")}
    assert years == {"2023/24": Decimal("16000.50")}

    _tamper(warehouse)
    result = _execute(defs, "monthly_rebuild_job", partition_key="2023-05")
    assert _materialized_partitions(result, ["marts", "kpi_spend"]) == {"2023-05"}
    months, years = _totals(warehouse)
    # April is not touched; June keeps its own figures but its year-to-date columns, which count May, are refreshed.
    assert months == {"2023-04-01": Decimal("-1"), "2023-05-01": Decimal("500.00"), "2023-06-01": Decimal("-1")}
    assert years == {"2023/24": Decimal("16000.50")}
    assert _fytd(warehouse) == {"2023-04-01": Decimal("-1"), "2023-05-01": Decimal("4000.50"), "2023-06-01": Decimal("16000.50")}


def test_a_month_in_another_year_leaves_this_year_alone(setup):
    defs, warehouse = setup
    _execute(defs, "refresh_job", tags=all_months_tags())
    _tamper(warehouse)
    # March 2023 belongs to FY 2022/23, which has no payments: FY 2023/24's rows stay as they were.
    _execute(defs, "monthly_rebuild_job", partition_key="2023-03")
    months, years = _totals(warehouse)
    assert months == {"2023-04-01": Decimal("-1"), "2023-05-01": Decimal("-1"), "2023-06-01": Decimal("-1")}
    assert years == {"2023/24": Decimal("-1")}


def test_two_month_backfill_runs_once_for_both_months(setup):
    defs, warehouse = setup
    _execute(defs, "refresh_job", tags=all_months_tags())
    _tamper(warehouse)
    result = _execute(defs, "monthly_rebuild_job", tags={RANGE_START: "2023-04", RANGE_END: "2023-05"})
    assert _materialized_partitions(result, ["core", "fct_payment"]) == {"2023-04", "2023-05"}
    assert _materialized_partitions(result, ["marts", "kpi_spend"]) == {"2023-04", "2023-05"}
    # Both months were materialised by this one in-process run, as a single-run backfill from the UI would be.
    assert len({e.partition for e in result.get_asset_materialization_events()}) == 2
    months, years = _totals(warehouse)
    assert months == {"2023-04-01": Decimal("3500.50"), "2023-05-01": Decimal("500.00"), "2023-06-01": Decimal("-1")}
    assert _fytd(warehouse) == {"2023-04-01": Decimal("3500.50"), "2023-05-01": Decimal("4000.50"), "2023-06-01": Decimal("16000.50")}
    assert years == {"2023/24": Decimal("16000.50")}
