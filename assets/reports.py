"""The monthly KPI report (HTML page and XLSX workbook), archived per month under the data folder.

Reports are rendered into the run's build location and join the archive only when the
warehouse publishes (pipelines.warehouse.publish). A run renders the months it was asked for
(none when it covers every month: then it works out which), every month whose report shows a
figure this run's KPI rebuild changed (pipelines.report.data.months_showing: the rebuilt months
and the months whose trend, year to date or year-on-year comparison reaches back to them), and
the latest month when anything was rebuilt or the archive lacks it (months_to_render). An
archived month that no longer holds payments (its files withdrawn) is removed at the publish.
"""


import dagster as dg

from anchorspend.assets.kpis import KPI_BY_MONTH, TABLES as KPI_TABLES
from anchorspend.assets.metadata import count, key_for
from anchorspend.assets.partnership import SPECS as PARTNERSHIP_SPECS
from anchorspend.assets.partitions import covers_every_month, partition_months
from anchorspend.assets.scorecard import REGISTER_SCORECARD
from anchorspend.assets.suppliers import UNMATCHED_SUPPLIERS
from anchorspend.definitions.resources import Warehouse
from anchorspend.pipelines import changes
from anchorspend.pipelines.config import reports_archive
from anchorspend.pipelines.report import render_report
from anchorspend.pipelines.report.data import archived_months, months_to_render, reads_once
from anchorspend.pipelines.warehouse import sql_text, withdraw_reports

MONTHLY_KPI_REPORT = dg.AssetKey(["reports", "monthly_kpi_report"])


def build_report_assets(partitions: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    @dg.asset(
        key=MONTHLY_KPI_REPORT,
        group_name="reports",
        deps=[*(key_for(t) for t in KPI_TABLES), *(s.key for s in PARTNERSHIP_SPECS), UNMATCHED_SUPPLIERS, REGISTER_SCORECARD],
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        description="The monthly KPI report (HTML page and XLSX workbook), archived per month under the data folder.",
        kinds={"html", "excel"},
    )
    def monthly_kpi_report(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        asked = partition_months(context)
        archive = reports_archive(warehouse.published)
        written: dict[str, str] = {}
        with warehouse.get_connection() as con:
            with_data = {m for (m,) in con.execute(sql_text("ops/payment_months")).fetchall()}
            latest = max(with_data, default=None)
            wanted = months_to_render(
                with_data,
                rebuilt=changes.months_built_by(con, context.run_id),
                # A run over every month renders what changed; a backfill also renders its months.
                asked=() if covers_every_month(context) else asked,
                latest_archived=latest is not None and (archive / f"{latest:%Y-%m}").exists(),
            )
            with reads_once(con):  # the months share the run's files, years and registers
                for month in wanted:
                    out = render_report(con, month, warehouse.reports_build / f"{month:%Y-%m}")
                    written[f"{month:%Y-%m}"] = str(archive / f"{month:%Y-%m}" / out["html"].name)
        # A month whose payments were all withdrawn keeps no report: its figures are no longer true.
        withdrawn = archived_months(archive) - {f"{m:%Y-%m}" for m in with_data}
        if withdrawn:
            withdraw_reports(warehouse.published, sorted(withdrawn))
        for key in context.partition_keys:
            context.add_asset_metadata(
                {"rendered_this_run": dg.MetadataValue.bool(key in written),
                 **({"report": dg.MetadataValue.path(written[key])} if key in written else {})},
                partition_key=key,
            )
        # Months outside this run's partitions (later months whose figures changed) are named here.
        return dg.MaterializeResult(metadata={"reports_rendered": count(len(written)),
                                              "months_rendered": dg.MetadataValue.text(", ".join(written) or "none"),
                                              "months_withdrawn": dg.MetadataValue.text(", ".join(sorted(withdrawn)) or "none")})

    return monthly_kpi_report
