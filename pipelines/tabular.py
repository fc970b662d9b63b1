"""Reading messy council tables: ledgers, supplier extracts, registers.

Three steps, each usable alone:

1. `read_tables(path)` turns a .csv or .xlsx into `RawTable`s of raw cell text
   (every column a string, no header applied) with the physical line (CSV) or
   row number (XLSX) of every row, so provenance survives whatever comes next.
2. `find_header(table, synonyms, kind)` finds the header row wherever it sits,
   by scoring every row on how many known column names it holds.
3. `map_columns(header_cells, kind, overrides)` maps canonical fields to
   source columns through `reference_data/header_synonyms.csv` and the
   per-source overrides in `reference_data/source_overrides.toml`, recording
   the choice made and the candidates rejected.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import re
import tomllib
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from typing import Callable
from pathlib import Path

import polars as pl

from anchorspend.pipelines.config import REFERENCE_DATA

SYNONYMS_PATH = REFERENCE_DATA / "header_synonyms.csv"
OVERRIDES_PATH = REFERENCE_DATA / "source_overrides.toml"

LINE = "line"  # name of the provenance column in RawTable.rows

# Bounds checked on the raw lines before any parser builds a structure from them: a hostile
# or broken file (one 1 MiB line of 524,289 fields took 14 GB) fails alone, in bounded memory.
MAX_FIELDS = 1_000
MAX_FIELD_BYTES = 1 << 20
MAX_LINE_BYTES = 2 << 20
# A quoted field spanning more physical lines than this is a stray quote, not an address.
MAX_RECORD_LINES = 20


class UnreadableFile(Exception):
    """The file cannot be turned into tables at all (corrupt, not a table)."""


# --------------------------------------------------------------------------- reading


@dataclass
class RawTable:
    """One sheet (XLSX) or the whole file (CSV) as raw text.

    `rows` has string columns c0..cN-1 (never null: an empty cell is "") and
    an Int64 `line` column: the 1-based physical line where the row starts
    (CSV, counting every CRLF/LF/CR) or the worksheet row number (XLSX).
    """

    sheet: str | None
    rows: pl.DataFrame
    encoding: str | None = None
    # The unit of account, counted without the CSV parser: one row per physical line
    # (CSV) or worksheet row (XLSX), columns `line` and `nonblank` (holds anything but
    # whitespace, quotes and separators). None only for tables built by hand.
    lines: pl.DataFrame | None = None
    # Aligned with `rows`: `line_end`, the last physical line of each record (a quoted
    # field may span lines), and `fields`, how many fields the record had (null if unknown).
    records: pl.DataFrame | None = None

    @property
    def cell_columns(self) -> list[str]:
        return [c for c in self.rows.columns if c != LINE]


def read_tables(path: Path, notes: list[str] | None = None, separator: str | None = None) -> list[RawTable]:
    """Every table in the file: one for a CSV, one per visible worksheet for an XLSX.

    Whatever was left out on purpose (a hidden sheet) is said in `notes`, when given.
    `separator` (a CSV's field separator) wins over sniffing it.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path, notes if notes is not None else [])
    if suffix in (".csv", ".txt", ".tsv"):
        return [_read_csv_bytes(path.read_bytes(), separator, notes if notes is not None else [])]
    what = f"{suffix} is" if suffix else "a file with no extension is"
    raise UnreadableFile(f"{what} not supported; save it as .xlsx or .csv")


# A UTF-8 BOM that was decoded as Latin-1 and encoded to UTF-8 again (Salford).
_DOUBLE_BOM = "\u00ef\u00bb\u00bf".encode("utf-8")


# Characters a UTF-8 byte sequence turns into when read as Windows-1252/Latin-1.
_MOJIBAKE_RUN = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]+")


def _undo_mojibake(m: re.Match) -> str:
    run = m.group(0)
    try:
        raw = b"".join(_cp1252_or_latin1(ch) for ch in run)
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return run


