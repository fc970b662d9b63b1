"""The one persistent Dagster instance, under the data folder: DATA/dagster."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from anchorspend.pipelines.config import data_dir

SETTINGS = "dagster.yaml"


def instance_home() -> Path:
    """DATA/dagster, with this package's dagster.yaml settings in it (written when missing)."""
    home = data_dir() / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    settings = home / SETTINGS
    if not settings.exists():
        settings.write_text(files("anchorspend.definitions").joinpath(SETTINGS).read_text(encoding="utf-8"), encoding="utf-8")
    return home


def instance():
    """The persistent instance `anchorspend run` records into and `anchorspend ui` serves.

    Its event log is Dagster's SQLite one, through definitions/event_log.py's class (the same
    files, written faster), unless the instance's dagster.yaml names a storage of its own.
    """
    import dagster as dg
    import yaml
    from dagster._core.instance.ref import InstanceRef

    home = instance_home()
    settings = yaml.safe_load((home / SETTINGS).read_text(encoding="utf-8")) or {}
    overrides = {}
    if not {"storage", "event_log_storage"} & set(settings):
        overrides["event_log_storage"] = {
            "module": "anchorspend.definitions.event_log",
            "class": "KeptEngineSqliteEventLogStorage",
            "config": {"base_dir": str(home / "history" / "runs")},
        }
    return dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home), overrides=overrides))
