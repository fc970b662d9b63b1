"""core.dim_supplier, core.supplier_match, core.fct_payment.supplier_key, marts.unmatched_suppliers.

Flow (build_dim_supplier):
1. Supplier records from staged supplier files: rows sharing a company number are one record;
   charity/society numbers and unique exact names fold into numbered records.
2. Each distinct ledger supplier (name as typed + supplier id) resolves to one record:
   redacted -> the one redacted record; else by company / charity number (when the names do
   not contradict); else by the council's own supplier id (vendor master); else by normalised
   name; else by conservative fuzzy match (matching.py); else a record of its own (unmatched).
3. Postcodes are located (postcodes.py), legal-form words read (names.py), and
   sql/core/dim_supplier.sql ranks the evidence and applies the analyst's overrides.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import duckdb
import polars as pl

from anchorspend.pipelines import run_warnings
from anchorspend.pipelines.config import REFERENCE_DATA, CouncilConfig
from anchorspend.pipelines.suppliers import matching
from anchorspend.pipelines.suppliers.names import (
    REDACTED_DISPLAY_NAME,
    REDACTED_KEY,
    is_redacted,
    name_rule,
    normalise_charity_number,
    normalise_company_number,
    normalise_name,
)
from anchorspend.pipelines.models import materialise
from anchorspend.pipelines.parse import normalise_postcode, parse_flag
from anchorspend.pipelines.suppliers.postcodes import GEOGRAPHY, GEONAMES_GB, local_flags, locate_postcodes, onspd_files
from anchorspend.pipelines.warehouse import run_sql, sql_text

OVERRIDES = REFERENCE_DATA / "supplier_overrides.csv"
CH_CATEGORIES = REFERENCE_DATA / "companies_house_categories.csv"

# Sources in order of trust for identity fields (name, postcode, numbers).
KIND_RANK = {"supplier_extract": 1, "vendor_master": 2, "companies_house": 3, "charities": 4}
# Registers describe every company or charity, not the council's suppliers: their records
# join the dimension only when a ledger supplier resolves to them.
# A company/charity number in the ledger is taken when the ledger name does not contradict
# the record's name: token_set_ratio of the normalised names at least this (or no name).
ID_NAME_AGREEMENT = 50.0
METHOD_RANK = ["redacted", "company_number", "charity_number", "supplier_id", "name", "fuzzy", "unmatched"]


@dataclass
class SupplierSummary:
    suppliers: int
    ledger_suppliers: int
    by_method: dict[str, int]
    payments_linked: int
    spend_total: object
    spend_classified: object
    share_spend_classified: float | None
    unmatched_suppliers: int
    warnings: int = 0
    # full: every ledger supplier resolved; incremental: only names the last build had not seen.
    mode: str = "full"
    names_resolved: int = 0


@lru_cache(maxsize=1)
def _ch_rules() -> pl.DataFrame:
    return pl.read_csv(CH_CATEGORIES, infer_schema=False).with_columns(
        pl.col("value").str.to_uppercase(), parse_flag(pl.col("is_sme")).alias("is_sme"), parse_flag(pl.col("is_vcs")).alias("is_vcs")
    )


def _first(col: str) -> pl.Expr:
    return pl.col(col).drop_nulls().first()


def _majority_flag(col: str) -> pl.Expr:
    """The extract's flag for a record: the majority of its extract rows; on a tie, the last row."""
    extract = pl.col(col).filter(pl.col("source_kind") == "supplier_extract")
    t = (extract == True).sum()  # noqa: E712 - polars comparison
    f = (extract == False).sum()  # noqa: E712
    return pl.when(t > f).then(True).when(f > t).then(False).otherwise(extract.drop_nulls().last())


