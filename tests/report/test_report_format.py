"""Figures on the page round half up, as the marts do, never half to even."""

from decimal import Decimal

from anchorspend.pipelines.report.render import _money, _pct


def test_money_rounds_half_up():
    # £4,509,344.50 is the sample's savings figure: half a pound rounds up, to ...345.
    assert _money(Decimal("4509344.50")) == "£4,509,345"
    assert _money(Decimal("2.50")) == "£3"
    assert _money(Decimal("-2.50")) == "−£3"
    assert _money(Decimal("2.49")) == "£2"


def test_percent_rounds_half_up():
    assert _pct(Decimal("25.45")) == "25.5%"
    assert _pct(Decimal("25.44")) == "25.4%"
