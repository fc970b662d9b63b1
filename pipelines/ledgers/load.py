"""Ingest every ledger in the landing folder into the warehouse, one transaction per file."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl

from anchorspend.pipelines import files, lifecycle, tabular
from anchorspend.pipelines.bodies import body_for
from anchorspend.pipelines.ledgers.read import KIND, REJECTED_SCHEMA, ParsedLedger, read_ledger
from anchorspend.pipelines.lifecycle import FileResult
from anchorspend.pipelines.warehouse import run_sql, sql_text

LEDGER_DIR = "ledgers"

# The rule itself lives in lifecycle (light to import: a run with nothing new asks it too).
FUTURE_MARGIN = lifecycle.FUTURE_MARGIN
latest_payment_date = lifecycle.latest_payment_date


def _load_rules(parsed: ParsedLedger, latest: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Payments and rejected lines after the rule a line can only fail at load time: a payment
    date after `latest` is rejected with its file line. (A payee that names nobody is already
    the unnamed payee, suppliers.names.UNNAMED_PAYEE: read_ledger's payments carry payee_name.)"""
    payments = parsed.payments
    future = pl.col("payment_date") > latest
    late = payments.filter(future)
    if late.height == 0:
        return payments, parsed.rejected
    rejected = late.select(
        "source_sheet",
        "source_line",
        (pl.lit("payment date in the future: ") + pl.col("payment_date").dt.strftime("%d/%m/%Y")
         + pl.lit(f" is after {latest:%d/%m/%Y}")).alias("reason"),
        # The line as read: its canonical fields (the raw cells stay in the file).
        pl.struct(pl.exclude("source_sheet", "source_line").cast(pl.String)).struct.json_encode().alias("raw"),
    ).cast(REJECTED_SCHEMA)
    rejected = pl.concat([parsed.rejected.cast(REJECTED_SCHEMA), rejected]).sort(["source_sheet", "source_line"], nulls_last=False)
    return payments.filter(~future), rejected


def load_parsed(
    con: duckdb.DuckDBPyConnection, parsed: ParsedLedger, config_sha256: str | None = None, today: date | None = None,
) -> FileResult:
    """Write one parsed file atomically: supersede its previous version, load, audit."""
    message = "; ".join(parsed.notes) or None
    mapping = json.dumps(parsed.mapping, ensure_ascii=False, sort_keys=True)
    payments, rejected = _load_rules(parsed, latest_payment_date(today))
    lifecycle.run_with(con, "staging/ledger_load_file", {
        "ledger_file": lifecycle.file_frame(
            parsed.source_file, parsed.file_sha256, KIND, mapping, message, parsed.rows_read, config_sha256
        ),
        "ledger_lines": payments,
        "ledger_rejected": rejected,
        "ledger_set_aside": parsed.set_aside,  # staging/ledger_set_aside -> audit.set_aside_lines
    })
    row = con.execute(sql_text("audit/loaded_file_counts"), [parsed.source_file, parsed.file_sha256]).fetchall()[0]
    return FileResult(
        parsed.source_file, KIND, "loaded", message, parsed.file_sha256, row[0], row[1], row[2], row[3], Decimal(row[4]),
        mapping=parsed.mapping,
    )


def record_failure(con: duckdb.DuckDBPyConnection, source_file: str, sha: str, message: str) -> FileResult:
    """Audit row with status 'failed' (lifecycle.record_failure); the previous version stays."""
    return lifecycle.record_failure(con, KIND, source_file, sha, message)


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
    today: date | None = None,
    known: dict[str, list] | None = None,
) -> list[FileResult]:
    """Ingest every file under LANDING/ledgers/ (any depth), file by file.

    A file already loaded with the same sha256 and the same override/synonyms
    (lifecycle.config_fingerprint) is left alone ('unchanged'); a changed file, or one
    whose override or synonyms changed, replaces its previous version; an unreadable
    file is recorded as 'failed' and the others still load. `only` limits the
    run to these source_file names (or fnmatch globs); `on_file` is called
    with each source_file before it is processed (for progress); `overrides_path`
    is the source_overrides.toml to apply; `today` is the day payment dates are judged
    against (a line dated after it plus FUTURE_MARGIN is rejected). `known` maps
    source_file to [sha256, size, mtime_ns] from an earlier hashing (run_inputs): a file whose
    size and mtime still match keeps that hash unread, so a run reads only new or changed
    files' bytes. After the files, the current versions are flagged `missing` /
    `superseded_by` (lifecycle.flag_changes).
    """
    with _appends_fill_row_groups(con):
        return _ingest(con, Path(landing), body_default, only, on_file, overrides_path, today, known)


