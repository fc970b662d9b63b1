"""Finding input files in the landing folder and fingerprinting them."""

from __future__ import annotations

import hashlib
from pathlib import Path

TABULAR_SUFFIXES = (".csv", ".xlsx")
# Notes published next to the data (a README, a PDF of definitions): never tables.
NOTE_SUFFIXES = (".txt", ".md", ".pdf", ".doc", ".docx")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def discover(landing: Path, kind_dir: str, suffixes: tuple[str, ...] | None = TABULAR_SUFFIXES) -> list[Path]:
    """Every file under LANDING/<kind_dir>/ at any depth, in a stable order.

    Office lock files (~$x.xlsx), hidden files and files in hidden folders are
    not data. `suffixes=None` takes every other file whatever its extension,
    but notes (NOTE_SUFFIXES), so a file the reader cannot handle (.xls, .ods)
    is reported, not ignored.
    """
    root = Path(landing) / kind_dir
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and (p.suffix.lower() in suffixes if suffixes is not None else p.suffix.lower() not in NOTE_SUFFIXES)
        and not p.name.startswith(("~$", "."))
        and not any(part.startswith(".") for part in p.relative_to(root).parts[:-1])
    )


def relative_name(path: Path, landing: Path) -> str:
    """The source_file recorded in the warehouse: POSIX path relative to the landing folder."""
    # absolute(), not resolve(): a symlink under the landing folder pointing elsewhere is
    # named by where it sits, not where it points (resolve() made relative_to raise).
    return Path(path).absolute().relative_to(Path(landing).absolute()).as_posix()
