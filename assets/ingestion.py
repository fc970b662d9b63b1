"""The landing folder into the warehouse: one step, because one file lifecycle writes the audit.

Ledgers load core.fct_payment, supplier files stage.supplier_source and registers the
core.register_* tables; every file version of all three is recorded in audit.ingest_files and
every line not loaded in audit.rejected_rows (or, named non-payment lines, audit.set_aside_lines).
Only new or changed files are read.
"""


import dagster as dg

from anchorspend.assets.checks import check_result, split_by_severity
from anchorspend.assets.metadata import count, key_for, money, table_metadata
from anchorspend.definitions.resources import LandingFolder, Warehouse
from anchorspend.pipelines import quality, registers, run_inputs, suppliers
from anchorspend.pipelines.config import council_config
from anchorspend.pipelines.ledgers import ingest_ledgers
from anchorspend.pipelines.warehouse import sql_text

FCT_PAYMENT = key_for("core.fct_payment")
INGEST_FILES = key_for("audit.ingest_files")
REJECTED_ROWS = key_for("audit.rejected_rows")
SET_ASIDE_LINES = key_for("audit.set_aside_lines")
SUPPLIER_SOURCE = key_for("staging.supplier_source")
REGISTER_TABLES = [r.table for r in registers.REGISTERS.values()]

# Log lines the CLI's progress reads: "reading <source_file>" before each ledger file, and
# "read <source_file>: <n> lines" after it.
READING = "reading "
READ = "read "


class _Progress:
    """Logs each ledger file as it is read, and its line count once it is done."""

    def __init__(self, context: dg.AssetExecutionContext, con):
        self.context, self.con, self.current = context, con, None

    def __call__(self, source_file: str | None) -> None:
        if self.current is not None:
            row = self.con.execute(sql_text("audit/file_rows_read"), [self.current]).fetchall()
            row = row[0] if row else None
            self.context.log.info(f"{READ}{self.current}: {row[0] if row else 0} lines")
        self.current = source_file
        if source_file is not None:
            self.context.log.info(READING + source_file)


class IngestConfig(dg.Config):
    files: list[str] = []
    """Only these ledger files (paths relative to the landing folder); empty means every new or changed file."""


SPECS = [
    dg.AssetSpec(FCT_PAYMENT, group_name="payments", kinds={"duckdb", "polars"},
                 description="One row per loaded payment line of the ledgers in LANDING/ledgers/ (any depth)."),
    dg.AssetSpec(INGEST_FILES, group_name="ingestion", kinds={"duckdb"},
                 description="One row per version of every file seen in the landing folder: ledgers, supplier files, registers."),
    dg.AssetSpec(REJECTED_ROWS, group_name="ingestion", kinds={"duckdb"},
                 description="Every data line that was not loaded, with its file, line and reason."),
    dg.AssetSpec(SET_ASIDE_LINES, group_name="ingestion", kinds={"duckdb"},
                 description="Every non-blank ledger line that is neither a payment nor rejected: header, preamble, footer, continuation."),
    dg.AssetSpec(SUPPLIER_SOURCE, group_name="suppliers", kinds={"duckdb", "polars"},
                 description="Supplier facts from supplier_extracts/, vendor_master/, companies_house/ and charities/, staged as read."),
    *[
        dg.AssetSpec(key_for(r.table), group_name="register_scorecard", kinds={"duckdb", "pydantic"},
                     description=f"{r.title}: rows of LANDING/registers/ validated against the register's model. {r.description}")
        for r in registers.REGISTERS.values()
    ],
]


