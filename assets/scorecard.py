import dagster as dg

from anchorspend.definitions.resources import LandingFolder, Warehouse
from anchorspend.pipelines import registers


@dg.asset(
    key=["marts", "procurement_scorecard"],
    group_name="scorecard",
    deps=[["core", "dim_supplier"]],
    description=(
        "The procurement team's registers from LANDING/registers/, validated row by row, and the "
        "scorecard marts: cycle times, exemptions, events, savings, quick quotes and social value."
    ),
    kinds={"duckdb", "pydantic"},
)
def procurement_scorecard(context: dg.AssetExecutionContext, landing: LandingFolder, warehouse: Warehouse) -> dg.MaterializeResult:
    con = warehouse.connect()
    try:
        results = registers.ingest_registers(con, landing.root)
        figures = registers.build_register_marts(con) or {}
    finally:
        con.close()
    metadata = {"register_files_read": len(results)}
    for key, value in figures.items():
        metadata[key] = value if isinstance(value, (int, float, str)) else dg.MetadataValue.text(str(value))
    return dg.MaterializeResult(metadata=metadata)