def _cp1252_or_latin1(ch: str) -> bytes:
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return ch.encode("latin-1")


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with.

    Order matters: a UTF-8 BOM is certain; strict UTF-8 almost never decodes
    Windows-1252 text by accident (a lone 0xA3 `£` is invalid UTF-8), so it is
    tried before the Windows-1252 fallback.
    """
    if raw.startswith(_DOUBLE_BOM):
        # The file went through UTF-8 -> Latin-1/Windows-1252 -> UTF-8: undo it
        # run by run, so a run that was never double-encoded stays as it is.
        return _MOJIBAKE_RUN.sub(_undo_mojibake, raw.decode("utf-8")[3:]), "utf-8 (double-encoded)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" (tab separated) and some exports: UTF-16 with its BOM.
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"starts with a UTF-16 byte-order mark but is not valid UTF-16: {exc}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            # A BOM pasted onto Windows-1252 text: replacing bytes would turn a £ or é into U+FFFD unseen.
            return _decode_mixed(raw[3:])
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_mixed(raw)


# A character that only valid multi-byte UTF-8 gives (surrogateescape turns invalid bytes into U+DC80..U+DCFF).
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def _decode_mixed(raw: bytes) -> tuple[str, str]:
    """Bytes that are not valid UTF-8 throughout: Windows-1252 throughout, or UTF-8 with some
    Windows-1252 lines pasted in. Reading the whole file as Windows-1252 would turn every
    UTF-8 `é` into `Ã©`, so a file holding any valid multi-byte UTF-8 is decoded line by line."""
    loose = raw.decode("utf-8", errors="surrogateescape")
    if not _VALID_NON_ASCII.search(loose):
        return _decode_cp1252(raw)
    del loose
    out: list[str] = []
    legacy = 0
    for line in raw.splitlines(keepends=True):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(_decode_cp1252(line)[0])
            legacy += 1
    return "".join(out), f"utf-8 ({legacy} line(s) windows-1252)"


def _decode_cp1252(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # Bytes undefined in Windows-1252 (0x81, 0x8D...): Latin-1 maps every byte.
        return raw.decode("latin-1"), "latin-1"


SEPARATORS = (",", ";", "\t", "|")
SNIFF_LINES = 30


def _sniff_separator(text: str) -> str:
    """The separator giving the same field count (more than one) on most of the first
    SNIFF_LINES non-empty records, read with the csv module so separators inside quoted
    text do not count. Ties go to the earlier of SEPARATORS (comma first)."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (0, 0)
    for sep in SEPARATORS:
        counts: dict[int, int] = {}
        try:
            records = csv.reader(io.StringIO(sample, newline=""), delimiter=sep)
            seen = 0
            for rec in records:
                if not any(cell.strip() for cell in rec):
                    continue
                counts[len(rec)] = counts.get(len(rec), 0) + 1
                seen += 1
                if seen == SNIFF_LINES:
                    break
        except csv.Error:
            continue
        width, lines = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=(0, 0))
        score = (lines, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_csv_bytes(raw: bytes, separator: str | None = None, notes: list[str] | None = None) -> RawTable:
    notes = notes if notes is not None else []
    text, encoding = decode_bytes(raw)
    if not text or text.isspace():
        empty = pl.DataFrame({LINE: pl.Series([], dtype=pl.Int64)})
        return RawTable(sheet=None, rows=empty, encoding=encoding, lines=pl.DataFrame(schema=_LINES_SCHEMA), records=pl.DataFrame(schema=_RECORDS_SCHEMA))
    sep = separator or _sniff_separator(text)
    # Physical lines end at CRLF, LF or a lone CR (old Mac); Polars splits on LF only.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Hand Polars UTF-8 bytes; re-use the file's own bytes when they already are (saves a copy
    # of a large file).
    data = raw if encoding == "utf-8" and b"\r" not in raw else text.encode("utf-8")
    del text
    physical = physical_lines(data, sep)
    width = int(physical["seps"].max() or 0) + 1
    df = None
    try:
        df = _polars_csv(data, sep, width)
    except pl.exceptions.PolarsError:
        # Polars gives up on a stray quote inside an unquoted field (12" Pipes Ltd) that the
        # csv module reads as text.
        pass
    if df is not None:
        names = [c for c in df.columns]
        df = df.with_columns(pl.col(names).fill_null(""))
        # A quoted field holding newlines spans several physical lines (without a quote in the
        # file, no field can hold one: each record is one line).
        if b'"' in data:
            embedded = pl.sum_horizontal(pl.col(names).str.count_matches("\n", literal=True)).cast(pl.Int64)
            df = df.with_columns(
                (pl.lit(1, pl.Int64) + (embedded + 1).cum_sum().shift(1, fill_value=0)).alias(LINE),
                embedded.alias("_embedded"),
            )
        else:
            df = df.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(LINE), pl.lit(0, pl.Int64).alias("_embedded"))
        if _stray_quote(df, physical):
            df = None
    if df is None:
        df = _tolerant_csv(data.decode("utf-8"), sep, physical, notes)
    else:
        df = df.with_columns((pl.col(LINE) + pl.col("_embedded")).alias("line_end")).drop("_embedded")
        df = df.join(
            physical.select(pl.col(LINE), pl.col("fields").cast(pl.Int64)), on=LINE, how="left", maintain_order="left"
        ).with_columns(pl.when(pl.col("line_end") == pl.col(LINE)).then(pl.col("fields")).alias("fields"))
    _check_field_bytes(df)
    records = df.select(pl.col("line_end").cast(pl.Int64), pl.col("fields").cast(pl.Int64))
    df = df.drop("line_end", "fields")
    return RawTable(
        sheet=None,
        rows=_drop_empty_trailing_columns(df),
        encoding=encoding,
        lines=physical.select(LINE, "nonblank"),
        records=records,
    )


_LINES_SCHEMA = {LINE: pl.Int64, "nonblank": pl.Boolean}
_RECORDS_SCHEMA = {"line_end": pl.Int64, "fields": pl.Int64}


def _sep_class(sep: str) -> str:
    return "\\t" if sep == "\t" else re.escape(sep)


