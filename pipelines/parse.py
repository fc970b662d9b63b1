"""The one parsing kernel: money, date, flag (yes/no), postcode and financial year.

Each is a set-based Polars expression (never via a float), with a scalar wrapper
(`*_text`) that runs one value through the same expression, for the registers'
row-wise pydantic validators. Ledgers, supplier files and registers therefore read
'3rd Apr 2023', 'Y' or 'lu1 2ab' the same way.

Money and date parsers add two columns to a frame: the parsed value and a reason
(null when the value parsed), so the caller can reject a line with a message that
quotes what the file said.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar

import polars as pl
import polars.selectors as cs

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)

MONEY = pl.Decimal(18, 2)
# DECIMAL(18,2) holds 16 integer digits; more cannot be stored, and cannot be summed in Int64 cents.
_MAX_INT_DIGITS = 16
# No single payment by a UK public body reaches £1,000,000,000,000 (more than a year of all UK
# public spending): an amount that large is a reference number read as money, refused per line
# rather than left to overflow a total or block the warehouse's checks.
IMPOSSIBLE_AMOUNT = Decimal("1000000000000.00")
_IMPOSSIBLE_CENTS = int(IMPOSSIBLE_AMOUNT * 100)

# Whitespace as it arrives from spreadsheets: NBSP, narrow NBSP, tabs.
_WS = r"[\s\u00a0\u202f]"


def quoted(expr: pl.Expr) -> pl.Expr:
    """'text' as published, for rejection reasons, quoted as Python quotes a string: a quote
    or backslash inside is escaped, so `mask_quoted` finds where the value ends
    ('Mrs Ann O\\'Brien' is one value, not 'Mrs Ann O' and a stray Brien)."""
    return pl.lit("'") + expr.str.replace_all("\\", "\\\\", literal=True).str.replace_all("'", "\\'", literal=True) + pl.lit("'")


def quoted_text(value: object) -> str:
    """The scalar twin of `quoted`: repr of the text, always in single quotes."""
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


# Characters that open a quoted value in a message: ASCII quotes and the curly ones.
_OPEN = {"'": "'", '"': '"', "\u2018": "\u2019", "\u201c": "\u201d"}
MASK = "…"


def mask_quoted(text: str | None) -> str | None:
    """Every quoted value in a message replaced by '…', found by reading the quoting, not by a
    pattern: a value opens with a quote that does not follow a letter or digit (so the
    apostrophe in `file's` opens nothing) and runs to its closing quote, skipping quotes
    escaped with a backslash (Python repr and `quoted` both escape). So
    `got "Mrs Ann O'Brien"` and `got 'Mrs Ann O\\'Brien'` both become `got '…'`. An opening
    quote with no closing one masks the rest of the text: leaking nothing wins over
    readability."""
    if text is None:
        return None
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        close = _OPEN.get(ch)
        if close is None or (i > 0 and text[i - 1].isalnum()):
            out.append(ch)
            i += 1
            continue
        j = i + 1
        while j < n and text[j] != close:
            j += 2 if text[j] == "\\" else 1
        out.append("'" + MASK + "'")
        i = j + 1
    return "".join(out)


# A label cell saying this row sums others: 'Total', 'Grand total', 'Sub-total', 'TOTAL SPEND',
# 'Total for May:'. A supplier called 'Total Gas & Power' is not one. Ledgers and supplier files
# read totals rows by this one label rule.
TOTALS_RE = r"(?i)^\s*(grand\s+|sub[\s-]*)?totals?\s*(:.*|for\b.*|(spend|paid|payments?|amount|value|expenditure)\s*:?)?\s*$"


# An amount written with a decimal comma (`12,00`, `1.234,56`): refused by parse_money,
# since `1,23` could as well be a mistyped thousands separator, but worth saying per file.
DECIMAL_COMMA = r"(?i)^[\s£(+-]*[0-9]{1,3}(\.[0-9]{3})*,[0-9]{1,2}[\s)-]*(cr)?$|^[\s£(+-]*[0-9]+,[0-9]{1,2}[\s)-]*(cr)?$"


def decimal_comma_count(frame: pl.DataFrame, column: str) -> int:
    """How many values of text column `column` look like amounts with a decimal comma."""
    return int(frame.select(pl.col(column).str.contains(DECIMAL_COMMA).sum()).item() or 0)


# The form nearly every amount of a machine export takes ('4229.35', '-12', '0.5'): at most 12
# integer digits (so below IMPOSSIBLE_AMOUNT) and at most two decimals. Such text is its own
# exact DECIMAL(18,2), so the full rules could only agree with a plain cast (a test holds
# them to it); every other value goes through the rules, once per distinct value.
PLAIN_MONEY = r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"


def parse_money(frame: FrameT, column: str, value: str = "amount", reason: str = "amount_reason") -> FrameT:
    """Add `value` (Decimal(18,2)) and `reason` (null when it parsed) from text column `column`.

    Accepted: `1234.5`, `£1,234.56`, `(1,234.56)`, `1,234.56-`, `-£12.00`,
    `+12`, `12.00 CR`, surrounding spaces, Excel float noise
    (`1041.4099999999999` -> 1041.41, ROUND_HALF_UP on the third decimal and
    beyond, on the magnitude, as decimal.ROUND_HALF_UP does). Thousands
    separators must sit in groups of three (`1,23` is refused: it could be a
    decimal comma). Empty -> reason 'missing amount'.

    A plain amount (PLAIN_MONEY) is cast directly; the rest are read by `money_rules`,
    each distinct text once.
    """
    p = "__m_"
    frame = frame.with_columns(pl.col(column).str.contains(PLAIN_MONEY).fill_null(False).alias(p + "plain"))
    rest = money_rules(frame.filter(~pl.col(p + "plain")).select(pl.col(column)).unique(), column, p + "v", p + "r")
    if isinstance(rest, pl.DataFrame) and rest.height == 0:
        frame = frame.with_columns(pl.lit(None, MONEY).alias(p + "v"), pl.lit(None, pl.String).alias(p + "r"))
    else:
        frame = frame.join(rest, on=column, how="left", nulls_equal=True, maintain_order="left")
    plain = pl.col(p + "plain")
    frame = frame.with_columns(
        pl.when(plain).then(pl.col(column).cast(MONEY, strict=False)).otherwise(pl.col(p + "v")).alias(value),
        pl.when(plain).then(pl.lit(None, pl.String)).otherwise(pl.col(p + "r")).alias(reason),
    )
    return frame.drop(cs.starts_with(p))


def money_rules(frame: FrameT, column: str, value: str = "amount", reason: str = "amount_reason") -> FrameT:
    """`parse_money`'s full rules, on every row: what a plain amount's cast must agree with.

    Built in stages of helper columns: reusing one expression in many branches
    would copy it into the plan each time (this was 400x slower).
    """
    raw = pl.col(column)
    p = "__r_"
    frame = frame.with_columns(
        # Full-width digits and signs (５００.００, as Japanese and Chinese input methods type them)
        # fold to ASCII on purpose; every other non-ASCII digit is refused with a reason below,
        # since only [0-9] counts as a digit from here on.
        raw.str.normalize("NFKC")
        # Spaces between digits are not a thousands separator we trust ('12 34'): keep them so it fails.
        .str.replace_all(r"([0-9])" + _WS + r"+([0-9])", "$1#$2")
        .str.replace_all(r"(?i)Â?£|gbp", "")
        .str.replace_all(_WS, "")
        .alias(p + "s")
    )
    s = pl.col(p + "s")
    frame = frame.with_columns(s.str.contains(r"^\(.*\)$").alias(p + "paren"))
    frame = frame.with_columns(
        pl.when(pl.col(p + "paren")).then(s.str.slice(1, s.str.len_chars() - 2)).otherwise(s).alias(p + "s1")
    )
    s1 = pl.col(p + "s1")
    frame = frame.with_columns(
        s1.str.starts_with("-").alias(p + "lead_minus"),
        s1.str.starts_with("+").alias(p + "lead_plus"),
    )
    frame = frame.with_columns(
        pl.when(pl.col(p + "lead_minus") | pl.col(p + "lead_plus")).then(s1.str.slice(1)).otherwise(s1).alias(p + "s2")
    )
    s2 = pl.col(p + "s2")
    frame = frame.with_columns(
        s2.str.ends_with("-").alias(p + "trail_minus"),
        s2.str.to_uppercase().str.ends_with("CR").alias(p + "trail_cr"),
    )
    frame = frame.with_columns(
        pl.when(pl.col(p + "trail_minus"))
        .then(s2.str.slice(0, s2.str.len_chars() - 1))
        .when(pl.col(p + "trail_cr"))
        .then(s2.str.slice(0, s2.str.len_chars() - 2))
        .otherwise(s2)
        .alias(p + "s3"),
        (
            pl.col(p + "paren").cast(pl.Int8)
            + pl.col(p + "lead_minus").cast(pl.Int8)
            + pl.col(p + "trail_minus").cast(pl.Int8)
            + pl.col(p + "trail_cr").cast(pl.Int8)
        ).alias(p + "n_neg"),
    )
    s3 = pl.col(p + "s3")
    frame = frame.with_columns(
        (s3.str.contains(r"^([0-9]{1,3}(,[0-9]{3})+|[0-9]+)?(\.[0-9]*)?$") & s3.str.contains(r"[0-9]")).alias(p + "grouped_ok"),
        s3.str.replace_all(",", "").alias(p + "digits"),
    )
    digits = pl.col(p + "digits")
    frame = frame.with_columns(
        digits.str.extract(r"^([0-9]*)", 1).str.strip_chars_start("0").alias(p + "int"),
        digits.str.extract(r"\.([0-9]*)$", 1).fill_null("").alias(p + "frac"),
    )
    frac = pl.col(p + "frac")
    frame = frame.with_columns((pl.col(p + "int").str.len_chars() > _MAX_INT_DIGITS).alias(p + "too_big"))
    n_neg = pl.col(p + "n_neg")
    frame = frame.with_columns(
        (
            (raw.is_null() | (s == "") | (s == "-")).alias(p + "empty")
        ),
        # Cents as an integer, then back to a canonical 'i.ff' string: exact, no float.
        pl.when(pl.col(p + "too_big"))
        .then(None)
        .otherwise(
            (pl.col(p + "int") + (frac + pl.lit("00")).str.slice(0, 2)).cast(pl.Int64, strict=False)
            + frac.str.slice(2, 1).is_in(["5", "6", "7", "8", "9"]).cast(pl.Int64)
        )
        .alias(p + "cents"),
    )
    cents = pl.col(p + "cents")
    # Rounding can carry into a new digit (999999999999.995 -> 1000000000000.00): judge the
    # size on the rounded cents, so the bound holds for what would be stored.
    frame = frame.with_columns(
        (pl.col(p + "too_big") | (cents >= _IMPOSSIBLE_CENTS).fill_null(False)).alias(p + "too_big")
    )
    frame = frame.with_columns(
        (
            ~pl.col(p + "empty")
            & pl.col(p + "grouped_ok")
            & (n_neg <= 1)
            & ~(pl.col(p + "lead_plus") & (n_neg > 0))
            & ~pl.col(p + "too_big")
            & cents.is_not_null()
        ).alias(p + "ok")
    )
    ok = pl.col(p + "ok")
    frame = frame.with_columns(
        pl.when(ok)
        .then(
            pl.when((n_neg > 0) & (cents > 0)).then(pl.lit("-")).otherwise(pl.lit(""))
            + (cents // 100).cast(pl.String)
            + pl.lit(".")
            + (cents % 100).cast(pl.String).str.zfill(2)
        )
        .otherwise(None)
        .cast(MONEY, strict=False)
        .alias(value),
    )
    # Total by construction: a line without an amount always has a reason.
    frame = frame.with_columns(
        pl.when(pl.col(p + "empty"))
        .then(pl.lit("missing amount"))
        .when(pl.col(p + "too_big") & pl.col(p + "grouped_ok"))
        .then(pl.lit("amount out of range: ") + quoted(raw))
        .when(~ok | pl.col(value).is_null())
        .then(pl.lit("amount unparseable: ") + quoted(raw))
        .otherwise(None)
        .alias(reason),
    )
    return frame.drop(cs.starts_with(p))


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
)}

