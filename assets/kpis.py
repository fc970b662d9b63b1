"""The strategy's spend KPIs: one step writes every KPI mart, one spec per table.

Partitioned by month. A backfill (one month or a range) rebuilds exactly those months and the
financial-year rows above them. A run over every partition (the nightly run) rebuilds only
the months whose classified payments, or whose SQL and reference files, changed since they
were last built (pipelines.changes).
"""


from collections.abc import Iterable
from datetime import date

import dagster as dg

from anchorspend.assets.checks import check_result
from anchorspend.assets.ingestion import FCT_PAYMENT
from anchorspend.assets.metadata import count, key_for, money, records, table_metadata
from anchorspend.assets.partitions import covers_every_month, months_label, partition_months
from anchorspend.assets.suppliers import DIM_SUPPLIER, SUPPLIER_MATCH
from anchorspend.definitions.resources import Warehouse
from anchorspend.pipelines import changes, kpis, quality
from anchorspend.pipelines.parse import financial_year
from anchorspend.pipelines.warehouse import sql_text

KPI_BY_YEAR = key_for("marts.kpi_spend_by_year")
KPI_BY_MONTH = key_for("marts.kpi_spend_by_month")
# Reference tables the step reloads every time, then the marts by the period their rows cover.
REFERENCE_TABLES = ["marts.kpi_target", "marts.spend_band"]
YEAR_TABLES = [*kpis.YEAR_TABLES, *kpis.HISTORY_TABLES]
MONTH_TABLES = list(kpis.MONTH_TABLES)
TABLES = [*REFERENCE_TABLES, *YEAR_TABLES, *MONTH_TABLES]

# (check, severity) on each of the two headline tables; names as pipelines.quality returns them.
CHECKS = {
    "money_is_decimal": ("Every *_spend column is DECIMAL with 2 places, never a float.", True),
    "reconciles_to_ledger": ("total_spend per body and period equals core.fct_payment to the penny.", True),
    "shares_0_to_100": ("Shares lie in 0-100 (credits can push one outside: worth a look).", False),
}


def _check_specs() -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(name, asset=key, blocking=blocking, description=description)
        for key in (KPI_BY_YEAR, KPI_BY_MONTH)
        for name, (description, blocking) in CHECKS.items()
    ]


def _partition_metadata(context: dg.AssetExecutionContext, con, rebuilt: set[date]) -> None:
    """Metadata for each partition, describing that month (or its financial year) alone."""
    months = partition_months(context)
    month_rows = {t: kpis.period_counts(con, t, "month") for t in MONTH_TABLES}
    year_rows = {t: kpis.period_counts(con, t, "financial_year") for t in YEAR_TABLES}
    spend = dict(con.execute(sql_text("ops/kpi_month_spend"), {"months": months}).fetchall())
    for key, month in zip(context.partition_keys, months):
        fy = financial_year(month)
        common = {"rebuilt_this_run": dg.MetadataValue.bool(month in rebuilt), "financial_year": fy}
        for table in MONTH_TABLES:
            meta = {**common, "dagster/row_count": count(month_rows[table].get(month))}
            if table == "marts.kpi_spend_by_month":
                meta["total_spend"] = money(spend.get(month))
            context.add_asset_metadata(meta, asset_key=key_for(table), partition_key=key)
        for table in YEAR_TABLES:
            context.add_asset_metadata(
                {**common, "dagster/row_count": count(year_rows[table].get(fy))},
                asset_key=key_for(table), partition_key=key,
            )


def _results(con, figures: dict | None, months: list[date], rebuilt: list[date]) -> Iterable[dg.MaterializeResult]:
    headline = {
        "months_asked": dg.MetadataValue.text(months_label(months)),
        "months_rebuilt": dg.MetadataValue.text(months_label(rebuilt)),
    }
    for table in TABLES:
        meta = {**table_metadata(con, table), **headline}
        if table == "marts.kpi_spend_by_year" and figures:
            meta["ledger_total_spend"] = money(figures.get("ledger_total_spend"))
            meta["mart_total_spend"] = money(figures.get("mart_total_spend"))
            meta["kpis"] = records(figures.get("kpis") or [])
        yield dg.MaterializeResult(asset_key=key_for(table), metadata=meta)


def build_kpi_assets(partitions: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    specs = [
        dg.AssetSpec(key_for(table), group_name="kpis", kinds={"duckdb"}, partitions_def=partitions,
                     deps=[FCT_PAYMENT, DIM_SUPPLIER, SUPPLIER_MATCH],
                     description=f"KPI mart {table}, rebuilt by month and the financial years above it.")
        for table in TABLES
    ]

    @dg.multi_asset(
        name="kpi_marts",
        specs=specs,
        check_specs=_check_specs(),
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
    )
    def kpi_marts(context: dg.AssetExecutionContext, warehouse: Warehouse):
        asked = partition_months(context)
        with warehouse.get_connection() as con:
            # A backfill is taken at its word; a run over every month rebuilds what changed.
            months = changes.changed_months(con) if covers_every_month(context) else asked
            figures = kpis.build_kpi_marts(con, months=months) if months else None
            changes.record_months(con, months, run_id=context.run_id)
            outcomes = quality.check_kpis(con, months=months) if months else []
            _partition_metadata(context, con, set(months))
            yield from _results(con, figures, asked, months)
        for key, table in ((KPI_BY_YEAR, "kpi_spend_by_year"), (KPI_BY_MONTH, "kpi_spend_by_month")):
            mine = [o for o in outcomes if o.name.startswith(table + "_")]
            for name, (_, blocking) in CHECKS.items():
                yield check_result(name, [o for o in mine if o.name.endswith(name)], key, blocking=blocking)

    return kpi_marts
