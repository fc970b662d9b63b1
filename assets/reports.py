import dagster as dg

from anchorspend.assets.partitions import monthly_partitions, partition_months
from anchorspend.definitions.resources import Warehouse
from anchorspend.pipelines.config import reports_archive
from anchorspend.pipelines.report import render_report


@dg.asset(
    key=["reports", "monthly_kpi_report"],
    group_name="reports",
    deps=[["marts", "kpi_spend"], ["marts", "unmatched_suppliers"], ["marts", "procurement_scorecard"]],
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description="The monthly KPI report (HTML page and XLSX workbook), archived per month under the data folder.",
    kinds={"html", "excel"},
)
def monthly_kpi_report(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    con = warehouse.connect()
    written = []
    try:
        months_with_data = {
            row[0] for row in con.execute("SELECT DISTINCT month FROM core.fct_payment").fetchall()
        }
        for month in partition_months(context):
            # A month with no payments has nothing to report; an empty page would only mislead.
            if month not in months_with_data:
                continue
            out = render_report(con, month, reports_archive(warehouse.published) / f"{month:%Y-%m}")
            written.append(str(out["html"]))
    finally:
        con.close()
    return dg.MaterializeResult(
        metadata={
            "reports_written": len(written),
            "latest": dg.MetadataValue.path(written[-1]) if written else dg.MetadataValue.text("none"),
        }
    )