def physical_lines(data: bytes, sep: str) -> pl.DataFrame:
    """One row per physical line of LF-separated UTF-8 `data`, counted without the CSV parser:
    `line` (1-based), `nonblank` (holds something besides whitespace, double quotes and
    separators), `seps` (separators on the line, quoted or not) and `fields` (fields on the
    line when quoted text is set aside; right for a record on one line).

    The bounds (MAX_LINE_BYTES, MAX_FIELDS) are checked here, before any parser builds
    columns from the line: a file breaking them raises UnreadableFile naming the line.
    """
    other = "\x1f" if sep != "\x1f" else "\x1e"
    lines = pl.read_csv(
        data,
        has_header=False,
        separator=other,
        quote_char=None,
        schema={"l": pl.String},
        truncate_ragged_lines=True,
        empty_string_is_null=False,
        raise_if_empty=False,
        comment_prefix=None,
    ).with_columns(pl.col("l").fill_null(""))
    expected = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    if lines.height != expected:
        # Never trust a count the reader could have got wrong: the account rests on it.
        raise UnreadableFile(f"could not count its lines ({lines.height} read, {expected} in the file)")
    out = lines.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(LINE),
        pl.col("l").str.contains(f"[^\\s\u00a0\"{_sep_class(sep)}]").alias("nonblank"),
        pl.col("l").str.count_matches(sep, literal=True).cast(pl.Int64).alias("seps"),
        pl.col("l").str.len_bytes().alias("bytes"),
        (pl.col("l").str.contains('"', literal=True) if b'"' in data else pl.lit(False)).alias("_quoted"),
    ).with_columns((pl.col("seps") + 1).alias("fields"))
    if b'"' in data and out["_quoted"].any():
        # Only lines holding a quote need the quoted text set aside before counting (a regex
        # over every line of a large file is the costly part).
        quoted = lines.with_row_index("_r").filter(out["_quoted"]).select(
            (pl.col("_r").cast(pl.Int64) + 1).alias(LINE),
            (pl.col("l").str.replace_all(r'"(?:[^"]|"")*"', "").str.count_matches(sep, literal=True).cast(pl.Int64) + 1).alias("_f"),
        )
        out = out.join(quoted, on=LINE, how="left", maintain_order="left").with_columns(
            pl.coalesce("_f", "fields").alias("fields")
        ).drop("_f")
    out = out.drop("_quoted")
    del lines
    wide = out.filter((pl.col("bytes") > MAX_LINE_BYTES) | (pl.col("seps") + 1 > MAX_FIELDS)).head(1)
    if wide.height:
        row = wide.row(0, named=True)
        if row["bytes"] > MAX_LINE_BYTES:
            raise UnreadableFile(
                f"line {row[LINE]} is {row['bytes']:,} bytes long, more than the {MAX_LINE_BYTES:,} a ledger line "
                "may hold; the file was not read"
            )
        raise UnreadableFile(
            f"line {row[LINE]} has {row['seps'] + 1:,} fields, more than the {MAX_FIELDS:,} a ledger line may hold; "
            "the file was not read"
        )
    return out.drop("bytes")


def _check_field_bytes(df: pl.DataFrame) -> None:
    cells = [c for c in df.columns if c.startswith("c") and c[1:].isdigit()]
    if not cells:
        return
    longest = df.select([pl.col(c).str.len_bytes().max() for c in cells]).row(0)
    if max((v or 0) for v in longest) > MAX_FIELD_BYTES:
        i = max(range(len(cells)), key=lambda k: longest[k] or 0)
        line = df.filter(pl.col(cells[i]).str.len_bytes() > MAX_FIELD_BYTES)[LINE][0]
        raise UnreadableFile(
            f"the record on line {line} has a field of {longest[i]:,} bytes, more than the {MAX_FIELD_BYTES:,} a "
            "field may hold; the file was not read"
        )


def _record_like(physical: pl.DataFrame) -> int:
    """Separators on a line that make it look like a whole record: inside a quoted field such
    a line is a payment swallowed by a stray quote, not the second line of an address."""
    widths = physical.filter(pl.col("nonblank"))["fields"]
    mode = int(widths.mode().max()) if widths.len() else 1
    return max(3, mode - 1)


def _stray_quote(df: pl.DataFrame, physical: pl.DataFrame) -> bool:
    """Whether a record Polars read spans lines the way an unclosed quote does."""
    multi = df.filter(pl.col("_embedded") > 0).select(pl.col(LINE), pl.col("_embedded"))
    if multi.height == 0:
        return False
    if int(multi["_embedded"].max()) >= MAX_RECORD_LINES:
        return True
    inner = multi.select(pl.int_ranges(pl.col(LINE) + 1, pl.col(LINE) + pl.col("_embedded") + 1).alias(LINE)).explode(LINE)
    seps = inner.join(physical.select(LINE, "seps"), on=LINE, how="left")["seps"]
    return bool((seps >= _record_like(physical)).any())


