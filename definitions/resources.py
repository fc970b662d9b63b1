"""Resources: the landing folder and the DuckDB warehouse.

A run never writes the published warehouse. When a run starts, the warehouse resource takes
the exclusive write lock and copies the published file to a build file; assets write the build
file (`with warehouse.get_connection() as con`); when a run with no failed step ends, the build
file is renamed over the published one and the run's reports join the archive. Analysts
therefore read a complete state at any hour, and a run killed part-way leaves the published
file and the report archive as they were.

A caller that spans several Dagster runs with one build (the `anchorspend run` command) sets
`lifecycle="caller"` and does the locking, preparing and publishing itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import dagster as dg
import duckdb
from dagster import DagsterEventType

from anchorspend.pipelines import warehouse as wh
from anchorspend.pipelines.config import default_landing, default_warehouse


class LandingFolder(dg.ConfigurableResource):
    """The folder councils drop files into: ledgers/, supplier_extracts/, registers/ ..."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path).resolve()


class Warehouse(dg.ConfigurableResource):
    """The DuckDB warehouse, written through a build copy and published atomically.

    Setup and teardown happen once per run, so every job runs in-process
    (definitions/build.py); a per-step executor would publish after each step.
    Sensors and schedules get the same resource and only ever read the published file.
    """

    path: str
    lifecycle: Literal["run", "caller"] = "run"

    @property
    def published(self) -> Path:
        return Path(self.path).resolve()

    @property
    def build(self) -> Path:
        return wh.build_path_for(self.published)

    @property
    def reports_build(self) -> Path:
        """Where this run renders reports; they are archived when the warehouse publishes."""
        return wh.reports_build_for(self.published)

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[Warehouse]:
        run = context.dagster_run
        # A sensor or schedule tick has no run: it reads, and must never lock or build.
        if run is None or self.lifecycle == "caller":
            yield self
            return
        with wh.write_lock(self.published):
            wh.prepare_build(self.published, run_id=run.run_id)
            yield self
            failed = context.instance.all_logs(run.run_id, of_type=DagsterEventType.STEP_FAILURE)
            if not failed and self.build.exists():
                try:
                    wh.publish(self.published)
                except Exception as exc:
                    # Dagster cannot fail a run from teardown; the log and the CLI's check of
                    # audit.runs in the published file make the failure visible.
                    context.log.error(f"the warehouse was not published: {exc}")
                    raise

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection to this run's build copy, closed when the block ends."""
        if not self.build.exists():
            raise FileNotFoundError(
                f"no build copy at {self.build}: the warehouse resource was not set up for this run"
            )
        with wh.connection(self.build) as con:
            yield con

    @contextmanager
    def read_published(self) -> Iterator[duckdb.DuckDBPyConnection | None]:
        """A read-only connection to the published warehouse, or None when there is none yet."""
        if not self.published.exists():
            yield None
            return
        with wh.connection(self.published, read_only=True) as con:
            yield con


def default_resources(landing: Path | None = None, warehouse: Path | None = None, lifecycle: str = "run") -> dict:
    return {
        "landing": LandingFolder(path=str(landing or default_landing())),
        "warehouse": Warehouse(path=str(warehouse or default_warehouse()), lifecycle=lifecycle),
    }
