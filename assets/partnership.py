"""The countywide partnership: every body's payments added up, compared and shared.

Small tables (one row per year, month, body or shared supplier), so one unpartitioned step
rebuilds them whole after the KPI marts they read.
"""

import dagster as dg

from anchorspend.assets.ingestion import FCT_PAYMENT
from anchorspend.assets.kpis import KPI_BY_MONTH, KPI_BY_YEAR
from anchorspend.assets.metadata import key_for, records, table_metadata
from anchorspend.assets.suppliers import DIM_SUPPLIER, SUPPLIER_MATCH
from anchorspend.definitions.resources import LandingFolder, Warehouse
from anchorspend.pipelines.partnership import PARTNERSHIP_MODELS, build_partnership_marts

SPECS = [
    dg.AssetSpec(key_for(table), group_name="partnership", kinds={"duckdb"},
                 deps=[FCT_PAYMENT, DIM_SUPPLIER, SUPPLIER_MATCH, KPI_BY_YEAR, KPI_BY_MONTH],
                 description=f"Partnership model {table}: every body's spend added up, compared and shared.")
    for table in PARTNERSHIP_MODELS
]


@dg.multi_asset(name="partnership_marts", specs=SPECS)
def partnership_marts(context: dg.AssetExecutionContext, landing: LandingFolder, warehouse: Warehouse):
    with warehouse.get_connection() as con:
        figures = build_partnership_marts(con, landing.root)
        for table in PARTNERSHIP_MODELS:
            meta = table_metadata(con, table)
            if table == "marts.kpi_partnership_by_year":
                meta["years"] = records(figures.get("years") or [])
                meta["bodies"] = dg.MetadataValue.text(", ".join(figures.get("bodies") or []) or "none")
            yield dg.MaterializeResult(asset_key=key_for(table), metadata=meta)