@contextmanager
def _appends_fill_row_groups(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """While ledgers load, a file's rows are appended to core.fct_payment at commit, filling its
    last row group first. By default DuckDB writes a large append straight to new row groups
    ("optimistic write"): each file then leaves a part-filled row group behind, and the next
    checkpoint rewrites every row loaded since the last one to merge them (as long again as the
    load itself: 6 s of a 12-month first run). Appended at commit, each row is written once
    and the row groups come out packed. The setting is the database's, so it is put back."""
    try:
        (before,) = con.execute(sql_text("ops/optimistic_write_setting")).fetchall()[0]
    except duckdb.Error:
        # A DuckDB without the setting (the project allows 1.4): it appends as it always did.
        yield
        return
    run_sql(con, "ops/optimistic_write_set", enabled="false")
    try:
        yield
    finally:
        run_sql(con, "ops/optimistic_write_set", enabled="true" if before else "false")


def _ingest(
    con: duckdb.DuckDBPyConnection,
    landing: Path,
    body_default: str,
    only: list[str] | None,
    on_file: Callable[[str], None] | None,
    overrides_path: Path,
    today: date | None,
    known: dict[str, list] | None,
) -> list[FileResult]:
    overrides = tabular.load_overrides(overrides_path)
    synonyms = tabular.load_synonyms(KIND)
    results: list[FileResult] = []
    # Every file, whatever its extension: one the reader cannot take fails with a message.
    present: list[str] = []
    refused: list[tuple[Path, str]] = []
    paths = files.discover(landing, LEDGER_DIR, suffixes=None, refused=refused)
    for path, why in refused:
        # A link out of the landing folder, or to nothing: named and audited, never read.
        source_file = files.relative_name(path, landing)
        present.append(source_file)
        if _selected(source_file, only):
            results.append(record_failure(con, source_file, "", f"{source_file}: {why}"))
    # First what each file needs (hash, unchanged or not), then the reading and loading. Only a
    # file's own audit rows decide whether it is unchanged, and loading one file touches no other
    # file's rows, so asking for all of them first answers as asking one by one would.
    todo: list[tuple[str, Path, str | None, str | None, str | None]] = []  # source_file, path, sha, config, skip
    for path in paths:
        source_file = files.relative_name(path, landing)
        present.append(source_file)
        if not _selected(source_file, only):
            continue
        try:
            sha = files.fingerprint(path, (known or {}).get(source_file))[0]
        except OSError as exc:
            # Unreadable bytes (permissions, a file vanishing mid-run): this file fails, the others load.
            todo.append((source_file, path, None, None, f"{source_file}: could not be read: {exc.strerror or exc}"))
            continue
        config = lifecycle.config_fingerprint(KIND, tabular.override_for(source_file, KIND, overrides), synonyms)
        todo.append((source_file, path, sha, config, lifecycle.already_loaded(con, source_file, KIND, sha, config)))

    def read(item) -> ParsedLedger | Exception:
        source_file, path, sha, _, _ = item
        try:
            return read_ledger(path, landing, body_for(landing, source_file, body_default).name, overrides=overrides, file_sha256=sha)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            return exc

    # Polars and DuckDB release the GIL: the next file is parsed while this one loads. One file
    # ahead, no more, so memory holds two files whatever the landing holds; the loads stay in
    # file order, one transaction each, on this thread's connection.
    to_read = iter([item for item in todo if item[2] is not None and item[4] is None])
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="anchorspend-ledger-read") as pool:

        def read_next():
            item = next(to_read, None)
            return None if item is None else pool.submit(read, item)

        upcoming = read_next()
        for source_file, _path, sha, config, skip in todo:
            if on_file is not None:
                on_file(source_file)
            if sha is None:
                results.append(record_failure(con, source_file, "", skip))
                continue
            if skip:
                results.append(FileResult(source_file, KIND, "unchanged", skip, sha))
                continue
            parsed, upcoming = upcoming.result(), read_next()
            if isinstance(parsed, Exception):
                results.append(record_failure(con, source_file, sha, lifecycle.plain_failure(source_file, parsed)))
                continue
            try:
                results.append(load_parsed(con, parsed, config, today))
            except duckdb.Error as exc:
                results.append(record_failure(con, source_file, sha, lifecycle.plain_failure(source_file, exc)))
            del parsed
    lifecycle.flag_changes(con, [KIND], present)
    return results


__all__ = ["FileResult", "FUTURE_MARGIN", "KIND", "ingest_ledgers", "latest_payment_date", "load_parsed", "record_failure"]
