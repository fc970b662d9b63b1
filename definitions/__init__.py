"""The Dagster code location: `dagster dev` and `anchorspend run` load `defs` from here."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from anchorspend.assets import ingestion, kpis, payments, reports, scorecard, suppliers
from anchorspend.definitions.automation import build_automation
from anchorspend.definitions.resources import default_resources

ASSET_MODULES = [ingestion, suppliers, payments, kpis, scorecard, reports]


def build_definitions(landing: Path | None = None, warehouse: Path | None = None) -> dg.Definitions:
    assets = dg.load_assets_from_modules(ASSET_MODULES)
    jobs, schedules, sensors = build_automation()
    return dg.Definitions(
        assets=assets,
        jobs=jobs,
        schedules=schedules,
        sensors=sensors,
        resources=default_resources(landing, warehouse),
        # DuckDB allows one writing process per file, and a 2-core machine gains nothing from
        # running steps in parallel processes: every step of a run executes in one process.
        executor=dg.in_process_executor,
    )


defs = build_definitions()
