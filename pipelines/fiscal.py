"""The UK public-sector financial year: 1 April to 31 March, labelled '2017/18'."""

from __future__ import annotations

from datetime import date


def financial_year_start(d: date) -> int:
    return d.year if d.month >= 4 else d.year - 1


def financial_year(d: date) -> str:
    start = financial_year_start(d)
    return f"{start}/{(start + 1) % 100:02d}"


def financial_year_months(label: str) -> list[date]:
    """The twelve months (first days) of a financial year label such as '2019/20'."""
    start = int(label[:4])
    return [date(start + (m >= 13), (m - 1) % 12 + 1, 1) for m in range(4, 16)]


def financial_year_expr(dates: "pl.Expr") -> "pl.Expr":
    """The same label as `financial_year`, set-wise over a Polars date column."""
    import polars as pl

    start = dates.dt.year() - (dates.dt.month() < 4).cast(pl.Int32)
    return pl.concat_str(start.cast(pl.String), pl.lit("/"), ((start + 1) % 100).cast(pl.String).str.zfill(2))
