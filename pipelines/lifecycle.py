"""One file lifecycle for every ingester: ledgers, supplier sources and registers.

A source file in the landing folder goes through the same steps whatever its kind:

1. fingerprint: its content sha256, plus a config fingerprint (the override entry that applies
   to it and the header synonyms of its kind), so a changed synonym or override reads it again;
2. skip when that pair is already loaded ('unchanged'), or when this version was retracted;
3. otherwise read it, and supersede its previous version in one transaction (the kind's load
   SQL), or record the failure: a file that cannot be read fails alone, with a message in plain
   words that names it, and its previous version stays loaded;
4. change cases, flagged in audit.ingest_files after each run: a loaded file that has left the
   landing folder (`missing`), and one whose payments came back under a new name
   (`superseded_by`, from the new file's `duplicates_of`). `retract` removes such a file's rows.

Every ingester returns `FileResult`s, one per file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import duckdb
import polars as pl

from anchorspend.pipelines import warehouse

# Supplier-side kinds, each a folder of the landing folder (pipelines/suppliers/sources.py).
SUPPLIER_KINDS = ("supplier_extract", "vendor_master", "companies_house", "charities")


@dataclass
class FileResult:
    """What happened to one source file in one run."""

    source_file: str
    kind: str
    status: str  # loaded | failed | unchanged
    message: str | None = None
    file_sha256: str = ""
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rows_duplicate: int = 0
    amount_loaded: Decimal = Decimal("0.00")
    mapping: dict = field(default_factory=dict)
    register: str | None = None  # registers: which register(s) the file holds
    rejections: list[str] = field(default_factory=list)  # registers: full messages, in line order


def config_fingerprint(kind: str, override, synonyms) -> str:
    """sha256 of what decides how a file is read besides its bytes: the override entry that
    applies to it and the header synonyms of its kind (tabular.SourceOverride / Synonym)."""
    config = {
        "override": asdict(override) if override is not None else None,
        "synonyms": sorted([s.field, s.synonym, s.priority] for s in synonyms if s.kind == kind),
    }
    return hashlib.sha256(json.dumps(config, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# A payment dated after the day it is loaded, give or take this margin (a file published a day
# or two before a payment run), cannot have been paid: that line is rejected, so one mistyped
# year (01/01/2099) never reaches the warehouse's checks and blocks every file.
FUTURE_MARGIN = timedelta(days=7)


def latest_payment_date(today: date | None = None) -> date:
    """The latest payment date a ledger line loaded today may carry."""
    return (today or now().date()) + FUTURE_MARGIN


FILE_SCHEMA = {
    "source_file": pl.String, "file_sha256": pl.String, "kind": pl.String, "mapping": pl.String,
    "message": pl.String, "rows_read": pl.Int64, "config_sha256": pl.String, "ingested_at": pl.Datetime("us"),
}


def file_frame(
    source_file: str, sha: str, kind: str, mapping: str | None = None, message: str | None = None,
    rows_read: int = 0, config_sha256: str | None = None,
) -> pl.DataFrame:
    """The one-row `lifecycle_file` frame every load and failure SQL reads."""
    return pl.DataFrame(
        [{"source_file": source_file, "file_sha256": sha, "kind": kind, "mapping": mapping, "message": message,
          "rows_read": rows_read, "config_sha256": config_sha256, "ingested_at": now()}],
        schema=FILE_SCHEMA, orient="row",
    )


def run_with(con: duckdb.DuckDBPyConnection, sql_name: str, frames: dict[str, pl.DataFrame]) -> None:
    """Run one SQL file in one transaction over registered frames."""
    for name, frame in frames.items():
        con.register(name, frame.to_arrow())
    try:
        with warehouse.transaction(con):
            warehouse.run_sql(con, sql_name)
    finally:
        for name in frames:
            try:
                con.unregister(name)
            except Exception:  # noqa: BLE001 - not registered: nothing to undo
                pass


# DuckDB keeps a result open until it is fully fetched, so every lookup uses fetchall().


def already_loaded(con: duckdb.DuckDBPyConnection, source_file: str, kind: str, sha: str, config_sha256: str) -> str | None:
    """Why this version need not be read again ('unchanged' message), or None to read it."""
    rows = con.execute(warehouse.sql_text("audit/file_version"), [source_file, kind, sha]).fetchall()
    for status, config in rows:
        if status == "retracted":
            return "retracted: left out until its content changes"
        if status == "loaded" and config == config_sha256:
            return "already ingested with this sha256 and configuration"
    return None


def record_failure(con: duckdb.DuckDBPyConnection, kind: str, source_file: str, sha: str, message: str) -> FileResult:
    """Audit row with status 'failed'; the previous version, if any, stays loaded. A repeat of
    the same failure leaves one row."""
    run_with(con, "audit/file_failed", {"lifecycle_file": file_frame(source_file, sha, kind, message=message)})
    return FileResult(source_file, kind, "failed", message, file_sha256=sha)


def plain_failure(source_file: str, exc: BaseException) -> str:
    """A message for a file that could not be read, in plain words, naming the file. A library's
    own text (Polars, DuckDB, openpyxl) is never the whole message: it follows as a detail."""
    text = str(exc).strip()
    if text.startswith(source_file):
        return text
    if type(exc).__module__.split(".")[0] in ("polars", "duckdb", "openpyxl", "zipfile", "pyarrow"):
        what = "could not be read as a table of text (the bytes may not be CSV or XLSX, or the file is damaged)"
        if isinstance(exc, duckdb.Error):
            what = "could not be stored in the warehouse"
        detail = text.splitlines()[0][:200] if text else ""
        return f"{source_file}: {what}" + (f" [detail: {type(exc).__name__}: {detail}]" if detail else "")
    if isinstance(exc, (UnicodeError, ValueError, OSError)):
        return f"{source_file}: {text or type(exc).__name__}"
    return f"{source_file}: unexpected error: {type(exc).__name__}: {text}"


def flag_changes(con: duckdb.DuckDBPyConnection, kinds: list[str] | tuple[str, ...], present: list[str]) -> None:
    """Flag the files of these kinds that have left the landing folder (`missing`), and those
    whose payments were loaded again under another name (`superseded_by`)."""
    frame = pl.DataFrame({"source_file": sorted(set(present))}, schema={"source_file": pl.String})
    kinds_frame = pl.DataFrame({"kind": list(kinds)}, schema={"kind": pl.String})
    run_with(con, "audit/file_flags", {"present_files": frame, "flag_kinds": kinds_frame})


def retract(con: duckdb.DuckDBPyConnection, source_file: str) -> int:
    """Remove one file's rows from the warehouse and mark it 'retracted' in audit.ingest_files.
    Returns the number of rows removed (payments for a ledger, staged rows for a supplier file).

    The file is not read again while its content is unchanged, even if it is still in the
    landing folder. Files whose lines were counted as duplicates of it are read again on the
    next run, so a renamed and corrected copy then loads whole. A register cannot be retracted
    (registers are rebuilt from the files present on every run): remove the file instead.
    """
    rows = con.execute(warehouse.sql_text("audit/file_kind"), [source_file]).fetchall()
    if not rows:
        raise ValueError(f"{source_file}: no loaded file of that name in audit.ingest_files")
    kind = rows[0][0]
    if kind == "register":
        raise ValueError(f"{source_file}: a register is rebuilt from the landing folder on every run; remove the file instead")
    table = "core.fct_payment" if kind == "ledger" else "staging.supplier_source"
    (n,) = con.execute(warehouse.sql_text("audit/file_rows", table=table), [source_file]).fetchall()[0]
    run_with(con, "audit/file_retract", {"lifecycle_file": file_frame(source_file, "", kind)})
    return int(n)


__all__ = [
    "FileResult", "SUPPLIER_KINDS", "already_loaded", "config_fingerprint", "file_frame", "flag_changes",
    "plain_failure", "record_failure", "retract", "run_with",
]
