"""Jobs, the nightly schedule, the landing-folder sensor and the monthly report schedule.

Built for the definitions' monthly partitions (assets/partitions.py), which follow the data.
Sensors and schedules take the landing folder and the warehouse as resources, like assets.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone

import dagster as dg

from anchorspend.definitions.resources import LandingFolder, Warehouse
from anchorspend.pipelines import run_inputs
from anchorspend.pipelines.landing import changed_files, scan_landing
from anchorspend.pipelines.lifecycle import latest_payment_date
from anchorspend.pipelines.warehouse import sql_text

RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"
INGEST_OP = "landing_files"
RUN_RETENTION_DAYS = 90

# What comes before the monthly marts; the partnership marts read the KPI marts, so they follow them.
UNPARTITIONED = dg.AssetSelection.all() - dg.AssetSelection.groups("kpis", "partnership", "reports")


def range_tags(partitions: dg.PartitionsDefinition, first: str | None = None, last: str | None = None) -> dict[str, str]:
    """Tags that make one run cover a range of monthly partitions (default: all of them)."""
    keys = partitions.get_partition_keys()
    return {RANGE_START: first or keys[0], RANGE_END: last or keys[-1]}


def ingest_run_config(files: list[str]) -> dict:
    ledgers = [f for f in files if f.startswith("ledgers/")]
    return {"ops": {INGEST_OP: {"config": {"files": ledgers}}}}


def build_automation(partitions: dg.PartitionsDefinition):
    ingest_job = dg.define_asset_job(
        "ingest_job",
        selection=UNPARTITIONED,
        description="Read new or changed landing files, resolve suppliers and build the register scorecard (no monthly marts).",
    )
    refresh_job = dg.define_asset_job(
        "refresh_job",
        selection=dg.AssetSelection.all() - dg.AssetSelection.groups("reports"),
        description="Ingest new or changed files, resolve suppliers, and rebuild the KPI months they changed.",
        partitions_def=partitions,
    )
    everything_job = dg.define_asset_job(
        "everything_job",
        selection=dg.AssetSelection.all(),
        description="Every asset, reports included, over every month: the KPI marts and reports rebuild only the months that changed.",
        partitions_def=partitions,
    )
    monthly_rebuild_job = dg.define_asset_job(
        "monthly_rebuild_job",
        selection=dg.AssetSelection.groups("kpis", "partnership", "reports"),
        description=(
            "Rebuild the KPI marts, the partnership marts and reports for chosen months, and the financial-year rollups above them. "
            "Launch a backfill of a range (e.g. 2019-04 to 2020-03 for FY 2019/20) from the UI: it runs as one run."
        ),
        partitions_def=partitions,
    )
    monthly_report_job = dg.define_asset_job(
        "monthly_report_job",
        selection=dg.AssetSelection.groups("reports"),
        description="Render the monthly KPI report for chosen months.",
        partitions_def=partitions,
    )

    @dg.sensor(
        job=refresh_job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description="Watches the landing folder; requests a run for exactly the new or changed files (by SHA-256).",
    )
    def landing_sensor(context: dg.SensorEvaluationContext, landing: LandingFolder):
        previous = json.loads(context.cursor) if context.cursor else {}
        current = scan_landing(landing.root, previous)
        changed = changed_files(previous, current)
        context.update_cursor(json.dumps(current, sort_keys=True))
        if not changed:
            return dg.SkipReason("no new or changed files")
        run_key = hashlib.sha256(json.dumps([[f, current[f][0]] for f in changed]).encode()).hexdigest()[:16]
        return dg.RunRequest(run_key=run_key, run_config=ingest_run_config(changed), tags=range_tags(partitions))

    @dg.schedule(
        job=refresh_job,
        cron_schedule="0 2 * * *",
        execution_timezone="Europe/London",
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Nightly at 02:00 UK time: ingest whatever is new or changed and rebuild what it touches.",
    )
    def nightly_schedule(context: dg.ScheduleEvaluationContext, landing: LandingFolder, warehouse: Warehouse):
        # "Nothing new" is anchorspend run's own rule (run_inputs.nothing_new): the landing files,
        # council file, settings and code are those the published warehouse was built from.
        same, built_from, inputs = False, None, None
        loaded: set = set()
        with warehouse.read_published() as con:
            if con is not None:
                built_from, same, inputs = run_inputs.nothing_new(con, landing.root, latest_payment_date())
                loaded = set(con.execute(sql_text("audit/loaded_files")).fetchall())
        if same:
            return dg.SkipReason(f"nothing new: the landing files, council file, settings and code are those of run {built_from['run_id'][:8]}")
        # A file counts as done only once a published run loaded that exact content; a file whose
        # run failed is tried again until it loads.
        current = inputs["files"] if inputs is not None else scan_landing(landing.root)
        changed = sorted(name for name, fingerprint in current.items() if (name, fingerprint[0]) not in loaded)
        if changed:
            return dg.RunRequest(run_config=ingest_run_config(changed), tags=range_tags(partitions))
        if built_from is not None and built_from["inputs"] is not None:
            # No file is new, but the council file, settings, code or a refused link changed, or
            # a line rejected as future-dated has come due: every file is read, every month compared.
            return dg.RunRequest(run_config=ingest_run_config([]), tags=range_tags(partitions))
        return dg.SkipReason("nothing new or changed in the landing folder since the last published run")

    @dg.schedule(
        job=monthly_report_job,
        cron_schedule="0 6 2 * *",
        execution_timezone="Europe/London",
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="On the 2nd of each month at 06:00, the report for the month just ended.",
    )
    def monthly_report_schedule(context: dg.ScheduleEvaluationContext):
        when = context.scheduled_execution_time
        year, month = (when.year, when.month - 1) if when.month > 1 else (when.year - 1, 12)
        key = f"{year}-{month:02d}"
        if key not in partitions.get_partition_keys():
            return dg.SkipReason(f"no payments for {key} yet: the partitions end at {partitions.get_partition_keys()[-1]}")
        return dg.RunRequest(partition_key=key)

    @dg.schedule(
        cron_schedule="30 3 * * 0",
        execution_timezone="Europe/London",
        job=ingest_job,  # never requested: the tick itself does the work
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=f"Weekly: delete runs that finished more than {RUN_RETENTION_DAYS} days ago.",
    )
    def purge_old_runs(context: dg.ScheduleEvaluationContext):
        cutoff = datetime.now(timezone.utc) - timedelta(days=RUN_RETENTION_DAYS)
        old = context.instance.get_run_records(filters=dg.RunsFilter(updated_before=cutoff), limit=1000)
        for record in old:
            context.instance.delete_run(record.dagster_run.run_id)
        return dg.SkipReason(f"deleted {len(old)} runs older than {RUN_RETENTION_DAYS} days")

    return (
        [ingest_job, refresh_job, everything_job, monthly_rebuild_job, monthly_report_job],
        [nightly_schedule, monthly_report_schedule, purge_old_runs],
        [landing_sensor],
    )
