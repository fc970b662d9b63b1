"""The countywide anchor partnership: every body's payments added up, compared and shared.

core.dim_body (each body's kind), then the partnership marts, all SQL models in
sql/models/{core,marts}/ documented beside them. They read marts.kpi_spend_by_year and
marts.supplier_spend_by_month, so they are built after pipelines.kpis.build_kpi_marts. The month
and year marts and the shared suppliers are incremental: a run rebuilds the months the KPI
marts rebuilt and the financial years above them, not the whole history; the body list and
the league (one row per body and year, read from the KPI year mart) are rebuilt whole.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from anchorspend.pipelines.bodies import register_configured_bodies
from anchorspend.pipelines.models import apply_docs, ensure_table, materialise
from anchorspend.pipelines.parse import financial_year
from anchorspend.pipelines.warehouse import sql_text, transaction

# In build order: the league reads dim_body and the partnership's year totals.
PARTNERSHIP_MODELS = (
    "core.dim_body",
    "marts.kpi_partnership_by_year",
    "marts.kpi_partnership_by_month",
    "marts.partnership_league",
    "marts.partnership_shared_suppliers",
)


# Partitioned by month, and by financial year.
_BY_MONTH = ("marts.kpi_partnership_by_month",)
_BY_YEAR = ("marts.kpi_partnership_by_year", "marts.partnership_shared_suppliers")


def stale_months(con: duckdb.DuckDBPyConnection, rebuilt: list[date]) -> list[date] | None:
    """The months the partnership marts must rebuild after the KPI marts rebuilt `rebuilt`: those,
    and any month the KPI month mart and the partnership month mart disagree on having (a month
    withdrawn, or one the partnership never built). None: rebuild everything (a mart missing)."""
    recreated = [ensure_table(con, name) for name in (*_BY_MONTH, *_BY_YEAR)]
    if any(recreated):
        return None
    differ = [m for (m,) in con.execute(sql_text("ops/partnership_stale_months")).fetchall()]
    return sorted(set(rebuilt) | set(differ))


def build_partnership_marts(
    con: duckdb.DuckDBPyConnection, landing: Path | None = None, months: list[date] | None = None,
) -> dict:
    """Rebuild core.dim_body and the partnership marts in one transaction.

    `landing` is the landing folder whose bodies.toml gives the bodies' kinds (None: the one in
    reference_data/). `months` None rebuilds every row; a list rebuilds those months and their
    financial years only (see stale_months). Returns figures for asset metadata (money as Decimal).
    """
    register_configured_bodies(con, landing)
    try:
        with transaction(con):
            materialise(con, "core.dim_body", document=False)
            years = None if months is None else sorted({financial_year(m) for m in months})
            for name in _BY_MONTH:
                materialise(con, name, months, document=False)
            for name in _BY_YEAR:
                materialise(con, name, years, document=False)
            materialise(con, "marts.partnership_league", document=False)
            apply_docs(con, PARTNERSHIP_MODELS)
    finally:
        con.unregister("configured_bodies")
    return partnership_summary(con)


def partnership_summary(con: duckdb.DuckDBPyConnection) -> dict:
    cur = con.execute(sql_text("ops/partnership_year_figures"))
    columns = [d[0] for d in cur.description]
    years = [dict(zip(columns, row)) for row in cur.fetchall()]
    bodies = [r[0] for r in con.execute(sql_text("ops/paying_bodies")).fetchall()]
    return {"bodies": bodies, "years": years}


__all__ = ["PARTNERSHIP_MODELS", "build_partnership_marts", "partnership_summary"]
