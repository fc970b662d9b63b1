"""One ledger file -> canonical payment lines and rejected lines. Pure: no database.

What is a data line (the rule every count rests on):
- rows above the header row (titles, notes, blank-comma rows) are preamble, not data;
- a row that is entirely empty (every cell blank) is not a data line;
- a row that repeats the header is not a data line;
- every other row below the header IS a data line, and is either a payment
  (loaded or, later, a duplicate) or rejected with a reason. Totals rows,
  footers and junk are data lines that are rejected ('totals row', 'missing
  amount; missing payment date; missing supplier name', ...), so they are
  counted, visible in audit.rejected_rows, and never summed as spend.
- a payment with a valid amount and date but no payee name is loaded, under
  suppliers.names.UNNAMED_PAYEE: the payee may be withheld, the payment may not.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl

from anchorspend.pipelines import files, tabular
from anchorspend.pipelines.parse import MONEY, TOTALS_RE, decimal_comma_count, parse_date, parse_money
from anchorspend.pipelines.suppliers.names import is_unnamed, payee_name
from anchorspend.pipelines.tabular import LINE, ColumnMapping, RawTable, SourceOverride

KIND = "ledger"

# Canonical payment fields, in the order of core.fct_payment.
TEXT_FIELDS = ["transaction_number", "supplier_name", "supplier_id", "expense_type", "expense_area", "purpose", "procurement_category"]
REQUIRED_FIELDS = ["amount", "payment_date", "supplier_name"]
PAYMENT_COLUMNS = [
    "body", "payment_date", "transaction_number", "supplier_name", "supplier_id", "amount",
    "expense_type", "expense_area", "purpose", "procurement_category", "source_sheet", "source_line",
]
PAYMENT_SCHEMA = {
    "body": pl.String, "payment_date": pl.Date, "transaction_number": pl.String, "supplier_name": pl.String,
    "supplier_id": pl.String, "amount": MONEY, "expense_type": pl.String, "expense_area": pl.String,
    "purpose": pl.String, "procurement_category": pl.String, "source_sheet": pl.String, "source_line": pl.Int64,
}
REJECTED_SCHEMA = {"source_sheet": pl.String, "source_line": pl.Int64, "reason": pl.String, "raw": pl.String}

# Placeholders that mean "no identifier given".
NO_ID_RE = r"(?i)^(n/?a|none|null|nil|unknown|-+|0+|not known|not applicable|redacted.*)$"


class LedgerUnreadable(Exception):
    """The file holds no payments we can read: the message says why and what was seen."""


@dataclass
class ParsedLedger:
    source_file: str
    file_sha256: str
    payments: pl.DataFrame  # PAYMENT_SCHEMA
    rejected: pl.DataFrame  # REJECTED_SCHEMA
    rows_read: int  # data lines: payments + rejected
    mapping: dict
    notes: list[str] = field(default_factory=list)


def _clean_text(col: str) -> pl.Expr:
    # Whitespace-only and padded values ('CENERGIST LTD      ') are published noise.
    v = pl.col(col).str.strip_chars()
    return pl.when(v == "").then(None).otherwise(v)


def _parse_table(
    table: RawTable,
    header: tabular.HeaderMatch,
    mapping: ColumnMapping,
    body_default: str,
) -> tuple[pl.DataFrame, pl.DataFrame, int, int]:
    """Payments, rejected lines, lines read, and how many amounts look like decimal commas."""
    df = table.rows
    cells = table.cell_columns
    width = len(header.cells)
    names = tabular.unique_names(header.cells + [""] * (len(cells) - width))
    blank = pl.all_horizontal([pl.col(c).str.contains(r"^[\s\u00a0]*$") for c in cells])
    repeats = set(header.repeat_indexes)
    data = (
        df.with_row_index("_i")
        .filter((pl.col("_i") > header.index) & ~pl.col("_i").is_in(list(repeats)) & ~blank)
        .drop("_i")
    )
    rows_read = data.height

    def col_of(fld: str) -> pl.Expr:
        if fld in mapping.constants:
            return pl.lit(mapping.constants[fld], dtype=pl.String)
        idx = mapping.index_of(fld)
        return _clean_text(cells[idx]) if idx is not None else pl.lit(None, dtype=pl.String)

    # supplier_id: the best identifier the line has (company, then charity, then VAT, then the
    # council's own supplier id), so lines with a company number give it even when the file also
    # carries an internal id.
    id_cols = []
    if "supplier_id" in mapping.constants:
        id_cols = [pl.lit(mapping.constants["supplier_id"])]
    else:
        cands = ([mapping.chosen["supplier_id"]] if "supplier_id" in mapping.chosen else []) + mapping.rejected.get("supplier_id", [])
        for c in cands:
            v = _clean_text(cells[c.index])
            id_cols.append(pl.when(v.str.contains(NO_ID_RE)).then(None).otherwise(v))
    supplier_id = pl.coalesce(id_cols) if id_cols else pl.lit(None, dtype=pl.String)

    amount_idx = mapping.index_of("amount")
    label_cells = [c for i, c in enumerate(cells) if i != amount_idx]
    is_total = pl.any_horizontal([pl.col(c).str.contains(TOTALS_RE) for c in label_cells]) if label_cells else pl.lit(False)

    body = col_of("body")
    parsed = data.select(
        pl.coalesce(body, pl.lit(body_default)).alias("body"),
        col_of("payment_date").alias("_date_raw"),
        *[col_of(f).alias(f) for f in TEXT_FIELDS if f != "supplier_id"],
        supplier_id.alias("supplier_id"),
        col_of("amount").alias("_amount_raw"),
        pl.lit(table.sheet, dtype=pl.String).alias("source_sheet"),
        pl.col(LINE).alias("source_line"),
        is_total.alias("_total"),
    )
    # A month's file holds a few dozen distinct date strings: parse those, not every line.
    dates = parse_date(parsed.select(pl.col("_date_raw").unique()), "_date_raw", "payment_date", "_date_reason")
    parsed = parsed.join(dates, on="_date_raw", how="left", nulls_equal=True, maintain_order="left")
    decimal_commas = decimal_comma_count(parsed, "_amount_raw")
    parsed = parse_money(parsed, "_amount_raw", "amount", "_amount_reason")
    parsed = parsed.with_columns(
        pl.when(pl.col("_total"))
        .then(pl.lit("totals row"))
        .otherwise(
            pl.concat_list(pl.col("_amount_reason"), pl.col("_date_reason")).list.drop_nulls().list.join("; ")
        )
        .alias("_reason"),
    ).with_columns(pl.when(pl.col("_reason") == "").then(None).otherwise(pl.col("_reason")).alias("_reason"))
    # A blank payee does not reject a payment (issue 11): it loads as the unnamed payee. On a
    # line rejected anyway, the missing name is one more thing said about it.
    parsed = parsed.with_columns(
        pl.when(pl.col("_reason").is_not_null() & is_unnamed(pl.col("supplier_name")))
        .then(pl.col("_reason") + pl.lit("; missing supplier name"))
        .otherwise(pl.col("_reason"))
        .alias("_reason"),
        payee_name(pl.col("supplier_name")).alias("supplier_name"),
    )

    ok = pl.col("_reason").is_null()
    payments = parsed.filter(ok).select(PAYMENT_COLUMNS)
    bad_idx = parsed.with_row_index("_i").filter(~ok)["_i"]
    bad_rows = data[bad_idx]
    rejected = pl.DataFrame(
        {
            "source_sheet": parsed.filter(~ok)["source_sheet"],
            "source_line": parsed.filter(~ok)["source_line"],
            "reason": parsed.filter(~ok)["_reason"],
            "raw": bad_rows.select(pl.struct([pl.col(c).alias(n) for c, n in zip(cells, names)]).struct.json_encode())
            .to_series()
            if bad_rows.height
            else pl.Series([], dtype=pl.String),
        },
        schema=REJECTED_SCHEMA,
    )
    return payments.cast(PAYMENT_SCHEMA), rejected, rows_read, decimal_commas


def read_ledger(
    path: Path,
    landing: Path,
    body_default: str,
    overrides: list[SourceOverride] | None = None,
    file_sha256: str | None = None,
) -> ParsedLedger:
    """Parse one ledger file. Raises LedgerUnreadable (or tabular.UnreadableFile)
    with a message naming the file, what was wrong and the columns seen."""
    path = Path(path)
    source_file = files.relative_name(path, landing)
    sha = file_sha256 or files.sha256_file(path)
    override = tabular.override_for(source_file, KIND, overrides)
    syn = tabular.load_synonyms(KIND)
    read_notes: list[str] = []
    try:
        tables = tabular.read_tables(path, read_notes, override.separator if override else None)
    except tabular.UnreadableFile as exc:
        raise LedgerUnreadable(f"{source_file}: {exc}") from exc

    payments, rejected, mappings = [], [], {}
    notes = [f"{source_file} {n}" for n in read_notes]
    rows_read = 0
    headed_sheets_skipped = 0
    for table in tables:
        where = f"{source_file}" + (f" sheet {table.sheet!r}" if table.sheet is not None else "")
        header = tabular.find_header(table, syn, KIND, override)
        if header is None:
            lines = _non_empty_lines(table)
            if lines:
                skipped = f", sheet skipped ({lines} non-empty line(s) not read)" if table.sheet is not None else ""
                notes.append(f"{where}: no header row found{skipped}; first row seen: {_first_row(table)}")
            continue
        data_counts = table.rows.slice(header.index + 1).select(
            [(pl.col(c).str.strip_chars() != "").sum() for c in table.cell_columns]
        ).row(0)
        try:
            mapping = tabular.map_columns(header.cells, KIND, override, syn, list(data_counts))
        except ValueError as exc:
            raise LedgerUnreadable(f"{where}: {exc}") from exc
        missing = [f for f in REQUIRED_FIELDS if f not in mapping.chosen and f not in mapping.constants]
        if missing:
            what = f"no {' / '.join(missing)} column in the header on line {header.line}"
            seen = f"columns seen: {[c for c in header.cells if c.strip()]}"
            if table.sheet is None:
                raise LedgerUnreadable(f"{where}: {what}; {seen}")
            # A summary or pivot sheet next to the payments: the other sheets still load.
            labels = " / ".join(f.replace("_", " ") for f in missing)
            headed_sheets_skipped += 1
            notes.append(
                f"{where} skipped: no {labels} column in the header on line {header.line} "
                f"({_non_empty_lines(table)} non-empty line(s) not read); {seen}"
            )
            continue
        p, r, n, decimal_commas = _parse_table(table, header, mapping, body_default)
        if decimal_commas:
            notes.append(
                f"{where}: {decimal_commas} amount(s) look like decimal commas (e.g. 12,00); "
                "the file may use a decimal comma, and such amounts are rejected"
            )
        payments.append(p)
        rejected.append(r)
        rows_read += n
        m = mapping.to_dict()
        m["header_line"] = header.line
        m["encoding"] = table.encoding
        preamble = table.rows.head(header.index).filter(
            pl.any_horizontal([pl.col(c).str.strip_chars() != "" for c in table.cell_columns])
        ).height
        if preamble:
            # Not data by the rule above, but said out loud: a header found too low would hide lines.
            m["preamble_lines"] = preamble
            notes.append(f"{where}: {preamble} non-empty line(s) above the header on line {header.line} read as preamble")
        if header.repeat_indexes:
            lines = table.rows[LINE].gather(header.repeat_indexes).to_list()
            m["repeated_header_lines"] = lines
            notes.append(f"{where}: {len(lines)} repeated header row(s) skipped (lines {lines[:10]})")
        mappings[table.sheet if table.sheet is not None else ""] = m

    if not mappings:
        seen = "; ".join(notes) if notes else "the file is empty"
        if headed_sheets_skipped:
            raise LedgerUnreadable(f"{source_file}: no sheet could be loaded ({seen})")
        raise LedgerUnreadable(f"{source_file}: no header row naming at least two known ledger columns found ({seen})")

    mapping_out = mappings[""] if list(mappings) == [""] else {"sheets": mappings}
    mapping_out["config_sha256"] = config_fingerprint(override, syn)
    return ParsedLedger(
        source_file=source_file,
        file_sha256=sha,
        payments=pl.concat(payments) if payments else pl.DataFrame(schema=PAYMENT_SCHEMA),
        rejected=pl.concat(rejected) if rejected else pl.DataFrame(schema=REJECTED_SCHEMA),
        rows_read=rows_read,
        mapping=mapping_out,
        notes=notes,
    )


def config_fingerprint(override: SourceOverride | None, synonyms: list[tabular.Synonym]) -> str:
    """sha256 of what decides how a file is read besides its bytes: the override entry
    that applies to it and the ledger header synonyms. A file loaded under another
    fingerprint is read again, so a new override or synonym takes effect."""
    config = {
        "override": asdict(override) if override is not None else None,
        "synonyms": sorted([s.field, s.synonym, s.priority] for s in synonyms if s.kind == KIND),
    }
    return hashlib.sha256(json.dumps(config, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _non_empty_lines(table: RawTable) -> int:
    if not table.cell_columns or table.rows.height == 0:
        return 0
    return table.rows.filter(pl.any_horizontal([pl.col(c).str.strip_chars() != "" for c in table.cell_columns])).height


def _first_row(table: RawTable) -> list[str]:
    nonblank = table.rows.filter(pl.any_horizontal([pl.col(c).str.strip_chars() != "" for c in table.cell_columns]))
    if nonblank.height == 0:
        return []
    return [v for v in nonblank.select(table.cell_columns).row(0) if v.strip()][:20]
