"""Supplier names, company and charity numbers, as Polars expressions (flags: pipelines.parse).

The normalised name is the matching key: two spellings of one supplier must give the same
key, and the key must not carry words that differ between spellings of one legal person
(a trailing `Ltd`, `Limited`, `PLC`, a leading `The`, `&` vs `and`). The legal form itself is
evidence for classification, so it is read from the raw name separately (see legal_forms.csv).
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from anchorspend.pipelines.config import REFERENCE_DATA

LEGAL_FORMS = REFERENCE_DATA / "legal_forms.csv"

# Word-level spellings folded to one form before suffixes are stripped. Applied to the
# lower-cased, punctuation-free name padded with spaces, so each pattern is whole words.
_CANONICAL_WORDS: list[tuple[str, str]] = [
    (r" public limited company ", " plc "),
    (r" p l c ", " plc "),
    (r" community interest company ", " cic "),
    (r" c i c ", " cic "),
    (r" charitable incorporated organisation ", " cio "),
    (r" limited liability partnership ", " llp "),
    (r" limited ", " ltd "),
    (r" l t d ", " ltd "),
    (r" incorporated ", " inc "),
    (r" company ", " co "),
]
# Legal-form words dropped from the end of the key (repeatedly: 'x ltd plc' -> 'x').
_TRAILING_FORMS = r"(?:\s+(?:ltd|plc|llp|lp|cic|cio|inc|co ltd|uk ltd))+$"

# What may follow 'name removed' or 'data protection' in a label: punctuation or a reason
# ('- personal data', 'for data protection reasons'), never more name ('Names Removed Ltd').
_TAIL = r"(\s*[-:(/,].*|\s+(for|under|due|as|per)\b.*)?"

# Payees whose name is withheld. Never matched to a company, never shown by name.
# Whole-label phrases only where a company could be named with the same words: 'Private
# Healthcare Ltd', 'Individual Solutions Ltd', 'Data Protection Consultants Ltd' are suppliers.
REDACTED_PATTERN = (
    r"(?i)^\s*("
    r"redacted.*|.*\bredacted\b.*|"
    r".*personal\s+(data|information|details)\b.*|"
    r"(name\s+)?withheld.*|.*\bwithheld\b.*|"
    r"private\s+(individual|person|payee)s?|individual(s)?|individual\s+payees?|"
    r"(strictly\s+)?private\s*(&|and)\s*confidential|"
    r"((.*\b)?(name|names|details)\s+)?removed" + _TAIL + "|"
    r"not\s+disclosed|undisclosed|(strictly\s+)?confidential(\s+payee)?|"
    r"data\s+protection(\s+act)?(\s+\d{4})?" + _TAIL + r"|.*\bgdpr\b.*|"
    r"[\s*x#-]*"
    r")\s*$"
)
REDACTED_DISPLAY_NAME = "Redacted (personal data)"
REDACTED_KEY = "redacted"


def name_text(expr: pl.Expr) -> pl.Expr:
    """The words of a name as every name rule reads them: accents folded, lower case, '&' and '+'
    as 'and', punctuation as spaces, padded with a space each side so patterns match whole
    words. 'Fire + Rescue, Ltd.' -> ' fire and rescue ltd '."""
    s = (
        expr.cast(pl.String)
        # Accents folded, not dropped: 'Pâtisserie' and 'Patisserie' are one word.
        .str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}", "")
        .str.to_lowercase()
        .str.replace_all(r"[\u2018\u2019'`]", "")  # o'neill -> oneill, st. john's -> st johns
        .str.replace_all(r"\+|&", " and ")
        .str.replace_all(r"[^0-9a-z]+", " ")
    )
    return pl.concat_str(pl.lit(" "), s, pl.lit(" "))


def normalise_name(expr: pl.Expr) -> pl.Expr:
    """'The Acme & Sons Limited.' -> 'acme and sons'. NULL or empty -> NULL."""
    s = name_text(expr)
    for pattern, repl in _CANONICAL_WORDS:
        # Run twice: overlapping matches ('x ltd ltd ') share the separating space.
        s = s.str.replace_all(pattern, repl).str.replace_all(pattern, repl)
    s = s.str.replace_all(r"\s+", " ").str.strip_chars()
    s = s.str.replace(r"^the ", "")
    s = s.str.replace(_TRAILING_FORMS, "")
    s = s.str.strip_chars()
    return pl.when(s.str.len_chars() > 0).then(s).otherwise(None)


def is_redacted(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).fill_null("").str.contains(REDACTED_PATTERN)


# Companies House number prefixes (Scotland, Northern Ireland, LLPs, societies, ...): two
# letters then six digits. Everything else that is all digits is an England & Wales company
# whose leading zeros a spreadsheet ate.
_CH_PREFIXES = "SC|NI|OC|SO|NC|R0|IP|SP|RS|CE|CS|FC|GE|GS|LP|SL|NL|NF|NO|NP|NR|NZ|SE|ES|IC|SI|SA|RC|SR|PC|ZC|OE"


def normalise_company_number(expr: pl.Expr) -> pl.Expr:
    """'2535986' -> '02535986'; 'sc 123456' -> 'SC123456'; 'SC12345' -> 'SC012345'; junk -> NULL."""
    s = expr.cast(pl.String).str.to_uppercase().str.replace_all(r"[\s.\-/]", "")
    s = s.str.replace(r"^0+(SC|NI|OC|SO)", "$1")  # '0SC123456' seen in exports that pad the text
    digits = s.str.contains(r"^\d{1,8}$")
    prefixed = s.str.extract(rf"^({_CH_PREFIXES})(\d{{1,6}})$", 1)
    prefixed_num = s.str.extract(rf"^(?:{_CH_PREFIXES})(\d{{1,6}})$", 1)
    return (
        pl.when(digits & (s.str.replace_all("0", "") != ""))
        .then(s.str.zfill(8))
        .when(prefixed.is_not_null())
        .then(pl.concat_str(prefixed, prefixed_num.str.zfill(6)))
        .otherwise(None)
    )


def normalise_charity_number(expr: pl.Expr) -> pl.Expr:
    """England & Wales '1049226', 'CHA1049226', 'Reg. charity 202918-1' -> '1049226' / '202918';
    Scottish 'SC012345' stays as is. Junk -> NULL."""
    s = expr.cast(pl.String).str.to_uppercase().str.replace_all(r"\s", "")
    scottish = s.str.extract(r"^(SC0\d{5})$", 1)
    ew = s.str.replace(r"^(?:CHA|CHARITY|REGCHARITY|REG\.?CHARITY|RC|CC|NO\.?|REG\.?(?:NO\.?)?)?[:#]?", "").str.extract(
        r"^(\d{6,7})(?:-\d{1,2})?$", 1
    )
    return pl.coalesce(scottish, ew)


@lru_cache(maxsize=1)
def legal_forms() -> pl.DataFrame:
    return pl.read_csv(LEGAL_FORMS, infer_schema=False).with_columns(
        pl.col("is_sme").replace_strict({"true": True, "false": False, "": None}, default=None, return_dtype=pl.Boolean),
        pl.col("is_vcs").replace_strict({"true": True, "false": False, "": None}, default=None, return_dtype=pl.Boolean),
        pl.col("priority").cast(pl.Int32),
    )


def name_rule(names: pl.Series) -> pl.DataFrame:
    """Legal-form evidence per distinct raw name: name, form, rule_sme, rule_vcs.

    The first rule (by priority) whose pattern occurs in the name's name_text (the same words
    normalise_name starts from) decides. Rules are in reference_data/legal_forms.csv.
    """
    rules = legal_forms().sort("priority").to_dicts()
    frame = pl.DataFrame({"name": names.cast(pl.String)}).unique().drop_nulls()
    # The text once, each rule's hit once, then one first-match chain over the hit columns.
    frame = frame.with_columns(name_text(pl.col("name")).alias("_text"))
    frame = frame.with_columns(pl.col("_text").str.contains(r["pattern"]).alias(f"_hit{i}") for i, r in enumerate(rules))
    if not rules:
        return frame.select("name", pl.lit(None, pl.String).alias("form"), pl.lit(None, pl.Boolean).alias("rule_sme"), pl.lit(None, pl.Boolean).alias("rule_vcs"))

    def chain(value) -> pl.Expr:
        expr = pl.when(pl.col("_hit0")).then(value(rules[0]))
        for i, r in enumerate(rules[1:], start=1):
            expr = expr.when(pl.col(f"_hit{i}")).then(value(r))
        return expr.otherwise(None)

    return frame.select(
        "name",
        chain(lambda r: pl.lit(r["form"], pl.String)).alias("form"),
        chain(lambda r: pl.lit(r["is_sme"], pl.Boolean)).alias("rule_sme"),
        chain(lambda r: pl.lit(r["is_vcs"], pl.Boolean)).alias("rule_vcs"),
    )
