"""The report's partnership page: shown when the warehouse holds more than one body's payments.

Reads the partnership marts (pipelines.partnership) through sql/report/partnership_*.sql and
hands reports/partnership.html.j2 its rows. A warehouse without the marts, or with one body
only, gets no page (None), and the report is as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from anchorspend.pipelines.report.data import _one, _table_exists, financial_year_of, query

# (share column, target column, status column, label): the shares the strategy sets targets for.
SHARES = (
    ("pct_local_primary", "target_pct_local", "local_target_status"),
    ("pct_sme", "target_pct_sme", "sme_target_status"),
    ("pct_vcs", "target_pct_vcs", "vcs_target_status"),
)


def load_partnership(con: duckdb.DuckDBPyConnection, month: dt.date) -> dict[str, Any] | None:
    """The partnership page's data for the financial year of `month`, or None when there is no page."""
    if not all(_table_exists(con, "marts", t) for t in ("kpi_partnership_by_year", "partnership_league",
                                                          "kpi_partnership_by_month", "partnership_shared_suppliers")):
        return None
    financial_year = financial_year_of(month)
    params = {"month": month.replace(day=1), "financial_year": financial_year}
    year = _one(query(con, "partnership_year", params))
    if not year or year["body_count"] < 2:
        return None
    return {
        "financial_year": financial_year,
        "year": year,
        "shares": [{"measure": share, "value": year[share], "target": year[target], "status": year[status]}
                   for share, target, status in SHARES],
        "league": query(con, "partnership_league", params).rows,
        "trend": query(con, "partnership_trend", params).rows,
        "shared": query(con, "partnership_shared_suppliers", params).rows,
        "shared_total": _one(query(con, "partnership_shared_total", params)),
    }


__all__ = ["load_partnership"]
