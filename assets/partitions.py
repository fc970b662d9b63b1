from datetime import date, datetime

import dagster as dg

from anchorspend.pipelines.parse import financial_year

# Transparency Code publication began in 2010/11; older months hold no ledgers.
FIRST_MONTH = "2010-04"

monthly_partitions = dg.MonthlyPartitionsDefinition(start_date=FIRST_MONTH, fmt="%Y-%m", end_offset=1)


def partition_months(context: dg.AssetExecutionContext) -> list[date]:
    """The months this run covers: one partition, a backfill range, or every month."""
    if context.has_partition_key_range or context.has_partition_key:
        keys = context.partition_keys
    else:
        keys = monthly_partitions.get_partition_keys()
    return [datetime.strptime(k, "%Y-%m").date() for k in keys]


def covers_every_month(context: dg.AssetExecutionContext) -> bool:
    """True when the run is for every partition (or unpartitioned): then the whole table is
    rebuilt, including any payment dated before FIRST_MONTH, which no partition holds."""
    if not (context.has_partition_key_range or context.has_partition_key):
        return True
    keys = monthly_partitions.get_partition_keys()
    return context.partition_keys[0] == keys[0] and context.partition_keys[-1] == keys[-1]


def months_label(months: list[date]) -> str:
    if not months:
        return "no months"
    first, last = months[0], months[-1]
    years = sorted({financial_year(m) for m in months})
    span = f"{first:%Y-%m}" if first == last else f"{first:%Y-%m} to {last:%Y-%m}"
    return f"{span} (FY {', '.join(years) if len(years) <= 3 else years[0] + ' to ' + years[-1]})"