def source_records(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Supplier records from staging.supplier_source, and council supplier id -> key."""
    src = con.table("staging.supplier_source").pl()
    if src.height == 0:
        empty = pl.DataFrame(schema={"supplier_key": pl.String, "name_normalised": pl.String})
        return empty, pl.DataFrame(schema={"supplier_id": pl.String, "supplier_key": pl.String})
    src = src.with_columns(
        pl.col("source_kind").replace_strict(KIND_RANK, default=9, return_dtype=pl.Int32).alias("kind_rank")
    ).sort(["kind_rank", "source_file", "source_line"])
    src = src.with_columns(
        pl.when(pl.col("company_number").is_not_null())
        .then(pl.concat_str(pl.lit("co:"), pl.col("company_number")))
        .when(pl.col("charity_number").is_not_null())
        .then(pl.concat_str(pl.lit("cc:"), pl.col("charity_number")))
        .when(pl.col("society_number").is_not_null())
        .then(pl.concat_str(pl.lit("fs:"), pl.col("society_number")))
        .when(pl.col("name_normalised").is_not_null())
        .then(pl.concat_str(pl.lit("nm:"), pl.col("name_normalised")))
        .otherwise(pl.concat_str(pl.lit("id:"), pl.col("supplier_id")))
        .alias("key0")
    )
    # A charity or society number seen beside one company number is that company.
    folds = []
    for col, prefix in (("charity_number", "cc:"), ("society_number", "fs:")):
        pairs = (
            src.filter(pl.col("company_number").is_not_null() & pl.col(col).is_not_null())
            .group_by(col)
            .agg(pl.col("key0").unique().alias("keys"))
            .filter(pl.col("keys").list.len() == 1)
            .select(pl.concat_str(pl.lit(prefix), pl.col(col)).alias("key0"), pl.col("keys").list.first().alias("key1"))
        )
        folds.append(pairs)
    fold = pl.concat(folds)
    src = src.join(fold, on="key0", how="left").with_columns(pl.coalesce("key1", "key0").alias("key1"))
    # A name-only row whose exact normalised name belongs to exactly one numbered record joins it.
    named = (
        src.filter(~pl.col("key1").str.starts_with("nm:") & pl.col("name_normalised").is_not_null())
        .group_by("name_normalised")
        .agg(pl.col("key1").unique().alias("keys"))
        .filter(pl.col("keys").list.len() == 1)
        .select("name_normalised", pl.col("keys").list.first().alias("key2"))
    )
    src = src.join(named, on="name_normalised", how="left").with_columns(
        pl.when(pl.col("key1").str.starts_with("nm:") | pl.col("key1").str.starts_with("id:"))
        .then(pl.coalesce("key2", "key1"))
        .otherwise(pl.col("key1"))
        .alias("supplier_key")
    )
    src = src.with_columns(normalise_postcode(pl.col("postcode_raw")).alias("postcode_n"))
    ch = src.filter(pl.col("source_kind") == "companies_house")
    records = src.group_by("supplier_key", maintain_order=True).agg(
        _first("supplier_name").alias("supplier_name"),
        _first("name_normalised").alias("name_normalised"),
        _first("company_number").alias("company_number"),
        _first("charity_number").alias("charity_number"),
        _first("society_number").alias("society_number"),
        _first("vat_number").alias("vat_number"),
        pl.coalesce(_first("postcode_n"), _first("postcode_raw")).alias("postcode_raw"),
        _majority_flag("sme_flag").alias("extract_sme"),
        _majority_flag("vcs_flag").alias("extract_vcs"),
        (pl.col("source_kind") == "charities").any().alias("on_charity_register"),
        _first("proclass_level1").alias("proclass_level1"),
        _first("proclass_level2").alias("proclass_level2"),
        pl.col("source_kind").unique().sort().str.join(",").alias("source_kinds"),
    )
    ch_attr = ch.group_by("supplier_key").agg(
        _first("company_category").alias("company_category"),
        _first("accounts_category").alias("accounts_category"),
    )
    other_cat = src.filter(pl.col("source_kind") != "companies_house").group_by("supplier_key").agg(
        _first("company_category").alias("company_category_other"),
        _first("accounts_category").alias("accounts_category_other"),
    )
    records = (
        records.join(ch_attr, on="supplier_key", how="left")
        .join(other_cat, on="supplier_key", how="left")
        .with_columns(
            pl.coalesce("company_category", "company_category_other").alias("company_category"),
            pl.coalesce("accounts_category", "accounts_category_other").alias("accounts_category"),
        )
        .drop("company_category_other", "accounts_category_other")
    )
    ids = (
        src.filter(pl.col("supplier_id").is_not_null())
        .group_by("supplier_id")
        .agg(pl.col("supplier_key").unique().alias("keys"))
        .filter(pl.col("keys").list.len() == 1)
        .select("supplier_id", pl.col("keys").list.first().alias("supplier_key"))
    )
    return records, ids


def resolve_ledger(ledger: pl.DataFrame, records: pl.DataFrame, ids: pl.DataFrame) -> pl.DataFrame:
    """ledger: supplier_name, supplier_id (distinct). Returns the supplier_match rows."""
    lg = ledger.with_columns(
        normalise_name(pl.col("supplier_name")).alias("name_normalised"),
        is_redacted(pl.col("supplier_name")).alias("redacted"),
        normalise_company_number(pl.col("supplier_id")).alias("id_company"),
        normalise_charity_number(pl.col("supplier_id")).alias("id_charity"),
        pl.col("supplier_id").str.strip_chars().alias("id_raw"),
    )
    rec_names = records.select("supplier_key", pl.col("name_normalised").alias("rec_name"))

    def by_number(col: str, rec_col: str, method: str) -> pl.DataFrame:
        if rec_col not in records.columns:
            return pl.DataFrame(schema={"supplier_name": pl.String, "supplier_id": pl.String, "supplier_key": pl.String, "match_method": pl.String})
        hits = lg.filter(~pl.col("redacted") & pl.col(col).is_not_null()).join(
            records.filter(pl.col(rec_col).is_not_null()).select(pl.col(rec_col).alias(col), "supplier_key"), on=col, how="inner"
        ).join(rec_names, on="supplier_key", how="left")
        agree = matching.name_similarity(hits["name_normalised"], hits["rec_name"])
        hits = hits.with_columns(pl.Series("agree", agree)).filter(
            pl.col("name_normalised").is_null() | (pl.col("agree") >= ID_NAME_AGREEMENT)
        )
        return hits.select("supplier_name", "supplier_id", "supplier_key", pl.lit(method).alias("match_method")).unique(
            ["supplier_name", "supplier_id"], keep="first"
        )

    parts = [
        lg.filter(pl.col("redacted")).select(
            "supplier_name", "supplier_id", pl.lit(REDACTED_KEY).alias("supplier_key"), pl.lit("redacted").alias("match_method")
        )
    ]
    if records.height:
        parts.append(by_number("id_company", "company_number", "company_number"))
        parts.append(by_number("id_charity", "charity_number", "charity_number"))
        parts.append(
            lg.filter(~pl.col("redacted") & pl.col("id_raw").is_not_null())
            .join(ids.rename({"supplier_id": "id_raw"}), on="id_raw", how="inner")
            .select("supplier_name", "supplier_id", "supplier_key", pl.lit("supplier_id").alias("match_method"))
        )
        unique_names = (
            records.filter(pl.col("name_normalised").is_not_null())
            .group_by("name_normalised")
            .agg(pl.col("supplier_key").unique().alias("keys"))
            .filter(pl.col("keys").list.len() == 1)
            .select("name_normalised", pl.col("keys").list.first().alias("supplier_key"))
        )
        parts.append(
            lg.filter(~pl.col("redacted"))
            .join(unique_names, on="name_normalised", how="inner")
            .select("supplier_name", "supplier_id", "supplier_key", pl.lit("name").alias("match_method"))
        )
    decided = (
        pl.concat(parts)
        .with_columns(pl.col("match_method").replace_strict({m: i for i, m in enumerate(METHOD_RANK)}, return_dtype=pl.Int32).alias("r"))
        .sort("r")
        .unique(["supplier_name", "supplier_id"], keep="first", maintain_order=True)
        .drop("r")
    )
    rest = lg.join(decided, on=["supplier_name", "supplier_id"], how="anti", nulls_equal=True)
    fuzzy_cols = ["name_normalised", "best_key", "best_name", "best_score", "accepted"]
    if records.height and rest.height:
        fz = matching.fuzzy_match(
            rest["name_normalised"],
            records.select("name_normalised", "supplier_key").drop_nulls(),
        ).select(fuzzy_cols)
    else:
        fz = pl.DataFrame(schema={"name_normalised": pl.String, "best_key": pl.String, "best_name": pl.String, "best_score": pl.Float64, "accepted": pl.Boolean})
    rest = rest.join(fz, on="name_normalised", how="left").with_columns(pl.col("accepted").fill_null(False))
    ledger_key = pl.concat_str(pl.lit("ledger:"), pl.coalesce("name_normalised", pl.col("supplier_name").str.strip_chars().str.to_lowercase()))
    rest_out = rest.select(
        "supplier_name",
        "supplier_id",
        pl.when(pl.col("accepted")).then(pl.col("best_key")).otherwise(ledger_key).alias("supplier_key"),
        pl.when(pl.col("accepted")).then(pl.lit("fuzzy")).otherwise(pl.lit("unmatched")).alias("match_method"),
        pl.when(pl.col("accepted")).then(pl.col("best_score")).alias("match_score"),
        pl.when(~pl.col("accepted")).then(pl.col("best_key")).alias("candidate_key"),
        pl.when(~pl.col("accepted")).then(pl.col("best_score")).alias("candidate_score"),
    )
    out = pl.concat(
        [decided.with_columns(pl.lit(100.0).alias("match_score"), pl.lit(None, pl.String).alias("candidate_key"), pl.lit(None, pl.Float64).alias("candidate_score")), rest_out],
        how="vertical_relaxed",
    )
    return out.join(lg.select("supplier_name", "supplier_id", "name_normalised"), on=["supplier_name", "supplier_id"], how="left", nulls_equal=True)


def _load_overrides(path: Path = OVERRIDES) -> pl.DataFrame:
    ov = pl.read_csv(path, infer_schema=False, comment_prefix="#")
    return ov.with_row_index("override_line", offset=2).select(
        pl.col("override_line").cast(pl.Int64),
        pl.col("supplier_name"),
        normalise_name(pl.col("supplier_name")).alias("name_normalised"),
        normalise_company_number(pl.col("company_number")).alias("company_number"),
        pl.col("postcode").alias("postcode_raw"),
        *[parse_flag(pl.col(c)).alias(c) for c in ("is_sme", "is_vcs", "is_local_primary", "is_local_secondary")],
        pl.col("note"),
    )


def _replace(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    con.register("_frame", frame.to_arrow())
    try:
        run_sql(con, "core/supplier_replace_table", table=table)
    finally:
        con.unregister("_frame")


MATCH_SCHEMA = {
    "supplier_name": pl.String, "supplier_id": pl.String, "supplier_key": pl.String, "match_method": pl.String,
    "match_score": pl.Float64, "candidate_key": pl.String, "candidate_score": pl.Float64, "name_normalised": pl.String,
}


def _package_version() -> str:
    try:
        return version("anchorspend")
    except PackageNotFoundError:
        return "?"


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def inputs_fingerprint(
    con: duckdb.DuckDBPyConnection, council: CouncilConfig, landing: Path | None, overrides_path: Path
) -> str:
    """Everything a resolution depends on except the ledger names themselves: the staged
    supplier rows, the overrides, the council's definitions, the geography, any postcode
    directory, and the code's version. Equal fingerprints mean an earlier resolution of a name
    still holds, so only new names need resolving."""
    parts = {
        "sources": con.execute(sql_text("core/supplier_inputs_fingerprint")).fetchall()[0][0],
        "overrides": _file_digest(overrides_path) if overrides_path.is_file() else None,
        "council": [council.local_primary_postcode_areas, council.primary_authorities(), council.secondary_authorities()],
        "geography": {p.name: _file_digest(p) for p in sorted(GEOGRAPHY.glob("*.csv"))},
        "geonames": [GEONAMES_GB.stat().st_size, GEONAMES_GB.stat().st_mtime_ns],
        "onspd": [[str(p), p.stat().st_size, p.stat().st_mtime_ns] for p in onspd_files(landing)],
        "version": _package_version(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _last_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    rows = con.execute(sql_text("core/supplier_build_state_read")).fetchall()
    return rows[0][0] if rows else None


def build_dim_supplier(
    con: duckdb.DuckDBPyConnection,
    council: CouncilConfig,
    landing: Path | None = None,
    overrides_path: Path = OVERRIDES,
    incremental: bool = True,
) -> SupplierSummary:
    """Build core.dim_supplier and core.supplier_match from staging.supplier_source and the
    distinct ledger suppliers in core.fct_payment. `landing` is only used to find a dropped
    ONS Postcode Directory extract (LANDING/postcode_directory/).

    When nothing the resolution depends on has changed since the last build (inputs_fingerprint),
    only ledger names that build had not seen are resolved, the postcodes already located are
    reused, and only payments not yet linked are linked. Otherwise (or incremental=False),
    everything is resolved and relinked. Both give the same tables."""
    fingerprint = inputs_fingerprint(con, council, landing, overrides_path)
    reuse = incremental and _last_fingerprint(con) == fingerprint
    records, ids = source_records(con)
    # Per file version, so a nightly build reads only the new lines (a full one reads them all).
    if not reuse:
        run_sql(con, "core/supplier_ledger_names_reset")
    run_sql(con, "core/supplier_ledger_names")
    ledger = con.sql(sql_text("core/supplier_ledger_suppliers")).pl()
    if reuse:
        kept = con.sql(sql_text("core/supplier_match_kept")).pl().cast(MATCH_SCHEMA)
        todo = ledger.drop("payments").join(kept.select("supplier_name", "supplier_id"), on=["supplier_name", "supplier_id"], how="anti", nulls_equal=True)
    else:
        kept = pl.DataFrame(schema=MATCH_SCHEMA)
        todo = ledger.drop("payments")
    fresh = resolve_ledger(todo, records, ids).select(list(MATCH_SCHEMA)).cast(MATCH_SCHEMA) if todo.height else pl.DataFrame(schema=MATCH_SCHEMA)
    match = pl.concat([kept, fresh])

    # Which records the dimension holds: the council's own supplier lists, plus anything a
    # ledger supplier resolved to, plus one record per unmatched ledger name and the redacted one.
    reached = match.group_by("supplier_key").agg(
        pl.col("match_method").replace_strict({m: i for i, m in enumerate(METHOD_RANK)}, return_dtype=pl.Int32).min().alias("r")
    ).with_columns(pl.col("r").replace_strict({i: m for i, m in enumerate(METHOD_RANK)}, return_dtype=pl.String).alias("match_method"))
    if records.height:
        keep = records.filter(
            pl.col("source_kinds").str.contains("supplier_extract|vendor_master")
            | pl.col("supplier_key").is_in(reached["supplier_key"].implode())
        )
    else:
        keep = records
    ledger_only = (
        match.filter(pl.col("match_method").is_in(["unmatched", "redacted"]))
        .join(ledger, on=["supplier_name", "supplier_id"], how="left", nulls_equal=True)
        # Display name: the spelling used most often; on a tie, one not in capitals, then A-Z.
        .sort(
            [pl.col("payments"), pl.col("supplier_name") == pl.col("supplier_name").str.to_uppercase(), pl.col("supplier_name")],
            descending=[True, False, False],
        )
        .group_by("supplier_key", maintain_order=True)
        .agg(pl.col("supplier_name").first(), pl.col("name_normalised").first())
        .with_columns(
            pl.when(pl.col("supplier_key") == REDACTED_KEY).then(pl.lit(REDACTED_DISPLAY_NAME)).otherwise(pl.col("supplier_name")).alias("supplier_name"),
            pl.when(pl.col("supplier_key") == REDACTED_KEY).then(None).otherwise(pl.col("name_normalised")).alias("name_normalised"),
            pl.lit("ledger").alias("source_kinds"),
        )
    )
    entity = pl.concat([keep, ledger_only], how="diagonal_relaxed").join(reached.select("supplier_key", "match_method"), on="supplier_key", how="left")
    entity = entity.with_columns((pl.col("supplier_key") == REDACTED_KEY).alias("is_redacted"))

    # Legal-form words: from the record's own name and, for ledger-only records, the ledger name.
    rules = name_rule(entity["supplier_name"]).rename({"name": "supplier_name"})
    entity = entity.join(rules, on="supplier_name", how="left").with_columns(
        pl.when(pl.col("is_redacted")).then(None).otherwise(pl.col(c)).alias(c) for c in ("form", "rule_sme", "rule_vcs")
    )

    overrides = _load_overrides(overrides_path)
    if reuse:
        # Same records and overrides, so the same postcodes: their places still hold.
        located = con.table("staging.supplier_location").pl()
    else:
        raw_postcodes = pl.concat([entity["postcode_raw"] if "postcode_raw" in entity.columns else pl.Series([], dtype=pl.String), overrides["postcode_raw"]]).drop_nulls().unique()
        located = local_flags(
            locate_postcodes(raw_postcodes, landing=landing),
            council.local_primary_postcode_areas,
            council.local_secondary_local_authorities,
            council.local_primary_local_authorities,
        )
    for col in ("postcode_raw", "company_number", "charity_number", "vat_number", "society_number", "extract_sme", "extract_vcs",
                "on_charity_register", "company_category", "accounts_category", "proclass_level1", "proclass_level2"):
        if col not in entity.columns:
            entity = entity.with_columns(pl.lit(None).alias(col))
    entity = entity.with_columns(pl.col("on_charity_register").fill_null(False))

    _replace(con, "staging.supplier_entity", entity)
    if not reuse:
        _replace(con, "staging.supplier_location", located)
    _replace(con, "staging.supplier_override", overrides)
    _replace(con, "staging.companies_house_category", _ch_rules())
    match_out = match.select(
        "supplier_name", "supplier_id", "name_normalised", "supplier_key", "match_method",
        pl.col("match_score").cast(pl.Float64), "candidate_key", pl.lit(None, pl.String).alias("candidate_name"), pl.col("candidate_score").cast(pl.Float64),
    )
    con.register("supplier_match_rows", match_out.to_arrow())
    try:
        run_sql(con, "core/supplier_match_load")
    finally:
        con.unregister("supplier_match_rows")
    run_sql(con, "core/dim_supplier")
    run_sql(con, "core/supplier_match_candidates")
    linked = link_payments(con, unlinked_only=reuse)
    build_unmatched_suppliers(con)
    warnings = supplier_run_warnings(con, council)
    run_warnings.record(con, "suppliers", warnings)
    run_sql(con, "core/supplier_build_state", {"fingerprint": fingerprint})
    summary = summarise(con, linked)
    summary.warnings = len(warnings)
    summary.mode = "incremental" if reuse else "full"
    summary.names_resolved = todo.height
    return summary


def _same_body(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def supplier_run_warnings(con: duckdb.DuckDBPyConnection, council: CouncilConfig) -> list[run_warnings.RunWarning]:
    """What this build assumed or could not do: no council file, ledgers of another body, no
    supplier located. Written to audit.run_warnings by build_dim_supplier."""
    out: list[run_warnings.RunWarning] = []
    if council.assumed:
        out.append(run_warnings.RunWarning(
            "council_assumed",
            f"No council file was given (ANCHORSPEND_COUNCIL unset, no ./council.toml): assumed {council.name} "
            f"from {council.source_file}, with local (primary) = postcode areas "
            f"{', '.join(council.local_primary_postcode_areas) or '-'} and local (secondary) = "
            f"{', '.join(council.local_secondary_local_authorities)}.",
        ))
    bodies, suppliers, located, with_postcode = con.execute(sql_text("core/supplier_run_checks")).fetchall()[0]
    bodies = [b for b in (bodies or []) if b is not None]
    if bodies and not any(_same_body(b, council.name) for b in bodies):
        shown = ", ".join(bodies[:5]) + (f" and {len(bodies) - 5} more" if len(bodies) > 5 else "")
        out.append(run_warnings.RunWarning(
            "body_mismatch",
            f"The ledgers name {shown}, but the council file ({council.source_file}) is for {council.name}: "
            "the local shares use that council's definitions.",
        ))
    if suppliers and not located:
        why = "no supplier has a postcode" if not with_postcode else f"none of the {with_postcode} supplier postcodes could be placed"
        out.append(run_warnings.RunWarning(
            "no_supplier_located",
            f"No supplier could be located ({why}): every local share is 0% for lack of evidence, not because "
            "spend is not local. Add supplier extracts or a vendor master with postcodes.",
        ))
    return out


def summarise(con: duckdb.DuckDBPyConnection, linked: int) -> SupplierSummary:
    suppliers, by_method, total, classified, unmatched = con.execute(sql_text("core/supplier_summary")).fetchall()[0]
    by_method = dict(by_method or {})
    return SupplierSummary(
        suppliers=suppliers,
        ledger_suppliers=sum(by_method.values()),
        by_method=by_method,
        payments_linked=linked,
        spend_total=total,
        spend_classified=classified,
        share_spend_classified=float(classified / total) if total else None,
        unmatched_suppliers=unmatched,
    )


def link_payments(con: duckdb.DuckDBPyConnection, month: date | None = None, unlinked_only: bool = False) -> int:
    """Fill core.fct_payment.supplier_key from core.supplier_match, for one month or all, and
    for every payment or (unlinked_only) only those not yet linked. Returns the number of
    payments linked. Payments of ledger suppliers the last build_dim_supplier did not see stay
    NULL until the next build."""
    return con.execute(
        sql_text("core/supplier_link_payments"), {"month": month, "unlinked": unlinked_only}
    ).fetchall()[0][0]


def build_unmatched_suppliers(con: duckdb.DuckDBPyConnection) -> int:
    """marts.unmatched_suppliers: the analyst's worklist. Returns its row count."""
    materialise(con, "marts.unmatched_suppliers")
    return con.table("marts.unmatched_suppliers").shape[0]
