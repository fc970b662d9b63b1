"""The report's figures, read from the warehouse (marts.* and audit.*) by the SQL in sql/report/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb

from pipelines.warehouse import sql_text

REDACTED_LABEL = "Redacted (personal data)"

# A KPI is amber when it is below target by no more than this many percentage points.
AMBER_MARGIN_PP = Decimal("5")

# Headline measures: the mart column names, in the order the report shows them.
SHARE_MEASURES = ("pct_local_primary", "pct_local_secondary", "pct_sme", "pct_vcs")
SPEND_MEASURES = (
    "total_spend",
    "local_primary_spend",
    "local_secondary_spend",
    "sme_spend",
    "vcs_spend",
    "local_sme_spend",
    "deprived_area_spend",
    "unclassified_spend",
)
COUNT_MEASURES = (
    "supplier_count",
    "local_primary_supplier_count",
    "sme_supplier_count",
    "vcs_supplier_count",
)
# Which target each share is judged against (the marts' target columns). The strategy's local
# target is set for the primary definition only; the secondary share has none.
TARGET_FOR = {
    "pct_local_primary": "target_pct_local",
    "pct_local_secondary": None,
    "pct_sme": "target_pct_sme",
    "pct_vcs": "target_pct_vcs",
}


def financial_year_of(month: dt.date) -> str:
    start = month.year if month.month >= 4 else month.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def rag_status(value: Decimal | None, target: Decimal | None, margin: Decimal = AMBER_MARGIN_PP) -> str:
    """green at or above target; amber within `margin` points below; red further below;
    grey without a target; none when there is no share to judge (no spend, or net credits)."""
    if target is None:
        return "grey"
    if value is None:
        return "none"
    if value >= target:
        return "green"
    if value >= target - margin:
        return "amber"
    return "red"


@dataclass
class Table:
    """Rows of one report query, as dicts keyed by the query's column names."""

    name: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)


def query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> Table:
    text = sql_text(f"report/{name}")
    # DuckDB rejects named parameters the statement does not use.
    used = {k: v for k, v in params.items() if f"${k}" in text}
    cur = con.execute(text, used)
    columns = [d[0] for d in cur.description]
    rows = [dict(zip(columns, r)) for r in cur.fetchall()]
    return Table(name, columns, rows)


def _one(table: Table) -> dict[str, Any]:
    return table.rows[0] if table.rows else {}


def _redact(rows: list[dict[str, Any]]) -> None:
    """Belt and braces: a row flagged as a redacted payee never carries a name, whatever the mart holds."""
    for row in rows:
        if row.get("is_redacted"):
            row["supplier_name"] = REDACTED_LABEL


def headline(month_row: dict[str, Any], margin: Decimal) -> list[dict[str, Any]]:
    """One entry per share measure: the month's and the year-to-date values, target and RAG status."""
    items = []
    for measure in SHARE_MEASURES:
        target_col = TARGET_FOR[measure]
        target = month_row.get(target_col) if target_col else None
        month_value = month_row.get(measure)
        fytd_value = month_row.get(f"fytd_{measure}")
        items.append(
            {
                "measure": measure,
                "target_measure": target_col,
                "target": target,
                "month": month_value,
                "month_status": rag_status(month_value, target, margin),
                "fytd": fytd_value,
                "fytd_status": rag_status(fytd_value, target, margin),
            }
        )
    return items


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [schema, table]
    ).fetchone()[0] > 0


def load(con: duckdb.DuckDBPyConnection, body: str, month: dt.date, margin: Decimal = AMBER_MARGIN_PP) -> dict[str, Any]:
    financial_year = financial_year_of(month)
    params = {"body": body, "month": month, "financial_year": financial_year}
    month_row = _one(query(con, "headline_month", params))
    tables = {
        name: query(con, name, params)
        for name in (
            "monthly_trend",
            "top_suppliers",
            "leakage",
            "spend_bands",
            "files_ingested",
            "files_list",
            "files_failed",
            "rejected_reasons",
        )
    }
    _redact(tables["top_suppliers"].rows)
    # marts.unmatched_suppliers comes from the supplier pipeline; a warehouse built without it
    # still gets a report, saying the list is not available.
    if _table_exists(con, "marts", "unmatched_suppliers"):
        tables["unmatched_suppliers"] = query(con, "unmatched_suppliers", params)
        unmatched_total = _one(query(con, "unmatched_total", params))
    else:
        tables["unmatched_suppliers"] = None
        unmatched_total = {}
    data_as_of = _one(query(con, "data_as_of", params)).get("data_as_of")
    return {
        "body": body,
        "month": month,
        "financial_year": financial_year,
        "month_row": month_row,
        "headline": headline(month_row, margin),
        "tables": tables,
        "unmatched_total": unmatched_total,
        "data_as_of": data_as_of,
        "amber_margin": margin,
    }
