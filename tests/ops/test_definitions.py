"""The real Definitions load, and the asset graph is the one we designed."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg

from anchorspend.definitions import defs

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.json"


def _graph_snapshot(d: dg.Definitions) -> dict:
    repo = d.get_repository_def()
    graph = repo.asset_graph
    assets = {}
    for key in sorted(graph.materializable_asset_keys, key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "deps": sorted(k.to_user_string() for k in node.parent_keys),
            "partitioned": node.partitions_def is not None,
            "checks": sorted(c.name for c in node.check_keys),
        }
    return {
        "assets": assets,
        "jobs": sorted(j.name for j in repo.get_all_jobs() if not j.name.startswith("__")),
        "schedules": {s.name: s.cron_schedule for s in sorted(repo.schedule_defs, key=lambda s: s.name)},
        "sensors": sorted(s.name for s in repo.sensor_defs),
    }


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)


def test_asset_graph_snapshot():
    expected = json.loads(SNAPSHOT.read_text())
    assert _graph_snapshot(defs) == expected


def test_schedules_run_in_uk_time():
    repo = defs.get_repository_def()
    assert {s.execution_timezone for s in repo.schedule_defs} == {"Europe/London"}
    nightly = repo.get_schedule_def("nightly_schedule")
    assert nightly.cron_schedule == "0 2 * * *"


def test_monthly_partitions_start_in_april_and_cover_financial_years():
    from anchorspend.assets.partitions import monthly_partitions

    keys = monthly_partitions.get_partition_keys()
    assert keys[0] == "2010-04"
    fy_2019 = monthly_partitions.get_partition_keys_in_range(dg.PartitionKeyRange("2019-04", "2020-03"))
    assert len(fy_2019) == 12


def test_every_job_runs_in_one_process():
    # The warehouse resource sets up and publishes once per run; a per-step executor would
    # publish after every step and refuse parallel steps at the lock.
    repo = defs.get_repository_def()
    for job in repo.get_all_jobs():
        assert job.executor_def.name == dg.in_process_executor.name, job.name
