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

# Redaction by rule, not by list. A payee is withheld (never matched to a company, never shown
# by name) when its name, read as `redaction_text` reads it (invisible characters dropped,
# camelCase split, accents, case, punctuation and spacing folded, spaced-out letters joined:
# 'Personal-Data', 'PersonalData', 'R E D A C T E D' all read alike), is:
# - nothing at all: blank, only punctuation ('***', '-'), or only zero-width / bidi-control
#   characters: an unnamed payee;
# - a label word anywhere in it (REDACTED_WORDS): 'Payee details redacted (GDPR)';
# - or, as the whole name, a label councils use for a person (REDACTED_LABELS), optionally
#   followed by a reason ('Name removed for data protection reasons'). Whole-name only, because
#   companies are named with the same words: 'Private Healthcare Ltd', 'Individual Solutions
#   Ltd', 'Data Protection Consultants Ltd' and 'Names Removed Ltd' are suppliers.
REDACTED_WORDS = r"\b(redacted|withheld|anonymi[sz]ed|gdpr\b|personal ?(data|info|information|details)\b)"
_REASON_TAIL = r"( (for|under|due|as|per|to|data|personal|gdpr|dpa|reasons?|privacy|confidential)\b.*)?"
REDACTED_LABELS = (
    r"^("
    r"x+|"
    r"private (individual|person|payee)s?|individuals?|individual payees?|"
    r"(strictly )?private and confidential|(strictly )?confidential( payee)?|"
    r"((.* )?(name|names|details) )?removed" + _REASON_TAIL + "|"
    r"(name )?not disclosed|undisclosed|"
    r"data protection( act)?( [0-9]{4})?" + _REASON_TAIL + "|"
    r"data subjects?|vulnerable (person|persons|people|adults?|child|children|individuals?|clients?)|"
    r"foster (carers?|parents?|famil(y|ies))|"
    r"unnamed( payee)?|anonymous( payee)?|anon"
    r")$"
)
# Zero-width and bidi-control characters: invisible, so a name made of them names nobody.
_INVISIBLE = r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
REDACTED_DISPLAY_NAME = "Redacted (personal data)"
# What a ledger line whose payee is blank, or only invisible characters, is loaded under: the
# Transparency Code lets a council withhold the payee, not the payment. The label matches
# REDACTED_LABELS, so the line is spend of the one redacted payee, never named.
UNNAMED_PAYEE = "Unnamed payee"
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


def redaction_text(expr: pl.Expr) -> pl.Expr:
    """A name as the redaction rule reads it: 'PersonalData', 'Personal-Data' and
    'R E D A C T E D' -> 'personal data', 'personal data', 'redacted'."""
    visible = expr.cast(pl.String).fill_null("").str.replace_all(_INVISIBLE, "")
    # camelCase is two words: 'PersonalData' -> 'Personal Data'.
    words = name_text(visible.str.replace_all(r"(\p{Ll})(\p{Lu})", "$1 $2")).str.replace_all(r"\s+", " ").str.strip_chars()
    # Letters spaced out one by one ('R E D A C T E D', 'P.E.R.S.O.N.A.L') are one word.
    spaced_out = words.str.contains(r"^([a-z0-9] )+[a-z0-9]$")
    return pl.when(spaced_out).then(words.str.replace_all(" ", "")).otherwise(words)


def is_unnamed(expr: pl.Expr) -> pl.Expr:
    """No letter or digit in any script: blank, NULL, '***', or only invisible characters."""
    visible = expr.cast(pl.String).fill_null("").str.replace_all(_INVISIBLE, "")
    return ~visible.str.contains(r"[\p{L}\p{N}]")


def payee_name(expr: pl.Expr) -> pl.Expr:
    """The supplier name a payment is loaded under: as typed, or UNNAMED_PAYEE when it names
    nobody (NULL, blank, '***', only zero-width or bidi-control characters)."""
    return pl.when(is_unnamed(expr)).then(pl.lit(UNNAMED_PAYEE)).otherwise(expr.cast(pl.String))


def is_redacted(expr: pl.Expr) -> pl.Expr:
    """The payee's name is withheld or absent (see REDACTED_WORDS / REDACTED_LABELS)."""
    text = redaction_text(expr)
    return is_unnamed(expr) | text.str.contains(REDACTED_WORDS) | text.str.contains(REDACTED_LABELS)


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