@dg.multi_asset(
    name="landing_files",
    specs=SPECS,
    check_specs=[
        dg.AssetCheckSpec("ledger_lines_reconcile", asset=FCT_PAYMENT, blocking=True,
                          description="Every ledger line is loaded, rejected or a duplicate, and the warehouse holds what was loaded, to the penny."),
        dg.AssetCheckSpec("payments_valid", asset=FCT_PAYMENT, blocking=False,
                          description="Lines loaded this run: required fields present, no future dates, amounts within bounds."),
        dg.AssetCheckSpec("payments_plausible", asset=FCT_PAYMENT, blocking=False,
                          description="Lines loaded this run: dates inside the file's period, transaction numbers well formed."),
        dg.AssetCheckSpec("supplier_extract_values_valid", asset=SUPPLIER_SOURCE, blocking=False,
                          description="Supplier extracts' postcodes and SME/VCS flags read as the supplier pipeline expects."),
    ],
)
def landing_files(context: dg.AssetExecutionContext, config: IngestConfig, landing: LandingFolder, warehouse: Warehouse):
    with warehouse.get_connection() as con:
        progress = _Progress(context, con)
        quality.warm_up_if_new_ledgers(con, landing.root)  # GE's seconds of import overlap the ingest
        if not config.files:
            # A run over every file: what it reads now is what its warehouse is built from.
            run_inputs.record_unless_recorded(con, context.run_id, landing.root)
        ledgers = ingest_ledgers(
            con,
            landing.root,
            body_default=council_config().name,
            only=config.files or None,
            on_file=progress,
            known=run_inputs.known_hashes(con),
        )
        progress(None)
        if any(r.status == "loaded" for r in ledgers):
            quality.warm_up()  # a changed file under a known name: overlap what is left
        sources = suppliers.ingest_supplier_sources(con, landing.root)
        register_files = registers.ingest_registers(con, landing.root)
        totals = con.execute(sql_text("audit/ledger_totals")).fetchall()[0]
        files, failed, _, rejected_total, _, payments, spend = totals
        # Each loaded result names the version it loaded (audit.ingest_files' row for it).
        loaded_versions = [r.file_sha256 for r in ledgers if r.status == "loaded"]
        # Checked: the lines of the file versions loaded this run, not the whole history.
        reconciliation = quality.check_ledger_reconciliation(con, files=loaded_versions)
        row_checks = quality.check_payments(con, files=loaded_versions)
        extract_checks = quality.check_supplier_extracts(
            con, files=[r.file_sha256 for r in sources if r.status == "loaded" and r.kind == "supplier_extract"])

        yield dg.MaterializeResult(asset_key=FCT_PAYMENT, metadata={
            **table_metadata(con, "core.fct_payment", rows=payments),
            "total_spend": money(spend),
            "ledger_files_read_this_run": count(sum(r.status != "unchanged" for r in ledgers)),
            "ledger_files_failed_this_run": count(sum(r.status == "failed" for r in ledgers)),
            "lines_loaded_this_run": count(sum(r.rows_loaded for r in ledgers)),
            "lines_rejected_this_run": count(sum(r.rows_rejected for r in ledgers)),
            "lines_duplicate_this_run": count(sum(r.rows_duplicate for r in ledgers)),
        })
        yield dg.MaterializeResult(asset_key=INGEST_FILES, metadata={
            **table_metadata(con, "audit.ingest_files"),
            "ledger_files": count(files),
            "ledger_files_failed": count(failed),
            "supplier_files_read_this_run": count(sum(r.status != "unchanged" for r in sources)),
            "register_files_read_this_run": count(sum(r.status != "unchanged" for r in register_files)),
        })
        yield dg.MaterializeResult(asset_key=REJECTED_ROWS, metadata={
            **table_metadata(con, "audit.rejected_rows"),
            "ledger_lines_rejected": count(rejected_total),
        })
        yield dg.MaterializeResult(asset_key=SET_ASIDE_LINES, metadata=table_metadata(con, "audit.set_aside_lines"))
        yield dg.MaterializeResult(asset_key=SUPPLIER_SOURCE, metadata={
            **table_metadata(con, "staging.supplier_source"),
            "files_failed_this_run": count(sum(r.status == "failed" for r in sources)),
        })
        for table in REGISTER_TABLES:
            yield dg.MaterializeResult(asset_key=key_for(table), metadata=table_metadata(con, table))

    for r in [*ledgers, *sources, *register_files]:
        if r.status == "failed":
            context.log.warning(f"{r.source_file}: {r.message}")
    yield check_result("ledger_lines_reconcile", [reconciliation], FCT_PAYMENT, blocking=True)
    valid = {"payments_required_fields", "payments_date_not_in_future", "payments_amount_within_bounds"}
    yield check_result("payments_valid", [o for o in row_checks if o.name in valid], FCT_PAYMENT, blocking=False)
    yield check_result("payments_plausible", [o for o in row_checks if o.name not in valid], FCT_PAYMENT, blocking=False)
    _, extract_warnings = split_by_severity(extract_checks)
    yield check_result("supplier_extract_values_valid", extract_warnings, SUPPLIER_SOURCE, blocking=False)
