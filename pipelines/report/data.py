"""The report's figures, read from the warehouse (marts.* and audit.*) by the SQL in sql/report/."""

from __future__ import annotations

import copy
import datetime as dt
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import duckdb

from anchorspend.pipelines.parse import financial_year as financial_year_of
from anchorspend.pipelines.parse import mask_quoted
from anchorspend.pipelines.registers import scorecard as register_scorecard
from anchorspend.pipelines.warehouse import sql_text, table_exists

REDACTED_LABEL = "Redacted (personal data)"

# A share is 'near target' when short of it by no more than this many percentage points: the
# margin of marts.share_target_status (sql/macros/target_status.sql), said on the page.
NEAR_MARGIN_PP = Decimal("5.00")

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
# Each share's status columns in headline_month.sql: (the month's, the year to date's).
STATUS_FOR = {
    "pct_local_primary": ("month_local_target_status", "local_target_status"),
    "pct_local_secondary": ("month_local_secondary_target_status", "local_secondary_target_status"),
    "pct_sme": ("month_sme_target_status", "sme_target_status"),
    "pct_vcs": ("month_vcs_target_status", "vcs_target_status"),
}


# The report's trend (charts and monthly table) covers the report month and the months before it,
# this many in all; the year-on-year comparison (12 months back) falls inside it.
TREND_MONTHS = 24


def _months_after(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_showing(rebuilt: Iterable[dt.date], months: Iterable[dt.date]) -> list[dt.date]:
    """Those of `months` whose report shows a figure of some month in `rebuilt`: the month itself,
    and the months whose trend (TREND_MONTHS to the report month) reaches back to it. That covers
    the later months of its financial year, whose year to date includes it, and the same month
    next year, which compares against it. Oldest first."""
    rebuilt = sorted(set(rebuilt))
    return sorted(
        m for m in set(months)
        if any(r <= m < _months_after(r, TREND_MONTHS) for r in rebuilt)
    )


def months_to_render(
    with_data: Iterable[dt.date],
    rebuilt: Iterable[dt.date],
    asked: Iterable[dt.date] = (),
    latest_archived: bool = True,
) -> list[dt.date]:
    """The months whose report a run renders: those asked for, those whose figures the run's
    rebuilt months changed (months_showing), and the latest month when anything was rebuilt or
    the archive lacks it. Only months with payments: an empty page would only mislead."""
    with_data, rebuilt = set(with_data), set(rebuilt)
    wanted = set(asked) | set(months_showing(rebuilt, with_data))
    if with_data and (rebuilt or not latest_archived):
        wanted.add(max(with_data))
    return sorted(wanted & with_data)


def archived_months(archive: Path) -> set[str]:
    """The months (YYYY-MM) the report archive holds a report for."""
    if not archive.is_dir():
        return set()
    return {p.name for p in archive.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}-\d{2}", p.name)}


@dataclass
class Table:
    """Rows of one report query, as dicts keyed by the query's column names."""

    name: str
    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)


# A run renders several months from one warehouse that does not change under it; most of a
# report's queries do not depend on the month (the files, the unmatched suppliers) or depend
# only on its financial year (top suppliers, the scorecard). Inside reads_once(con) each is run
# once per run and parameter set, and every caller gets its own copy of the rows.
_READS: ContextVar[tuple[duckdb.DuckDBPyConnection, dict] | None] = ContextVar("report_reads", default=None)


