"""The register scorecard: the procurement team's measures built on the registers."""


import dagster as dg

from anchorspend.assets.ingestion import REGISTER_TABLES
from anchorspend.assets.metadata import count, key_for, table_metadata
from anchorspend.assets.suppliers import DIM_SUPPLIER
from anchorspend.definitions.resources import Warehouse
from anchorspend.pipelines import registers
from anchorspend.pipelines.registers.marts import MARTS

REGISTER_SCORECARD = key_for("marts.register_scorecard")
TABLES = ["core.register_targets", *MARTS]

SPECS = [
    dg.AssetSpec(key_for(table), group_name="register_scorecard", kinds={"duckdb"},
                 deps=[*(key_for(t) for t in REGISTER_TABLES), DIM_SUPPLIER],
                 description=(
                     "The scorecard: every register measure with its value, target and status, per financial year."
                     if table == "marts.register_scorecard" else f"Register mart {table}."
                 ))
    for table in TABLES
]


@dg.multi_asset(name="register_scorecard", specs=SPECS)
def register_scorecard(context: dg.AssetExecutionContext, warehouse: Warehouse):
    with warehouse.get_connection() as con:
        figures = registers.build_register_marts(con) or {}
        statuses = {
            f"status: {status}": count(n) for status, n in (figures.get("scorecard_status_counts") or {}).items()
        }
        for table in TABLES:
            meta = table_metadata(con, table)
            if table == "marts.register_scorecard":
                meta.update(statuses)
                meta["latest_financial_year"] = dg.MetadataValue.text(str(figures.get("latest_financial_year") or "none"))
            yield dg.MaterializeResult(asset_key=key_for(table), metadata=meta)
