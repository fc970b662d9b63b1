"""Finding input files in the landing folder and fingerprinting them."""

from __future__ import annotations

import hashlib
from pathlib import Path

TABULAR_SUFFIXES = (".csv", ".xlsx")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def discover(landing: Path, kind_dir: str, suffixes: tuple[str, ...] = TABULAR_SUFFIXES) -> list[Path]:
    """Every file under LANDING/<kind_dir>/ at any depth, in a stable order.

    Office lock files (~$x.xlsx) and hidden files are not data.
    """
    root = Path(landing) / kind_dir
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix.lower() in suffixes
        and not p.name.startswith(("~$", "."))
    )


def relative_name(path: Path, landing: Path) -> str:
    """The source_file recorded in the warehouse: POSIX path relative to the landing folder."""
    return Path(path).resolve().relative_to(Path(landing).resolve()).as_posix()
