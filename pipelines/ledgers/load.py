"""Ingest every ledger in the landing folder into the warehouse, one transaction per file."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl

from anchorspend.pipelines import files, tabular, warehouse
from anchorspend.pipelines.bodies import body_for
from anchorspend.pipelines.ledgers.read import KIND, LedgerUnreadable, ParsedLedger, config_fingerprint, read_ledger

LEDGER_DIR = "ledgers"


@dataclass
class FileResult:
    source_file: str
    status: str  # loaded | failed | unchanged (same path and sha256 already loaded: nothing done)
    message: str | None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_duplicate: int = 0
    amount_loaded: Decimal = Decimal("0.00")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _file_frame(source_file: str, sha: str, mapping: str | None, message: str | None, rows_read: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source_file": [source_file],
            "file_sha256": [sha],
            "mapping": [mapping],
            "message": [message],
            "rows_read": [rows_read],
            "ingested_at": [_now()],
        },
        schema={
            "source_file": pl.String,
            "file_sha256": pl.String,
            "mapping": pl.String,
            "message": pl.String,
            "rows_read": pl.Int64,
            "ingested_at": pl.Datetime("us"),
        },
    )


# DuckDB 2 keeps a result open until it is fully fetched and refuses other work on the
# connection meanwhile, so every lookup here uses fetchall().


def _already_loaded(con: duckdb.DuckDBPyConnection, source_file: str, sha: str, config_sha256: str) -> bool:
    """Loaded with these bytes and under this override/synonyms configuration."""
    rows = con.execute(
        "SELECT mapping FROM audit.ingest_files WHERE source_file = ? AND file_sha256 = ? AND status = 'loaded'",
        [source_file, sha],
    ).fetchall()
    return any(m is not None and json.loads(m).get("config_sha256") == config_sha256 for (m,) in rows)


def _same_failure(con: duckdb.DuckDBPyConnection, source_file: str, sha: str, message: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM audit.ingest_files WHERE source_file = ? AND file_sha256 = ? AND status = 'failed' AND message = ?",
        [source_file, sha, message],
    ).fetchall()
    return bool(row and row[0][0])


def _unregister(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    for n in names:
        try:
            con.unregister(n)
        except Exception:  # noqa: BLE001 - not registered: nothing to undo
            pass


def load_parsed(con: duckdb.DuckDBPyConnection, parsed: ParsedLedger) -> FileResult:
    """Write one parsed file atomically: supersede its previous version, load, audit."""
    message = "; ".join(parsed.notes) or None
    mapping = json.dumps(parsed.mapping, ensure_ascii=False, sort_keys=True)
    con.register("ledger_file", _file_frame(parsed.source_file, parsed.file_sha256, mapping, message, parsed.rows_read))
    con.register("ledger_lines", parsed.payments)
    con.register("ledger_rejected", parsed.rejected)
    try:
        with warehouse.transaction(con):
            warehouse.run_sql(con, "staging/ledger_supersede")
            warehouse.run_sql(con, "staging/ledger_load")
    finally:
        _unregister(con, "ledger_file", "ledger_lines", "ledger_rejected")
    row = con.execute(
        """SELECT rows_read, rows_loaded, rows_rejected, rows_duplicate, amount_loaded
           FROM audit.ingest_files WHERE source_file = ? AND file_sha256 = ? AND status = 'loaded'""",
        [parsed.source_file, parsed.file_sha256],
    ).fetchall()[0]
    return FileResult(parsed.source_file, "loaded", message, row[0], row[1], row[2], row[3], Decimal(row[4]))


def record_failure(con: duckdb.DuckDBPyConnection, source_file: str, sha: str, message: str) -> FileResult:
    """Audit row with status 'failed'. A repeat of the same failure changes nothing."""
    if not _same_failure(con, source_file, sha, message):
        con.register("ledger_file", _file_frame(source_file, sha, None, message, 0))
        try:
            with warehouse.transaction(con):
                warehouse.run_sql(con, "staging/ledger_failed")
        finally:
            _unregister(con, "ledger_file")
    return FileResult(source_file, "failed", message)


def _selected(source_file: str, only: list[str] | None) -> bool:
    if only is None:
        return True
    return any(source_file == o or fnmatch.fnmatchcase(source_file, o) for o in only)


def ingest_ledgers(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    body_default: str,
    only: list[str] | None = None,
    on_file: Callable[[str], None] | None = None,
    overrides_path: Path = tabular.OVERRIDES_PATH,
) -> list[FileResult]:
    """Ingest every file under LANDING/ledgers/ (any depth), file by file.

    A file already loaded with the same sha256 and the same override/synonyms
    (read.config_fingerprint) is left alone ('unchanged'); a changed file, or one
    whose override or synonyms changed, replaces its previous version; an unreadable
    file is recorded as 'failed' and the others still load. `only` limits the
    run to these source_file names (or fnmatch globs); `on_file` is called
    with each source_file before it is processed (for progress); `overrides_path`
    is the source_overrides.toml to apply.
    """
    landing = Path(landing)
    overrides = tabular.load_overrides(overrides_path)
    synonyms = tabular.load_synonyms(KIND)
    results: list[FileResult] = []
    # Every file, whatever its extension: one the reader cannot take fails with a message.
    refused: list[tuple[Path, str]] = []
    paths = files.discover(landing, LEDGER_DIR, suffixes=None, refused=refused)
    for path, why in refused:
        # A link out of the landing folder, or to nothing: named and audited, never read.
        source_file = files.relative_name(path, landing)
        if _selected(source_file, only):
            results.append(record_failure(con, source_file, "", f"{source_file}: {why}"))
    for path in paths:
        source_file = files.relative_name(path, landing)
        if not _selected(source_file, only):
            continue
        if on_file is not None:
            on_file(source_file)
        try:
            sha = files.sha256_file(path)
        except OSError as exc:
            # Unreadable bytes (permissions, a file vanishing mid-run): this file fails, the others load.
            results.append(record_failure(con, source_file, "", f"{source_file}: could not be read: {exc.strerror or exc}"))
            continue
        config = config_fingerprint(tabular.override_for(source_file, KIND, overrides), synonyms)
        if _already_loaded(con, source_file, sha, config):
            results.append(FileResult(source_file, "unchanged", "already ingested with this sha256 and configuration"))
            continue
        try:
            parsed = read_ledger(path, landing, body_for(landing, source_file, body_default).name, overrides=overrides, file_sha256=sha)
        except (LedgerUnreadable, tabular.UnreadableFile, ValueError) as exc:
            msg = str(exc)
            if not msg.startswith(source_file):
                msg = f"{source_file}: {msg}"
            results.append(record_failure(con, source_file, sha, msg))
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            results.append(record_failure(con, source_file, sha, f"{source_file}: unexpected error: {type(exc).__name__}: {exc}"))
            continue
        try:
            results.append(load_parsed(con, parsed))
        except duckdb.Error as exc:
            results.append(record_failure(con, source_file, sha, f"{source_file}: could not be loaded: {exc}"))
        del parsed
    return results


__all__ = ["FileResult", "ingest_ledgers", "load_parsed", "record_failure", "KIND"]
