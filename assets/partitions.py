"""Monthly partitions that start and end where the data does.

The partitions are read from the warehouse when the definitions are built: the first to the
last month holding payments. A warehouse with no payments yet has one partition, the current
month. Each month belongs to one April-March financial year, so a backfill of 2019-04..2020-03
rebuilds FY 2019/20.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import dagster as dg

from anchorspend.pipelines.parse import financial_year

FMT = "%Y-%m"


def _next_month(m: date) -> date:
    return date(m.year + (m.month == 12), m.month % 12 + 1, 1)


def monthly_partitions(first: date | None = None, last: date | None = None) -> dg.MonthlyPartitionsDefinition:
    """Partitions from `first` to `last` (first-of-month dates), inclusive."""
    today = date.today()
    this_month = date(today.year, today.month, 1)
    if first is None or last is None:
        first = last = this_month
    if last >= this_month:
        # A month that has not ended yet is a partition only with an end offset (dates after
        # today are the loader's to reject, so the data never runs past this month).
        return dg.MonthlyPartitionsDefinition(start_date=first.strftime(FMT), fmt=FMT, end_offset=1)
    return dg.MonthlyPartitionsDefinition(
        start_date=first.strftime(FMT), end_date=_next_month(last).strftime(FMT), fmt=FMT
    )


def partitions_for(warehouse: Path | None) -> dg.MonthlyPartitionsDefinition:
    """The partitions of the warehouse file as it is now (published, or a run's build copy)."""
    from anchorspend.pipelines.changes import month_span
    from anchorspend.pipelines.warehouse import connection

    if warehouse is None or not Path(warehouse).exists():
        return monthly_partitions()
    with connection(warehouse, read_only=True) as con:
        return monthly_partitions(*month_span(con))


def key_months(keys: list[str]) -> list[date]:
    return [datetime.strptime(k, FMT).date() for k in keys]


def partition_months(context: dg.AssetExecutionContext) -> list[date]:
    """The months this run covers: one partition or a backfill range."""
    return key_months(list(context.partition_keys))


def covers_every_month(context: dg.AssetExecutionContext) -> bool:
    """True when the run is for every partition: then the asset works out itself which months
    changed (a nightly run), instead of rebuilding the months it was asked for (a backfill)."""
    keys = context.assets_def.partitions_def.get_partition_keys()
    return list(context.partition_keys) == list(keys)


def months_label(months: list[date]) -> str:
    if not months:
        return "no months"
    first, last = months[0], months[-1]
    years = sorted({financial_year(m) for m in months})
    span = f"{first:%Y-%m}" if first == last else f"{first:%Y-%m} to {last:%Y-%m}"
    return f"{span} (FY {', '.join(years) if len(years) <= 3 else years[0] + ' to ' + years[-1]})"
