"""The real Definitions load, and the asset graph is the one we designed: one key per table."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from anchorspend.definitions.build import build_definitions
from anchorspend.pipelines.warehouse import connection, ensure_schema

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


@pytest.fixture(scope="module")
def defs(tmp_path_factory) -> dg.Definitions:
    tmp = tmp_path_factory.mktemp("defs")
    return build_definitions(tmp / "landing", tmp / "warehouse.duckdb")


def test_definitions_load(defs):
    dg.Definitions.validate_loadable(defs)


def test_code_location_module_loads_without_building_at_package_import():
    # Importing assets (or the definitions package) must not build the Definitions; only the
    # code location module does.
    code = (
        "import sys; import anchorspend.assets.kpis, anchorspend.definitions; "
        "assert 'anchorspend.definitions.location' not in sys.modules; "
        "from anchorspend.definitions.location import defs; import dagster as dg; "
        "assert isinstance(defs, dg.Definitions)"
    )
    subprocess.run([sys.executable, "-W", "ignore", "-c", code], check=True)


def test_asset_graph_snapshot(defs):
    expected = json.loads(SNAPSHOT.read_text())
    assert _graph_snapshot(defs) == expected


def test_every_table_has_exactly_one_writer(defs):
    # An asset key is a table (schema/table), and no two steps write the same one.
    graph = defs.get_repository_def().asset_graph
    writers: dict[str, str] = {}
    for key in graph.materializable_asset_keys:
        node = graph.get(key)
        if key.path[0] == "reports":
            continue
        assert len(key.path) == 2 and key.path[0] in {"audit", "core", "staging", "marts"}, key
        writers.setdefault(key.to_user_string(), node.assets_def.node_def.name)
    assert writers["core/fct_payment"] == writers["audit/ingest_files"] == writers["audit/rejected_rows"] == "landing_files"
    assert writers["core/supplier_match"] == writers["core/dim_supplier"] == "supplier_resolution"
    assert "audit/ingested_ledgers" not in writers


def test_schedules_run_in_uk_time(defs):
    repo = defs.get_repository_def()
    assert {s.execution_timezone for s in repo.schedule_defs} == {"Europe/London"}
    nightly = repo.get_schedule_def("nightly_schedule")
    assert nightly.cron_schedule == "0 2 * * *"


def test_partitions_start_and_end_where_the_data_does(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with connection(warehouse) as con:
        ensure_schema(con)
        con.execute(
            "INSERT INTO core.fct_payment (body, payment_date, supplier_name, amount, financial_year, month, "
            "source_file, file_sha256, source_line, line_key) VALUES "
            "('B', DATE '2017-06-03', 'S', 1.00, '2017/18', DATE '2017-06-01', 'f', 'x', 2, 'a'), "
            "('B', DATE '2018-03-09', 'S', 1.00, '2017/18', DATE '2018-03-01', 'f', 'x', 3, 'b')"
        )
    defs = build_definitions(tmp_path / "landing", warehouse)
    partitions = defs.resolve_job_def("monthly_rebuild_job").partitions_def
    keys = partitions.get_partition_keys()
    # June 2017 to March 2018 by hand: 10 months, not every month since 2010.
    assert keys[0] == "2017-06" and keys[-1] == "2018-03" and len(keys) == 10
    fy = partitions.get_partition_keys_in_range(dg.PartitionKeyRange("2017-06", "2018-03"))
    assert len(fy) == 10


def test_an_empty_warehouse_has_only_the_current_month(defs):
    keys = defs.resolve_job_def("monthly_rebuild_job").partitions_def.get_partition_keys()
    assert keys == [f"{date.today():%Y-%m}"]


def test_every_job_runs_in_one_process(defs):
    # The warehouse resource sets up and publishes once per run; a per-step executor would
    # publish after every step and refuse parallel steps at the lock.
    repo = defs.get_repository_def()
    for job in repo.get_all_jobs():
        assert job.executor_def.name == dg.in_process_executor.name, job.name
