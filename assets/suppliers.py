"""Supplier resolution: ledger suppliers linked to supplier records and classified.

One step writes the supplier dimension, the link table from ledger spellings to it
(core.supplier_match), the worklist of unmatched suppliers and the staging tables it builds
them from, so each of those tables has this one asset as its writer.
"""


import dagster as dg

from anchorspend.assets.ingestion import FCT_PAYMENT, SUPPLIER_SOURCE
from anchorspend.assets.metadata import count, key_for, money, table_metadata
from anchorspend.definitions.resources import LandingFolder, Warehouse
from anchorspend.pipelines import suppliers
from anchorspend.pipelines.config import council_config

DIM_SUPPLIER = key_for("core.dim_supplier")
SUPPLIER_MATCH = key_for("core.supplier_match")
UNMATCHED_SUPPLIERS = key_for("marts.unmatched_suppliers")
STAGING_TABLES = {
    "staging.supplier_entity": "Supplier records before classification: the council's lists and every record a ledger supplier reached.",
    "staging.supplier_location": "Each raw postcode of a supplier record, normalised and located.",
    "staging.supplier_override": "The analyst's supplier overrides (reference_data/supplier_overrides.csv), as read.",
    "staging.companies_house_category": "Companies House company categories and the SME/VCS reading of each.",
    "staging.supplier_ledger_names": "Each ledger file version's distinct suppliers with their payments and spend: a build counts only new or changed versions again.",
    "staging.supplier_build_state": "The fingerprint of the inputs the last supplier build used: an unchanged one resolves only new names.",
    "audit.run_warnings": "What the supplier build assumed or could not do (e.g. the bundled council file), for the run summary and the report.",
}
TABLES = ["core.dim_supplier", "core.supplier_match", "marts.unmatched_suppliers", *STAGING_TABLES]

SPECS = [
    dg.AssetSpec(DIM_SUPPLIER, group_name="suppliers", kinds={"duckdb", "polars"},
                 deps=[SUPPLIER_SOURCE, FCT_PAYMENT],
                 description="One row per resolved supplier, classified local (primary and secondary), SME and VCS, "
                             "with the rule that decided each (location_source, sme_source, vcs_source)."),
    dg.AssetSpec(SUPPLIER_MATCH, group_name="suppliers", kinds={"duckdb", "polars"},
                 deps=[SUPPLIER_SOURCE, FCT_PAYMENT],
                 description="The link table: each ledger spelling (supplier_name, supplier_id) and the supplier record it resolved to, with the method and score."),
    dg.AssetSpec(UNMATCHED_SUPPLIERS, group_name="suppliers", kinds={"duckdb"},
                 deps=[SUPPLIER_SOURCE, FCT_PAYMENT],
                 description="Ledger suppliers with no classification, ranked by spend: the analyst's worklist."),
    *[
        dg.AssetSpec(key_for(table), group_name="suppliers", kinds={"duckdb", "polars"},
                     deps=[SUPPLIER_SOURCE, FCT_PAYMENT], description=description)
        for table, description in STAGING_TABLES.items()
    ],
]


@dg.multi_asset(name="supplier_resolution", specs=SPECS)
def supplier_resolution(context: dg.AssetExecutionContext, landing: LandingFolder, warehouse: Warehouse):
    with warehouse.get_connection() as con:
        summary = suppliers.build_dim_supplier(con, council_config(), landing=landing.root)
        extra = {
            "core.dim_supplier": {
                "suppliers": count(summary.suppliers),
                "spend_total": money(summary.spend_total),
                "spend_classified": money(summary.spend_classified),
                "share_spend_classified": dg.MetadataValue.float(summary.share_spend_classified or 0.0),
            },
            "core.supplier_match": {
                "ledger_suppliers": count(summary.ledger_suppliers),
                "payments_linked": count(summary.payments_linked),
                **{f"matched_by: {method}": count(n) for method, n in sorted(summary.by_method.items())},
            },
            "marts.unmatched_suppliers": {"unmatched_suppliers": count(summary.unmatched_suppliers)},
        }
        for table in TABLES:
            yield dg.MaterializeResult(
                asset_key=key_for(table), metadata={**table_metadata(con, table), **extra.get(table, {})}
            )
