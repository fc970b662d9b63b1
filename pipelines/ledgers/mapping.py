"""Column mapping for ledgers by evidence, not only by name.

Three steps, each recorded in audit.ingest_files.mapping with its reason:

1. synonyms (reference_data/header_synonyms.csv), in `tabular.map_columns`;
2. rules over the words of a header that is no synonym (`header_rule`): `Invoice Nett
   Amount` is a net amount, `Invoice Creation Date` a creation date;
3. the values (`column_evidence`, `apply_evidence`): a candidate amount column whose
   cells mostly fail to parse as money, or a date column whose cells mostly fail to
   parse as dates, is set aside; a file with no amount or date column by name takes the
   column whose values are money or dates.

Between candidates the lower priority wins: net (1) over amount (2) over total (4) over
gross (6); payment or paid date (1) over a plain date (2), a transaction or posting date
(3), an invoice date (4), an effective date (5) and a creation date (6).
User overrides (reference_data/source_overrides.toml) win over all of it.
"""

from __future__ import annotations

import polars as pl

from anchorspend.pipelines.parse import parse_date, parse_money
from anchorspend.pipelines.tabular import ColumnChoice, ColumnMapping

# Rows whose cells are tried as money and dates when weighing columns.
EVIDENCE_SAMPLE = 2_000
# Below this share of money (date) cells a named amount (date) column is set aside.
MIN_SHARE = 0.5
# A column found by its values alone must be this consistent.
VALUES_SHARE = 0.9

_ID = {"id", "no", "num", "number", "ref", "reference", "code", "urn", "key"}
_PARTY = {"supplier", "payee", "beneficiary", "vendor", "creditor", "recipient", "merchant", "contractor"}
_AMOUNT = {"amount", "value", "net", "nett", "gross", "paid", "total", "spend", "sum", "cost"}
_NOT_AMOUNT = _ID | {"name", "description", "type", "category", "count", "quantity", "qty", "date", "vat", "tax", "rate", "percentage", "percent"}
_VAT_NET = {"excl", "excluding", "exc", "ex", "net", "nett", "before", "less"}


def header_rule(key: str) -> tuple[str, int, str] | None:
    """(field, priority, why) for a normalised header that is no synonym, from its words."""
    words = key.split()
    w = set(words)
    if not w or any(ch.isdigit() for ch in key) or len(words) > 8:
        # Digits or long sentences: a data value or a note, not a column name.
        return None
    if "date" in w or "dated" in w:
        for names, prio, what in (
            ({"payment", "paid", "pay", "cleared"}, 1, "payment date"),
            ({"transaction", "posting", "posted", "period", "gl"}, 3, "transaction or posting date"),
            ({"invoice", "inv", "tax"}, 4, "invoice date"),
            ({"effective"}, 5, "effective date"),
            ({"creation", "created", "entered", "input", "raised", "document", "received", "registered"}, 6, "creation date"),
        ):
            hit = names & w
            if hit:
                return "payment_date", prio, f"a date with '{sorted(hit)[0]}': {what} (priority {prio})"
        return "payment_date", 2, "a date (priority 2)"
    party = _PARTY & w
    if party and w & _ID and not w & {"postcode", "address"}:
        return "supplier_id", 4, f"'{sorted(party)[0]}' with an identifier word: supplier id (priority 4)"
    if w & {"company", "charity"} and w & _ID:
        prio = 1 if "company" in w else 2
        return "supplier_id", prio, f"a {'company' if prio == 1 else 'charity'} number (priority {prio})"
    if w & {"transaction", "invoice", "document", "voucher", "payment", "trans", "journal", "order", "cheque"} and w & _ID:
        prio = 5 if "invoice" in w else 3
        return "transaction_number", prio, f"a transaction reference (priority {prio})"
    vat = w & {"vat", "tax"}
    if vat and not w & _VAT_NET:
        return None  # a VAT or tax column is never the amount
    amount = w & _AMOUNT
    if amount and not (w & _NOT_AMOUNT - {"vat", "tax"}):
        if w & {"net", "nett"} or (vat and w & _VAT_NET):
            return "amount", 1, f"'{sorted(w & ({'net', 'nett'} | _VAT_NET))[0]}': a net amount (priority 1)"
        if w & {"gross", "incl", "including", "inc"}:
            return "amount", 6, "a gross amount (priority 6)"
        if "total" in w:
            return "amount", 4, "a total (priority 4)"
        return "amount", 2, f"'{sorted(amount)[0]}': an amount (priority 2)"
    if party and not w & {"postcode", "address", "type", "category", "status", "sme", "vcse", "group"}:
        prio = 2 if "name" in w else 3
        return "supplier_name", prio, f"'{sorted(party)[0]}': a supplier name (priority {prio})"
    if w & {"service", "directorate", "department", "division", "portfolio"} or {"cost", "centre"} <= w or {"cost", "center"} <= w:
        return "expense_area", 3, "a service or cost centre (priority 3)"
    if w & {"expense", "expenditure", "subjective", "nominal", "account"} and not w & _ID:
        return "expense_type", 3, "an expense type or account (priority 3)"
    if w & {"description", "narrative", "purpose", "details"}:
        return "purpose", 3, "a description (priority 3)"
    return None


