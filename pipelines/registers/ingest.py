"""Ingesting the procurement team's registers from LANDING/registers/.

A register is the team's current spreadsheet, so a run rebuilds the
core.register_* tables from the register files in the landing folder then;
audit.ingest_files keeps one row per file version. When the files present are
exactly the versions the last rebuild loaded (the ledgers' rule,
lifecycle.already_loaded, for each file, and no file added or gone), the
tables already hold what a rebuild would write, so nothing is read.

Per file: read its tables (pipelines.tabular), find the header row and decide
which register each table is by the columns it names (or its file name), map
the columns through header_synonyms.csv (kind `register_<name>`), validate
every row with the register's pydantic model, and keep the valid rows. Across
files, a row whose key (e.g. reference) was already loaded is a duplicate when
its values are the same, and rejected when they differ. Every non-blank data
line ends loaded, rejected or duplicate: rows_read = rows_loaded +
rows_rejected + rows_duplicate.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
from pydantic import ValidationError

from anchorspend.pipelines import lifecycle, tabular
from anchorspend.pipelines.files import discover, relative_name, sha256_file
from anchorspend.pipelines.parse import financial_year_expr, read_texts
from anchorspend.pipelines.lifecycle import FileResult
from anchorspend.pipelines.registers.models import REGISTERS, Register, format_errors
from anchorspend.pipelines.warehouse import run_sql, sql_text, transaction

LANDING_DIR = "registers"
KIND = "register"

# The £ column whose total is audit.ingest_files.amount_loaded for each register.
AMOUNT_FIELD = {
    "procurement_exercises": "value",
    "exemptions": "value",
    "savings": "amount",
    "social_value": "committed_value",  # only rows whose unit is £
}
# Field whose date gives the row's financial year (savings: its own column first).
YEAR_FIELD = {
    "procurement_exercises": "award_date",
    "exemptions": "date_received",
    "events": "event_date",
    "savings": "saving_date",
    "quick_quotes": "quote_date",
    "social_value": "record_date",
}


@dataclass
class _Table:
    register: Register
    sheet: str | None
    mapping: tabular.ColumnMapping
    rows: list[dict]  # raw values by field, plus "_line"


def _polars_type(annotation) -> pl.DataType:
    text = str(annotation)
    if "Decimal" in text:
        return pl.Decimal(18, 2)
    if "datetime.date" in text or annotation is date:
        return pl.Date
    if "bool" in text:
        return pl.Boolean
    if "int" in text:
        return pl.Int64
    return pl.String


def register_schema(register: Register) -> dict[str, pl.DataType]:
    schema = {name: _polars_type(f.annotation) for name, f in register.model.model_fields.items()}
    return schema | {"source_file": pl.String, "file_sha256": pl.String, "source_sheet": pl.String, "source_line": pl.Int64}


def _hinted_register(path: Path) -> Register | None:
    name = path.name.lower()
    hits = [r for r in REGISTERS.values() if r.filename_hint in name]
    return hits[0] if len(hits) == 1 else None


def _identify(table: tabular.RawTable, hint: Register | None, source_file: str) -> tuple[Register | None, tabular.HeaderMatch | None, tabular.ColumnMapping | None, str | None]:
    """Which register a table is: every register whose required columns the
    table's header names is a candidate; the file name's hint decides among
    them, then the most columns recognised. Returns (register, header,
    mapping, why-not) where why-not explains a table that is no register."""
    found = []
    near = []
    for reg in REGISTERS.values():
        kind = f"register_{reg.name}"
        header = tabular.find_header(table, kind=kind, override=tabular.override_for(source_file, kind))
        if header is None:
            continue
        mapping = tabular.map_columns(header.cells, kind, tabular.override_for(source_file, kind))
        missing = [f for f in reg.required if f not in mapping.chosen]
        if missing:
            near.append((len(mapping.chosen), reg, missing, header))
        else:
            found.append((len(mapping.chosen), reg, header, mapping))
    if hint is not None:
        for _, reg, header, mapping in found:
            if reg is hint:
                return reg, header, mapping, None
        for _, reg, missing, header in near:
            if reg is hint:
                seen = [c for c in header.cells if c.strip()]
                return None, header, None, (
                    f"its name says {reg.title.lower()} register, but it has no column for "
                    f"{', '.join(missing)} (columns seen: {seen})"
                )
    if found:
        found.sort(key=lambda t: -t[0])
        if len(found) > 1 and found[0][0] == found[1][0]:
            names = " or ".join(t[1].title.lower() for t in found[:2])
            return None, found[0][2], None, f"could be the {names} register: rename the file to say which"
        _, reg, header, mapping = found[0]
        return reg, header, mapping, None
    if near:
        near.sort(key=lambda t: -t[0])
        _, reg, missing, header = near[0]
        seen = [c for c in header.cells if c.strip()]
        return None, header, None, (
            f"not a register: nearest is the {reg.title.lower()} register, which needs "
            f"{', '.join(missing)} (columns seen: {seen})"
        )
    first = table.rows.head(1)
    seen = [v for v in (first.row(0) if first.height else ()) if isinstance(v, str) and v.strip()]
    return None, None, None, f"no register header found (first row: {seen})"


def _data_rows(table: tabular.RawTable, header: tabular.HeaderMatch, mapping: tabular.ColumnMapping, reg: Register) -> list[dict]:
    cells = table.cell_columns
    df = table.rows.with_row_index("_i").filter(pl.col("_i") > header.index)
    if header.repeat_indexes:
        df = df.filter(~pl.col("_i").is_in(header.repeat_indexes))
    # Blank lines (and rows blank in every mapped column) are layout, not data.
    used = [cells[c.index] for c in mapping.chosen.values()]
    if used:
        df = df.filter(pl.any_horizontal([pl.col(c).str.strip_chars() != "" for c in used]))
    exprs = [pl.col(tabular.LINE).alias("_line")]
    for name in reg.fields:
        if name in mapping.chosen:
            exprs.append(pl.col(cells[mapping.chosen[name].index]).alias(name))
        elif name in mapping.constants:
            exprs.append(pl.lit(mapping.constants[name]).alias(name))
        else:
            exprs.append(pl.lit(None, pl.String).alias(name))
    return df.select(exprs).to_dicts()


def config_fingerprint(source_file: str, overrides: list[tabular.SourceOverride] | None = None) -> str:
    """What decides how a register file is read besides its bytes: for each register's kind
    (register_<name>), the override entry that applies to it and that kind's header synonyms.
    `overrides`: the override file as read (default: read it now)."""
    synonyms = tabular.load_synonyms()
    overrides = tabular.load_overrides() if overrides is None else overrides
    parts = [
        lifecycle.config_fingerprint(kind, tabular.override_for(source_file, kind, overrides), synonyms)
        for kind in (f"register_{name}" for name in REGISTERS)
    ]
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def _unchanged(con: duckdb.DuckDBPyConnection, versions: list[tuple[str, str | None, str]]) -> list[FileResult] | None:
    """'unchanged' results when `versions` (source_file, sha256, config) are exactly the register
    files the tables were last built from, each already loaded by lifecycle.already_loaded's
    rule; None when the registers must be rebuilt (a file new, changed, gone, or failed)."""
    current = {(f, sha) for f, sha in con.execute(sql_text("staging/register_current")).fetchall()}
    if current != {(f, sha) for f, sha, _ in versions}:
        return None
    results = []
    for source_file, sha, config in versions:
        why = lifecycle.already_loaded(con, source_file, KIND, sha, config)
        if why is None:
            return None
        results.append(FileResult(source_file, KIND, "unchanged", why, file_sha256=sha))
    return results


def _sha256_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:  # unreadable bytes: the file fails when it is read, the others still load
        return None


def _read_file(path: Path, landing: Path, sha: str) -> tuple[FileResult, list[_Table]]:
    source_file = relative_name(path, landing)
    result = FileResult(source_file, KIND, "loaded", file_sha256=sha)
    try:
        tables = tabular.read_tables(path)
    except tabular.UnreadableFile as exc:
        result.status, result.message = "failed", f"{source_file}: {exc}"
        return result, []
    hint = _hinted_register(path)
    out: list[_Table] = []
    skipped: list[str] = []
    why_not: list[str] = []
    for table in tables:
        reg, header, mapping, why = _identify(table, hint, source_file)
        if reg is None:
            why_not.append(f"sheet {table.sheet!r}: {why}" if table.sheet else why)
            skipped.append(repr(table.sheet))
            continue
        out.append(_Table(reg, table.sheet, mapping, _data_rows(table, header, mapping, reg)))
        result.mapping[table.sheet or ""] = {"register": reg.name, "header_line": header.line} | mapping.to_dict()
    if not out:
        result.status = "failed"
        result.message = f"{source_file}: " + "; ".join(why_not)
        return result, []
    registers = sorted({t.register.name for t in out})
    result.register = ",".join(registers)
    if skipped:
        # An instructions sheet beside the data is expected; say what was passed over.
        result.message = "sheets without a register header, not read: " + ", ".join(skipped)
    return result, out


def _validate(result: FileResult, table: _Table) -> tuple[list[dict], list[dict]]:
    valid, rejected = [], []
    # The model reads money and dates one value at a time through the ledgers' parsers: read
    # the table's values in one go first, so each row's validation answers from memory.
    read_texts(value for raw in table.rows for value in raw.values())
    where = result.source_file + (f" sheet {table.sheet!r}" if table.sheet and not result.source_file.endswith(".csv") else "")
    for raw in table.rows:
        line = raw.pop("_line")
        try:
            row = table.register.model.model_validate(raw)
        except ValidationError as exc:
            reason = "; ".join(msg for _, msg in format_errors(exc, raw))
            rejected.append({
                "source_file": result.source_file, "file_sha256": result.file_sha256, "source_sheet": table.sheet,
                "source_line": line, "reason": reason, "raw": json.dumps(raw, ensure_ascii=False, default=str),
                "message": f"{where} line {line}: {reason}",
            })
            continue
        valid.append(row.model_dump() | {
            "source_file": result.source_file, "file_sha256": result.file_sha256,
            "source_sheet": table.sheet, "source_line": line,
        })
    return valid, rejected


def _deduplicate(reg: Register, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(loaded, duplicates, conflicts): the first row of each key (in file and line
    order) loads; a later row equal in every field is a duplicate; a later row
    that differs is a conflict the team must resolve."""
    values = reg.fields
    frame = frame.with_row_index("_order").with_columns(
        pl.struct(values).hash().alias("_content"),
    )
    first = frame.group_by(list(reg.key), maintain_order=True).agg(
        pl.col("_order").first().alias("_first_order"),
        pl.col("_content").first().alias("_first_content"),
        pl.col("source_file").first().alias("_first_file"),
        pl.col("source_line").first().alias("_first_line"),
    )
    joined = frame.join(first, on=list(reg.key), how="left", nulls_equal=True).sort("_order")
    is_first = pl.col("_order") == pl.col("_first_order")
    same = pl.col("_content") == pl.col("_first_content")
    loaded = joined.filter(is_first)
    duplicates = joined.filter(~is_first & same)
    conflicts = joined.filter(~is_first & ~same)
    return loaded, duplicates, conflicts


