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
    """The persistent instance `anchorspend run` records into and `anchorspend ui` serves."""
    import dagster as dg

    return dg.DagsterInstance.from_config(str(instance_home()))
