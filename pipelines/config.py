"""Where things live, and the council's own definitions of local."""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

def _package_dir(package: str) -> Path:
    # Installed wheels and editable installs both unpack to real folders, so a Path is safe here.
    return Path(str(resources.files(package)))


REFERENCE_DATA = _package_dir("anchorspend.reference_data")
SQL_DIR = _package_dir("anchorspend.sql")
REPORTS_DIR = _package_dir("anchorspend.reports")
# The bundled sample is a checkout's folder, not package data: `anchorspend sample DIR` makes one anywhere.
SAMPLE_LANDING = Path("sample_data") / "landing"


def data_dir() -> Path:
    """The project's data folder: warehouse, Dagster storage, report archive (default ./data)."""
    return Path(os.environ.get("ANCHORSPEND_DATA", "data")).resolve()


def default_warehouse() -> Path:
    """The published warehouse analysts read."""
    return Path(os.environ.get("ANCHORSPEND_WAREHOUSE", data_dir() / "warehouse.duckdb")).resolve()


def reports_archive(warehouse: Path | None = None) -> Path:
    """Monthly reports are archived beside the warehouse they come from, one folder per month."""
    return Path(warehouse or default_warehouse()).resolve().parent / "reports"


def default_landing() -> Path:
    return Path(os.environ.get("ANCHORSPEND_LANDING", SAMPLE_LANDING)).resolve()


class CouncilConfig(BaseModel):
    name: str = Field(description="Body recorded on ledger lines whose file has no body column.")
    local_primary_postcode_areas: list[str] = Field(
        description="Postcode areas (letters before the first digit) that count as local_primary."
    )
    local_secondary_local_authorities: list[str] = Field(
        description="Local authority districts whose postcodes count as local_secondary."
    )
    local_primary_label: str = "local (primary)"
    local_secondary_label: str = "local (secondary)"


@lru_cache
def council_config(path: str | None = None) -> CouncilConfig:
    cfg_path = Path(path or os.environ.get("ANCHORSPEND_COUNCIL", REFERENCE_DATA / "council.toml"))
    with open(cfg_path, "rb") as fh:
        return CouncilConfig.model_validate(tomllib.load(fh))