_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december"]

# Excel's day 0 is 1899-12-30 (it counts 1900 as a leap year, so this epoch is right from March 1900).
_EXCEL_EPOCH = pl.date(1899, 12, 30)
# Serials between these bounds are dates 1954..2119; anything else is not a plausible serial.
_SERIAL_MIN, _SERIAL_MAX = 20000, 80000
MIN_YEAR, MAX_YEAR = 1990, 2099


def parse_money_text(text: str) -> tuple[Decimal | None, str | None]:
    """One value through `parse_money`, for row-wise validators (the registers' pydantic
    models) that must read money exactly as ledgers do: (amount, None) or (None, reason)."""
    return _read_one("money", text)


def parse_date(frame: FrameT, column: str, value: str = "payment_date", reason: str = "date_reason") -> FrameT:
    """Add `value` (Date) and `reason` (null when it parsed) from text column `column`. Day-first always.

    Accepted: dd/mm/yyyy, d/m/yy (also with - or .), ISO yyyy-mm-dd (time of
    day ignored), 03-JUL-2023, 3 Apr 2023, 3 April 23, Excel serial numbers
    (45017 or 45017.0). Two-digit years are 20yy. A date that names no real
    day (31/02/2024) or falls outside 1990-2099 is refused as
    "invalid date '31/02/2024'"; empty as 'missing payment date'.
    """
    raw = pl.col(column)
    p = "__d_"
    frame = frame.with_columns(
        raw.str.replace_all(_WS, " ")
        .str.strip_chars()
        .str.replace(r"(?i)[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?[ap]m)?$", "")
        .alias(p + "s")
    )
    s = pl.col(p + "s")
    frame = frame.with_columns(
        s.str.extract_groups(r"^(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})$").alias(p + "iso"),
        s.str.extract_groups(r"^(?<d>\d{1,2})[-/.](?<m>\d{1,2})[-/.](?<y>\d{2}|\d{4})$").alias(p + "dmy"),
        s.str.extract_groups(
            r"^(?<d>\d{1,2})(?:st|nd|rd|th)?[ \-/.]+(?<m>[A-Za-z]{3,9})\.?[ \-/.,]+(?<y>\d{2}|\d{4})$"
        ).alias(p + "named"),
        s.str.extract(r"^(\d{5})(?:\.\d+)?$", 1).cast(pl.Int64, strict=False).alias(p + "serial"),
    )
    iso, dmy, named = pl.col(p + "iso"), pl.col(p + "dmy"), pl.col(p + "named")
    frame = frame.with_columns(named.struct.field("m").str.to_lowercase().alias(p + "mtext"))
    m_text = pl.col(p + "mtext")
    frame = frame.with_columns(
        m_text.str.slice(0, 3)
        .replace_strict(list(_MONTHS), [str(v) for v in _MONTHS.values()], default=None, return_dtype=pl.String)
        .alias(p + "mnum"),
        m_text.str.slice(0, 3)
        .replace_strict(list(_MONTHS), _MONTH_NAMES, default=None, return_dtype=pl.String)
        .alias(p + "mfull"),
    )
    frame = frame.with_columns(
        pl.coalesce(iso.struct.field("y"), dmy.struct.field("y"), named.struct.field("y")).alias(p + "y"),
        pl.coalesce(iso.struct.field("m"), dmy.struct.field("m"), pl.col(p + "mnum")).alias(p + "m"),
        pl.coalesce(iso.struct.field("d"), dmy.struct.field("d"), named.struct.field("d")).alias(p + "d"),
        # A month name must be a prefix of the real one (Sep, Sept, September; not Sepx).
        (m_text.is_null() | pl.col(p + "mfull").str.starts_with(m_text).fill_null(False)).alias(p + "mname_ok"),
    )
    y = pl.col(p + "y")
    frame = frame.with_columns(
        pl.coalesce(
            (
                pl.when(y.str.len_chars() == 2).then(pl.lit("20") + y).otherwise(y)
                + pl.lit("-")
                + pl.col(p + "m").str.zfill(2)
                + pl.lit("-")
                + pl.col(p + "d").str.zfill(2)
            ).str.to_date("%Y-%m-%d", strict=False),
            pl.when(pl.col(p + "serial").is_between(_SERIAL_MIN, _SERIAL_MAX))
            .then(_EXCEL_EPOCH + pl.duration(days=pl.col(p + "serial")))
            .otherwise(None),
        ).alias(p + "v")
    )
    v = pl.col(p + "v")
    frame = frame.with_columns(
        pl.when(pl.col(p + "mname_ok") & v.dt.year().is_between(MIN_YEAR, MAX_YEAR)).then(v).otherwise(None).alias(value)
    )
    frame = frame.with_columns(
        pl.when(raw.is_null() | (s == ""))
        .then(pl.lit("missing payment date"))
        .when(pl.col(value).is_null())
        .then(pl.lit("invalid date ") + quoted(raw))
        .otherwise(None)
        .alias(reason)
    )
    return frame.drop(cs.starts_with(p))


