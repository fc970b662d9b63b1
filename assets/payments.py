import dagster as dg

from anchorspend.assets.checks import check_result, split_by_severity
from anchorspend.assets.partitions import covers_every_month, monthly_partitions, months_label, partition_months
from anchorspend.definitions.resources import Warehouse
from anchorspend.pipelines import quality, suppliers

FCT_PAYMENT = dg.AssetKey(["core", "fct_payment"])


@dg.asset(
    key=FCT_PAYMENT,
    group_name="payments",
    deps=[["core", "dim_supplier"], ["audit", "ingested_ledgers"]],
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description=(
        "Payment lines of the month, each linked to its supplier in core.dim_supplier. "
        "Partitioned by calendar month; each month belongs to one April-March financial year."
    ),
    kinds={"duckdb"},
    check_specs=[
        dg.AssetCheckSpec("payments_valid", asset=FCT_PAYMENT, blocking=True,
                          description="Required fields present, no future dates, amounts within bounds."),
        dg.AssetCheckSpec("payments_plausible", asset=FCT_PAYMENT, blocking=False,
                          description="Dates inside the file's period, transaction numbers well formed."),
    ],
)
def fct_payment(context: dg.AssetExecutionContext, warehouse: Warehouse):
    months = partition_months(context)
    con = warehouse.connect()
    try:
        whole = covers_every_month(context)
        if whole:
            linked = suppliers.link_payments(con)
        else:
            linked = sum(suppliers.link_payments(con, month=m) for m in months)
        rows, spend = con.execute(
            "SELECT count(*), coalesce(sum(amount), 0) FROM core.fct_payment WHERE month BETWEEN ? AND ?",
            [months[0], months[-1]],
        ).fetchone()
        # Check what this run rebuilt: a bad line in another month belongs to that month's run.
        outcomes = quality.check_payments(con, months=None if whole else months)
    finally:
        con.close()
    yield dg.MaterializeResult(
        metadata={
            "months": months_label(months),
            "dagster/row_count": rows,
            "payments_linked": linked,
            "total_spend": dg.MetadataValue.text(f"£{spend:,.2f}"),
        }
    )
    blocking, warnings = split_by_severity(outcomes)
    yield check_result("payments_plausible", warnings, FCT_PAYMENT, blocking=False)
    yield check_result("payments_valid", blocking, FCT_PAYMENT, blocking=True)
