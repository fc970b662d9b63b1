import dagster as dg

from definitions.resources import LandingFolder, Warehouse
from pipelines.config import council_config
from pipelines.ledgers import ingest_ledgers


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
        totals = con.execute(
            """
            SELECT count(*) AS files,
                   count(*) FILTER (WHERE status = 'failed') AS failed,
                   coalesce(sum(rows_rejected) FILTER (WHERE status = 'loaded'), 0) AS rejected,
                   (SELECT count(*) FROM core.fct_payment) AS payments,
                   (SELECT coalesce(sum(amount), 0) FROM core.fct_payment) AS spend
            FROM audit.ingest_files WHERE kind = 'ledger' AND status <> 'superseded'
            """
        ).fetchone()
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
            "ledger_files_total": totals[0],
            "ledger_files_failed_total": totals[1],
            "rows_rejected_total": totals[2],
            "dagster/row_count": totals[3],
            "total_spend": dg.MetadataValue.text(f"£{totals[4]:,.2f}"),
        }
    )
