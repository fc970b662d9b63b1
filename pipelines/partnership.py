"""The countywide anchor partnership: every body's payments added up, compared and shared.

core.dim_body (each body's kind), then the partnership marts, all SQL models in
sql/models/{core,marts}/ documented beside them. They read marts.kpi_spend_by_year and
marts.payment_classified, so they are built after pipelines.kpis.build_kpi_marts. They are
small (one row per year, month, body or shared supplier), so each run rebuilds them whole.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from anchorspend.pipelines.bodies import register_configured_bodies
from anchorspend.pipelines.models import materialise
from anchorspend.pipelines.warehouse import transaction

# In build order: the league reads dim_body and the partnership's year totals.
PARTNERSHIP_MODELS = (
    "core.dim_body",
    "marts.kpi_partnership_by_year",
    "marts.kpi_partnership_by_month",
    "marts.partnership_league",
    "marts.partnership_shared_suppliers",
)


def build_partnership_marts(con: duckdb.DuckDBPyConnection, landing: Path | None = None) -> dict:
    """Rebuild core.dim_body and the partnership marts in one transaction.

    `landing` is the landing folder whose bodies.toml gives the bodies' kinds (None: the one in
    reference_data/). Returns figures for asset metadata (money as Decimal).
    """
    register_configured_bodies(con, landing)
    try:
        with transaction(con):
            for name in PARTNERSHIP_MODELS:
                materialise(con, name)
    finally:
        con.unregister("configured_bodies")
    return partnership_summary(con)


def partnership_summary(con: duckdb.DuckDBPyConnection) -> dict:
    cur = con.execute(
        "SELECT financial_year, body_count, total_spend, pct_local_primary, pct_local_secondary, pct_sme, pct_vcs, "
        "supplier_count, shared_supplier_count FROM marts.kpi_partnership_by_year ORDER BY financial_year"
    )
    columns = [d[0] for d in cur.description]
    years = [dict(zip(columns, row)) for row in cur.fetchall()]
    bodies = [r[0] for r in con.execute("SELECT body FROM core.dim_body WHERE payment_count > 0 ORDER BY body").fetchall()]
    return {"bodies": bodies, "years": years}


__all__ = ["PARTNERSHIP_MODELS", "build_partnership_marts", "partnership_summary"]