def parse_date_text(text: str) -> tuple[date | None, str | None]:
    """One value through `parse_date`: (date, None) or (None, reason)."""
    return _read_one("date", text)


# What parse_money_text and parse_date_text have read, by text. Each value costs a whole frame
# through the parser, so a caller about to ask about many values reads them all at once first
# (read_texts): a register of a few hundred rows took seconds one frame at a time.
_READ: dict[str, dict[str, tuple]] = {"money": {}, "date": {}}
_READ_MAX = 100_000


def read_texts(texts: Iterable[str | None]) -> None:
    """Read every text in `texts` as money and as a date, in one frame per parser, so that the
    parse_money_text and parse_date_text calls that follow answer from memory."""
    wanted = list(dict.fromkeys(t for t in texts if isinstance(t, str)))
    for kind in _READ:
        _read_many(kind, wanted)


def _read_one(kind: str, text: str) -> tuple:
    found = _READ[kind].get(text)
    if found is None:
        _read_many(kind, [text])
        found = _READ[kind][text]
    return found


def _read_many(kind: str, texts: list[str]) -> None:
    known = _READ[kind]
    new = [t for t in texts if t not in known]
    if not new:
        return
    if len(known) + len(new) > _READ_MAX:
        known.clear()
    frame = pl.DataFrame({"v": new}, schema={"v": pl.String})
    if kind == "money":
        out = parse_money(frame, "v").select("v", "amount", "amount_reason")
    else:
        out = parse_date(frame, "v").select("v", "payment_date", "date_reason")
    # Keyed by the text the parser hands back, whatever order its joins leave the rows in.
    known.update((text, (value, reason)) for text, value, reason in out.iter_rows())


