"""Each normalisation rule against hand-written input/expected pairs (cardinal-rs style).

tests/suppliers/fixtures/<rule>/input.csv holds `case` + the raw value; expected.csv holds
`case` + the expected output columns, `<null>` for NULL. The expected values were written by
hand from the rule's documented intent, not from the code's output.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from anchorspend.pipelines import parse
from anchorspend.pipelines.suppliers import names

FIXTURES = Path(__file__).parent / "fixtures"


def _read(path: Path) -> list[dict[str, str | None]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: (None if v == "<null>" else v) for k, v in row.items()} for row in csv.DictReader(fh)]


def _frame(rule: str) -> tuple[pl.DataFrame, list[dict]]:
    rows = _read(FIXTURES / rule / "input.csv")
    expected = _read(FIXTURES / rule / "expected.csv")
    assert [r["case"] for r in rows] == [e["case"] for e in expected], f"{rule}: input and expected cases differ"
    col = [c for c in rows[0] if c != "case"][0]
    return pl.DataFrame({"case": [r["case"] for r in rows], "x": [r[col] for r in rows]}, schema={"case": pl.String, "x": pl.String}), expected


def _compare(rule: str, got: pl.DataFrame, expected: list[dict]) -> None:
    cols = [c for c in expected[0] if c != "case"]
    bad = []
    for g, e in zip(got.to_dicts(), expected):
        for c in cols:
            gv = g[c]
            gv = None if gv is None else (str(gv).lower() if isinstance(gv, bool) else str(gv))
            if gv != e[c]:
                bad.append(f"case {e['case']} {c}: got {gv!r}, expected {e[c]!r}")
    assert not bad, f"{rule}:\n" + "\n".join(bad)


def test_postcode_normalisation():
    df, exp = _frame("postcode")
    got = df.with_columns(
        parse.normalise_postcode(pl.col("x")).alias("postcode"),
        parse.postcode_outward(pl.col("x")).alias("postcode_outward"),
    ).with_columns(parse.postcode_area(pl.col("postcode_outward")).alias("postcode_area"))
    _compare("postcode", got, exp)


def test_supplier_name_normalisation():
    df, exp = _frame("supplier_name")
    _compare("supplier_name", df.with_columns(names.normalise_name(pl.col("x")).alias("name_normalised")), exp)


def test_company_number_restores_leading_zeros_and_prefixes():
    df, exp = _frame("company_number")
    _compare("company_number", df.with_columns(names.normalise_company_number(pl.col("x")).alias("company_number")), exp)


def test_charity_number():
    df, exp = _frame("charity_number")
    _compare("charity_number", df.with_columns(names.normalise_charity_number(pl.col("x")).alias("charity_number")), exp)


def test_flag_values():
    df, exp = _frame("flag")
    _compare("flag", df.with_columns(parse.parse_flag(pl.col("x")).alias("flag")), exp)


def test_redaction():
    df, exp = _frame("redaction")
    _compare("redaction", df.with_columns(names.is_redacted(pl.col("x")).alias("is_redacted")), exp)


def test_legal_form_rules():
    df, exp = _frame("legal_form")
    rules = names.name_rule(df["x"]).rename({"name": "x"})
    got = df.join(rules, on="x", how="left", maintain_order="left")
    _compare("legal_form", got.rename({"form": "form"}), exp)


@pytest.mark.parametrize("rule", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_every_fixture_rule_is_tested(rule):
    # A fixture folder nobody reads would be a test that cannot fail.
    tested = {"postcode", "supplier_name", "company_number", "charity_number", "flag", "redaction", "legal_form"}
    assert rule in tested


def test_an_ambiguous_name_shows_the_same_candidate_whatever_the_order():
    from anchorspend.pipelines.suppliers.matching import fuzzy_match

    # 'harbour print no12' is as close to 'harbour print no13' as to 'harbour print no11' (one
    # character each), under different keys: neither is accepted, and the candidate shown is the
    # first by name, not whichever the frames happened to hold first.
    choices = pl.DataFrame({
        "name_normalised": ["harbour print no13", "harbour print no11", "harbour print no19"],
        "supplier_key": ["co:3", "co:1", "co:9"],
    })
    queries = pl.Series(["harbour print no12"])
    seen = set()
    for shift in range(3):
        rotated = pl.concat([choices.slice(shift), choices.slice(0, shift)])
        got = fuzzy_match(queries, rotated).select("best_key", "best_name", "accepted").row(0)
        seen.add(got)
    assert seen == {("co:1", "harbour print no11", False)}
