"""The report's figures, read from the warehouse (marts.* and audit.*) by the SQL in sql/report/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import duckdb

from anchorspend.pipelines.parse import financial_year as financial_year_of
from anchorspend.pipelines.registers import scorecard as register_scorecard
from anchorspend.pipelines.warehouse import sql_text

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
    # fetchall, not fetchone: DuckDB 2 keeps a half-read result open and refuses register() after it.
    return con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [schema, table]
    ).fetchall()[0][0] > 0


# The scorecard's status (marts.register_scorecard's vocabulary) as the report's RAG colours.
STATUS_COLOUR = {"met": "green", "not met": "red", "no data": "grey", "no target": "grey", "for information": "grey"}
# Figures measured against these apply to every year, so a measure with no row in the year shown
# still shows them; a 'target' is set year by year and is never carried to another year.
YEAR_INDEPENDENT_KINDS = ("current", "baseline")


def _register_rows_for_year(rows: list[dict[str, Any]], year: str) -> list[dict[str, Any]]:
    """The register scorecard for one year with every measure any year has, in display order:
    a measure with no row in `year` (a route with no award, a register that stops earlier)
    gets a 'no data' row rather than vanishing."""
    templates: dict[tuple, dict[str, Any]] = {}
    for row in rows:  # a few dozen rows: one per measure and year
        templates.setdefault((row["section"], row["measure"], row["dimension"]), row)
    in_year = {(r["section"], r["measure"], r["dimension"]): r for r in rows if r["financial_year"] == year}
    shown = []
    for key, template in templates.items():
        row = in_year.get(key)
        if row is None:
            carried = template["target_kind"] in YEAR_INDEPENDENT_KINDS
            row = {**template, "financial_year": year, "value": None, "status": "no data", "detail": None,
                   "target": template["target"] if carried else None,
                   "target_kind": template["target_kind"] if carried else None,
                   "target_year": template["target_year"] if carried else None}
        shown.append(dict(row))
    return shown


def scorecard(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> dict[str, Any]:
    """The strategy's scorecard: spend measures for the report's financial year, and the register
    measures for that year, or, when the registers hold nothing for it, for the latest year that
    has data (`register_basis` says which; the years are never mixed within the registers)."""
    financial_year = params["financial_year"]
    spend = query(con, "scorecard_spend", params).rows
    months = _one(query(con, "scorecard_spend_months", params))
    result: dict[str, Any] = {
        "spend_rows": spend,
        "spend_year": financial_year,
        "spend_months": months if months.get("months") else None,
        "registers_available": _table_exists(con, "marts", "register_scorecard"),
        "register_rows": [],
        "register_year": None,
        "register_basis": None,
    }
    if not result["registers_available"]:
        return result
    rows = register_scorecard(con)
    years_with_data = sorted({r["financial_year"] for r in rows if r["value"] is not None})
    if not years_with_data:
        result["register_basis"] = "no data"
        return result
    year = financial_year if financial_year in years_with_data else years_with_data[-1]
    result["register_year"] = year
    result["register_basis"] = "report year" if year == financial_year else "latest year with data"
    result["register_rows"] = _register_rows_for_year(rows, year)
    return result


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
        "scorecard": scorecard(con, params),
    }