# --------------------------------------------------------------------------- flags

# One yes/no vocabulary for every flag column (SME, VCS, local): the generic words, plus the
# words a column uses to name its own classification ('SME' in an SME column, 'Large').
FLAG_TRUE = ("y", "yes", "true", "t", "1", "sme", "vcse", "vcs", "local")
FLAG_FALSE = ("n", "no", "false", "f", "0", "non-sme", "non sme", "not sme", "large", "not local")


def parse_flag(expr: pl.Expr) -> pl.Expr:
    """Yes/No/Y/N/True/False/1/0 -> bool; 'Various', '-', blank, 'Noo' and other junk -> NULL."""
    s = expr.cast(pl.String).str.strip_chars().str.to_lowercase()
    return pl.when(s.is_in(FLAG_TRUE)).then(True).when(s.is_in(FLAG_FALSE)).then(False).otherwise(None)


@lru_cache(maxsize=256)
def parse_flag_text(text: str | None) -> bool | None:
    """One value through `parse_flag`: True, False, or None when it is not a yes/no word."""
    return pl.DataFrame({"v": [text]}, schema={"v": pl.String}).select(parse_flag(pl.col("v"))).item()


# --------------------------------------------------------------------------- postcodes

# Royal Mail format: outward = area (1-2 letters) + district (digit + optional digit/letter),
# inward = sector digit + unit (2 letters). GIR 0AA is the one historic exception.
FULL_POSTCODE = r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$"
OUTWARD_ONLY = r"^[A-Z]{1,2}[0-9][A-Z0-9]?$"


