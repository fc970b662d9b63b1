"""Resources: the landing folder and the DuckDB warehouse.

A run never writes the published warehouse. At the start of a run the resource
copies the published file to a build file and takes an exclusive lock; assets
write the build file; at the end of a run with no failed step the build file is
renamed over the published one. Analysts therefore read a complete state at any
hour, and a run killed part-way leaves the published file as it was.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

import dagster as dg
import duckdb
from dagster import DagsterEventType
from pydantic import PrivateAttr

from anchorspend.pipelines import warehouse as wh
from anchorspend.pipelines.config import default_landing, default_warehouse


class LandingFolder(dg.ConfigurableResource):
    """The folder councils drop files into: ledgers/, supplier_extracts/, registers/ ..."""

    path: str

    @property
    def root(self) -> Path:
        return Path(self.path).resolve()


class WarehouseBusy(RuntimeError):
    pass


class Warehouse(dg.ConfigurableResource):
    """The DuckDB warehouse, written through a build copy and published atomically.

    Setup and teardown must happen once per run, so every job runs in-process
    (definitions/__init__.py); a per-step executor would publish after each step.
    """

    path: str
    _lock_fh: object = PrivateAttr(default=None)

    @property
    def published(self) -> Path:
        return Path(self.path).resolve()

    @property
    def build(self) -> Path:
        return wh.build_path_for(self.published)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self.published.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.published.with_name(self.published.name + ".lock")
        fh = open(lock_path, "a+")
        try:
            # The lock dies with the process, so a run killed with -9 never leaves it held.
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.close()
            raise WarehouseBusy(
                f"another run is writing the warehouse {self.published} (lock {lock_path}); try again when it ends"
            ) from None
        self._lock_fh = fh
        wh.prepare_build(self.published, run_id=context.run.run_id if context.run else None)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        try:
            run_id = context.run.run_id if context.run else None
            failed = (
                context.instance.all_logs(run_id, of_type=DagsterEventType.STEP_FAILURE)
                if (run_id and context.instance)
                else []
            )
            if not failed and self.build.exists():
                try:
                    wh.publish(self.published)
                except Exception as exc:
                    # Dagster cannot fail a run from teardown; the log and the CLI's check of
                    # audit.runs in the published file make the failure visible.
                    context.log.error(f"the warehouse was not published: {exc}")
                    raise
        finally:
            if self._lock_fh is not None:
                fcntl.flock(self._lock_fh, fcntl.LOCK_UN)
                self._lock_fh.close()
                self._lock_fh = None

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A read-write connection to this run's build copy."""
        if not self.build.exists():
            raise FileNotFoundError(
                f"no build copy at {self.build}: the warehouse resource was not set up for this run"
            )
        return wh.connect(self.build)


def default_resources(landing: Path | None = None, warehouse: Path | None = None) -> dict:
    return {
        "landing": LandingFolder(path=str(landing or default_landing())),
        "warehouse": Warehouse(path=str(warehouse or default_warehouse())),
    }
