"""Jobs, the nightly schedule, the landing-folder sensor and the monthly report schedule."""

from __future__ import annotations

import hashlib
import json

import dagster as dg

from anchorspend.assets.partitions import FIRST_MONTH, monthly_partitions
from anchorspend.pipelines.config import default_landing
from anchorspend.pipelines.landing import changed_files, scan_landing

RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"
INGEST_OP = "audit__ingested_ledgers"

refresh_job = dg.define_asset_job(
    "refresh_job",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("reports"),
    description="Ingest new or changed files and rebuild suppliers, payments and KPIs.",
    partitions_def=monthly_partitions,
)

everything_job = dg.define_asset_job(
    "everything_job",
    selection=dg.AssetSelection.all(),
    description="Every asset, reports included: what `anchorspend run` executes.",
    partitions_def=monthly_partitions,
)

monthly_rebuild_job = dg.define_asset_job(
    "monthly_rebuild_job",
    selection=dg.AssetSelection.groups("payments", "kpis"),
    description=(
        "Rebuild payments and KPIs for chosen months only, and the financial-year rollups above them. "
        "Launch a backfill of a range (e.g. 2019-04 to 2020-03 for FY 2019/20) from the UI: it runs as one run."
    ),
    partitions_def=monthly_partitions,
)

monthly_report_job = dg.define_asset_job(
    "monthly_report_job",
    selection=dg.AssetSelection.groups("reports"),
    description="Render the monthly KPI report for one month.",
    partitions_def=monthly_partitions,
)


def all_months_tags() -> dict[str, str]:
    """Tags that make one run cover every monthly partition (a single-run backfill)."""
    keys = monthly_partitions.get_partition_keys()
    return {RANGE_START: FIRST_MONTH, RANGE_END: keys[-1]}


def ingest_run_config(files: list[str]) -> dict:
    ledgers = [f for f in files if f.startswith("ledgers/")]
    return {"ops": {INGEST_OP: {"config": {"files": ledgers}}}}


def _published_files() -> set[tuple[str, str]]:
    """(source_file, sha256) of every file version the published warehouse has loaded."""
    from anchorspend.pipelines.config import default_warehouse
    from anchorspend.pipelines.warehouse import connect, sql_text

    path = default_warehouse()
    if not path.exists():
        return set()
    con = connect(path, read_only=True)
    try:
        return set(con.execute(sql_text("audit/loaded_files")).fetchall())
    finally:
        con.close()


@dg.sensor(
    job=refresh_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Watches the landing folder; requests a run for exactly the new or changed files (by SHA-256).",
)
def landing_sensor(context: dg.SensorEvaluationContext):
    previous = json.loads(context.cursor) if context.cursor else {}
    current = scan_landing(default_landing(), previous)
    changed = changed_files(previous, current)
    context.update_cursor(json.dumps(current, sort_keys=True))
    if not changed:
        return dg.SkipReason("no new or changed files")
    run_key = hashlib.sha256(json.dumps([[f, current[f][0]] for f in changed]).encode()).hexdigest()[:16]
    return dg.RunRequest(run_key=run_key, run_config=ingest_run_config(changed), tags=all_months_tags())


@dg.schedule(
    job=refresh_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Europe/London",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Nightly at 02:00 UK time: ingest whatever is new or changed and rebuild what it touches.",
)
def nightly_schedule(context: dg.ScheduleEvaluationContext):
    current = scan_landing(default_landing())
    # A file counts as done only once a published run loaded that exact content; a file that
    # failed, or whose run failed, is tried again every night until it loads.
    loaded = _published_files()
    changed = sorted(name for name, fingerprint in current.items() if (name, fingerprint[0]) not in loaded)
    if not changed:
        return dg.SkipReason("nothing new or changed in the landing folder since the last published run")
    return dg.RunRequest(run_config=ingest_run_config(changed), tags=all_months_tags())


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
    return dg.RunRequest(partition_key=f"{year}-{month:02d}")


RUN_RETENTION_DAYS = 90


@dg.schedule(
    cron_schedule="30 3 * * 0",
    execution_timezone="Europe/London",
    job=refresh_job,  # never requested: the tick itself does the work
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description=f"Weekly: delete runs that finished more than {RUN_RETENTION_DAYS} days ago.",
)
def purge_old_runs(context: dg.ScheduleEvaluationContext):
    from datetime import datetime, timedelta, timezone

    cutoff = datetime.now(timezone.utc) - timedelta(days=RUN_RETENTION_DAYS)
    old = context.instance.get_run_records(filters=dg.RunsFilter(updated_before=cutoff), limit=1000)
    for record in old:
        context.instance.delete_run(record.dagster_run.run_id)
    return dg.SkipReason(f"deleted {len(old)} runs older than {RUN_RETENTION_DAYS} days")


def build_automation():
    return (
        [refresh_job, everything_job, monthly_rebuild_job, monthly_report_job],
        [nightly_schedule, monthly_report_schedule, purge_old_runs],
        [landing_sensor],
    )
