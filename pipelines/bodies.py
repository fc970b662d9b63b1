"""Anchor bodies: whose ledger a line is, and what kind of body that is.

Each body's ledgers may sit in a folder of their own under the landing folder's `ledgers/`.
`bodies.toml` names each folder's body and its kind; it is read from the landing folder
(`LANDING/bodies.toml`, which describes that folder) or else from `reference_data/bodies.toml`.
A file's own body column still wins for its lines: the folder only fills lines without one.
Files directly under `ledgers/`, or in a folder the file does not list, belong to the council.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import duckdb
import polars as pl

from anchorspend.pipelines.config import REFERENCE_DATA, council_config

BODIES_FILE = "bodies.toml"
REFERENCE_BODIES = REFERENCE_DATA / BODIES_FILE
# The kinds of anchor institution the strategy names, as stored in core.dim_body.kind.
KINDS = ("council", "police", "fire", "nhs", "university", "school", "other")
COUNCIL_KIND = "council"


@dataclass(frozen=True)
class Body:
    name: str
    kind: str


def bodies_path(landing: Path) -> Path:
    """The bodies.toml that applies to this landing folder."""
    own = Path(landing) / BODIES_FILE
    return own if own.is_file() else REFERENCE_BODIES


def _read(path: Path) -> dict[str, Body]:
    if not path.is_file():
        return {}
    with open(path, "rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: not valid TOML: {exc}") from None
    folders = data.get("folders", {})
    if not isinstance(folders, dict):
        raise ValueError(f"{path}: [folders] must be a table of folder names")
    out: dict[str, Body] = {}
    seen: dict[str, str] = {}
    for folder, entry in folders.items():
        where = f"{path}: [folders.{folder!r}]"
        if not isinstance(entry, dict):
            raise ValueError(f"{where} must be a table with name and kind")
        name = str(entry.get("name", "")).strip()
        kind = str(entry.get("kind", "")).strip().lower()
        if not name:
            raise ValueError(f"{where}: name is missing")
        if kind not in KINDS:
            raise ValueError(f"{where}: kind {entry.get('kind')!r} is not one of {', '.join(KINDS)}")
        if seen.get(name, kind) != kind:
            raise ValueError(f"{where}: {name!r} is already listed with kind {seen[name]!r}")
        seen[name] = kind
        out[folder] = Body(name, kind)
    return out


def folder_bodies(landing: Path) -> dict[str, Body]:
    """Folder under ledgers/ -> its Body, from the bodies.toml that applies to LANDING."""
    return _read(bodies_path(landing))


def council_body(default: str | None = None) -> Body:
    return Body(default or council_config().name, COUNCIL_KIND)


def body_for(landing: Path, source_file: str, default: str | None = None) -> Body:
    """The body whose ledger SOURCE_FILE ('ledgers/<folder>/...') is, for lines without a body column.

    `default` names the council (else the council file's name) for files outside any listed folder.
    """
    parts = PurePosixPath(source_file).parts
    # parts: ('ledgers', folder, ..., file); a file directly in ledgers/ has no folder.
    if len(parts) > 2:
        found = folder_bodies(landing).get(parts[1])
        if found is not None:
            return found
    return council_body(default)


def configured_bodies(landing: Path | None = None, council: str | None = None) -> pl.DataFrame:
    """(body, kind) for the council and every body in the applicable bodies.toml."""
    listed = folder_bodies(landing) if landing is not None else _read(REFERENCE_BODIES)
    rows = {council_body(council).name: COUNCIL_KIND}
    for b in listed.values():
        rows.setdefault(b.name, b.kind)
    return pl.DataFrame({"body": list(rows), "kind": list(rows.values())}, schema={"body": pl.String, "kind": pl.String})


def register_configured_bodies(con: duckdb.DuckDBPyConnection, landing: Path | None = None) -> None:
    """Expose configured_bodies() to SQL as `configured_bodies`, which core.dim_body reads."""
    con.register("configured_bodies", configured_bodies(landing))


__all__ = ["Body", "KINDS", "body_for", "bodies_path", "configured_bodies", "folder_bodies", "register_configured_bodies"]
