import dagster as dg

from anchorspend.definitions.resources import LandingFolder, Warehouse
from anchorspend.pipelines.config import council_config
from anchorspend.pipelines.ledgers import ingest_ledgers
from anchorspend.pipelines.warehouse import sql_text


class IngestConfig(dg.Config):
    files: list[str] = []
    """Only these ledger files (paths relative to the landing folder); empty means every new or changed file."""


@dg.asset(
    key=["audit", "ingested_ledgers"],
    group_name="ingestion",
    description=(
        "Payment ledgers from LANDING/ledgers/ loaded into core.fct_payment, with every line accounted "
        "for in audit.ingest_files and audit.rejected_rows. Only new or changed files are read."
    ),
    kinds={"duckdb", "polars"},
)
def ingested_ledgers(context: dg.AssetExecutionContext, config: IngestConfig, landing: LandingFolder, warehouse: Warehouse) -> dg.MaterializeResult:
    con = warehouse.connect()
    try:
        results = ingest_ledgers(
            con,
            landing.root,
            body_default=council_config().name,
            only=config.files or None,
            on_file=lambda name: context.log.info(f"ingesting {name}"),
        )
        cur = con.execute(sql_text("audit/ledger_totals"))
        totals = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    finally:
        con.close()
    for r in results:
        if r.status == "failed":
            context.log.warning(f"{r.source_file}: {r.message}")
    return dg.MaterializeResult(
        metadata={
            "files_ingested_this_run": len(results),
            "files_failed_this_run": sum(r.status == "failed" for r in results),
            "rows_loaded_this_run": sum(r.rows_loaded for r in results),
            "rows_rejected_this_run": sum(r.rows_rejected for r in results),
            "rows_duplicate_this_run": sum(r.rows_duplicate for r in results),
            "ledger_files_total": totals["files"],
            "ledger_files_failed_total": totals["failed"],
            "rows_rejected_total": totals["rows_rejected"],
            "dagster/row_count": totals["payments"],
            "total_spend": dg.MetadataValue.text(f"£{totals['spend']:,.2f}"),
        }
    )