def _tolerant_csv(text: str, sep: str, physical: pl.DataFrame, notes: list[str]) -> pl.DataFrame:
    """The csv module's reading, record by record, with the physical lines each record spans.

    A quoted field may span lines, but not more than MAX_RECORD_LINES, not past
    MAX_FIELD_BYTES, and not over a line that looks like a whole record: such a quote is
    a stray quote, read as literal text on its own line, and reading carries on (one stray
    quote once swallowed 451 payments). A loop over lines, but only for the odd malformed file.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    record_like = _record_like(physical)
    widths = physical.filter(pl.col("nonblank"))["fields"]
    width = int(widths.mode().max()) if widths.len() else 1
    records: list[list[str]] = []
    starts: list[int] = []
    ends: list[int] = []
    stray: list[int] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if '"' not in line:
            records.append(line.split(sep))
            starts.append(i + 1)
            ends.append(i + 1)
            i += 1
            continue
        rec, end = _one_record(lines, i, sep, record_like)
        if rec is None:
            rec, end = _literal_quotes(line, sep, width), i
            stray.append(i + 1)
        records.append(rec)
        starts.append(i + 1)
        ends.append(end + 1)
        i = end + 1
    if stray:
        notes.append(
            f"{len(stray)} line(s) with a double quote that is not closed on the line, read as literal text "
            f"(lines {stray[:10]})"
        )
    wide = max((len(r) for r in records), default=1) or 1
    cols = {f"c{k}": [r[k] if k < len(r) else "" for r in records] for k in range(wide)}
    df = pl.DataFrame(cols, schema={k: pl.String for k in cols})
    return df.with_columns(
        pl.Series(LINE, starts, dtype=pl.Int64),
        pl.Series("line_end", ends, dtype=pl.Int64),
        pl.Series("fields", [len(r) for r in records], dtype=pl.Int64),
    )


def _parse_one(chunk: str, sep: str) -> list[str] | None:
    """The one record in `chunk`, or None when a quoted field is still open at its end.

    Strict mode is what says a quote is still open ('unexpected end of data'); text after
    a closing quote (`"Smith" Ltd`) only breaks strict mode, and is read leniently.
    """
    try:
        recs = list(csv.reader([chunk], delimiter=sep, strict=True))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return None
        try:
            recs = list(csv.reader([chunk], delimiter=sep, strict=False))
        except csv.Error:
            return None
    if len(recs) > 1:
        return None
    return recs[0] if recs else []


def _one_record(lines: list[str], i: int, sep: str, record_like: int) -> tuple[list[str] | None, int]:
    """The record starting on line i (0-based) and its last line, or (None, i) for a stray quote."""
    rec = _parse_one(lines[i], sep)
    if rec is not None:
        return rec, i
    size = len(lines[i])
    for j in range(i + 1, min(len(lines), i + MAX_RECORD_LINES)):
        size += len(lines[j]) + 1
        if size > MAX_FIELD_BYTES or lines[j].count(sep) >= record_like:
            break
        rec = _parse_one("\n".join(lines[i : j + 1]), sep)
        if rec is not None:
            return rec, j
    return None, i


def _literal_quotes(line: str, sep: str, width: int) -> list[str]:
    """Fields of a line whose unclosed quote is text: try each double quote as a literal
    character and keep the reading whose field count is nearest the file's usual width."""
    best: list[str] | None = None
    for pos in [k for k, ch in enumerate(line) if ch == '"']:
        rec = _parse_one(line[:pos] + "\x00" + line[pos + 1 :], sep)
        if rec is None:
            continue
        rec = [c.replace("\x00", '"') for c in rec]
        if best is None or abs(len(rec) - width) < abs(len(best) - width):
            best = rec
    return best if best is not None else line.split(sep)


def _polars_csv(data: bytes, sep: str, width: int) -> pl.DataFrame:
    names = [f"c{i}" for i in range(width)]
    return pl.read_csv(
        data,
        has_header=False,
        separator=sep,
        quote_char='"',
        schema={n: pl.String for n in names},
        missing_columns="insert",
        empty_string_is_null=False,
        truncate_ragged_lines=False,
        raise_if_empty=False,
    )


def _drop_empty_trailing_columns(df: pl.DataFrame) -> pl.DataFrame:
    cells = [c for c in df.columns if c != LINE]
    if not cells or df.height == 0:
        return df
    keep = len(cells)
    # From the right, one column at a time: a table's last column usually holds something.
    while keep > 1 and not (df[cells[keep - 1]] != "").any():
        keep -= 1
    return df.select(cells[:keep] + [LINE])


