"""Property test: for any generated ledger, every non-blank physical line is accounted for.

The generator knows what it wrote (which lines are payments, which the header, preamble,
footer, a totals row), so the expected states and the amount are its own, never the
reader's. Layouts vary: header first (under preamble) or last, footers, blank and
blank-comma lines anywhere, a labelled totals row, blank suppliers, quoted amounts.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anchorspend.pipelines.ledgers import read_ledger
from anchorspend.pipelines.ledgers.read import LINE_STATES

HEADER = "Payment Date,Supplier Name,Expense Type,Amount"
BLANKS = ["", ",,,", " , , , ", '"","","",""']
PREAMBLE = ["Spend over £500 report", "Luton Borough Council", "Published under the Transparency Code"]
FOOTER = ["Notes: see the council website", "Produced by Finance"]

payment = st.tuples(
    st.integers(min_value=-5_000_000, max_value=900_000_000),  # pence
    st.integers(min_value=0, max_value=364),
    st.sampled_from(["Acme Ltd", "Beta Services", "", "  ", "Café Rouge", "O'Brien & Sons"]),
    st.sampled_from(["plain", "pound", "quoted_thousands"]),
)


def _amount_text(pence: int, style: str) -> str:
    d = Decimal(pence) / 100
    if style == "plain":
        return f"{d:.2f}"
    if style == "pound":
        return ("-£" if d < 0 else "£") + f"{abs(d):.2f}"
    return '"' + ("-" if d < 0 else "") + f"{abs(d):,.2f}" + '"'


@st.composite
def ledgers(draw):
    pays = draw(st.lists(payment, min_size=1, max_size=30))
    header_last = draw(st.booleans())
    n_pre = draw(st.integers(min_value=0, max_value=3))
    n_foot = 0 if header_last else draw(st.integers(min_value=0, max_value=2))
    totals = draw(st.booleans())
    blank_at = draw(st.lists(st.integers(min_value=0, max_value=40), max_size=6))
    lines: list[tuple[str, str]] = [(PREAMBLE[i], "preamble") for i in range(n_pre)]
    if not header_last:
        lines.append((HEADER, "header"))
    start = date(2023, 4, 1)
    for pence, day, supplier, style in pays:
        d = start + timedelta(days=day)
        lines.append((f"{d:%d/%m/%Y},{supplier},Works,{_amount_text(pence, style)}", "payment"))
    if totals:
        lines.append((f",Total,,{Decimal(sum(p[0] for p in pays)) / 100:.2f}", "rejected"))
    lines += [(FOOTER[i], "footer") for i in range(n_foot)]
    if header_last:
        lines.append((HEADER, "header"))
    for k in sorted(blank_at, reverse=True):
        lines.insert(min(k, len(lines)), (draw(st.sampled_from(BLANKS)), "blank"))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(t for t, _ in lines) + draw(st.sampled_from(["", ending]))
    return text, lines, sum(p[0] for p in pays)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ledgers())
def test_every_nonblank_line_is_accounted_for(tmp_path: Path, case) -> None:
    text, lines, pence = case
    landing = tmp_path / "landing"
    path = landing / "ledgers" / "generated.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    parsed = read_ledger(path, landing, "Luton Borough Council")
    counts = parsed.line_counts

    want = {st_: sum(1 for _, s in lines if s == st_) for st_ in ("payment", "rejected", "header", "preamble", "footer")}
    nonblank = sum(1 for _, s in lines if s != "blank")
    assert counts["nonblank_lines"] == nonblank
    assert sum(counts[s] for s in LINE_STATES) == nonblank
    assert {k: counts[k] for k in want} == want, (counts, text)
    assert counts["totals"] == want["rejected"]
    # Loaded (and, in a warehouse, duplicate) lines are the payments, summed to the penny.
    assert parsed.payments.height == want["payment"]
    assert sum(parsed.payments["amount"].to_list(), Decimal("0")) == Decimal(pence) / 100
    assert parsed.rows_read == parsed.payments.height + parsed.rejected.height
    # Blank suppliers are loaded as the unnamed payee, never dropped.
    blank_suppliers = sum(1 for t, s in lines if s == "payment" and not t.split(",")[1].strip())
    assert counts["unnamed_payee"] == blank_suppliers
