"""The instance `anchorspend run` records into writes Dagster's own SQLite event log files, through
a class that keeps its engines (definitions/event_log.py): what it writes reads back through
Dagster's default storage (what `anchorspend ui` uses), and what another process writes in
between is seen by it."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from anchorspend.definitions.event_log import KeptEngineSqliteEventLogStorage
from anchorspend.definitions.instance import instance as anchorspend_instance
from anchorspend.definitions.instance import instance_home


@dg.asset(partitions_def=dg.StaticPartitionsDefinition(["a", "b"]))
def letters(context) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"letter": context.partition_key})


def _materialise(instance, key: str) -> str:
    job = dg.Definitions(assets=[letters]).resolve_implicit_global_asset_job_def()
    return job.execute_in_process(instance=instance, partition_key=key).run_id


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("ANCHORSPEND_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return tmp_path / "data"


def test_runs_written_with_kept_engines_read_back_through_dagsters_default_storage(data: Path):
    ours = anchorspend_instance()
    assert type(ours.event_log_storage) is KeptEngineSqliteEventLogStorage
    first = _materialise(ours, "a")

    # Another process (the UI, the daemon) writes with Dagster's default class meanwhile.
    theirs = dg.DagsterInstance.from_config(str(instance_home()))
    assert type(theirs.event_log_storage).__name__ == "SqliteEventLogStorage"
    second = _materialise(theirs, "b")

    # The kept engines see the other writer's run and materialisation, not a stale snapshot.
    assert {r.run_id for r in ours.get_runs()} == {first, second}
    seen = ours.fetch_materializations(dg.AssetKey("letters"), limit=10).records
    assert sorted(r.partition_key for r in seen) == ["a", "b"]
    third = _materialise(ours, "b")
    ours.dispose()

    # And the default class reads every event the kept engines wrote, in order.
    for run_id in (first, third):
        types = [e.dagster_event.event_type_value for e in theirs.all_logs(run_id) if e.dagster_event]
        assert types[0] == "ASSET_MATERIALIZATION_PLANNED" and types[-1] == "PIPELINE_SUCCESS"
        assert "ASSET_MATERIALIZATION" in types
    records = theirs.fetch_materializations(dg.AssetKey("letters"), limit=10).records
    assert [r.run_id for r in records] == [third, second, first]
    assert records[0].asset_materialization.metadata["letter"].value == "b"
    theirs.dispose()


def test_an_instance_file_that_names_its_own_storage_keeps_it(data: Path):
    home = instance_home()
    settings = home / "dagster.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"\nstorage:\n  sqlite:\n    base_dir: {home / 'elsewhere'}\n",
        encoding="utf-8",
    )
    instance = anchorspend_instance()
    try:
        assert type(instance.event_log_storage) is not KeptEngineSqliteEventLogStorage
        run_id = _materialise(instance, "a")
        assert (home / "elsewhere" / "history" / "runs" / f"{run_id}.db").exists()
    finally:
        instance.dispose()