def excel_cell_text(value: object) -> str:
    """Raw text for one worksheet cell, without losing exactness.

    A float becomes the shortest text that round-trips to the same double
    (repr), never in exponent form: the stored noise stays visible
    ('1041.4099999999999') and money parsing rounds it half-up to the penny.
    A date cell becomes an ISO date (with the time only when there is one).
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return format(Decimal(repr(value)), "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path, notes: list[str]) -> list[RawTable]:
    # openpyxl rather than fastexcel: calamine drops leading empty rows and
    # columns without telling us the offset, and provenance needs true row numbers.
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise UnreadableFile(f"not a readable XLSX workbook: {type(exc).__name__}: {exc}") from exc
    tables = []
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                # A hidden (or very hidden) sheet is usually a working copy or lookup
                # of the visible data: reading it would count the same spend twice.
                notes.append(f"sheet {ws.title!r} skipped: {ws.sheet_state} in the workbook")
                continue
            # Some writers store a wrong <dimension>; read-only mode would trust it and cut columns.
            ws.reset_dimensions()
            rows = []
            for number, r in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
                cells = [excel_cell_text(v) for v in r]
                while cells and cells[-1] == "":
                    cells.pop()
                if len(cells) > MAX_FIELDS:
                    raise UnreadableFile(
                        f"sheet {ws.title!r} row {number} has {len(cells):,} cells, more than the {MAX_FIELDS:,} "
                        "a ledger line may hold; the file was not read"
                    )
                rows.append(cells)
            width = max((len(r) for r in rows), default=0)
            if width == 0:
                df = pl.DataFrame({LINE: pl.Series([], dtype=pl.Int64)})
                lines = pl.DataFrame(schema=_LINES_SCHEMA)
            else:
                cols = {f"c{i}": [r[i] if i < len(r) else "" for r in rows] for i in range(width)}
                df = pl.DataFrame(cols, schema={k: pl.String for k in cols})
                df = df.with_columns(pl.int_range(1, df.height + 1, dtype=pl.Int64).alias(LINE))
                _check_field_bytes(df)
                # A worksheet row is the physical line of a workbook.
                lines = df.select(
                    pl.col(LINE), pl.any_horizontal([pl.col(c).str.contains(r"[^\s\u00a0]") for c in cols]).alias("nonblank")
                )
                df = _drop_empty_trailing_columns(df)
            records = df.select(pl.col(LINE).alias("line_end"), pl.lit(None, pl.Int64).alias("fields"))
            tables.append(RawTable(sheet=ws.title, rows=df, encoding=None, lines=lines, records=records))
    finally:
        wb.close()
    return tables


# --------------------------------------------------------------------------- header names


def normalise_header_expr(expr: pl.Expr) -> pl.Expr:
    """Header text -> comparison key: camelCase and snake_case split, casefolded,
    apostrophes dropped, every other run of non-letters/digits (`*`, `£`, `:`,
    brackets, `_`) a single space, trimmed."""
    return (
        expr.str.replace_all(r"([\p{Ll}\p{N}])(\p{Lu})", "$1 $2")
        .str.replace_all(r"(\p{Lu}+)(\p{Lu}\p{Ll})", "$1 $2")
        .str.to_lowercase()
        .str.replace_all(r"['’`]", "")
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )


def normalise_headers(texts: list[str]) -> list[str]:
    """The same normalisation as `normalise_header_expr`, for a few strings."""
    if not texts:
        return []
    return pl.Series("h", list(texts), dtype=pl.String).to_frame().select(normalise_header_expr(pl.col("h"))).to_series().to_list()


def normalise_header(text: str) -> str:
    return normalise_headers([text])[0]


@dataclass(frozen=True)
class Synonym:
    kind: str
    field: str
    synonym: str  # normalised
    priority: int


@lru_cache(maxsize=8)
def _load_synonyms_cached(path: str, mtime: float) -> tuple[Synonym, ...]:
    out: list[Synonym] = []
    seen: dict[tuple[str, str], str] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        lines = (ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#"))
        records = list(csv.DictReader(lines))
    keys = normalise_headers([rec["synonym"] for rec in records])
    for rec, syn in zip(records, keys):
        kind, fld = rec["kind"].strip(), rec["field"].strip()
        key = (kind, syn)
        if key in seen and seen[key] != fld:
            raise ValueError(
                f"{path}: synonym {rec['synonym']!r} of kind {kind!r} names two fields "
                f"({seen[key]!r} and {fld!r}); a header must mean one thing"
            )
        seen[key] = fld
        out.append(Synonym(kind, fld, syn, int(rec["priority"])))
    return tuple(out)


def load_synonyms(kind: str | None = None, path: Path = SYNONYMS_PATH) -> list[Synonym]:
    """Rows of header_synonyms.csv (synonyms normalised), optionally of one kind."""
    rows = _load_synonyms_cached(str(path), Path(path).stat().st_mtime)
    return [s for s in rows if kind is None or s.kind == kind]


# --------------------------------------------------------------------------- overrides


@dataclass
class SourceOverride:
    """A user's correction for files whose source_file matches `glob`.

    columns: canonical field -> source header text (compared normalised) or
    0-based column position; constants: canonical field -> fixed value;
    header_line: the line/row number of the header, when scoring guesses wrong;
    separator: a CSV's field separator (one character), when sniffing guesses wrong.
    """

    glob: str
    kind: str | None = None
    columns: dict[str, str | int] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    header_line: int | None = None
    separator: str | None = None


def load_overrides(path: Path = OVERRIDES_PATH) -> list[SourceOverride]:
    path = Path(path)
    if not path.exists():
        return []
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    out = []
    for i, entry in enumerate(data.get("source", [])):
        if "glob" not in entry:
            raise ValueError(f"{path}: [[source]] entry {i + 1} has no glob")
        unknown = set(entry) - {"glob", "kind", "columns", "constants", "header_line", "separator", "note"}
        if unknown:
            raise ValueError(f"{path}: [[source]] {entry['glob']!r} has unknown keys {sorted(unknown)}")
        out.append(
            SourceOverride(
                glob=entry["glob"],
                kind=entry.get("kind"),
                columns=dict(entry.get("columns", {})),
                constants={k: str(v) for k, v in entry.get("constants", {}).items()},
                header_line=entry.get("header_line"),
                separator=_separator(path, entry),
            )
        )
    return out


def _separator(path: Path, entry: dict) -> str | None:
    sep = entry.get("separator")
    if sep is not None and (not isinstance(sep, str) or len(sep) != 1 or sep in '"\r\n'):
        raise ValueError(f"{path}: [[source]] {entry['glob']!r}: separator must be one character, e.g. \";\" or \"\\t\"; got {sep!r}")
    return sep


def override_for(source_file: str, kind: str, overrides: list[SourceOverride] | None = None) -> SourceOverride | None:
    """The first override whose glob matches source_file (fnmatch: `*` crosses folders)."""
    for ov in load_overrides() if overrides is None else overrides:
        if (ov.kind is None or ov.kind == kind) and fnmatch.fnmatchcase(source_file, ov.glob):
            return ov
    return None


# --------------------------------------------------------------------------- header row


@dataclass
class HeaderMatch:
    """Where the header sits and what it says.

    index: position of the header row in table.rows; line: its line/row number;
    cells: header text per cell column (spacer cells under a merged header take
    the merged cell's text); fields_matched: distinct known fields in the row;
    repeat_indexes: other rows that repeat the header (not data);
    part_indexes: for a header split over two rows, the other row (index is the lower one).
    """

    index: int
    line: int
    cells: list[str]
    score: int
    fields_matched: list[str]
    repeat_indexes: list[int] = field(default_factory=list)
    part_indexes: list[int] = field(default_factory=list)


MIN_HEADER_SCORE = 2
HEAD_SCAN = 500
# A rule reads the words of a header; it returns (field, priority, why) or None.
HeaderRule = Callable[[str], "tuple[str, int, str] | None"]


def _scores(df: pl.DataFrame, cells: list[str], syn: list[Synonym], rules: HeaderRule | None) -> pl.DataFrame:
    """Per row: distinct fields named (by synonym or rule) and distinct fields named by synonym.

    A row qualifies on MIN_HEADER_SCORE fields when at least one is a synonym, or on three
    rule-only fields: data rows ('Total Gas Ltd', 'Payee Services') may trip a rule, rarely three.
    """
    norm = df.select([normalise_header_expr(pl.col(c)).alias(c) for c in cells])
    fields_df = _cell_fields(norm, cells, syn, rules, normalised=True)
    syn_df = _cell_fields(norm, cells, syn, None, normalised=True) if rules is not None else fields_df
    return pl.DataFrame(
        {
            "score": fields_df.select(pl.concat_list(cells).list.drop_nulls().list.unique().list.len()).to_series(),
            "syn": syn_df.select(pl.concat_list(cells).list.drop_nulls().list.unique().list.len()).to_series(),
        }
    ).with_row_index("i").with_columns(
        pl.when((pl.col("syn") >= 1) | (pl.col("score") >= 3)).then(pl.col("score")).otherwise(0).alias("score")
    )


def _best_header_row(df: pl.DataFrame, cells: list[str], syn: list[Synonym], rules: HeaderRule | None = None, offset: int = 0) -> tuple[int, int] | None:
    scored = _scores(df, cells, syn, rules)
    best = scored.sort(["score", "i"], descending=[True, False]).row(0, named=True)
    return (int(best["i"]) + offset, int(best["score"])) if best["score"] >= MIN_HEADER_SCORE else None


def _cell_fields(df: pl.DataFrame, cells: list[str], syn: list[Synonym], rules: HeaderRule | None = None, normalised: bool = False) -> pl.DataFrame:
    """Per cell, the field whose synonym the cell's normalised text is, else the field a rule
    gives its words (or null). `normalised`: the cells already went through normalise_header_expr."""
    lookup = {s.synonym: s.field for s in syn}
    norm = df if normalised else df.select([normalise_header_expr(pl.col(c)).alias(c) for c in cells])
    if rules is not None and cells and norm.height:
        distinct = norm.select(pl.concat_list(cells).explode().unique()).to_series().to_list()
        for k in distinct:
            if k and k not in lookup:
                hit = rules(k)
                if hit is not None:
                    lookup[k] = hit[0]
    keys = list(lookup)
    vals = [lookup[k] for k in keys]
    return norm.select([pl.col(c).replace_strict(keys, vals, default=None, return_dtype=pl.String).alias(c) for c in cells])


def find_header(
    table: RawTable,
    synonyms: list[Synonym] | None = None,
    kind: str = "ledger",
    override: SourceOverride | None = None,
    rules: HeaderRule | None = None,
) -> HeaderMatch | None:
    """The row holding the most distinct known column names (earliest on a tie).

    The first and the last HEAD_SCAN rows are scored (a real council put its header on
    the last line, after its 585 payments), then every row if none of those qualifies, so
    a header under preamble lines, after blank rows, further down or at the end is found
    alike. A header split over two rows (`Payment` over `Date`) is joined when the pair
    names more fields than either row. None when no row names at least MIN_HEADER_SCORE
    distinct known fields. An override's header_line wins over scoring.
    """
    syn = [s for s in (synonyms if synonyms is not None else load_synonyms(kind)) if s.kind == kind]
    df = table.rows
    cells = table.cell_columns
    if df.height == 0 or not cells:
        return None
    parts: list[int] = []
    if override is not None and override.header_line is not None:
        hit = df.with_row_index("i").filter(pl.col(LINE) == override.header_line)
        if hit.height == 0:
            return None
        idx = int(hit["i"][0])
    else:
        # Headers sit near the top or, now and then, at the very end: score those rows, and
        # the whole table only when none qualifies (normalising every cell is the costly
        # part of reading a large file).
        found = [_best_header_row(df.head(HEAD_SCAN), cells, syn, rules)]
        if df.height > HEAD_SCAN:
            tail_start = max(HEAD_SCAN, df.height - HEAD_SCAN)
            found.append(_best_header_row(df.slice(tail_start), cells, syn, rules, offset=tail_start))
        found = [f for f in found if f is not None]
        if not found and df.height > HEAD_SCAN:
            found = [f for f in [_best_header_row(df, cells, syn, rules)] if f is not None]
        if not found:
            return None
        idx, score = max(found, key=lambda f: (f[1], -f[0]))
        idx, parts = _split_header(df, cells, syn, rules, idx, score)
    header = [df[c][idx] for c in cells]
    if parts:
        other = [df[c][parts[0]] for c in cells]
        header = [f"{a.strip()} {b.strip()}".strip() for a, b in zip(other, header)]
    fields_df = _cell_fields(pl.DataFrame({c: [h] for c, h in zip(cells, header)}, schema={c: pl.String for c in cells}), cells, syn, rules)
    matched = sorted({f for f in fields_df.row(0) if f is not None})
    cells_out = _fill_merged_header(df, cells, header)
    repeats = [i for i in _repeat_rows(df, cells, [df[c][idx] for c in cells], idx) if i not in parts]
    return HeaderMatch(
        index=idx,
        line=int(df[LINE][idx]),
        cells=cells_out,
        score=len(matched),
        fields_matched=matched,
        repeat_indexes=repeats,
        part_indexes=parts,
    )


def _split_header(df: pl.DataFrame, cells: list[str], syn: list[Synonym], rules: HeaderRule | None, idx: int, score: int) -> tuple[int, list[int]]:
    """(index of the header's lower row, [its upper row]) when the row above or below
    completes the header, else (idx, []). The other row must hold no digits: a data row's
    '01/04/2024' joined to 'Payment Date' is not a header."""
    best = (score, idx, [])
    for upper, lower in ((idx - 1, idx), (idx, idx + 1)):
        if upper < 0 or lower >= df.height:
            continue
        other = lower if upper == idx else upper
        texts = [df[c][other] for c in cells]
        if not any(t.strip() for t in texts) or any(ch.isdigit() for t in texts for ch in t):
            continue
        joined = [f"{df[c][upper].strip()} {df[c][lower].strip()}".strip() for c in cells]
        frame = pl.DataFrame({c: [j] for c, j in zip(cells, joined)}, schema={c: pl.String for c in cells})
        n = _scores(frame, cells, syn, rules)["score"][0]
        if n > best[0]:
            best = (int(n), lower, [upper])
    return best[1], best[2]


def _fill_merged_header(df: pl.DataFrame, cells: list[str], header: list[str]) -> list[str]:
    """An unnamed column holding data right of a named column without data is
    the second half of a merged header cell: give it the merged cell's text."""
    if all(h.strip() for h in header[1:]):
        # No unnamed column right of another: nothing to fill, and no cell of the table to count.
        return list(header)
    counts = df.select((pl.col(cells) != "").sum()).row(0)
    out = list(header)
    for i in range(1, len(cells)):
        if not out[i].strip() and counts[i] > 1 and out[i - 1].strip() and counts[i - 1] <= 1:
            out[i] = out[i - 1]
            out[i - 1] = ""
    return out


def _loose_key(expr: pl.Expr) -> pl.Expr:
    # Cheap comparison key for spotting a repeated header: casefolded, only letters and digits.
    return expr.str.to_lowercase().str.replace_all(r"[^a-z0-9]+", "")


def _may_equal_ignoring_case(expr: pl.Expr, text: str) -> pl.Expr:
    """True for every cell whose stripped, lowercased text is `text` stripped and lowercased
    (and for a few others). For ASCII text a case-insensitive regex does it: a character whose
    lowercase is ASCII (the Kelvin sign too) is in its letter's case-fold class, and the regex's
    \\s is the whitespace strip_chars strips. Other text: every cell."""
    want = text.strip().lower()
    if not want.isascii():
        return pl.lit(True)
    literal = "".join(ch if ch.isalnum() or ch == " " else f"\\x{{{ord(ch):x}}}" for ch in want)
    return expr.str.contains(rf"(?i)^\s*{literal}\s*$")


def _repeat_rows(df: pl.DataFrame, cells: list[str], header: list[str], idx: int) -> list[int]:
    named = [(c, h) for c, h in zip(cells, header) if h.strip()]
    if not named:
        return []
    keys = pl.DataFrame({"h": [h for _, h in named]}).select(_loose_key(pl.col("h"))).to_series().to_list()
    # Candidates first (some cell equal to its header, ignoring case and padding): the
    # loose key is a regex over every cell, too slow to run on every row of a big file.
    # Lowercasing every cell is itself the cost on a big file, so a regex that matches at least
    # those cells (case-insensitive, anchored: it rejects most cells on their first character)
    # narrows the rows first, and the comparison itself runs on what is left.
    candidate = pl.any_horizontal(
        [pl.col(c).str.strip_chars().str.to_lowercase() == h.strip().lower() for c, h in named]
    )
    rows = df.with_row_index("i").filter(pl.any_horizontal([_may_equal_ignoring_case(pl.col(c), h) for c, h in named]))
    rows = rows.filter(candidate & (pl.col("i") != idx))
    same = pl.sum_horizontal([(_loose_key(pl.col(c)) == k).cast(pl.Int32) for (c, _), k in zip(named, keys)])
    need = max(MIN_HEADER_SCORE, -(-len(named) * 8 // 10))
    return [int(i) for i in rows.filter(same >= need)["i"].to_list()]


# --------------------------------------------------------------------------- column mapping


@dataclass
class ColumnChoice:
    field: str
    column: str  # header text as published
    index: int  # 0-based cell column position
    priority: int | None
    method: str  # synonym | rule | values | override
    reason: str = ""  # why this column could be the field, in words, for audit.ingest_files.mapping


@dataclass
class ColumnMapping:
    """Canonical field -> source column, with what was chosen and what was not."""

    kind: str
    chosen: dict[str, ColumnChoice] = field(default_factory=dict)
    rejected: dict[str, list[ColumnChoice]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    override_glob: str | None = None

    def index_of(self, fld: str) -> int | None:
        c = self.chosen.get(fld)
        return None if c is None else c.index

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "chosen": {k: asdict(v) for k, v in self.chosen.items()},
            "rejected": {k: [asdict(c) for c in v] for k, v in self.rejected.items() if v},
            "constants": self.constants,
            "unmapped": self.unmapped,
            "override": self.override_glob,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)


def map_columns(
    header_cells: list[str],
    kind: str,
    overrides: SourceOverride | None = None,
    synonyms: list[Synonym] | None = None,
    non_empty: list[int] | None = None,
    rules: HeaderRule | None = None,
) -> ColumnMapping:
    """Map canonical fields to header cells.

    Each header cell means at most one field (its normalised text is a synonym
    of that field). When several cells could be one field the lowest priority
    number wins (net amount 1 before gross 3; payment date 1 before effective
    date 5); on equal priority the column with more non-empty values (when
    `non_empty` counts are given), then the leftmost. Losers are kept in
    `rejected`. Override columns and constants beat synonyms. A header that is no
    synonym is read by `rules` (its words), when given.
    """
    syn = [s for s in (synonyms if synonyms is not None else load_synonyms(kind)) if s.kind == kind]
    by_syn = {s.synonym: s for s in syn}
    keys = normalise_headers(header_cells)
    mapping = ColumnMapping(kind=kind)
    candidates: dict[str, list[ColumnChoice]] = {}
    for i, (text, key) in enumerate(zip(header_cells, keys)):
        s = by_syn.get(key) if key else None
        if s is not None:
            why = f"header {text.strip()!r} is a synonym of {s.field} (priority {s.priority})"
            candidates.setdefault(s.field, []).append(ColumnChoice(s.field, text, i, s.priority, "synonym", why))
        elif key and rules is not None:
            hit = rules(key)
            if hit is not None:
                fld, prio, why = hit
                candidates.setdefault(fld, []).append(ColumnChoice(fld, text, i, prio, "rule", f"header {text.strip()!r}: {why}"))

    forced: dict[str, ColumnChoice] = {}
    if overrides is not None:
        mapping.override_glob = overrides.glob
        for fld, ref in overrides.columns.items():
            if isinstance(ref, int):
                if not 0 <= ref < len(header_cells):
                    raise ValueError(f"override {overrides.glob!r}: column {ref} for {fld!r} is out of range")
                forced[fld] = ColumnChoice(fld, header_cells[ref], ref, None, "override", f"source_overrides.toml {overrides.glob!r}: column {ref}")
            else:
                want = normalise_header(ref)
                pos = [i for i, k in enumerate(keys) if k == want]
                if not pos:
                    raise ValueError(
                        f"override {overrides.glob!r}: no column {ref!r} for {fld!r}; columns seen: {header_cells}"
                    )
                forced[fld] = ColumnChoice(fld, header_cells[pos[0]], pos[0], None, "override", f"source_overrides.toml {overrides.glob!r}: {ref!r}")
        mapping.constants = dict(overrides.constants)

    taken = {c.index for c in forced.values()}
    for fld, cands in candidates.items():
        cands = [c for c in cands if c.index not in taken or (fld in forced and forced[fld].index == c.index)]
        ranked = sorted(
            cands,
            key=lambda c: (c.priority, -(non_empty[c.index] if non_empty else 0), c.index),
        )
        if fld in forced:
            mapping.chosen[fld] = forced[fld]
            mapping.rejected[fld] = [c for c in ranked if c.index != forced[fld].index]
        elif ranked and fld not in mapping.constants:
            mapping.chosen[fld] = ranked[0]
            mapping.rejected[fld] = ranked[1:]
        else:
            mapping.rejected[fld] = ranked
    for fld, choice in forced.items():
        mapping.chosen.setdefault(fld, choice)
    used = {c.index for c in mapping.chosen.values()}
    mapping.unmapped = [h for i, h in enumerate(header_cells) if i not in used and h.strip()]
    return mapping


def unique_names(cells: list[str]) -> list[str]:
    """Column names for a header row: repeated names get ' (2)', ' (3)'; blank ones their position.

    Merged cells and spacer columns give repeated or blank headers, which a frame cannot hold.
    """
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(cells):
        name = c.strip() or f"column {i + 1}"
        n = seen.get(name, 0) + 1
        seen[name] = n
        out.append(name if n == 1 else f"{name} ({n})")
    return out
