from dataclasses import replace

import dagster as dg

from assets.checks import check_result
from assets.partitions import monthly_partitions, months_label, partition_months
from definitions.resources import Warehouse
from pipelines import kpis, quality

KPI_MARTS = dg.AssetKey(["marts", "kpi_spend"])


@dg.asset(
    key=KPI_MARTS,
    group_name="kpis",
    deps=[["core", "fct_payment"]],
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description=(
        "The strategy's spend KPIs: marts.kpi_spend_by_month for the month, and the rows of "
        "marts.kpi_spend_by_year and the yearly breakdowns for the financial year that holds it."
    ),
    kinds={"duckdb"},
    check_specs=[
        dg.AssetCheckSpec("kpis_reconcile", asset=KPI_MARTS, blocking=True,
                          description="Shares lie in 0-100 and total spend reconciles to the ledger to the penny."),
    ],
)
def kpi_spend(context: dg.AssetExecutionContext, warehouse: Warehouse):
    months = partition_months(context)
    con = warehouse.connect()
    try:
        figures = kpis.build_kpi_marts(con, months=months)
        # Check what this run rebuilt: rows of other months may be stale until their own run.
        if len(months) > 24:
            outcomes = quality.check_kpis(con)
        else:
            outcomes = [
                replace(o, name=f"{m:%Y-%m} {o.name}")
                for m in months
                for o in quality.check_kpis(con, month=m)
            ]
    finally:
        con.close()
    metadata = {"months": months_label(months)}
    for key, value in (figures or {}).items():
        if isinstance(value, (int, float, str)):
            metadata[key] = value
        else:
            metadata[key] = dg.MetadataValue.text(str(value))
    yield dg.MaterializeResult(metadata=metadata)
    yield check_result("kpis_reconcile", outcomes, KPI_MARTS, blocking=True)
