"""Register money is read exactly as ledger amounts are: one parser for the whole product."""

from decimal import Decimal

import pytest

from anchorspend.pipelines.registers.models import optional_money


@pytest.mark.parametrize("text, expected", [
    ("£1,234.56", Decimal("1234.56")),
    ("1041.4099999999999", Decimal("1041.41")),  # Excel float noise rounds to the typed penny
    ("2.345", Decimal("2.35")),  # half up, as ledgers round
])
def test_money_reads_like_ledgers(text, expected):
    assert optional_money(text) == expected


@pytest.mark.parametrize("text", ["1,23", "1.234,56", "TBC"])
def test_ambiguous_or_junk_money_is_refused(text):
    # "1,23" could be a decimal comma: reading it as £123.00 would be silently wrong.
    with pytest.raises(Exception, match="is not an amount of money"):
        optional_money(text)