# A postcode the Royal Mail could issue, letters barred from each position included, in
# "OUTWARD INWARD" form: what the data-quality check asks of an extract's postcodes. Reading is
# more generous on purpose (FULL_POSTCODE): an impossible unit ('LU1 2AC') still names its
# outward code, and the outward code alone locates a supplier.
VALID_POSTCODE = (
    r"^(?:GIR 0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]?|[0-9][A-HJKPS-UW])"
    r" [0-9][ABD-HJLNP-UW-Z]{2})$"
)


def _squashed_postcode(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).str.to_uppercase().str.replace_all(r"[^A-Z0-9]", "")


def postcode_spaced(expr: pl.Expr) -> pl.Expr:
    """Any raw value in postcode form, valid or not: 'lu12ab' -> 'LU1 2AB', 'LUTON' -> 'LU TON'."""
    squashed = _squashed_postcode(expr)
    return squashed.str.slice(0, squashed.str.len_chars() - 3) + " " + squashed.str.slice(-3)


def normalise_postcode(expr: pl.Expr) -> pl.Expr:
    """'lu12ab', ' LU1  2AB ' -> 'LU1 2AB'; anything that is not a full UK postcode -> NULL."""
    squashed = _squashed_postcode(expr)
    return (
        pl.when(squashed == "GIR0AA")
        .then(pl.lit("GIR 0AA"))
        .when(squashed.str.contains(FULL_POSTCODE))
        .then(squashed.str.replace(FULL_POSTCODE, "$1 $2"))
        .otherwise(None)
    )


