"""Reading supplier files from the landing folder into staging.supplier_source.

Kinds (each a sub-folder of the landing folder, any depth, .csv or .xlsx):
supplier_extracts/ -> supplier_extract, vendor_master/, companies_house/, charities/.
Headers are mapped through reference_data/header_synonyms.csv (kind = the file's kind),
with per-source overrides in reference_data/source_overrides.toml, as for ledgers.

Every data line is loaded or rejected with a reason (audit.rejected_rows). Wholly blank
lines are not data lines. A supplier file goes through the one file lifecycle
(pipelines/lifecycle.py), as ledgers do: it is re-read when its bytes change or when the
override or header synonyms of its kind change (a new supplier-extract synonym takes effect
on the next run); the older version is then marked superseded and its rows replaced, in one
transaction and only once the new version has been read: a new version that cannot be read
is recorded as failed and the older version's rows stay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from anchorspend.pipelines import lifecycle, tabular
from anchorspend.pipelines.files import discover, relative_name, sha256_file
from anchorspend.pipelines.lifecycle import FileResult
from anchorspend.pipelines.parse import TOTALS_RE, parse_flag, parse_money
from anchorspend.pipelines.suppliers.names import (
    normalise_charity_number,
    normalise_company_number,
    normalise_name,
)

SOURCE_DIRS: dict[str, str] = {
    "supplier_extracts": "supplier_extract",
    "vendor_master": "vendor_master",
    "companies_house": "companies_house",
    "charities": "charities",
}

FIELDS = (
    "supplier_name",
    "supplier_id",
    "company_number",
    "charity_number",
    "vat_number",
    "postcode",
    "address",
    "sme",
    "vcs",
    "company_category",
    "accounts_category",
    "company_status",
    "proclass_level1",
    "proclass_level2",
    "spend",
)

# A name or number column is what makes a row a supplier; these kinds need one of them.
_IDENTITY_FIELDS = ("supplier_name", "company_number", "charity_number", "supplier_id")


def _society_number(expr: pl.Expr) -> pl.Expr:
    """FCA mutuals register numbers ('IP29627R', '31552R', '7654R'): co-operatives and
    community benefit societies, which company-number columns often hold."""
    s = expr.str.to_uppercase().str.replace_all(r"\s", "")
    return s.str.extract(r"^((?:IP)?\d{1,6}R)$", 1)


def _charity_in_company_column(expr: pl.Expr) -> pl.Expr:
    """A charity number put in a company-number column with a prefix saying so ('CHA1049226')."""
    s = expr.str.to_uppercase().str.replace_all(r"\s", "")
    return pl.when(s.str.contains(r"^(CHA|CHARITY|REGCHARITY|CC)\d")).then(normalise_charity_number(s)).otherwise(None)


def _table_rows(
    table: tabular.RawTable, kind: str, source_file: str, synonyms: list[tabular.Synonym]
) -> tuple[pl.DataFrame, tabular.ColumnMapping] | None:
    override = tabular.override_for(source_file, kind)
    header = tabular.find_header(table, synonyms, kind=kind, override=override)
    if header is None:
        return None
    cells = table.cell_columns
    data = table.rows.with_row_index("_i").filter(
        (pl.col("_i") > header.index) & ~pl.col("_i").is_in(header.repeat_indexes)
    )
    non_empty = data.select((pl.col(cells) != "").sum()).row(0)
    mapping = tabular.map_columns(header.cells, kind, override, synonyms, non_empty=list(non_empty))
    if not any(f in mapping.chosen or f in mapping.constants for f in _IDENTITY_FIELDS):
        return None
    blank = pl.all_horizontal([pl.col(c).str.strip_chars() == "" for c in cells])
    data = data.filter(~blank)
    cols = []
    for fld in FIELDS:
        if fld in mapping.constants:
            cols.append(pl.lit(mapping.constants[fld]).alias(fld))
        elif fld in mapping.chosen:
            cols.append(pl.col(cells[mapping.chosen[fld].index]).str.strip_chars().alias(fld))
        else:
            cols.append(pl.lit(None, pl.String).alias(fld))
    # The ledgers' totals rule: a label cell (any cell but the spend) that says the row sums others.
    spend_idx = mapping.chosen["spend"].index if "spend" in mapping.chosen else None
    total_label = pl.coalesce(
        [pl.when(pl.col(c).str.contains(TOTALS_RE)).then(pl.col(c).str.strip_chars()) for i, c in enumerate(cells) if i != spend_idx]
        or [pl.lit(None, pl.String)]
    )
    # Two columns may share a header ('Postcode' twice): the raw line keeps both, as 'Postcode (2)'.
    names = tabular.unique_names(list(header.cells) + [""] * (len(cells) - len(header.cells)))
    raw_json = pl.struct([pl.col(c).alias(n) for c, n in zip(cells, names)]).struct.json_encode()
    out = data.select(pl.col(tabular.LINE).alias("source_line"), *cols, raw_json.alias("raw"), total_label.alias("total_label"))
    return out.with_columns(pl.when(pl.col(f) == "").then(None).otherwise(pl.col(f)).alias(f) for f in FIELDS), mapping


def _normalise(rows: pl.DataFrame, kind: str) -> pl.DataFrame:
    cn_col = pl.col("company_number")
    # Spend is parsed exactly as ledger amounts are. It is informational (no KPI reads it), so a
    # value that is not money ('1.234,56', '(5') does not reject the supplier: the row loads with
    # spend NULL and the file's audit message names the lines (see _spend_note).
    rows = parse_money(rows, "spend", "spend_n", "spend_reason")
    return rows.with_columns(
        normalise_name(pl.col("supplier_name")).alias("name_normalised"),
        normalise_company_number(cn_col).alias("company_number_n"),
        pl.coalesce(normalise_charity_number(pl.col("charity_number")), _charity_in_company_column(cn_col)).alias("charity_number_n"),
        _society_number(cn_col).alias("society_number"),
        pl.col("vat_number").str.to_uppercase().str.replace_all(r"[^0-9A-Z]", "").str.replace(r"^GB", "").alias("vat_number_n"),
        parse_flag(pl.col("sme")).alias("sme_flag"),
        parse_flag(pl.col("vcs")).alias("vcs_flag"),
    )


def _spend_note(loaded: pl.DataFrame, source_file: str) -> str | None:
    """The loaded rows whose spend was not money (kept with spend NULL), said in the audit row."""
    bad = loaded.filter(pl.col("spend_reason").is_not_null() & (pl.col("spend_reason") != "missing amount"))
    if bad.height == 0:
        return None
    where = bad.head(5).select(
        pl.concat_str(
            pl.lit("line "), pl.col("source_line").cast(pl.String),
            pl.when(pl.col("source_sheet").is_not_null()).then(pl.lit(" sheet ") + pl.col("source_sheet")).otherwise(pl.lit("")),
            pl.lit(" '"), pl.col("spend"), pl.lit("'"),
        )
    ).to_series().to_list()
    more = f" and {bad.height - len(where)} more" if bad.height > len(where) else ""
    return f"{source_file}: {bad.height} spend value(s) not read as money, loaded with spend NULL: {', '.join(where)}{more}"


def _reasons(rows: pl.DataFrame) -> pl.Expr:
    no_identity = (
        pl.col("name_normalised").is_null()
        & pl.col("company_number_n").is_null()
        & pl.col("charity_number_n").is_null()
        & pl.col("supplier_id").is_null()
    )
    return (
        pl.when(pl.col("total_label").is_not_null())
        .then(pl.concat_str(pl.lit("totals row: '"), pl.col("total_label"), pl.lit("'")))
        .when(no_identity)
        .then(pl.lit("no supplier name or number"))
        .otherwise(None)
    )


@dataclass
class _ParsedFile:
    rows: pl.DataFrame  # staging.supplier_source columns but source_kind, source_file, file_sha256
    rejected: pl.DataFrame  # source_sheet, source_line, reason, raw
    mapping: str
    message: str | None


def _parse_file(path: Path, source_file: str, kind: str, synonyms: list[tabular.Synonym]) -> _ParsedFile:
    """Read and check one supplier file; touches no database. Raises on a file that cannot be read."""
    tables = tabular.read_tables(path)
    parts, mappings, rejected = [], {}, []
    for table in tables:
        got = _table_rows(table, kind, source_file, synonyms)
        if got is None:
            continue
        rows, mapping = got
        mappings[table.sheet or ""] = mapping.to_dict()
        rows = _normalise(rows, kind).with_columns(pl.lit(table.sheet, pl.String).alias("source_sheet"))
        rows = rows.with_columns(_reasons(rows).alias("reason"))
        parts.append(rows.filter(pl.col("reason").is_null()))
        rejected.append(rows.filter(pl.col("reason").is_not_null()))
    if not parts:
        seen_headers = [t.rows.row(0)[:-1] if t.rows.height else () for t in tables][:3]
        raise ValueError(
            f"{source_file}: no {kind} header found (need at least two known columns, one of them a "
            f"supplier name or number); first rows seen: {seen_headers}"
        )
    loaded = pl.concat(parts, how="vertical_relaxed")
    bad = pl.concat(rejected, how="vertical_relaxed")
    staged = loaded.select(
        "source_sheet",
        "source_line",
        "supplier_name",
        "name_normalised",
        "supplier_id",
        pl.col("company_number_n").alias("company_number"),
        pl.col("charity_number_n").alias("charity_number"),
        "society_number",
        pl.col("vat_number_n").alias("vat_number"),
        pl.col("postcode").alias("postcode_raw"),
        "address",
        pl.col("sme").alias("sme_raw"),
        pl.col("vcs").alias("vcs_raw"),
        "sme_flag",
        "vcs_flag",
        "company_category",
        "accounts_category",
        "company_status",
        "proclass_level1",
        "proclass_level2",
        pl.col("spend_n").alias("spend"),
    )
    return _ParsedFile(
        rows=staged,
        rejected=bad.select("source_sheet", "source_line", "reason", "raw"),
        mapping=json.dumps(mappings, sort_keys=True),
        message=_spend_note(loaded, source_file),
    )


def _stage_file(
    con: duckdb.DuckDBPyConnection, path: Path, landing: Path, kind: str, synonyms: list[tabular.Synonym]
) -> FileResult:
    source_file = relative_name(path, landing)
    try:
        sha = sha256_file(path)
    except OSError as exc:
        return lifecycle.record_failure(con, kind, source_file, "", f"{source_file}: could not be read: {exc.strerror or exc}")
    config = lifecycle.config_fingerprint(kind, tabular.override_for(source_file, kind), synonyms)
    unchanged = lifecycle.already_loaded(con, source_file, kind, sha, config)
    if unchanged:
        return FileResult(source_file, kind, "unchanged", unchanged, sha)
    # Read first, write after: a new version that cannot be read leaves the previous one loaded.
    try:
        parsed = _parse_file(path, source_file, kind, synonyms)
    except Exception as exc:  # noqa: BLE001 - a bad file is recorded and the others still load
        return lifecycle.record_failure(con, kind, source_file, sha, lifecycle.plain_failure(source_file, exc))
    try:
        lifecycle.run_with(
            con,
            "staging/supplier_load",
            {
                "supplier_file": lifecycle.file_frame(source_file, sha, kind, parsed.mapping, parsed.message, config_sha256=config),
                "supplier_rows": parsed.rows,
                "supplier_rejected": parsed.rejected,
            },
        )
    except duckdb.Error as exc:
        return lifecycle.record_failure(con, kind, source_file, sha, lifecycle.plain_failure(source_file, exc))
    n_ok, n_bad = parsed.rows.height, parsed.rejected.height
    return FileResult(source_file, kind, "loaded", parsed.message, sha, n_ok + n_bad, n_ok, n_bad, mapping=json.loads(parsed.mapping))


def ingest_supplier_sources(
    con: duckdb.DuckDBPyConnection, landing: Path, synonyms_path: Path = tabular.SYNONYMS_PATH
) -> list[FileResult]:
    """Stage every supplier file under the landing folder; unchanged files are skipped, and
    files that have left the folder are flagged `missing` (lifecycle.flag_changes).
    `synonyms_path` is the header_synonyms.csv to read headers with."""
    results = []
    for folder, kind in SOURCE_DIRS.items():
        synonyms = tabular.load_synonyms(kind, synonyms_path)
        for path in discover(Path(landing), folder):
            results.append(_stage_file(con, path, Path(landing), kind, synonyms))
    lifecycle.flag_changes(con, list(SOURCE_DIRS.values()), [r.source_file for r in results])
    return results
