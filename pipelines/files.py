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


def fingerprint(path: Path, previous: list | None = None) -> list:
    """[sha256, size, mtime_ns] of a file. A `previous` fingerprint whose size and mtime still
    match keeps its hash without the file being read (what the landing sensor has always
    trusted: a file rewritten to the same size within the same nanosecond is not seen)."""
    stat = Path(path).stat()
    if previous and previous[1] == stat.st_size and previous[2] == stat.st_mtime_ns:
        return list(previous)
    return [sha256_file(path), stat.st_size, stat.st_mtime_ns]


def discover(
    landing: Path,
    kind_dir: str,
    suffixes: tuple[str, ...] | None = TABULAR_SUFFIXES,
    refused: list[tuple[Path, str]] | None = None,
) -> list[Path]:
    """Every file under LANDING/<kind_dir>/ at any depth, in a stable order.

    Office lock files (~$x.xlsx), hidden files and files in hidden folders are
    not data. `suffixes=None` takes every other file whatever its extension,
    but notes (NOTE_SUFFIXES), so a file the reader cannot handle (.xls, .ods)
    is reported, not ignored.

    A symbolic link is returned only when its target is a file inside the landing
    folder: one pointing outside (`x.csv -> /etc/passwd`), to a folder or nowhere is
    never returned, so nothing reads it, and is added to `refused` (path, reason) when
    the caller passes a list, to record it.
    """
    root = Path(landing) / kind_dir
    if not root.is_dir():
        return []
    out = []
    for p in sorted(root.rglob("*")):
        if p.name.startswith(("~$", ".")) or any(part.startswith(".") for part in p.relative_to(root).parts[:-1]):
            continue
        if suffixes is not None and p.suffix.lower() not in suffixes:
            continue
        if suffixes is None and p.suffix.lower() in NOTE_SUFFIXES:
            continue
        why = refusal(p, landing)
        if why is not None:
            if refused is not None:
                refused.append((p, why))
            continue
        if p.is_file():
            out.append(p)
    return out


def refusal(path: Path, landing: Path) -> str | None:
    """Why `path` must not be read, without reading it: a symbolic link (itself or through
    a linked folder) whose target is missing, a folder, or outside the landing folder. None
    for an ordinary file, or a link to a file inside the landing folder."""
    p = Path(path).absolute()
    root = Path(landing).absolute()
    try:
        inside = p.relative_to(root)
    except ValueError:
        return None
    linked = any((root / Path(*inside.parts[: k + 1])).is_symlink() for k in range(len(inside.parts)))
    if not linked:
        return None
    target = p.resolve()
    if not target.exists():
        return "a symbolic link to a file that does not exist; nothing was read"
    if not target.is_relative_to(root.resolve()):
        return "a symbolic link to a file outside the landing folder; refused, and not read"
    if not target.is_file():
        return "a symbolic link to a folder; not followed"
    return None


def relative_name(path: Path, landing: Path) -> str:
    """The source_file recorded in the warehouse: POSIX path relative to the landing folder."""
    # absolute(), not resolve(): a symlink under the landing folder pointing elsewhere is
    # named by where it sits, not where it points (resolve() made relative_to raise).
    return Path(path).absolute().relative_to(Path(landing).absolute()).as_posix()