def postcode_outward(expr: pl.Expr) -> pl.Expr:
    """Outward code of a raw postcode, also when only the outward code was given ('LU1')."""
    squashed = _squashed_postcode(expr)
    return (
        pl.when(squashed.str.contains(FULL_POSTCODE))
        .then(squashed.str.replace(FULL_POSTCODE, "$1"))
        .when(squashed.str.contains(OUTWARD_ONLY))
        .then(squashed)
        .otherwise(None)
    )


def postcode_area(outward: pl.Expr) -> pl.Expr:
    """'LU1' -> 'LU', 'M8' -> 'M'."""
    return outward.str.extract(r"^([A-Z]{1,2})", 1)


@lru_cache(maxsize=4096)
def normalise_postcode_text(text: str | None) -> str | None:
    """One value through `normalise_postcode`: 'LU1 2AB', or None when it is no full postcode."""
    return pl.DataFrame({"v": [text]}, schema={"v": pl.String}).select(normalise_postcode(pl.col("v"))).item()


# --------------------------------------------------------------------------- financial year

# The UK public-sector financial year: 1 April to 31 March, labelled '2017/18'.


def financial_year_start(d: date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def financial_year(d: date) -> str:
    start = financial_year_start(d)
    return f"{start}/{(start + 1) % 100:02d}"


def financial_year_expr(dates: pl.Expr) -> pl.Expr:
    """The same label as `financial_year`, set-wise over a Polars date column."""
    start = dates.dt.year() - (dates.dt.month() < 4).cast(pl.Int32)
    return pl.concat_str(start.cast(pl.String), pl.lit("/"), ((start + 1) % 100).cast(pl.String).str.zfill(2))


# A label as people type it: '2019/20', '2019-20', 'FY 2019/2020'.
_FY_LABEL = r"(?i)^(?:FY\s*)?(\d{4})\s*[/\-]\s*(\d{2}|\d{4})$"


def parse_financial_year_text(text: str) -> str | None:
    """'2019-20', 'FY2019/2020' -> '2019/20'; None when it is not one April-March year."""
    import re

    m = re.match(_FY_LABEL, text.strip())
    if not m:
        return None
    start, end = int(m[1]), int(m[2])
    if end % 100 != (start + 1) % 100 or (end >= 100 and end != start + 1):
        return None
    return f"{start}/{(start + 1) % 100:02d}"