@contextmanager
def reads_once(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Within the block, a report query asked again of `con` with the same parameters is answered
    from its first reading. Only for a warehouse nothing writes to meanwhile."""
    token = _READS.set((con, {}))
    try:
        yield
    finally:
        _READS.reset(token)


def _once(con: duckdb.DuckDBPyConnection, key: tuple, read: Callable[[], Any]) -> Any:
    scope = _READS.get()
    if scope is None or scope[0] is not con:
        return read()
    seen = scope[1]
    if key not in seen:
        seen[key] = read()
    # A copy: callers redact and annotate rows in place.
    return copy.deepcopy(seen[key])


def query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> Table:
    text = sql_text(f"report/{name}")
    # DuckDB rejects named parameters the statement does not use.
    used = {k: v for k, v in params.items() if f"${k}" in text}

    def read() -> Table:
        cur = con.execute(text, used)
        columns = [d[0] for d in cur.description]
        return Table(name, columns, [dict(zip(columns, r)) for r in cur.fetchall()])

    return _once(con, ("query", name, tuple(sorted(used.items()))), read)


def loaded_months(con: duckdb.DuckDBPyConnection, body: str) -> list[dt.date]:
    """The months with payments for `body` in marts.kpi_spend_by_month, oldest first."""
    return [row["month"] for row in query(con, "months_loaded", {"body": body}).rows]


def _one(table: Table) -> dict[str, Any]:
    return table.rows[0] if table.rows else {}


def _redact(rows: list[dict[str, Any]]) -> None:
    """Belt and braces: a row flagged as a redacted payee never carries a name, whatever the mart holds."""
    for row in rows:
        if row.get("is_redacted"):
            row["supplier_name"] = REDACTED_LABEL


def headline(month_row: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per share measure: the month's and the year-to-date values, the target, and
    their statuses as the marts judge them (no month row: 'no figure')."""
    items = []
    for measure in SHARE_MEASURES:
        target_col = TARGET_FOR[measure]
        month_status, fytd_status = STATUS_FOR[measure]
        items.append(
            {
                "measure": measure,
                "target_measure": target_col,
                "target": month_row.get(target_col) if target_col else None,
                "month": month_row.get(measure),
                "month_status": month_row.get(month_status) or "no figure",
                "fytd": month_row.get(f"fytd_{measure}"),
                "fytd_status": month_row.get(fytd_status) or "no figure",
            }
        )
    return items


# Year on year: the shares, then the money and counts a committee compares.
YOY_MEASURES = SHARE_MEASURES + ("total_spend", "local_primary_spend", "sme_spend", "vcs_spend",
                                 "supplier_count", "local_primary_supplier_count")
# Suppliers listed with their classification evidence (ties at the last rank all shown).
EVIDENCE_ROWS = 20


def _unit(measure: str) -> str:
    if measure in SHARE_MEASURES:
        return "percent"
    return "count" if measure in COUNT_MEASURES or measure.endswith("_count") else "GBP"


def _change(now: Decimal | int | None, before: Decimal | int | None, unit: str) -> tuple[Any, Decimal | None]:
    """(difference, relative change in %): shares differ in percentage points and have no
    relative change; money and counts get both, the relative one only against a positive base."""
    if now is None or before is None:
        return None, None
    difference = now - before
    if unit == "percent" or before <= 0:
        return difference, None
    relative = (Decimal(difference) * 100 / Decimal(before)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return difference, relative


def year_on_year(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> dict[str, Any]:
    """The report month against the same month last year, and the financial year to date against
    last year's to the same month, one row per measure of YOY_MEASURES."""
    rows = {r["period"]: r for r in query(con, "year_on_year", params).rows}
    now, before = rows.get("this_year", {}), rows.get("last_year", {})
    month = params["month"]
    last_month = month.replace(year=month.year - 1)
    items = []
    for measure in YOY_MEASURES:
        unit = _unit(measure)
        item = {"measure": measure, "unit": unit}
        for period, prefix in (("month", ""), ("fytd", "fytd_")):
            value, earlier = now.get(prefix + measure), before.get(prefix + measure)
            change, change_pct = _change(value, earlier, unit)
            item.update({period: value, f"{period}_last_year": earlier, f"{period}_change": change,
                         f"{period}_change_pct": change_pct})
        items.append(item)
    return {
        "month": month,
        "last_year_month": last_month,
        "financial_year": params["financial_year"],
        "last_financial_year": financial_year_of(last_month),
        "has_last_year": bool(before),
        "rows": items,
    }


def supplier_evidence(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> Table:
    """The year's top suppliers with the evidence for their classification; redacted payees and
    unresolved payments carry none, and are never named."""
    table = query(con, "supplier_evidence", {**params, "evidence_rows": EVIDENCE_ROWS})
    _redact(table.rows)
    for row in table.rows:
        if row["is_redacted"] or row["is_unresolved"]:
            for column in ("postcode", "local_authority", "location_source", "sme_source", "vcs_source",
                           "match_method", "company_number", "charity_number"):
                row[column] = None
    return table


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return _once(con, ("exists", schema, table), lambda: table_exists(con, f"{schema}.{table}"))


# The marts' one status vocabulary (sql/macros/target_status.sql) as the report's colours.
STATUS_COLOUR = {"on target": "green", "near target": "amber", "off target": "red", "no target": "grey",
                 "no figure": "grey", "for information": "grey"}
# Figures measured against these apply to every year, so a measure with no row in the year shown
# still shows them; a 'target' is set year by year and is never carried to another year.
YEAR_INDEPENDENT_KINDS = ("current", "baseline")


def _register_rows_for_year(rows: list[dict[str, Any]], year: str) -> list[dict[str, Any]]:
    """The register scorecard for one year with every measure any year has, in display order:
    a measure with no row in `year` (a route with no award, a register that stops earlier)
    gets a 'no figure' row rather than vanishing."""
    templates: dict[tuple, dict[str, Any]] = {}
    for row in rows:  # a few dozen rows: one per measure and year
        templates.setdefault((row["section"], row["measure"], row["dimension"]), row)
    in_year = {(r["section"], r["measure"], r["dimension"]): r for r in rows if r["financial_year"] == year}
    shown = []
    for key, template in templates.items():
        row = in_year.get(key)
        if row is None:
            carried = template["target_kind"] in YEAR_INDEPENDENT_KINDS
            row = {**template, "financial_year": year, "value": None, "status": "no figure", "detail": None,
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
    rows = _once(con, ("register_scorecard",), lambda: register_scorecard(con))
    years_with_data = sorted({r["financial_year"] for r in rows if r["value"] is not None})
    if not years_with_data:
        result["register_basis"] = "no data"
        return result
    year = financial_year if financial_year in years_with_data else years_with_data[-1]
    result["register_year"] = year
    result["register_basis"] = "report year" if year == financial_year else "latest year with data"
    result["register_rows"] = _register_rows_for_year(rows, year)
    return result


# The report's SQL masks quoted values (a payee's name in a reason or message) with the parsing
# kernel's mask_quoted, which reads the quoting: an apostrophe inside a name ends nothing.
MASK_FUNCTION = "report_mask_quoted"


@contextmanager
def _masking(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    varchar = duckdb.sqltype("VARCHAR")
    con.create_function(MASK_FUNCTION, mask_quoted, [varchar], varchar, null_handling="special")
    try:
        yield
    finally:
        con.remove_function(MASK_FUNCTION)


def load(con: duckdb.DuckDBPyConnection, body: str, month: dt.date) -> dict[str, Any]:
    financial_year = financial_year_of(month)
    params = {"body": body, "month": month, "financial_year": financial_year, "trend_months": TREND_MONTHS}
    month_row = _one(query(con, "headline_month", params))
    with _masking(con):
        tables = {name: query(con, name, params) for name in ("files_list", "files_failed", "rejected_reasons")}
    tables["warnings"] = _once(con, ("warnings",), lambda: Table(
        "warnings", ["source", "code", "message"],
        [dict(zip(("source", "code", "message"), r)) for r in con.execute(sql_text("audit/warnings")).fetchall()]))
    tables |= {
        name: query(con, name, params)
        for name in (
            "monthly_trend",
            "top_suppliers",
            "leakage",
            "spend_bands",
            "files_ingested",
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
        "headline": headline(month_row),
        "tables": tables,
        "unmatched_total": unmatched_total,
        "data_as_of": data_as_of,
        "near_margin": NEAR_MARGIN_PP,
        "scorecard": scorecard(con, params),
        "year_on_year": year_on_year(con, params),
        "supplier_evidence": supplier_evidence(con, params),
    }
