"""Spotting new or changed files in the landing folder by content hash."""

from __future__ import annotations

from pathlib import Path

from anchorspend.pipelines.files import TABULAR_SUFFIXES, discover, fingerprint, relative_name

# The suffixes each ingester takes (files.discover): ledgers take every file, so
# a .xls landing there is read and reported as failed rather than never seen.
WATCHED = {
    "ledgers": None,
    "supplier_extracts": TABULAR_SUFFIXES,
    "vendor_master": TABULAR_SUFFIXES,
    "companies_house": TABULAR_SUFFIXES,
    "charities": TABULAR_SUFFIXES,
    "registers": TABULAR_SUFFIXES,
    "postcode_directory": TABULAR_SUFFIXES,
}


def scan_landing(landing: Path, previous: dict[str, list] | None = None) -> dict[str, list]:
    """Fingerprint every watched file: {source_file: [sha256, size, mtime_ns]}.

    A file whose size and mtime match the previous scan keeps its previous hash, so an
    unchanged folder is scanned without reading any file's bytes.
    """
    previous = previous or {}
    state: dict[str, list] = {}
    landing = Path(landing)
    for kind, suffixes in WATCHED.items():
        for path in discover(landing, kind, suffixes):
            name = relative_name(path, landing)
            state[name] = fingerprint(path, previous.get(name))
    return state


def changed_files(previous: dict[str, list], current: dict[str, list]) -> list[str]:
    """Files that are new, or whose content hash differs from the previous scan."""
    return sorted(name for name, fp in current.items() if name not in previous or previous[name][0] != fp[0])
