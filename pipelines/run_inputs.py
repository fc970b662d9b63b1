"""What a run's result depends on, fingerprinted: a run with nothing new does almost nothing.

`anchorspend run` computes these inputs before it starts and records them with the run in
audit.runs (`inputs`); a Dagster-launched run over every file records them as its ingestion
starts (record_unless_recorded). The next run, and the nightly schedule, compare: when every
landing file, the council file, the code and its SQL and reference data, and the settings are
the same as those the published warehouse was built from, and no line waits on the calendar (a
payment rejected as dated in the future whose date has since come), the published warehouse
already is the run's result, so the run says so and stops before Dagster starts.

Files are re-hashed only when their size or modification time changed since the recorded run
(landing.scan_landing), so an unchanged folder is checked without reading it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from importlib import resources
from pathlib import Path

import duckdb

from anchorspend.pipelines.files import discover, relative_name, sha256_file
from anchorspend.pipelines.landing import WATCHED, scan_landing

# The packages whose files decide what a run computes: code, SQL, reference data, templates.
_PACKAGES = (
    "anchorspend", "anchorspend.pipelines", "anchorspend.assets", "anchorspend.definitions",
    "anchorspend.sql", "anchorspend.reference_data", "anchorspend.reports",
)
_SKIP_PARTS = {"__pycache__", "sample"}


def _package_files() -> list[Path]:
    out: list[Path] = []
    for package in _PACKAGES:
        root = Path(str(resources.files(package)))
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).parts
            if path.is_file() and not _SKIP_PARTS.intersection(rel) and path.suffix not in (".pyc", ".pyo"):
                out.append(path)
    return out


def code_sha256() -> str:
    """sha256 over every file of the installed product: a changed rule reruns everything."""
    digest = hashlib.sha256()
    for path in _package_files():
        digest.update(path.as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _landing_root_files(landing: Path) -> dict[str, str]:
    # Files beside the kind folders (bodies.toml) shape the run too.
    return {
        p.name: sha256_file(p)
        for p in sorted(Path(landing).iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def _refused(landing: Path) -> list[str]:
    # A link the run would refuse (and audit as failed) is an input too: a new one is news.
    out: list[tuple[Path, str]] = []
    for kind, suffixes in WATCHED.items():
        discover(landing, kind, suffixes, refused=out)
    return sorted(f"{relative_name(path, landing)}: {why}" for path, why in out)


def current_inputs(landing: Path, previous: dict | None = None) -> dict:
    """The inputs a run over LANDING would read now. `previous` (a recorded fingerprint) lets
    unchanged files keep their hash without being read."""
    from anchorspend.pipelines.config import council_file, settings

    landing = Path(landing).resolve()
    council_path, assumed = council_file()
    s = settings()
    return {
        "landing": str(landing),
        "files": scan_landing(landing, (previous or {}).get("files")),
        "refused": _refused(landing),
        "landing_root": _landing_root_files(landing),
        "council": {
            "path": str(council_path),
            "assumed": assumed,
            "sha256": sha256_file(council_path) if council_path.is_file() else None,
        },
        "settings": {k: str(v) if v is not None else None for k, v in s.model_dump().items()},
        "code": code_sha256(),
    }


def _comparable(inputs: dict) -> dict:
    # Size and mtime only decide whether to re-hash: a file touched but unchanged is unchanged.
    return {**inputs, "files": {name: fp[0] for name, fp in inputs.get("files", {}).items()}}


def published(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The published warehouse's own run: {run_id, published_at, inputs (None when it recorded
    none: an older warehouse, a Dagster-launched run over some files, a retraction),
    latest_month}; None when no run has published."""
    from anchorspend.pipelines.warehouse import sql_text

    try:
        cur = con.execute(sql_text("audit/published_inputs"))
        row = cur.fetchall()
    except duckdb.Error:
        return None
    if not row:
        return None
    found = dict(zip([d[0] for d in cur.description], row[0]))
    found["inputs"] = json.loads(found["inputs"]) if found["inputs"] is not None else None
    return found


def known_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """{source_file: [sha256, size, mtime_ns]} from the newest run that recorded its inputs (in a
    build copy: the run itself, which hashed them moments ago), for ingestion to skip re-reading
    files whose size and mtime have not moved. Empty when no run recorded any."""
    from anchorspend.pipelines.warehouse import sql_text

    try:
        row = con.execute(sql_text("audit/newest_inputs")).fetchall()
    except duckdb.Error:
        return {}
    return json.loads(row[0][0]).get("files", {}) if row else {}


def lines_now_due(con: duckdb.DuckDBPyConnection, latest: date) -> int:
    """Lines rejected as dated in the future that `latest` no longer counts as future."""
    from anchorspend.pipelines.warehouse import sql_text

    try:
        return int(con.execute(sql_text("audit/future_lines_due"), {"latest": latest}).fetchall()[0][0])
    except duckdb.Error:
        return 1  # cannot tell: rerun


def nothing_new(con: duckdb.DuckDBPyConnection, landing: Path, latest: date) -> tuple[dict | None, bool, dict]:
    """(the published run (see `published`), whether a run now would read exactly what it was
    built from, and the inputs, returned either way for the run to record)."""
    run = published(con)
    previous = run["inputs"] if run else None
    inputs = current_inputs(landing, previous)
    same = previous is not None and _comparable(previous) == _comparable(inputs) and not lines_now_due(con, latest)
    return run, same, inputs


def record(con: duckdb.DuckDBPyConnection, run_id: str, inputs: dict) -> None:
    """Store the run's inputs on its audit.runs row (in the build copy, published with it)."""
    from anchorspend.pipelines.warehouse import run_sql

    run_sql(con, "audit/record_inputs", {"inputs": json.dumps(inputs, sort_keys=True), "run_id": run_id})


def record_unless_recorded(con: duckdb.DuckDBPyConnection, run_id: str, landing: Path) -> bool:
    """Record, for a run that reads every landing file, the inputs it reads now, unless it has
    its own already (`anchorspend run` records them before Dagster starts). A Dagster-launched
    run (the nightly schedule, the UI) so leaves the fingerprint the next nightly tick compares
    with. False when the run has no audit.runs row or already had inputs."""
    from anchorspend.pipelines.warehouse import sql_text

    row = con.execute(sql_text("audit/run_inputs_of"), [run_id]).fetchall()
    if not row or row[0][0] is not None:
        return False
    record(con, run_id, current_inputs(landing, {"files": known_hashes(con)}))
    return True