def _conflict_rejections(reg: Register, conflicts: pl.DataFrame) -> list[dict]:
    if conflicts.height == 0:
        return []
    key_text = ", ".join(reg.key)
    out = []
    for row in conflicts.iter_rows(named=True):  # conflicts are few; messages are per row
        key_vals = ", ".join(repr(_plain(row[k])) for k in reg.key)
        reason = (
            f"{reg.key[0]}: {key_text} {key_vals} already loaded from {row['_first_file']} line "
            f"{row['_first_line']} with different values (got a second, different row)"
        )
        raw = {k: _plain(row[k]) for k in reg.fields}
        out.append({
            "source_file": row["source_file"], "file_sha256": row["file_sha256"], "source_sheet": row["source_sheet"],
            "source_line": row["source_line"], "reason": reason, "raw": json.dumps(raw, ensure_ascii=False, default=str),
            "message": f"{row['source_file']} line {row['source_line']}: {reason}",
        })
    return out


def _plain(value):
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _read_and_validate(path: Path, landing: Path, sha: str | None) -> tuple[FileResult, dict[str, pl.DataFrame], list[dict]]:
    """One register file (its bytes' sha256 `sha`): its result, its valid rows per register, its
    rejected rows. A file that cannot be read fails alone, with a message in plain words naming it."""
    source_file = relative_name(path, landing)
    try:
        if sha is None:
            sha = sha256_file(path)  # raises what made hashing it fail: the file fails, alone
        result, tables = _read_file(path, landing, sha)
        frames: dict[str, list[pl.DataFrame]] = {}
        rejected: list[dict] = []
        for table in tables:
            good, bad = _validate(result, table)
            reg = table.register
            frames.setdefault(reg.name, []).append(pl.DataFrame(good, schema=register_schema(reg), orient="row"))
            rejected.extend(bad)
        return result, {name: pl.concat(parts) for name, parts in frames.items()}, rejected
    except Exception as exc:  # noqa: BLE001 - one bad register must not stop the others, nor the ledgers
        return FileResult(source_file, KIND, "failed", lifecycle.plain_failure(source_file, exc), sha or ""), {}, []


