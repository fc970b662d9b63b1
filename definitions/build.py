"""Building the Definitions: assets, jobs, schedules, sensors and resources in one place."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from anchorspend.assets import ingestion, partnership, scorecard, suppliers
from anchorspend.assets.kpis import build_kpi_assets
from anchorspend.assets.partitions import partitions_for
from anchorspend.assets.reports import build_report_assets
from anchorspend.definitions.automation import build_automation
from anchorspend.definitions.resources import default_resources
from anchorspend.pipelines.config import default_warehouse


def build_definitions(
    landing: Path | None = None,
    warehouse: Path | None = None,
    *,
    partitions_from: Path | None = None,
    lifecycle: str = "run",
) -> dg.Definitions:
    """The Definitions over a landing folder and a warehouse (defaults: the configured ones).

    The monthly partitions span the months holding payments in `partitions_from` (default: the
    published warehouse). `lifecycle="caller"` leaves locking, the build copy and publishing to
    the caller (the `anchorspend run` command, which spans two Dagster runs with one build).
    """
    warehouse = Path(warehouse or default_warehouse())
    partitions = partitions_for(partitions_from or warehouse)
    jobs, schedules, sensors = build_automation(partitions)
    return dg.Definitions(
        assets=[
            ingestion.landing_files,
            suppliers.supplier_resolution,
            scorecard.register_scorecard,
            build_kpi_assets(partitions),
            partnership.partnership_marts,
            build_report_assets(partitions),
        ],
        jobs=jobs,
        schedules=schedules,
        sensors=sensors,
        resources=default_resources(landing, warehouse, lifecycle=lifecycle),
        # DuckDB allows one writing process per file, and a 2-core machine gains nothing from
        # running steps in parallel processes: every step of a run executes in one process.
        executor=dg.in_process_executor,
    )
