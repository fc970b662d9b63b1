"""Register rows validated a frame at a time: the rows the register's pydantic model is sure to
accept are read with Polars expressions, and only the rest go through the model one by one.

The model (pipelines/registers/models.py) stays the statement of each register's rules and the
author of every rejection message. This module reads the same rules set-wise, with the same
parsers pipelines.parse applies to ledgers (money, dates, flags, postcodes), and is careful
rather than complete: a row it cannot vouch for (any value it is unsure how the model would read,
such as text outside printable ASCII, or any rule the row might break) is handed to the model, so
a row is only ever loaded with the values, or rejected with the message, the model gives.
tests/registers/test_registers_frame.py holds the two to the same answer over generated rows.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import polars.selectors as cs

from anchorspend.pipelines.parse import _FY_LABEL, normalise_postcode, parse_date, parse_flag, parse_money
from anchorspend.pipelines.registers import models
from anchorspend.pipelines.registers.models import Register

# Values the expressions read exactly as Python does: printable ASCII (and £). Whitespace,
# case and digits mean the same to Polars' and Python's regular expressions and string methods
# there; outside it (a tab, an accented capital) the model decides.
_PLAIN = r"^[\x20-\x7E£]*$"
_BLANKS = ["", "-", "n/a", "N/A"]
_P = "__f_"  # helper columns
OK = "_fast_ok"


def _blank(c: pl.Expr) -> pl.Expr:
    return c.is_null() | c.str.strip_chars().is_in(_BLANKS)


def _text(c: pl.Expr) -> pl.Expr:
    return c.str.replace_all(r"\s+", " ").str.strip_chars()


def _field(frame: pl.DataFrame, name: str, func: Callable) -> tuple[pl.DataFrame, pl.Expr, pl.Expr]:
    """(frame with any helper columns, the field's value, whether the model would accept it
    with that value) for the field validated by `func`."""
    c = pl.col(name)
    blank = _blank(c)
    required = func in (models.required_text, models.required_date, models.required_money, models.required_unit) or hasattr(
        func, "lookup"
    )
    present = pl.lit(True) if not required else ~blank
    if func in (models.required_text, models.optional_text):
        return frame, pl.when(blank).then(None).otherwise(_text(c)), present
    if func in (models.required_date, models.optional_date):
        frame = parse_date(frame, name, _P + name, _P + "r_" + name)
        value = pl.when(blank).then(None).otherwise(pl.col(_P + name))
        return frame, value, present & (blank | pl.col(_P + name).is_not_null())
    if func in (models.required_money, models.optional_money, models.optional_count):
        frame = parse_money(frame, name, _P + name, _P + "r_" + name)
        number = pl.when(blank).then(None).otherwise(pl.col(_P + name))
        ok = present & (blank | (pl.col(_P + name).is_not_null() & (pl.col(_P + name) >= 0)))
        if func is models.optional_count:
            whole = number.cast(pl.Int64, strict=False)
            return frame, whole, ok & (blank | (whole.cast(pl.Decimal(18, 2)) == number))
        return frame, number, ok
    if func is models.optional_flag:
        flag = parse_flag(c)
        return frame, pl.when(blank).then(None).otherwise(flag), blank | flag.is_not_null()
    if func is models.optional_postcode:
        postcode = normalise_postcode(c)
        return frame, pl.when(blank).then(None).otherwise(postcode), blank | postcode.is_not_null()
    if func is models.optional_financial_year:
        groups = c.str.strip_chars().str.extract_groups(_FY_LABEL)
        start = groups.struct.field("1").cast(pl.Int64)
        end = groups.struct.field("2").cast(pl.Int64)
        valid = (end % 100 == (start + 1) % 100) & ((end < 100) | (end == start + 1))
        label = pl.concat_str(start.cast(pl.String), pl.lit("/"), ((start + 1) % 100).cast(pl.String).str.zfill(2))
        return frame, pl.when(blank).then(None).otherwise(label), blank | valid.fill_null(False)
    if func is models.optional_toms_code:
        groups = c.str.strip_chars().str.to_uppercase().str.extract_groups(models.TOMS_CODE)
        code = groups.struct.field("1") + groups.struct.field("2")
        return frame, pl.when(blank).then(None).otherwise(code), blank | code.is_not_null()
    if func is models.required_unit:
        lower = _text(c).str.to_lowercase()
        return frame, pl.when(lower.is_in(list(models.UNIT_GBP))).then(pl.lit("£")).otherwise(lower), present
    if hasattr(func, "lookup"):  # a choice among fixed values (models._choice)
        key = c.str.to_lowercase().str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars()
        choice = key.replace_strict(func.lookup, default=None, return_dtype=pl.String)
        return frame, choice, present & choice.is_not_null()
    raise TypeError(f"no set-wise reading for {func!r}: add one, or the register cannot load")


def _validator(register: Register, name: str) -> Callable:
    [func] = [m.func for m in register.model.model_fields[name].metadata if hasattr(m, "func")]
    return func


def sure_rows(register: Register, rows: pl.DataFrame) -> pl.DataFrame:
    """`rows` (raw text by field, and `_line`) with each field as the model reads it and OK:
    True where the model is sure to accept the row with exactly those values, False where only
    the model can say (it may still accept the row)."""
    fields = register.fields
    frame = rows.with_columns(pl.col(f).cast(pl.String) for f in fields)
    values, oks = [], [pl.all_horizontal([pl.col(f).is_null() | pl.col(f).str.contains(_PLAIN) for f in fields])]
    for name in fields:
        frame, value, ok = _field(frame, name, _validator(register, name))
        values.append(value.alias(_P + "v_" + name))
        oks.append(ok)
    frame = frame.with_columns(*values, pl.all_horizontal(oks).fill_null(False).alias(OK))
    frame = frame.select("_line", OK, *[pl.col(_P + "v_" + n).alias(n) for n in fields])
    # The model's rules across fields, once every field is read.
    return frame.with_columns((pl.col(OK) & register.model.holds().fill_null(False)).alias(OK)).drop(cs.starts_with(_P))


__all__ = ["OK", "sure_rows"]