def ingest_registers(con: duckdb.DuckDBPyConnection, landing: Path) -> list[FileResult]:
    """Rebuild core.register_* from every register file under LANDING/registers/,
    record each file in audit.ingest_files (kind 'register') and each bad row in
    audit.rejected_rows. Returns one result per file, in path order. A file that cannot
    be read is recorded as failed and the other registers still load. When every file is a
    version the tables were last built from, and no file was added or has gone, nothing is
    read or written and each result is 'unchanged'."""
    landing = Path(landing)
    paths = discover(landing, LANDING_DIR)
    overrides = tabular.load_overrides()
    # Each file's name, bytes' hash and reading configuration, worked out once for the run.
    versions = [(relative_name(p, landing), _sha256_or_none(p), config_fingerprint(relative_name(p, landing), overrides)) for p in paths]
    unchanged = _unchanged(con, versions)
    if unchanged is not None:
        return unchanged
    results: list[FileResult] = []
    valid: dict[str, list[pl.DataFrame]] = {name: [] for name in REGISTERS}
    rejected: list[dict] = []
    for path, (_, sha, _) in zip(paths, versions):
        result, frames_of_file, bad = _read_and_validate(path, landing, sha)
        results.append(result)
        for name, frame in frames_of_file.items():
            valid[name].append(frame)
        rejected.extend(bad)

    frames: dict[str, pl.DataFrame] = {}
    duplicates: list[pl.DataFrame] = []
    for name, reg in REGISTERS.items():
        frame = pl.concat(valid[name]) if valid[name] else pl.DataFrame(schema=register_schema(reg))
        loaded, dups, conflicts = _deduplicate(reg, frame)
        rejected.extend(_conflict_rejections(reg, conflicts))
        duplicates.append(dups.select("source_file"))
        frames[name] = _with_derived(name, loaded.select(list(register_schema(reg))))

    by_file = {r.source_file: r for r in results}
    for msg in sorted(rejected, key=lambda r: (r["source_file"], r["source_line"])):
        res = by_file[msg["source_file"]]
        res.rows_rejected += 1
        res.rejections.append(msg["message"])
    for row in pl.concat(duplicates).group_by("source_file").len().iter_rows():
        by_file[row[0]].rows_duplicate = row[1]
    for name, frame in frames.items():
        counts = frame.group_by("source_file").agg(
            pl.len().alias("n"),
            _amount_expr(name).alias("amount"),
        )
        for source_file, n, amount in counts.iter_rows():
            by_file[source_file].rows_loaded += n
            by_file[source_file].amount_loaded += amount or Decimal("0.00")
    for res in results:
        res.rows_read = res.rows_loaded + res.rows_rejected + res.rows_duplicate

    _write(con, results, frames, rejected, {f: config for f, _, config in versions})
    return results


