"""Property tests: money and dates written every way councils write them parse back exactly."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from anchorspend.pipelines.parse import money_rules, parse_date, parse_money

MAX = Decimal("999999999999.99")
pennies = st.decimals(min_value=-MAX, max_value=MAX, places=2, allow_nan=False, allow_infinity=False)


def money(texts: list[str]) -> list[tuple[Decimal | None, str | None]]:
    out = parse_money(pl.DataFrame({"raw": texts}, schema={"raw": pl.String}), "raw")
    return list(zip(out["amount"].to_list(), out["amount_reason"].to_list()))


def dates(texts: list[str]) -> list[tuple[date | None, str | None]]:
    out = parse_date(pl.DataFrame({"raw": texts}, schema={"raw": pl.String}), "raw")
    return list(zip(out["payment_date"].to_list(), out["date_reason"].to_list()))


def grouped(d: Decimal) -> str:
    return f"{abs(d):,.2f}"


STYLES = {
    "plain": lambda d: f"{d:.2f}",
    "thousands": lambda d: ("-" if d < 0 else "") + grouped(d),
    "pound": lambda d: ("-£" if d < 0 else "£") + grouped(d),
    "pound_trailing_space": lambda d: ("-£" if d < 0 else "£") + grouped(d) + "  ",
    "parentheses": lambda d: f"({grouped(d)})" if d < 0 else grouped(d),
    "trailing_minus": lambda d: grouped(d) + ("-" if d < 0 else ""),
    "pound_then_minus": lambda d: ("£-" if d < 0 else "£") + f"{abs(d):.2f}",
    "credit_suffix": lambda d: f"{abs(d):.2f}" + (" CR" if d < 0 else ""),
}


@settings(max_examples=200, deadline=None)
@given(st.lists(pennies, min_size=1, max_size=40), st.sampled_from(sorted(STYLES)))
def test_money_round_trips_in_every_style(values: list[Decimal], style: str) -> None:
    got = money([STYLES[style](v) for v in values])
    assert got == [(v, None) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.decimals(min_value=-MAX / 100, max_value=MAX / 100, places=2, allow_nan=False), min_size=1, max_size=40))
def test_excel_float_noise_becomes_the_exact_penny(values: list[Decimal]) -> None:
    # What a spreadsheet stores is the nearest binary double; its 17-digit rendering
    # (1041.4099999999999) and its shortest repr (1041.41) both mean the penny value.
    long_form = [f"{float(v):.17g}" for v in values]
    short_form = [repr(float(v)) for v in values]
    assert money(long_form) == [(v, None) for v in values]
    assert money(short_form) == [(v, None) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.decimals(min_value=-MAX, max_value=MAX, places=5, allow_nan=False), min_size=1, max_size=40))
def test_extra_decimals_round_half_up(values: list[Decimal]) -> None:
    got = money([f"{v:.5f}" for v in values])
    assert got == [(v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), None) for v in values]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abdefhijklmnoqstuvwxyz?/", min_size=1, max_size=8), pennies)
def test_words_in_amounts_are_rejected_with_the_text(word: str, value: Decimal) -> None:
    for text in (word, f"{value:.2f}{word}", f"{word}{value:.2f}"):
        ((amount, reason),) = money([text])
        assert amount is None
        assert reason == f"amount unparseable: '{text}'"


valid_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
MONTH_ABBR = [calendar.month_abbr[i] for i in range(13)]
MONTH_NAME = [calendar.month_name[i] for i in range(13)]

DATE_STYLES = {
    "dd/mm/yyyy": lambda d: d.strftime("%d/%m/%Y"),
    "d/m/yyyy": lambda d: f"{d.day}/{d.month}/{d.year}",
    "dd/mm/yy": lambda d: d.strftime("%d/%m/%y"),
    "dd-mm-yyyy": lambda d: d.strftime("%d-%m-%Y"),
    "dd.mm.yyyy": lambda d: d.strftime("%d.%m.%Y"),
    "dd-MON-yyyy": lambda d: f"{d.day:02d}-{MONTH_ABBR[d.month].upper()}-{d.year}",
    "d Mon yyyy": lambda d: f"{d.day} {MONTH_ABBR[d.month]} {d.year}",
    "d Month yyyy": lambda d: f"{d.day} {MONTH_NAME[d.month]} {d.year}",
    "dd-Mon-yy": lambda d: f"{d.day:02d}-{MONTH_ABBR[d.month]}-{d.year % 100:02d}",
    "iso": lambda d: d.isoformat(),
    "iso with midnight": lambda d: d.isoformat() + " 00:00:00",
    "excel serial": lambda d: str((d - date(1899, 12, 30)).days),
    "excel serial float": lambda d: f"{(d - date(1899, 12, 30)).days}.0",
}


@settings(max_examples=200, deadline=None)
@given(st.lists(valid_dates, min_size=1, max_size=40), st.sampled_from(sorted(DATE_STYLES)))
def test_dates_round_trip_day_first(values: list[date], style: str) -> None:
    assert dates([DATE_STYLES[style](v) for v in values]) == [(v, None) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.integers(2000, 2099), st.integers(1, 12), st.data())
def test_day_past_month_end_is_rejected(year: int, month: int, data) -> None:
    last = calendar.monthrange(year, month)[1]
    if last == 31:
        day = data.draw(st.integers(32, 39))
    else:
        day = data.draw(st.integers(last + 1, 31))
    text = f"{day:02d}/{month:02d}/{year}"
    assert dates([text]) == [(None, f"invalid date '{text}'")]


@settings(max_examples=100, deadline=None)
@given(st.integers(2000, 2099), st.integers(13, 99), st.integers(1, 12))
def test_month_over_twelve_is_rejected_never_swapped(year: int, month: int, day: int) -> None:
    # 05/13/2024 is not 13 May: dates are day-first, always.
    text = f"{day:02d}/{month:02d}/{year}"
    assert dates([text]) == [(None, f"invalid date '{text}'")]


@settings(max_examples=100, deadline=None)
@given(valid_dates)
def test_day_and_month_are_never_swapped(d: date) -> None:
    ((got, _),) = dates([d.strftime("%d/%m/%Y")])
    assert (got.day, got.month) == (d.day, d.month)


def test_excel_serial_epoch_agrees_with_openpyxl() -> None:
    from openpyxl.utils.datetime import from_excel

    serials = [36526, 43922, 45383, 45658, 54789]
    want = [(from_excel(n).date(), None) for n in serials]
    assert dates([str(n) for n in serials]) == want
    assert want[2] == (date(2024, 4, 1), None)


# Text near the plain form and across its edges: 12 vs 13 integer digits, 2 vs 3 decimals,
# leading zeros, a bare or doubled sign, a trailing point, padding.
near_plain = st.from_regex(r"[ +-]{0,2}[0-9]{0,14}(\.[0-9]{0,4})?[ -]?", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(near_plain, st.text(alphabet="0123456789.,-+£() CRcr", max_size=18), st.none()), min_size=1, max_size=60))
def test_plain_amount_fast_path_agrees_with_the_full_rules(texts: list[str | None]) -> None:
    frame = pl.DataFrame({"raw": texts}, schema={"raw": pl.String})
    fast = parse_money(frame, "raw")
    assert fast.equals(money_rules(frame, "raw"))
    assert fast["amount"].dtype == pl.Decimal(18, 2)


def test_plain_amount_fast_path_edges() -> None:
    # Worked by hand: 12 integer digits are plain and load; 13 are out of range (>= £1 trillion).
    texts = ["999999999999.99", "1000000000000", "-0", "007.5", "12.345", "5.", "-12"]
    assert money(texts) == [
        (Decimal("999999999999.99"), None),
        (None, "amount out of range: '1000000000000'"),
        (Decimal("0.00"), None),
        (Decimal("7.50"), None),
        (Decimal("12.35"), None),
        (Decimal("5.00"), None),
        (Decimal("-12.00"), None),
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            pennies.map(lambda d: f"£{grouped(d)}"),
            pennies.map(lambda d: f"{d:.2f}"),
            st.dates(min_value=date(1985, 1, 1), max_value=date(2105, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
            st.text(max_size=12),
        ),
        min_size=1, max_size=40,
    )
)
def test_values_read_in_one_go_answer_as_one_at_a_time(texts: list[str]) -> None:
    # read_texts parses many values in one frame for the row-wise validators that follow; each
    # answer must be the parser's own for that value alone, whatever else was read with it.
    from anchorspend.pipelines import parse

    parse._READ["money"].clear()
    parse._READ["date"].clear()
    parse.read_texts([*texts, None])
    assert set(parse._READ["money"]) == set(texts) and set(parse._READ["date"]) == set(texts)
    for text in texts:
        assert parse.parse_money_text(text) == money([text])[0]
        assert parse.parse_date_text(text) == dates([text])[0]