def column_evidence(data: pl.DataFrame, cells: list[str]) -> dict[int, dict]:
    """Per cell column (by position): non-empty cells in the sample, and the share of
    them that parse as money and as a date, with the kernel's parsers."""
    out: dict[int, dict] = {i: {"n": 0, "money": 0.0, "date": 0.0, "decimal_point": 0.0} for i in range(len(cells))}
    if not cells:
        return out
    # Every sampled cell in one long column, each distinct text parsed once.
    cells_long = (
        data.head(EVIDENCE_SAMPLE)
        .select([pl.col(c).str.strip_chars().alias(str(i)) for i, c in enumerate(cells)])
        .unpivot(variable_name="col", value_name="v")
        .filter(pl.col("v") != "")
    )
    distinct = cells_long.select(pl.col("v").unique())
    parsed = parse_date(parse_money(distinct, "v", "a", "ar"), "v", "d", "dr").select(
        "v", pl.col("a").is_not_null().alias("money"), pl.col("d").is_not_null().alias("date")
    )
    tally = (
        cells_long.join(parsed, on="v", how="left")
        .group_by("col")
        .agg(
            pl.len().alias("n"),
            pl.col("money").sum().alias("money"),
            pl.col("date").sum().alias("date"),
            # Transaction numbers parse as money too; amounts mostly carry pence or a £.
            pl.col("v").str.contains(r"[.£]").sum().alias("decimal_point"),
        )
    )
    for col, n, money, date, point in tally.iter_rows():
        out[int(col)] = {"n": n, "money": money / n, "date": date / n, "decimal_point": point / n}
    return out


_VALUE = {"amount": ("money", "money"), "payment_date": ("date", "dates")}


def apply_evidence(mapping: ColumnMapping, header_cells: list[str], evidence: dict[int, dict]) -> ColumnMapping:
    """Weigh the amount and payment-date candidates by their values (see the module doc)."""
    for fld, (key, word) in _VALUE.items():
        if fld in mapping.constants or (fld in mapping.chosen and mapping.chosen[fld].method == "override"):
            continue
        cands = ([mapping.chosen[fld]] if fld in mapping.chosen else []) + mapping.rejected.get(fld, [])
        kept, vetoed = [], []
        for c in cands:
            ev = evidence.get(c.index, {})
            if ev.get("n", 0) and ev.get(key, 0.0) < MIN_SHARE:
                c.reason += f"; set aside: only {ev[key]:.0%} of {ev['n']} values parse as {word}"
                vetoed.append(c)
            else:
                kept.append(c)
        kept.sort(key=lambda c: (c.priority if c.priority is not None else 0, -evidence.get(c.index, {}).get("n", 0), c.index))
        if not kept:
            found = _by_values(mapping, header_cells, evidence, key, word, fld)
            if found is not None:
                kept = [found]
            elif vetoed:
                # The name is the only evidence for any column: keep it, and let each line
                # that does not parse be rejected with its own reason.
                vetoed[0].reason += "; kept: no other column holds " + word
                kept, vetoed = [vetoed[0]], vetoed[1:]
        if kept:
            best = kept[0]
            if kept[1:]:
                best.reason += "; preferred to " + ", ".join(f"{c.column.strip()!r} (priority {c.priority})" for c in kept[1:])
            mapping.chosen[fld] = best
            mapping.rejected[fld] = kept[1:] + vetoed
        else:
            mapping.chosen.pop(fld, None)
            mapping.rejected[fld] = vetoed
    used = {c.index for c in mapping.chosen.values()}
    mapping.unmapped = [h for i, h in enumerate(header_cells) if i not in used and h.strip()]
    return mapping


def _by_values(mapping: ColumnMapping, header_cells: list[str], evidence: dict[int, dict], key: str, word: str, fld: str) -> ColumnChoice | None:
    """The leftmost column no other field took whose values are consistently money (or dates)."""
    used = {c.index for f, c in mapping.chosen.items() if f != fld}
    for i, ev in sorted(evidence.items()):
        if i in used or i >= len(header_cells) or ev.get("n", 0) < 3:
            continue
        ok = ev.get(key, 0.0) >= VALUES_SHARE
        if key == "money":
            # Dates and ids parse as money too: an amount column is not dates, and carries pence or a £.
            ok = ok and ev.get("date", 0.0) < MIN_SHARE and ev.get("decimal_point", 0.0) >= 0.3
        if ok:
            return ColumnChoice(
                fld, header_cells[i], i, 9, "values",
                f"no header names it; {ev[key]:.0%} of {ev['n']} values in column {i + 1} ({header_cells[i].strip()!r}) parse as {word}",
            )
    return None
