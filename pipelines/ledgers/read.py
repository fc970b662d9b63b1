"""One ledger file -> canonical payment lines, rejected lines and named non-payment lines.
Pure: no database.

Physical lines are the unit of account. A file's non-blank physical lines are counted
without the CSV parser (tabular.physical_lines), and every one of them ends in exactly
one LINE_STATES state:

- `payment`: a payment line (loaded, or a duplicate when ledgers/load.py writes it). A
  payment with a valid amount and date but no payee name is one, under
  suppliers.names.UNNAMED_PAYEE: the payee may be withheld, the payment may not;
- `rejected`: a data line that is not a payment, with a reason. A totals row (labelled,
  or whose amount equals the sum of the payment lines above it) is rejected as
  'totals row', and counted as `totals` too (a subset of `rejected`);
- `header`: the header row (both rows of a header split over two);
- `repeated_header`: a row repeating the header (mid-file, or at the end);
- `preamble`: a non-empty line before the first line that looks like a payment
  (its amount or date parses), outside the header;
- `footer`: a non-empty line after the last line that looks like a payment;
- `continuation`: the second and later physical lines of a record whose quoted field
  spans lines.

payment + rejected + header + repeated_header + preamble + footer + continuation equals
the non-blank physical lines, or the file fails. More than MAX_SET_ASIDE preamble and
footer lines fail the file too (a header found in the wrong place would otherwise hide
payments as "preamble"), and so does a file with data lines of which none is a payment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from anchorspend.pipelines import files, lifecycle, tabular
from anchorspend.pipelines.ledgers import mapping as evidence
from anchorspend.pipelines.parse import MONEY, TOTALS_RE, decimal_comma_count, parse_date, parse_money
from anchorspend.pipelines.suppliers.names import is_unnamed, payee_name
from anchorspend.pipelines.tabular import LINE, ColumnMapping, RawTable, SourceOverride

KIND = "ledger"

# Canonical payment fields, in the order of core.fct_payment.
TEXT_FIELDS = ["transaction_number", "supplier_name", "supplier_id", "expense_type", "expense_area", "purpose", "procurement_category"]
# A file must name these columns. A line with a blank supplier is still a payment (an
# unnamed payee: the Transparency Code lets the payee be withheld, not the payment).
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
# Named non-payment lines (one row per record; `lines` counts the non-blank physical lines it spans).
SET_ASIDE_SCHEMA = {"source_sheet": pl.String, "source_line": pl.Int64, "state": pl.String, "lines": pl.Int64}

# Every state a non-blank physical line can end in (see the module doc). `totals` is a
# subset of `rejected`; ledgers/load.py splits `payment` into loaded and duplicate.
LINE_STATES = ("payment", "rejected", "header", "repeated_header", "preamble", "footer", "continuation")
# More preamble or footer lines than this and the file fails: "a handful" of title and
# note lines is normal, more means the header or the data was not understood.
MAX_SET_ASIDE = 10

# Placeholders that mean "no identifier given".
NO_ID_RE = r"(?i)^(n/?a|none|null|nil|unknown|-+|0+|not known|not applicable|redacted.*)$"


class LedgerUnreadable(Exception):
    """The file holds no payments we can read: the message says why and what was seen."""


@dataclass
class ParsedLedger:
    source_file: str
    file_sha256: str
    payments: pl.DataFrame  # PAYMENT_SCHEMA; supplier_name is the payee name (suppliers.names.payee_name)
    rejected: pl.DataFrame  # REJECTED_SCHEMA
    rows_read: int  # data lines: payments + rejected
    mapping: dict  # also holds "lines": line_counts, so audit.ingest_files.mapping keeps the account
    notes: list[str] = field(default_factory=list)
    # Named non-payment lines: header, repeated_header, preamble, footer, continuation (SET_ASIDE_SCHEMA).
    set_aside: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=SET_ASIDE_SCHEMA))
    # Non-blank physical lines per state, and `nonblank_lines`, `totals`, `unnamed_payee`,
    # `shifted_repaired`: sum(line_counts[s] for s in LINE_STATES) == line_counts["nonblank_lines"].
    line_counts: dict[str, int] = field(default_factory=dict)


def _clean_text(col: str) -> pl.Expr:
    # Whitespace-only and padded values ('CENERGIST LTD      ') are published noise.
    # replace, not when/then: an eager frame would strip every cell twice.
    return pl.col(col).str.strip_chars().replace("", None)


@dataclass
class _TableResult:
    payments: pl.DataFrame
    rejected: pl.DataFrame
    set_aside: pl.DataFrame
    counts: dict[str, int]
    decimal_commas: int
    notes: list[str]


# An amount split by an unquoted thousands separator: '£1' then '250.00' (or '250' then '000.00').
_SPLIT_HEAD = r"^\s*[(+-]?\s*(£|Â£)?\s*-?\d{1,3}$"
_SPLIT_GROUP = r"^\d{3}$"
_SPLIT_LAST = r"^\d{3}(\.\d{1,2})?\s*\)?\s*(-|CR|cr)?\s*$"


def _repair_shifted(work: pl.DataFrame, cells: list[str], amount_idx: int | None, width: int | None) -> pl.DataFrame:
    """Adds `_shift` (extra fields beyond `width`, 0 when none or unknown) and `_repaired`, and
    rejoins an amount split by an unquoted thousands separator, moving the later cells back.

    Only this is repaired: it is the one shift whose evidence is unambiguous (the amount
    cell holds 1-3 digits, and exactly the extra cells hold 3-digit groups, the last with
    the pence). Any other shifted row is rejected with the field counts as the reason.
    """
    if width is None:
        return work.with_columns(pl.lit(0, pl.Int64).alias("_shift"), pl.lit(False).alias("_repaired"))
    work = work.with_columns(
        pl.when(pl.col("_fields").is_not_null()).then((pl.col("_fields") - width).clip(lower_bound=0)).otherwise(0).alias("_shift")
    )
    if amount_idx is None or work.filter(pl.col("_shift") > 0).height == 0:
        return work.with_columns(pl.lit(False).alias("_repaired"))
    conds = []
    for k in (1, 2, 3):
        if amount_idx + k >= len(cells):
            break
        parts = [cells[amount_idx + j] for j in range(1, k + 1)]
        cond = (pl.col("_shift") == k) & pl.col(cells[amount_idx]).str.contains(_SPLIT_HEAD)
        for j, c in enumerate(parts, start=1):
            cond = cond & pl.col(c).str.strip_chars().str.contains(_SPLIT_LAST if j == k else _SPLIT_GROUP)
        conds.append((k, cond))
    if not conds:
        return work.with_columns(pl.lit(False).alias("_repaired"))
    exprs = []
    for j in range(amount_idx, len(cells)):
        e = None
        for k, cond in conds:
            if j == amount_idx:
                value = pl.concat_str([pl.col(cells[amount_idx + t]).str.strip_chars() for t in range(k + 1)], separator=",")
            else:
                value = pl.col(cells[j + k]) if j + k < len(cells) else pl.lit("")
            e = (pl.when(cond).then(value)) if e is None else e.when(cond).then(value)
        exprs.append(e.otherwise(pl.col(cells[j])).alias(cells[j]))
    repaired = pl.any_horizontal([c for _, c in conds])
    return work.with_columns(repaired.alias("_repaired")).with_columns(exprs)


def _parse_table(
    table: RawTable,
    header: tabular.HeaderMatch,
    mapping: ColumnMapping,
    body_default: str,
    where: str,
) -> _TableResult:
    """Every row of one table in exactly one state; see the module doc."""
    df = table.rows
    cells = table.cell_columns
    width = len(header.cells)
    names = tabular.unique_names(header.cells + [""] * (len(cells) - width))
    n_rows = df.height
    records = table.records
    if records is None or records.height != n_rows:
        records = pl.DataFrame({"line_end": df[LINE], "fields": pl.Series([None] * n_rows, dtype=pl.Int64)})
    work = df.with_columns(records["line_end"].alias("_end"), records["fields"].alias("_fields")).with_row_index("_i")
    header_rows = pl.Series([header.index, *header.part_indexes], dtype=pl.UInt32)
    repeats = pl.Series(header.repeat_indexes, dtype=pl.UInt32)
    blank = pl.all_horizontal([pl.col(c).str.contains(r"^[\s\u00a0]*$") for c in cells])
    # Only a row whose first cell is blank can be: the other cells are looked at on those rows.
    blank_rows = work.filter(pl.col(cells[0]).str.contains(r"^[\s\u00a0]*$")).filter(blank)["_i"]
    work = work.with_columns(
        pl.when(pl.col("_i").is_in(header_rows)).then(pl.lit("header"))
        .when(pl.col("_i").is_in(repeats)).then(pl.lit("repeated_header"))
        .when(pl.col("_i").is_in(blank_rows)).then(pl.lit("blank"))
        .otherwise(pl.lit(None, pl.String))
        .alias("_role")
    )

    # The field count a record should have: the header's, or (a file whose lines all end in
    # a separator the header lacks) what most lines have.
    candidates = work.filter(pl.col("_role").is_null())
    header_fields = work["_fields"][header.index]
    ref_width = None
    if header_fields is not None and candidates.height:
        known = candidates["_fields"].drop_nulls()
        ref_width = int(header_fields)
        if known.len() and (known > ref_width).mean() > 0.8:
            ref_width = int(known.filter(known > ref_width).mode().min())
    amount_idx = mapping.index_of("amount")
    candidates = _repair_shifted(candidates, cells, amount_idx, ref_width)

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
            # The cleaned cell is a column of its own first: an eager frame would clean it twice.
            name = f"_id{c.index}"
            candidates = candidates.with_columns(_clean_text(cells[c.index]).alias(name))
            id_cols.append(pl.when(pl.col(name).str.contains(NO_ID_RE)).then(None).otherwise(pl.col(name)))
    supplier_id = pl.coalesce(id_cols) if id_cols else pl.lit(None, dtype=pl.String)

    label_cells = [c for i, c in enumerate(cells) if i != amount_idx]
    is_total = pl.any_horizontal([pl.col(c).str.contains(TOTALS_RE) for c in label_cells]) if label_cells else pl.lit(False)

    body = col_of("body")
    parsed = candidates.select(
        pl.col("_i"),
        pl.col("_end"),
        pl.col("_shift"),
        pl.col("_repaired"),
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

    shifted = (pl.col("_shift") > 0) & ~pl.col("_repaired")
    # A shifted row's other reasons are only the shift's consequences: name the shift alone.
    shift_reason = (
        pl.lit("shifted row: ") + (pl.col("_shift") + (ref_width or 0)).cast(pl.String) + pl.lit(f" fields where the header has {ref_width}")
    )
    core = pl.when(shifted).then(shift_reason).otherwise(pl.concat_list(
        pl.col("_amount_reason"),
        pl.col("_date_reason"),
    ).list.drop_nulls().list.join("; "))
    parsed = parsed.with_columns(core.replace("", None).alias("_core"))

    # Totals: labelled, or (no date, say) an amount equal to the sum of the payment lines above
    # it since the last labelled total, over two or more lines.
    is_payment = pl.col("_core").is_null() & ~pl.col("_total")
    # Lazy, so the payee name and the unnamed flag share one pass over the names (Polars finds
    # the common is_unnamed); an eager frame would test every name twice.
    parsed = parsed.lazy().with_columns(
        pl.col("_total").cast(pl.Int64).cum_sum().alias("_block"),
        is_unnamed(pl.col("supplier_name")).alias("_unnamed"),
        payee_name(pl.col("supplier_name")).alias("_payee"),
    ).collect()
    parsed = parsed.with_columns(
        pl.when(is_payment).then((pl.col("amount") * 100).cast(pl.Int64)).otherwise(0).alias("_cents"),
        is_payment.cast(pl.Int64).alias("_is_pay"),
    ).with_columns(
        (pl.col("_cents").cum_sum().over("_block") - pl.col("_cents")).alias("_sum_above"),
        (pl.col("_is_pay").cum_sum().over("_block") - pl.col("_is_pay")).alias("_n_above"),
    )
    sum_total = (
        pl.col("_core").is_not_null()
        & pl.col("amount").is_not_null()
        & (pl.col("_n_above") >= 2)
        & ((pl.col("amount") * 100).cast(pl.Int64) == pl.col("_sum_above"))
    )
    parsed = parsed.with_columns(
        pl.when(pl.col("_total")).then(pl.lit("totals row"))
        .when(sum_total).then(pl.lit("totals row (equals the sum of the ") + pl.col("_n_above").cast(pl.String) + pl.lit(" payment lines above)"))
        # A blank payee does not reject a payment (issue 11): it loads as the unnamed payee. On
        # a line rejected anyway, the missing name is one more thing said about it.
        .when(pl.col("_core").is_not_null() & pl.col("_unnamed"))
        .then(pl.col("_core") + pl.lit("; missing supplier name"))
        .otherwise(pl.col("_core"))
        .alias("_reason"),
        (pl.col("_total") | sum_total).alias("_is_totals"),
        (pl.col("amount").is_not_null() | pl.col("payment_date").is_not_null()).alias("_like"),
    )

    # Preamble and footer: lines before the first and after the last line that looks like a
    # payment. With none at all, what is above the header is preamble and the rest footer.
    like_i = parsed.filter(pl.col("_like"))["_i"]
    if like_i.len():
        first, last = int(like_i.min()), int(like_i.max())
        outside = pl.when(pl.col("_i") < first).then(pl.lit("preamble")).when(pl.col("_i") > last).then(pl.lit("footer"))
    else:
        outside = pl.when(pl.col("_i") < header.index).then(pl.lit("preamble")).otherwise(pl.lit("footer"))
    parsed = parsed.with_columns(
        outside.otherwise(pl.when(pl.col("_reason").is_null()).then(pl.lit("payment")).otherwise(pl.lit("rejected"))).alias("_state")
    )

    ok = pl.col("_state") == "payment"
    payments = parsed.filter(ok).with_columns(pl.col("_payee").alias("supplier_name")).select(PAYMENT_COLUMNS)
    bad = parsed.filter(pl.col("_state") == "rejected")
    bad_rows = candidates.join(bad.select("_i"), on="_i", how="semi", maintain_order="left")
    rejected = pl.DataFrame(
        {
            "source_sheet": bad["source_sheet"],
            "source_line": bad["source_line"],
            "reason": bad["_reason"],
            "raw": bad_rows.select(pl.struct([pl.col(c).alias(n) for c, n in zip(cells, names)]).struct.json_encode()).to_series()
            if bad_rows.height
            else pl.Series([], dtype=pl.String),
        },
        schema=REJECTED_SCHEMA,
    )

    # The account: each record's state covers the non-blank physical lines it spans; all
    # but its first are continuation lines.
    states = pl.concat(
        [
            work.filter(pl.col("_role").is_not_null()).select("_i", pl.col(LINE), "_end", pl.col("_role").alias("_state")),
            parsed.select("_i", pl.col("source_line").alias(LINE), "_end", "_state"),
        ]
    )
    lines = table.lines if table.lines is not None else work.select(pl.col(LINE), (~blank).alias("nonblank"))
    spans = (
        states.select(pl.col("_state"), pl.col(LINE), pl.int_ranges(pl.col(LINE), pl.col("_end") + 1).alias("_l"))
        .explode("_l")
        .join(lines.select(pl.col(LINE).alias("_l"), "nonblank"), on="_l", how="left")
        .filter(pl.col("nonblank").fill_null(False))
        .with_columns(pl.when(pl.col("_l") == pl.col(LINE)).then(pl.col("_state")).otherwise(pl.lit("continuation")).alias("_state"))
    )
    by_state = dict(spans.group_by("_state").len().iter_rows())
    counts = {st: int(by_state.get(st, 0)) for st in LINE_STATES}
    counts["nonblank_lines"] = int(lines["nonblank"].sum())
    counts["totals"] = int(parsed.filter(pl.col("_is_totals") & (pl.col("_state") == "rejected")).height)
    counts["unnamed_payee"] = int(parsed.filter(ok & pl.col("_unnamed")).height)
    counts["shifted_repaired"] = int(parsed.filter(pl.col("_repaired") & ok).height)
    blank_owned = int(by_state.get("blank", 0))
    accounted = sum(counts[st] for st in LINE_STATES)
    if blank_owned or accounted != counts["nonblank_lines"]:
        raise LedgerUnreadable(
            f"{where}: lines do not reconcile: {counts['nonblank_lines']} non-blank lines in the file, "
            f"{accounted} accounted for ({', '.join(f'{st} {counts[st]}' for st in LINE_STATES)})"
            + (f", {blank_owned} inside records read as blank" if blank_owned else "")
        )

    set_aside = (
        states.filter(~pl.col("_state").is_in(["payment", "rejected", "blank"]))
        .select(pl.lit(table.sheet, dtype=pl.String).alias("source_sheet"), pl.col(LINE).alias("source_line"), pl.col("_state").alias("state"))
        .with_columns(pl.lit(1, pl.Int64).alias("lines"))
    )
    cont = spans.filter(pl.col("_state") == "continuation")
    if cont.height:
        set_aside = pl.concat(
            [
                set_aside,
                cont.select(
                    pl.lit(table.sheet, dtype=pl.String).alias("source_sheet"),
                    pl.col("_l").alias("source_line"),
                    pl.lit("continuation").alias("state"),
                    pl.lit(1, pl.Int64).alias("lines"),
                ),
            ]
        )
    notes = _state_notes(where, header, counts, set_aside)
    return _TableResult(payments.cast(PAYMENT_SCHEMA), rejected, set_aside.sort("source_line").cast(SET_ASIDE_SCHEMA), counts, decimal_commas, notes)


def _state_notes(where: str, header: tabular.HeaderMatch, counts: dict[str, int], set_aside: pl.DataFrame) -> list[str]:
    """Said out loud, so that no line is set aside in silence."""
    notes = []

    def lines_of(state: str) -> list[int]:
        return set_aside.filter(pl.col("state") == state).sort("source_line")["source_line"].head(10).to_list()

    if counts["preamble"]:
        notes.append(f"{where}: {counts['preamble']} non-empty line(s) above the header on line {header.line} read as preamble"
                     if all(ln < header.line for ln in lines_of("preamble"))
                     else f"{where}: {counts['preamble']} non-empty line(s) before the first payment read as preamble (lines {lines_of('preamble')})")
    if header.part_indexes:
        notes.append(f"{where}: header split over two lines (lines {sorted(lines_of('header'))})")
    if counts["repeated_header"]:
        notes.append(f"{where}: {counts['repeated_header']} repeated header row(s) skipped (lines {lines_of('repeated_header')})")
    if counts["footer"]:
        notes.append(f"{where}: {counts['footer']} non-empty line(s) after the last payment read as footer (lines {lines_of('footer')})")
    if counts["totals"]:
        notes.append(f"{where}: {counts['totals']} totals row(s) rejected as totals, not summed")
    if counts["shifted_repaired"]:
        notes.append(f"{where}: {counts['shifted_repaired']} line(s) with an amount split by an unquoted comma rejoined")
    if counts["unnamed_payee"]:
        notes.append(f"{where}: {counts['unnamed_payee']} payment(s) with no supplier name loaded as unnamed payees")
    return notes


def read_ledger(
    path: Path,
    landing: Path,
    body_default: str,
    overrides: list[SourceOverride] | None = None,
    file_sha256: str | None = None,
) -> ParsedLedger:
    """Parse one ledger file. Raises LedgerUnreadable (or tabular.UnreadableFile)
    with a message naming the file, what was wrong and the columns seen.
    """
    path = Path(path)
    source_file = files.relative_name(path, landing)
    refused = files.refusal(path, landing)
    if refused:
        raise LedgerUnreadable(f"{source_file}: {refused}")
    sha = file_sha256 or files.sha256_file(path)
    override = tabular.override_for(source_file, KIND, overrides)
    syn = tabular.load_synonyms(KIND)
    read_notes: list[str] = []
    try:
        tables = tabular.read_tables(path, read_notes, override.separator if override else None)
    except tabular.UnreadableFile as exc:
        raise LedgerUnreadable(f"{source_file}: {exc}") from exc

    payments, rejected, set_aside, mappings = [], [], [], {}
    notes = [f"{source_file}: {n}" if not n.startswith("sheet") else f"{source_file} {n}" for n in read_notes]
    counts = {st: 0 for st in (*LINE_STATES, "nonblank_lines", "totals", "unnamed_payee", "shifted_repaired")}
    headed_sheets_skipped = 0
    for table in tables:
        where = f"{source_file}" + (f" sheet {table.sheet!r}" if table.sheet is not None else "")
        header = tabular.find_header(table, syn, KIND, override, rules=evidence.header_rule)
        if header is None:
            lines = _non_empty_lines(table)
            if lines:
                skipped = f", sheet skipped ({lines} non-empty line(s) not read)" if table.sheet is not None else ""
                notes.append(f"{where}: no header row found{skipped}; first row seen: {_first_row(table)}")
            continue
        not_data = pl.Series([header.index, *header.part_indexes, *header.repeat_indexes], dtype=pl.UInt32)
        try:
            mapping = tabular.map_columns(header.cells, KIND, override, syn, rules=evidence.header_rule)
            tied = _tied_columns(mapping)
            if tied:
                # Between candidates of equal priority, the column with more values wins: count them.
                mapping = tabular.map_columns(
                    header.cells, KIND, override, syn, _data_counts(table, not_data, tied), rules=evidence.header_rule
                )
        except ValueError as exc:
            raise LedgerUnreadable(f"{where}: {exc}") from exc
        # The evidence sample: the first data rows (at most not_data.len() of the first rows are not data).
        others = table.rows.head(evidence.EVIDENCE_SAMPLE + not_data.len()).with_row_index("_i").filter(~pl.col("_i").is_in(not_data))
        mapping = evidence.apply_evidence(mapping, header.cells, evidence.column_evidence(others, table.cell_columns))
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
        result = _parse_table(table, header, mapping, body_default, where)
        set_aside_n = result.counts["preamble"] + result.counts["footer"]
        if set_aside_n > MAX_SET_ASIDE:
            first = result.set_aside.filter(pl.col("state").is_in(["preamble", "footer"]))["source_line"].head(5).to_list()
            raise LedgerUnreadable(
                f"{where}: {set_aside_n} non-empty lines would be set aside as preamble ({result.counts['preamble']}) "
                f"or footer ({result.counts['footer']}), more than the {MAX_SET_ASIDE} a ledger may have, so the "
                f"file was not loaded (lines {first}...; header on line {header.line}); check where the header is, "
                "or set header_line in source_overrides.toml"
            )
        if result.decimal_commas:
            notes.append(
                f"{where}: {result.decimal_commas} amount(s) look like decimal commas (e.g. 12,00); "
                "the file may use a decimal comma, and such amounts are rejected"
            )
        notes.extend(result.notes)
        payments.append(result.payments)
        rejected.append(result.rejected)
        set_aside.append(result.set_aside)
        for k, v in result.counts.items():
            counts[k] += v
        m = mapping.to_dict()
        m["header_line"] = header.line
        if header.part_indexes:
            m["header_lines"] = sorted(int(table.rows[LINE][i]) for i in [header.index, *header.part_indexes])
        m["encoding"] = table.encoding
        m["lines"] = result.counts
        if result.counts["preamble"]:
            m["preamble_lines"] = result.counts["preamble"]
        if header.repeat_indexes:
            m["repeated_header_lines"] = table.rows[LINE].gather(header.repeat_indexes).to_list()
        mappings[table.sheet if table.sheet is not None else ""] = m

    if not mappings:
        seen = "; ".join(notes) if notes else "the file is empty"
        if headed_sheets_skipped:
            raise LedgerUnreadable(f"{source_file}: no sheet could be loaded ({seen})")
        raise LedgerUnreadable(f"{source_file}: no header row naming at least two known ledger columns found ({seen})")

    n_payments = sum(p.height for p in payments)
    data_lines = counts["rejected"] + counts["preamble"] + counts["footer"]
    if n_payments == 0 and data_lines:
        # Never `loaded` with nothing loaded: say why instead.
        reasons = pl.concat(rejected)["reason"].value_counts(sort=True).head(3).rows() if counts["rejected"] else []
        said = "; ".join(f"{n} x {r}" for r, n in reasons) or "no line looks like a payment"
        raise LedgerUnreadable(
            f"{source_file}: none of its {data_lines} non-empty line(s) below and above the header could be read "
            f"as a payment ({said})"
        )

    mapping_out = mappings[""] if list(mappings) == [""] else {"sheets": mappings, "lines": counts}
    mapping_out["config_sha256"] = lifecycle.config_fingerprint(KIND, override, syn)
    return ParsedLedger(
        source_file=source_file,
        file_sha256=sha,
        payments=pl.concat(payments) if payments else pl.DataFrame(schema=PAYMENT_SCHEMA),
        rejected=pl.concat(rejected) if rejected else pl.DataFrame(schema=REJECTED_SCHEMA),
        rows_read=n_payments + counts["rejected"],
        mapping=mapping_out,
        notes=notes,
        set_aside=pl.concat(set_aside) if set_aside else pl.DataFrame(schema=SET_ASIDE_SCHEMA),
        line_counts=counts,
    )


def _tied_columns(mapping: ColumnMapping) -> list[int]:
    """Columns that are candidates for one field on equal priority: only there do the counts of
    non-empty values change the mapping (tabular.map_columns ranks by priority first)."""
    tied: set[int] = set()
    for fld in set(mapping.chosen) | set(mapping.rejected):
        cands = ([mapping.chosen[fld]] if fld in mapping.chosen else []) + mapping.rejected.get(fld, [])
        by_priority: dict[int | None, list[int]] = {}
        for c in cands:
            by_priority.setdefault(c.priority, []).append(c.index)
        tied.update(i for same in by_priority.values() if len(same) > 1 for i in same)
    return sorted(tied)


def _data_counts(table: RawTable, not_data: pl.Series, columns: list[int]) -> list[int]:
    """Non-empty cells below and above the header in `columns` (0 for the others): counted over the
    whole table less the header rows, since filtering out those few would copy every cell."""
    cells = table.cell_columns
    filled = [(pl.col(cells[i]).str.strip_chars() != "").sum() for i in columns]
    in_header = table.rows.with_row_index("_i").filter(pl.col("_i").is_in(not_data)).select(filled).row(0)
    counts = [0] * len(cells)
    for i, n, h in zip(columns, table.rows.select(filled).row(0), in_header):
        counts[i] = n - h
    return counts


def _non_empty_lines(table: RawTable) -> int:
    if not table.cell_columns or table.rows.height == 0:
        return 0
    return table.rows.filter(pl.any_horizontal([pl.col(c).str.strip_chars() != "" for c in table.cell_columns])).height


def _first_row(table: RawTable) -> list[str]:
    nonblank = table.rows.filter(pl.any_horizontal([pl.col(c).str.strip_chars() != "" for c in table.cell_columns]))
    if nonblank.height == 0:
        return []
    return [v for v in nonblank.select(table.cell_columns).row(0) if v.strip()][:20]