def _amount_expr(name: str) -> pl.Expr:
    fld = AMOUNT_FIELD.get(name)
    if fld is None:
        return pl.lit(Decimal("0.00"), pl.Decimal(18, 2))
    col = pl.col(fld)
    if name == "social_value":
        col = pl.when(pl.col("unit") == "£").then(col)
    return col.sum().cast(pl.Decimal(18, 2))


def _with_derived(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    year = financial_year_expr(pl.col(YEAR_FIELD[name]))
    if name == "savings":
        year = pl.coalesce(pl.col("financial_year"), year)
    frame = frame.with_columns(year.alias("financial_year"))
    if name == "procurement_exercises":
        frame = frame.with_columns(
            (pl.col("award_date") - pl.col("start_date")).dt.total_days().cast(pl.Int32).alias("cycle_days")
        )
    if name == "quick_quotes":
        from anchorspend.pipelines.suppliers.names import normalise_name

        frame = frame.with_columns(normalise_name(pl.col("supplier_name")).alias("supplier_name_normalised"))
    return frame


def _write(
    con: duckdb.DuckDBPyConnection, results: list[FileResult], frames: dict[str, pl.DataFrame], rejected: list[dict],
    configs: dict[str, str],
) -> None:
    now = lifecycle.now()
    audit = pl.DataFrame(
        [{
            "source_file": r.source_file, "file_sha256": r.file_sha256, "kind": KIND,
            "mapping": json.dumps(r.mapping, ensure_ascii=False, sort_keys=True) if r.mapping else None,
            "status": r.status, "message": r.message, "rows_read": r.rows_read, "rows_loaded": r.rows_loaded,
            "rows_rejected": r.rows_rejected, "rows_duplicate": r.rows_duplicate,
            "amount_loaded": r.amount_loaded, "ingested_at": now,
            "config_sha256": configs.get(r.source_file),
        } for r in results],
        schema={"source_file": pl.String, "file_sha256": pl.String, "kind": pl.String, "mapping": pl.String,
                "status": pl.String, "message": pl.String, "rows_read": pl.Int64, "rows_loaded": pl.Int64,
                "rows_rejected": pl.Int64, "rows_duplicate": pl.Int64, "amount_loaded": pl.Decimal(18, 2),
                "ingested_at": pl.Datetime("us"), "config_sha256": pl.String},
        orient="row",
    )
    bad = pl.DataFrame(
        [{k: r[k] for k in ("source_file", "file_sha256", "source_sheet", "source_line", "reason", "raw")} for r in rejected],
        schema={"source_file": pl.String, "file_sha256": pl.String, "source_sheet": pl.String,
                "source_line": pl.Int64, "reason": pl.String, "raw": pl.String},
        orient="row",
    )
    with transaction(con):
        for name, frame in frames.items():
            con.register("_register_rows", frame)
            run_sql(con, "core/register_replace", table=REGISTERS[name].table)
            con.unregister("_register_rows")
        con.register("_audit", audit)
        con.register("_bad", bad)
        run_sql(con, "staging/register_audit")
        con.unregister("_audit")
        con.unregister("_bad")
