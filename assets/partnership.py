"""The countywide partnership: every body's payments added up, compared and shared.

One unpartitioned step after the KPI marts they read. It rebuilds the months the KPI step of
the same run rebuilt (and their financial years), plus any month the two disagree on having;
the small body list and league are rebuilt whole.
"""

import dagster as dg

from anchorspend.assets.ingestion import FCT_PAYMENT
from anchorspend.assets.kpis import KPI_BY_MONTH, KPI_BY_YEAR
from anchorspend.assets.metadata import key_for, records, table_metadata
from anchorspend.assets.suppliers import DIM_SUPPLIER, SUPPLIER_MATCH
from anchorspend.definitions.resources import LandingFolder, Warehouse
from anchorspend.pipelines import changes
from anchorspend.pipelines.partnership import PARTNERSHIP_MODELS, build_partnership_marts, stale_months

SPECS = [
    dg.AssetSpec(key_for(table), group_name="partnership", kinds={"duckdb"},
                 deps=[FCT_PAYMENT, DIM_SUPPLIER, SUPPLIER_MATCH, KPI_BY_YEAR, KPI_BY_MONTH],
                 description=f"Partnership model {table}: every body's spend added up, compared and shared.")
    for table in PARTNERSHIP_MODELS
]


@dg.multi_asset(name="partnership_marts", specs=SPECS)
def partnership_marts(context: dg.AssetExecutionContext, landing: LandingFolder, warehouse: Warehouse):
    with warehouse.get_connection() as con:
        months = stale_months(con, changes.months_built_by(con, context.run_id))
        figures = build_partnership_marts(con, landing.root, months)
        for table in PARTNERSHIP_MODELS:
            meta = table_metadata(con, table)
            meta["months_rebuilt"] = dg.MetadataValue.text(
                "every month" if months is None else (", ".join(f"{m:%Y-%m}" for m in months) or "none")
            )
            if table == "marts.kpi_partnership_by_year":
                meta["years"] = records(figures.get("years") or [])
                meta["bodies"] = dg.MetadataValue.text(", ".join(figures.get("bodies") or []) or "none")
            yield dg.MaterializeResult(asset_key=key_for(table), metadata=meta)
