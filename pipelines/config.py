"""Where things live, and the council's own definitions of local.

Both come through pydantic-settings: `Settings` reads the ANCHORSPEND_* environment variables,
and `CouncilConfig` reads the council file (TOML). Nothing else in the product reads the
environment or the council file.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import Field, PrivateAttr, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource


def _package_dir(package: str) -> Path:
    # Installed wheels and editable installs both unpack to real folders, so a Path is safe here.
    return Path(str(resources.files(package)))


REFERENCE_DATA = _package_dir("anchorspend.reference_data")
SQL_DIR = _package_dir("anchorspend.sql")
REPORTS_DIR = _package_dir("anchorspend.reports")
# The bundled sample is a checkout's folder, not package data: `anchorspend sample DIR` makes one anywhere.
SAMPLE_LANDING = Path("sample_data") / "landing"
# The bundled council file: Luton's definitions. A run that falls back to it says so (audit.run_warnings).
BUNDLED_COUNCIL = REFERENCE_DATA / "council.toml"
# A council file in the working folder is found without any variable.
LOCAL_COUNCIL = Path("council.toml")


class Settings(BaseSettings):
    """The environment: ANCHORSPEND_DATA, ANCHORSPEND_LANDING, ANCHORSPEND_WAREHOUSE, ANCHORSPEND_COUNCIL,
    ANCHORSPEND_DUCKDB_MEMORY_LIMIT.

    Read afresh on every call of `settings()`, so a changed variable takes effect at once.
    """

    model_config = SettingsConfigDict(env_prefix="ANCHORSPEND_", extra="ignore")

    data: Path = Field(Path("data"), description="Data folder: warehouse, Dagster storage, report archive.")
    landing: Path | None = Field(None, description="Landing folder (default: the bundled sample).")
    warehouse: Path | None = Field(None, description="Published warehouse (default: DATA/warehouse.duckdb).")
    council: Path | None = Field(None, description="Council file (default: ./council.toml, else the bundled Luton file).")
    duckdb_memory_limit: str = Field(
        "2GB", description="DuckDB's memory limit for the warehouse (e.g. 2GB); beyond it, joins and aggregates spill to disk."
    )


def settings() -> Settings:
    return Settings()


def data_dir() -> Path:
    """The project's data folder: warehouse, Dagster storage, report archive (default ./data)."""
    return settings().data.resolve()


def default_warehouse() -> Path:
    """The published warehouse analysts read."""
    return (settings().warehouse or data_dir() / "warehouse.duckdb").resolve()


def reports_archive(warehouse: Path | None = None) -> Path:
    """Monthly reports are archived beside the warehouse they come from, one folder per month."""
    return Path(warehouse or default_warehouse()).resolve().parent / "reports"


def default_landing() -> Path:
    return (settings().landing or SAMPLE_LANDING).resolve()


class CouncilConfig(BaseSettings):
    """The council file. Names of local areas may be local authorities or counties (ceremonial or
    administrative) anywhere in Great Britain; an unknown name fails with the closest known ones."""

    # Other keys are kept (model_extra), so the file can carry settings other modules read.
    model_config = SettingsConfigDict(extra="allow")

    name: str = Field(description="Body recorded on ledger lines whose file has no body column.")
    local_primary_postcode_areas: list[str] = Field(
        default_factory=list,
        description="Postcode areas (letters before the first digit) that count as local_primary.",
    )
    local_primary_local_authorities: list[str] = Field(
        default_factory=list,
        description="Optional: local authorities or counties whose postcodes also count as local_primary.",
    )
    local_secondary_local_authorities: list[str] = Field(
        description="Local authorities or counties whose postcodes count as local_secondary."
    )
    local_primary_label: str = "local (primary)"
    local_secondary_label: str = "local (secondary)"

    _source_file: Path | None = PrivateAttr(default=None)
    _assumed: bool = PrivateAttr(default=False)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The council's definitions come from its file only: an environment variable named
        # like a field must not silently redefine "local".
        return (init_settings, TomlConfigSettingsSource(settings_cls))

    @field_validator("local_primary_postcode_areas")
    @classmethod
    def _areas_upper(cls, v: list[str]) -> list[str]:
        return [a.strip().upper() for a in v]

    @model_validator(mode="after")
    def _names_known(self) -> CouncilConfig:
        if not self.local_primary_postcode_areas and not self.local_primary_local_authorities:
            raise ValueError("local_primary_postcode_areas and local_primary_local_authorities are both empty: name the council's own area")
        if not self.local_secondary_local_authorities:
            raise ValueError("local_secondary_local_authorities is empty: name the local authorities or counties that count as local (secondary)")
        # Imported here: the geography tables are read only when a council file is.
        from anchorspend.pipelines.suppliers.geography import resolve_area_names

        resolve_area_names(self.local_secondary_local_authorities, "local_secondary_local_authorities")
        if self.local_primary_local_authorities:
            resolve_area_names(self.local_primary_local_authorities, "local_primary_local_authorities")
        return self

    @property
    def source_file(self) -> Path | None:
        """The council file these definitions were read from."""
        return self._source_file

    @property
    def assumed(self) -> bool:
        """True when no council file was given and the bundled one was assumed."""
        return self._assumed

    def secondary_authorities(self) -> list[str]:
        """local_secondary_local_authorities as local authority names (counties expanded)."""
        from anchorspend.pipelines.suppliers.geography import resolve_area_names

        return resolve_area_names(self.local_secondary_local_authorities, "local_secondary_local_authorities")

    def primary_authorities(self) -> list[str]:
        from anchorspend.pipelines.suppliers.geography import resolve_area_names

        if not self.local_primary_local_authorities:
            return []
        return resolve_area_names(self.local_primary_local_authorities, "local_primary_local_authorities")


def council_file(path: str | Path | None = None) -> tuple[Path, bool]:
    """The council file to read, and whether it was assumed (no file given, none in the working
    folder: the bundled Luton file)."""
    if path is not None:
        return Path(path).resolve(), False
    given = settings().council
    if given is not None:
        return given.resolve(), False
    if LOCAL_COUNCIL.is_file():
        return LOCAL_COUNCIL.resolve(), False
    return BUNDLED_COUNCIL, True


@lru_cache(maxsize=8)
def _load_council(path: str, mtime_ns: int, assumed: bool) -> CouncilConfig:
    class _FromFile(CouncilConfig):
        model_config = SettingsConfigDict(toml_file=path)

    try:
        loaded = _FromFile()
    except ValueError as exc:
        raise ValueError(f"council file {path}: {exc}") from exc
    loaded._source_file = Path(path)
    loaded._assumed = assumed
    return loaded


def council_config(path: str | Path | None = None) -> CouncilConfig:
    """The council's definitions: `path`, else ANCHORSPEND_COUNCIL, else ./council.toml, else the
    bundled Luton file (then `.assumed` is True and the run records a warning)."""
    cfg_path, assumed = council_file(path)
    if not cfg_path.is_file():
        raise FileNotFoundError(f"council file {cfg_path} does not exist (named by ANCHORSPEND_COUNCIL)")
    return _load_council(str(cfg_path), cfg_path.stat().st_mtime_ns, assumed)
