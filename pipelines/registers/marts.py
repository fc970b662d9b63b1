"""The scorecard marts built on the registers, and the scorecard the report renders."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl

from anchorspend.pipelines.config import REFERENCE_DATA, council_config
from anchorspend.pipelines.models import apply_docs, materialise
from anchorspend.pipelines.warehouse import run_sql, sql_text, transaction

TARGETS_PATH = REFERENCE_DATA / "register_targets.csv"
# In dependency order: invites before the quick-quote KPI, every KPI before the scorecard.
MARTS = [
    "marts.register_quick_quote_invites",
    "marts.kpi_procurement_cycle",
    "marts.kpi_exemptions",
    "marts.kpi_events",
    "marts.kpi_savings",
    "marts.kpi_quick_quotes",
    "marts.kpi_social_value",
    "marts.register_scorecard",
]
TARGET_KINDS = {"target", "baseline", "current"}
DIRECTIONS = {"higher_is_better", "lower_is_better", "none"}


def load_register_targets(path: Path = TARGETS_PATH) -> pl.DataFrame:
    """reference_data/register_targets.csv, checked; figures exact decimals."""
    frame = pl.read_csv(
        path,
        comment_prefix="#",
        schema={"measure": pl.String, "financial_year": pl.String, "dimension": pl.String, "figure": pl.String,
                "kind": pl.String, "direction": pl.String, "unit": pl.String, "source": pl.String},
    ).with_columns(pl.col("figure").str.to_decimal(scale=2).cast(pl.Decimal(18, 2)))
    bad_kind = frame.filter(~pl.col("kind").is_in(TARGET_KINDS) | ~pl.col("direction").is_in(DIRECTIONS))
    if bad_kind.height or frame["figure"].null_count():
        raise ValueError(f"{path}: each row needs a figure, kind in {sorted(TARGET_KINDS)} and direction in {sorted(DIRECTIONS)}")
    if frame.filter(pl.col("financial_year").is_not_null() & ~pl.col("financial_year").str.contains(r"^\d{4}/\d{2}$")).height:
        raise ValueError(f"{path}: financial_year must look like 2019/20")
    return frame


def build_register_marts(con: duckdb.DuckDBPyConnection, targets_path: Path = TARGETS_PATH) -> dict:
    """(Re)build core.register_targets, the register marts and marts.register_scorecard.

    Returns flat figures for asset metadata: row counts per mart (`<mart>_rows`), the scorecard's
    status counts, `latest_financial_year`, and for that year one text per measure, e.g.
    `savings`: '4509344.50 against 4910000.00: off target'.
    """
    targets = load_register_targets(targets_path)
    areas = pl.DataFrame({"area": [a.upper() for a in council_config().local_primary_postcode_areas]},
                         schema={"area": pl.String})
    con.register("_register_targets", targets)
    con.register("_local_areas", areas)
    try:
        run_sql(con, "core/register_targets_load")
    finally:
        con.unregister("_register_targets")
        con.unregister("_local_areas")
    with transaction(con):
        # The targets' comments quote the figures just loaded (pipelines.models.render).
        apply_docs(con, ["core.register_targets"])
        for name in MARTS:
            materialise(con, name)

    figures: dict = {}
    for name in MARTS:
        figures[f"{name.split('.')[1]}_rows"] = con.execute(sql_text("ops/table_row_count", table=name)).fetchone()[0]
    statuses = con.execute(sql_text("core/register_scorecard_statuses")).fetchall()
    figures["scorecard_status_counts"] = {s: n for s, n in statuses}
    latest = con.execute(sql_text("core/register_scorecard_latest_year")).fetchone()[0]
    figures["latest_financial_year"] = latest
    if latest is not None:
        for row in scorecard(con, latest):
            key = row["measure"] if row["dimension"] is None else f"{row['measure']}[{row['dimension']}]"
            figures[key] = _figure_text(row["value"], row["target"], row["status"])
    return figures


def _figure_text(value: Decimal | None, target: Decimal | None, status: str) -> str:
    # Exact decimal text, not a float: metadata is read by people and must match the mart to the penny.
    shown = "no figure" if value is None else str(value)
    against = "" if target is None else f" against {target}"
    return f"{shown}{against}: {status}"


def scorecard(con: duckdb.DuckDBPyConnection, financial_year: str | None = None) -> list[dict]:
    """Every scorecard measure from marts.register_scorecard, in display order.

    Each dict: sort_order, section, measure, label, financial_year, dimension, value (Decimal
    or None), unit (days | count | GBP | percent), target (Decimal or None), target_kind
    (target | baseline | current | None), target_year, status (the one rule of
    sql/macros/target_status.sql: on target | near target | off target | no target | no figure |
    for information), detail. Optionally only one financial year.
    """
    cur = con.execute(sql_text("core/register_scorecard"), {"financial_year": financial_year})
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]
