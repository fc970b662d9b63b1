"""One answer per drifted behaviour: ledgers, supplier files and registers read dates, flags,
postcodes and money through the one kernel (pipelines/parse.py), so the same text means the
same thing everywhere. Expected values are worked out by hand (Excel serial 45017 is
1 April 2023: 44927 is 1 January 2023, plus 31 + 28 + 31 days)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anchorspend.pipelines.parse import mask_quoted, normalise_postcode, parse_date, parse_flag, parse_money
from anchorspend.pipelines.registers.models import optional_date, optional_flag, optional_postcode


def _ledger_date(text: str) -> date | None:
    return parse_date(pl.DataFrame({"v": [text]}, schema={"v": pl.String}), "v")["payment_date"][0]


def _register_date(text: str) -> date | None:
    try:
        return optional_date(text)
    except Exception:  # noqa: BLE001 - a refused value
        return None


@pytest.mark.parametrize("text, expected", [
    ("3rd Apr 2023", date(2023, 4, 3)),
    ("2023/04/03", date(2023, 4, 3)),
    ("45019", date(2023, 4, 3)),
    ("45019.0", date(2023, 4, 3)),
    ("03/04/2023", date(2023, 4, 3)),
    ("3 April 23", date(2023, 4, 3)),
    ("01/01/1900", None),  # before 1990: a placeholder, not a payment or register date
    ("31/02/2024", None),
    ("04/13/2023", None),  # day-first always: never read as 13 April
])
def test_ledgers_and_registers_read_a_date_the_same_way(text, expected):
    assert _ledger_date(text) == expected
    assert _register_date(text) == expected


def _supplier_flag(text: str) -> bool | None:
    return pl.DataFrame({"v": [text]}, schema={"v": pl.String}).select(parse_flag(pl.col("v"))).item()


def _register_flag(text: str) -> bool | None:
    try:
        return optional_flag(text)
    except Exception:  # noqa: BLE001
        return None


@pytest.mark.parametrize("text, expected", [
    ("Y", True), ("yes", True), (" TRUE ", True), ("1", True), ("t", True), ("Local", True), ("SME", True),
    ("N", False), ("No", False), ("false", False), ("0", False), ("f", False), ("Not local", False), ("Large", False),
    ("perhaps", None), ("Various", None), ("Noo", None),
])
def test_supplier_files_and_registers_share_one_yes_no_vocabulary(text, expected):
    assert _supplier_flag(text) is expected
    assert _register_flag(text) is expected


@pytest.mark.parametrize("text, expected", [
    ("lu12ab", "LU1 2AB"), (" LU1  2AB ", "LU1 2AB"), ("sw1a1aa", "SW1A 1AA"), ("LU1", None), ("XX", None),
])
def test_supplier_files_and_registers_share_one_postcode_rule(text, expected):
    got = pl.DataFrame({"v": [text]}, schema={"v": pl.String}).select(normalise_postcode(pl.col("v"))).item()
    assert got == expected
    try:
        register = optional_postcode(text)
    except Exception:  # noqa: BLE001
        register = None
    assert register == expected


def _money(texts: list[str | None]) -> list[tuple[Decimal | None, str | None]]:
    out = parse_money(pl.DataFrame({"v": texts}, schema={"v": pl.String}), "v")
    return list(zip(out["amount"].to_list(), out["amount_reason"].to_list()))


def test_full_width_digits_are_read_as_digits():
    assert _money(["５００.００", "£１，２３４.５０"]) == [(Decimal("500.00"), None), (Decimal("1234.50"), None)]


def test_other_unicode_digits_are_refused_with_a_reason():
    # Arabic-Indic 500: a digit to Unicode, not to a finance system. Refused, never NULL and silent.
    assert _money(["٥٠٠"]) == [(None, "amount unparseable: '٥٠٠'")]


@pytest.mark.parametrize("text", [
    "9999999999999999.995",  # rounds into a 17th integer digit: beyond DECIMAL(18,2)
    "1,234,567,890,123,456.78",
    "1000000000000.00",  # £1 trillion: no single public payment
    "999999999999.995",  # rounds up to £1 trillion
])
def test_impossible_amounts_are_a_reason_not_an_exception(text):
    assert _money([text]) == [(None, f"amount out of range: '{text}'")]


def test_the_largest_possible_amount_still_loads():
    assert _money(["999999999999.99"]) == [(Decimal("999999999999.99"), None)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30), st.from_regex(r"[-(£]?[0-9０-９,.]{1,25}[)-]?", fullmatch=True)), min_size=1, max_size=30))
def test_every_value_gets_an_amount_or_a_reason_never_neither(texts):
    for amount, reason in _money(texts):
        assert (amount is None) != (reason is None)


@pytest.mark.parametrize("message, expected", [
    ("""first row seen: ["Mrs Ann O'Brien", 'Jo Smith', '12 Acacia Ave']""", "first row seen: ['…', '…', '…']"),
    ("amount unparseable: 'O\\'Brien & Co'", "amount unparseable: '…'"),
    ("the file's header names 'Payee' twice", "the file's header names '…' twice"),
    ("got \u2018Jo Smith\u2019", "got '…'"),
    ("unclosed 'Jo Smith, 12 Acacia Ave", "unclosed '…'"),
])
def test_masking_reads_the_quoting(message, expected):
    assert mask_quoted(message) == expected
