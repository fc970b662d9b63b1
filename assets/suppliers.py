import dagster as dg

from anchorspend.assets.checks import check_result
from anchorspend.definitions.resources import LandingFolder, Warehouse
from anchorspend.pipelines import quality, suppliers
from anchorspend.pipelines.config import council_config
from anchorspend.pipelines.warehouse import sql_text

SUPPLIER_SOURCES = dg.AssetKey(["staging", "supplier_sources"])


@dg.asset(
    key=SUPPLIER_SOURCES,
    group_name="suppliers",
    description=(
        "Supplier facts from LANDING/supplier_extracts/ (Spikes Cavell-style), vendor_master/, "
        "companies_house/ and charities/, staged as read."
    ),
    kinds={"duckdb", "polars"},
    check_specs=[dg.AssetCheckSpec("supplier_extract_values_valid", asset=SUPPLIER_SOURCES, blocking=False)],
)
def supplier_sources(context: dg.AssetExecutionContext, landing: LandingFolder, warehouse: Warehouse):
    con = warehouse.connect()
    try:
        results = suppliers.ingest_supplier_sources(con, landing.root)
        extract = con.sql(sql_text("staging/supplier_extract_values")).pl()
    finally:
        con.close()
    yield dg.MaterializeResult(
        metadata={
            "files": len(results),
            "files_failed": sum(getattr(r, "status", "") == "failed" for r in results),
            "dagster/row_count": extract.height,
        }
    )
    yield check_result("supplier_extract_values_valid", quality.check_supplier_extract(extract), SUPPLIER_SOURCES, blocking=False)


@dg.asset(
    key=["core", "dim_supplier"],
    group_name="suppliers",
    deps=[SUPPLIER_SOURCES, ["audit", "ingested_ledgers"]],
    description=(
        "One row per resolved supplier, classified local (primary and secondary), SME and VCS, "
        "with the rule that decided each (location_source, sme_source, vcs_source)."
    ),
    kinds={"duckdb", "polars"},
)
def dim_supplier(context: dg.AssetExecutionContext, landing: LandingFolder, warehouse: Warehouse) -> dg.MaterializeResult:
    con = warehouse.connect()
    try:
        summary = suppliers.build_dim_supplier(con, council_config(), landing=landing.root)
    finally:
        con.close()
    return dg.MaterializeResult(metadata={k: v for k, v in vars(summary).items() if isinstance(v, (int, str, float))})


@dg.asset(
    key=["marts", "unmatched_suppliers"],
    group_name="suppliers",
    deps=[["core", "fct_payment"]],
    description="Ledger suppliers with no classification, ranked by spend: the analyst's worklist.",
    kinds={"duckdb"},
)
def unmatched_suppliers(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    con = warehouse.connect()
    try:
        suppliers.build_unmatched_suppliers(con)
        rows, spend = con.execute(
            "SELECT count(*), coalesce(sum(total_spend), 0) FROM marts.unmatched_suppliers"
        ).fetchone()
    finally:
        con.close()
    return dg.MaterializeResult(
        metadata={"dagster/row_count": rows, "unmatched_spend": dg.MetadataValue.text(f"£{spend:,.2f}")}
    )
