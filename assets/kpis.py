from dataclasses import replace

import dagster as dg

from anchorspend.assets.checks import check_result, split_by_severity
from anchorspend.assets.partitions import covers_every_month, monthly_partitions, months_label, partition_months
from anchorspend.definitions.resources import Warehouse
from anchorspend.pipelines import kpis, quality

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
                          description="Money is DECIMAL and total spend reconciles to the ledger to the penny."),
        dg.AssetCheckSpec("kpi_shares_in_range", asset=KPI_MARTS, blocking=False,
                          description="Shares lie in 0-100 (credits can push one outside: worth a look)."),
    ],
)
def kpi_spend(context: dg.AssetExecutionContext, warehouse: Warehouse):
    months = partition_months(context)
    con = warehouse.connect()
    try:
        whole = covers_every_month(context)
        figures = kpis.build_kpi_marts(con, months=None if whole else months)
        # Check what this run rebuilt: rows of other months may be stale until their own run.
        if whole or len(months) > 24:
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
    blocking, warnings = split_by_severity(outcomes)
    yield check_result("kpi_shares_in_range", warnings, KPI_MARTS, blocking=False)
    yield check_result("kpis_reconcile", blocking, KPI_MARTS, blocking=True)
