"""Render the monthly report (HTML + XLSX) from the warehouse."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined

from anchorspend.pipelines.config import REPORTS_DIR, council_config
from anchorspend.pipelines.report import charts, data
from anchorspend.pipelines.report.partnership import load_partnership
from anchorspend.pipelines.report.workbook import Sheet, write_workbook

STATUS_TEXT = {"on target": "On target", "near target": "Near target", "off target": "Off target",
                         "no target": "No target", "no figure": "No figure", "for information": "For information"}
TARGET_KIND_TEXT = {"target": "Target", "baseline": "Baseline", "current": "Current figure"}

# The evidence codes of core.dim_supplier (location_source, sme_source, vcs_source, match_method)
# in words, for the page and the workbook.
EVIDENCE_TEXT = {
    "override": "Analyst override",
    "onspd": "ONS postcode directory",
    "nspl_nearest_place": "NSPL postcode, nearest place",
    "geonames_outward": "GeoNames, outward code",
    "postcode_area": "Postcode area only",
    "supplier_extract": "Supplier extract",
    "companies_house": "Companies House",
    "society_number": "Society number",
    "charity_number": "Charity number",
    "charity_register": "Charity register",
    "name_rule": "Name rule",
    "company_number": "Company number",
    "name": "Exact name",
    "fuzzy": "Close name",
    "unmatched": "Not matched",
    "redacted": "Redacted",
}
EVIDENCE_COLUMNS = ("location_source", "sme_source", "vcs_source", "match_method")


def report_stem(month: dt.date) -> str:
    return f"anchorspend-report-{month:%Y-%m}"


def _half_up(fn):
    """Format with half-up rounding, as the marts round: Python's default would show £2.50 as £2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with decimal.localcontext() as ctx:
            ctx.rounding = decimal.ROUND_HALF_UP
            return fn(*args, **kwargs)

    return wrapper


@_half_up
def _money(value: Decimal | None) -> str:
    if value is None:
        return "–"
    sign = "−" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}"


@_half_up
def _money_short(value: Decimal | None) -> str:
    if value is None:
        return "–"
    sign = "−" if value < 0 else ""
    v = abs(value)
    if v >= 1_000_000:
        return f"{sign}£{v / 1_000_000:,.2f}m"
    if v >= 10_000:
        return f"{sign}£{v / 1_000:,.0f}k"
    return f"{sign}£{v:,.0f}"


@_half_up
def _pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def _count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


@_half_up
def _figure(value: Decimal | None, unit: str, whole_if_integral: bool = False) -> str:
    """A scorecard figure in its unit (marts.register_scorecard's units)."""
    if value is None:
        return "–"
    if unit == "percent":
        return _pct(value)
    if unit == "days":
        # Averages carry a tenth; the strategy's whole-day current figures read better without one.
        if whole_if_integral and value == value.to_integral_value():
            return f"{value:,.0f} days"
        return f"{value:,.1f} days"
    if unit == "GBP":
        return _money(value)
    return f"{value:,.0f}"


@_half_up
def _change(value: Decimal | int | None, unit: str) -> str:
    """A change, signed: '+1.2 pp' for a share, '−£1,234' for money, '+12' for a count, '+3.4%' relative."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    v = abs(value)
    if unit == "percent":
        return f"{sign}{v:.1f} pp"
    if unit == "relative":
        return f"{sign}{v:,.1f}%"
    if unit == "GBP":
        return f"{sign}£{v:,.0f}"
    return f"{sign}{v:,}"


def _against(row: dict[str, Any]) -> str:
    """What a scorecard figure is measured against, in words: 'Baseline 2018/19', 'Current figure'."""
    kind = row.get("target_kind")
    if row.get("target") is None or kind is None:
        return "–"
    text = TARGET_KIND_TEXT.get(kind, kind)
    return f"{text} {row['target_year']}" if kind == "baseline" and row.get("target_year") else text


def _raw(value: Any) -> str:
    """The exact figure for data-value attributes, so tests and scrapers read what the mart holds."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


# Every text from input files is escaped; charts are marked safe explicitly.
_ENV_OPTIONS = {"autoescape": True, "undefined": StrictUndefined, "trim_blocks": True, "lstrip_blocks": True,
                "keep_trailing_newline": True}


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between processes: compiling the two takes ~0.5 s, most of a
    one-month run's report. Jinja's own per-user folder in the temp directory (0700, owner
    checked); each entry is checked against its template's source, and the names carry the Jinja
    version and the options the compiled code depends on. No usable folder: no cache."""
    key = hashlib.sha256(repr((jinja2.__version__, sorted(_ENV_OPTIONS.items(), key=str))).encode()).hexdigest()[:16]
    try:
        return FileSystemBytecodeCache(pattern=f"__anchorspend_report_{key}_%s.cache")
    except (OSError, RuntimeError):
        return None


@functools.cache
def environment() -> Environment:
    """The report's Jinja environment, one per process (compiling the templates costs more than
    rendering them). The loader still checks the files' dates, so an edited template is reread."""
    env = Environment(loader=FileSystemLoader(REPORTS_DIR), bytecode_cache=_bytecode_cache(), **_ENV_OPTIONS)
    env.filters.update(money=_money, money_short=_money_short, pct=_pct, count=_count, raw=_raw, figure=_figure,
                       against=_against, change=_change,
                       yes_no=lambda v: "–" if v is None else "Yes" if v else "No",
                       month_label=lambda m: m.strftime("%B %Y"), short_month=charts.month_label)
    return env


def _measure_labels(primary: str, secondary: str) -> dict[str, str]:
    return {
        "pct_local_primary": f"% local spend — {primary}",
        "pct_local_secondary": f"% local spend — {secondary}",
        "pct_sme": "% SME spend",
        "pct_vcs": "% VCS spend",
        "total_spend": "Total spend",
        "local_primary_spend": f"Local spend — {primary}",
        "local_secondary_spend": f"Local spend — {secondary}",
        "sme_spend": "SME spend",
        "vcs_spend": "VCS spend",
        "local_sme_spend": "Local SME spend",
        "deprived_area_spend": "Spend in most deprived areas (IMD deciles 1–2)",
        "unclassified_spend": "Unclassified spend",
        "supplier_count": "Suppliers paid",
        "local_primary_supplier_count": f"Local suppliers — {primary}",
        "local_secondary_supplier_count": f"Local suppliers — {secondary}",
        "sme_supplier_count": "SME suppliers",
        "vcs_supplier_count": "VCS suppliers",
    }


def column_headers(labels: dict[str, str], primary: str, secondary: str) -> dict[str, str]:
    """Workbook headings for every column the sheets carry: the measures' own labels, then words
    for the rest, so no heading is a column name."""
    headers = dict(labels)
    headers.update({
        "measure": "Measure (mart column)", "label": "Measure", "month": "Month", "fytd": "Year to date",
        "month_status": "Month status", "fytd_status": "Year-to-date status", "target": "Target",
        "section": "Section", "dimension": "Dimension", "financial_year": "Financial year",
        "year_basis": "Year shown", "value": "Figure", "unit": "Unit", "target_kind": "Measured against",
        "target_year": "Target year", "status": "Status", "detail": "Detail",
        "target_pct_local": f"Target % local: {primary}", "target_pct_sme": "Target % SME",
        "target_pct_vcs": "Target % VCS", "pct_unclassified": "% unclassified",
        "rank": "Rank", "supplier_name": "Supplier", "pct_of_total_spend": "% of total spend",
        "payment_count": "Payments", "is_local_primary": f"Local: {primary}",
        "is_local_secondary": f"Local: {secondary}", "is_sme": "SME", "is_vcs": "VCS",
        "category": "Category", "non_local_spend": "Non-local spend",
        "non_local_supplier_count": "Non-local suppliers", "band": "Band",
        "month_transaction_count": "Month: payments", "month_spend": "Month: spend",
        "fytd_transaction_count": "Year to date: payments", "fytd_spend": "Year to date: spend",
        "kind": "Kind", "file_count": "Files", "rows_read": "Lines read", "rows_loaded": "Lines loaded",
        "rows_rejected": "Lines rejected", "rows_duplicate": "Duplicate lines", "amount_loaded": "Amount loaded",
        "source_file": "File", "message": "Message", "reason": "Reason", "example": "Example line",
        "spend_rank": "Rank", "first_payment": "First payment", "last_payment": "Last payment",
        "postcode": "Postcode", "local_authority": "Local authority", "location_source": "Postcode source",
        "sme_source": "SME evidence", "vcs_source": "VCS evidence", "match_method": "Ledger name matched by",
        "company_number": "Company number", "charity_number": "Charity number",
        "month_last_year": "Same month last year", "month_change": "Month: change",
        "month_change_pct": "Month: % change", "fytd_last_year": "Last year to date",
        "fytd_change": "Year to date: change", "fytd_change_pct": "Year to date: % change",
    })
    return headers


def _months_text(months: dict[str, Any] | None) -> str:
    if not months:
        return "no payments loaded for this year"
    first, last = months["first_month"], months["last_month"]
    span = f"{first:%B %Y}" if first == last else f"{first:%B %Y} to {last:%B %Y}"
    return f"the financial year as loaded, {span}"


def scorecard_sections(card: dict[str, Any], labels: dict[str, str]) -> list[dict[str, Any]]:
    """The scorecard's rows grouped by section, in display order, each with its label, status
    colour and the basis of its year ('report year' or 'latest year with data')."""
    rows = [{**r, "label": labels[r["measure"]], "year_basis": "report year"} for r in card["spend_rows"]]
    rows += [{**r, "year_basis": card["register_basis"]} for r in card["register_rows"]]
    sections: list[dict[str, Any]] = []
    for row in rows:
        row["colour"] = data.STATUS_COLOUR.get(row["status"], "grey")
        row["status_text"] = STATUS_TEXT.get(row["status"], row["status"])
        if not sections or sections[-1]["name"] != row["section"]:
            sections.append({"name": row["section"], "rows": []})
        sections[-1]["rows"].append(row)
    return sections


def _scorecard_years(card: dict[str, Any]) -> dict[str, str]:
    """The two years the scorecard shows, in words, for the page and the workbook."""
    spend = f"spend: {card['spend_year']} ({_months_text(card['spend_months'])})"
    if not card["registers_available"]:
        registers = "registers: not in this warehouse (marts.register_scorecard is missing)"
    elif card["register_basis"] == "no data":
        registers = "registers: no register data loaded"
    elif card["register_basis"] == "latest year with data":
        registers = (f"registers: latest year with data, {card['register_year']} "
                     f"(nothing recorded for {card['spend_year']})")
    else:
        registers = f"registers: {card['register_year']}"
    return {"spend": spend, "registers": registers}


def _figures(ctx: dict[str, Any]) -> dict[str, Any]:
    """The headline figures the page shows, keyed as in the marts, for the caller to log or check."""
    month_row, figures = ctx["month_row"], {"month": {}, "fytd": {}, "status": {}}
    for m in data.SPEND_MEASURES + data.SHARE_MEASURES + data.COUNT_MEASURES + ("pct_unclassified",):
        figures["month"][m] = month_row.get(m)
        if f"fytd_{m}" in month_row:
            figures["fytd"][m] = month_row[f"fytd_{m}"]
    for item in ctx["headline"]:
        figures["status"][item["measure"]] = {"target": item["target"], "month": item["month_status"],
                                              "fytd": item["fytd_status"]}
    figures["unmatched_spend"] = ctx["unmatched_total"].get("total_spend")
    figures["unmatched_supplier_count"] = ctx["unmatched_total"].get("supplier_count")
    card = ctx["scorecard"]
    figures["scorecard"] = {
        "spend_year": card["spend_year"],
        "register_year": card["register_year"],
        "register_basis": card["register_basis"],
        "rows": len(card["spend_rows"]) + len(card["register_rows"]),
    }
    return figures


def _scorecard_sheet(ctx: dict[str, Any], sections: list[dict[str, Any]]) -> Sheet:
    years = _scorecard_years(ctx["scorecard"])
    rows = [row for section in sections for row in section["rows"]]
    return Sheet(
        "Scorecard", f"{ctx['body']}: strategy scorecard; {years['spend']}; {years['registers']}",
        ["section", "measure", "label", "dimension", "financial_year", "year_basis", "value", "unit", "target",
         "target_kind", "target_year", "status", "detail"],
        rows, unit_from={"value": "unit", "target": "unit"},
        notes=["status: on target, near target, off target, no target, no figure or for information (a figure shown "
               "beside a baseline without a better or worse direction). Against a baseline or current figure, "
               "on target means no worse.",
               "Spend measures come from marts.kpi_spend_by_year, register measures from marts.register_scorecard."],
    )


def _year_on_year_sheet(ctx: dict[str, Any], labels: dict[str, str]) -> Sheet:
    yoy = ctx["year_on_year"]
    rows = [{**r, "label": labels[r["measure"]]} for r in yoy["rows"]]
    mixed = {c: "unit" for c in ("month", "month_last_year", "month_change", "fytd", "fytd_last_year", "fytd_change")}
    notes = ["Shares change in percentage points (a share's change shows as %); money and counts also "
             "show the relative change, against a positive figure last year."]
    if not yoy["has_last_year"]:
        notes.insert(0, f"No payments are loaded for {yoy['last_year_month']:%B %Y}, so there is nothing to compare.")
    return Sheet(
        "Year on year",
        f"{ctx['body']}: {yoy['month']:%B %Y} against {yoy['last_year_month']:%B %Y}, and {yoy['financial_year']} "
        f"to date against {yoy['last_financial_year']} to the same month",
        ["measure", "label", "month", "month_last_year", "month_change", "month_change_pct", "fytd",
         "fytd_last_year", "fytd_change", "fytd_change_pct", "unit"],
        rows, kinds={"month_change_pct": "pct", "fytd_change_pct": "pct"}, unit_from=mixed, notes=notes,
    )


def _evidence_sheet(ctx: dict[str, Any]) -> Sheet:
    table = ctx["supplier_evidence"]
    rows = [{**r, **{c: EVIDENCE_TEXT.get(r[c], r[c]) for c in EVIDENCE_COLUMNS}} for r in table.rows]
    return Sheet(
        "Supplier evidence",
        f"Top {data.EVIDENCE_ROWS} suppliers, {ctx['financial_year']}: why each counts as local, SME or VCS",
        ["rank", "supplier_name", "total_spend", "is_local_primary", "postcode", "location_source",
         "local_authority", "is_local_secondary", "is_sme", "sme_source", "is_vcs", "vcs_source",
         "match_method", "company_number", "charity_number"],
        rows,
        notes=["Empty classification: unknown (no evidence either way). Redacted payees and payments with no "
               "supplier record show no evidence, and are never named.",
               "Sources are core.dim_supplier's location_source, sme_source and vcs_source."],
    )


def _sheets(ctx: dict[str, Any], labels: dict[str, str], sections: list[dict[str, Any]]) -> list[Sheet]:
    t = ctx["tables"]
    fy, month, row = ctx["financial_year"], ctx["month"], ctx["month_row"]
    period = f"{month:%B %Y} and {fy} to date"
    headline = [
        {"measure": item["measure"], "label": labels[item["measure"]], "month": item["month"],
         "month_status": STATUS_TEXT[item["month_status"]], "fytd": item["fytd"],
         "fytd_status": STATUS_TEXT[item["fytd_status"]], "target": item["target"]}
        for item in ctx["headline"]
    ]
    spend = [
        {"measure": m, "label": labels[m], "month": row.get(m), "fytd": row.get(f"fytd_{m}")}
        for m in data.SPEND_MEASURES + data.COUNT_MEASURES
    ]
    rag_rule = (f"Status: On target at or above the target; Near target below it by no more than "
                f"{ctx['near_margin']} percentage points; Off target further below; No target where none is set; "
                f"No figure where there is no share (no spend, or net credits).")
    as_of = ctx["data_as_of"]
    sheets = [
        Sheet("Headline", f"{ctx['body']}: headline shares (% of total spend), {period}",
              ["measure", "label", "month", "month_status", "fytd", "fytd_status", "target"], headline,
              kinds={"month": "pct", "fytd": "pct", "target": "pct"},
              notes=[rag_rule, f"Data as of {as_of:%d %B %Y %H:%M}." if as_of else "No files loaded."]),
        _scorecard_sheet(ctx, sections),
        Sheet("Spend and suppliers", f"Spend and supplier counts, {period}", ["measure", "label", "month", "fytd"],
              spend, kinds={"month": "money", "fytd": "money"}),
        Sheet("Monthly trend", f"Monthly measures, the {data.TREND_MONTHS} months to the report month", t["monthly_trend"].columns,
              t["monthly_trend"].rows),
        _year_on_year_sheet(ctx, labels),
        Sheet("Top suppliers", f"Top 10 suppliers, {fy} (every month loaded)",
              [c for c in t["top_suppliers"].columns if c != "is_redacted"], t["top_suppliers"].rows),
        _evidence_sheet(ctx),
        Sheet("Leakage", f"Top non-local categories (leakage), {fy} (every month loaded)", t["leakage"].columns,
              t["leakage"].rows),
        Sheet("Spend bands", f"Spend bands, {period}", [c for c in t["spend_bands"].columns if c != "band_order"],
              t["spend_bands"].rows, notes=["The ledger lists only payments over £500, so the lowest band is partial."]),
        Sheet("Files ingested", "Source files by kind and status", t["files_ingested"].columns,
              t["files_ingested"].rows),
        Sheet("File list", "Every source file version", t["files_list"].columns, t["files_list"].rows),
        Sheet("Rejected reasons", "Rejected lines: top reasons", t["rejected_reasons"].columns,
              t["rejected_reasons"].rows),
    ]
    if t["unmatched_suppliers"] is not None:
        sheets.append(Sheet("Unmatched suppliers", "Ledger suppliers not matched to a supplier record, most spend "
                            "first (top 10, every body and period)", t["unmatched_suppliers"].columns,
                            t["unmatched_suppliers"].rows))
    return sheets


def render_report(
    con: duckdb.DuckDBPyConnection,
    month: dt.date,
    out_dir: Path,
    body: str | None = None,
) -> dict[str, Any]:
    """Write anchorspend-report-YYYY-MM.html and .xlsx for `month` into out_dir.

    Returns {"html": Path, "xlsx": Path, "figures": {...}} where figures holds the headline
    measures shown (month, fytd, and each share's status in the marts' vocabulary), with the marts' column names.
    `body` defaults to the council in reference_data/council.toml.
    """
    month = month.replace(day=1)
    cfg = council_config()
    body = body or cfg.name
    ctx = data.load(con, body, month)
    labels = _measure_labels(cfg.local_primary_label, cfg.local_secondary_label)
    trend = ctx["tables"]["monthly_trend"].rows
    chart_local = charts.local_chart(trend, cfg.local_primary_label, cfg.local_secondary_label) if trend else None
    chart_sme_vcs = charts.sme_vcs_chart(trend) if trend else None
    sections = scorecard_sections(ctx["scorecard"], labels)

    html = environment().get_template("report.html.j2").render(
        **ctx,
        council=cfg,
        labels=labels,
        status_text=STATUS_TEXT,
        status_colour=data.STATUS_COLOUR,
        chart_local=chart_local,
        chart_sme_vcs=chart_sme_vcs,
        spend_measures=data.SPEND_MEASURES,
        count_measures=data.COUNT_MEASURES,
        scorecard_sections=sections,
        scorecard_years=_scorecard_years(ctx["scorecard"]),
        evidence_text=EVIDENCE_TEXT,
        partnership=load_partnership(con, month),
    )

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = report_stem(month)
    html_path, xlsx_path = out_dir / f"{stem}.html", out_dir / f"{stem}.xlsx"
    # Write beside and rename, so an archived report is never half-written.
    tmp_html = html_path.with_suffix(".html.tmp")
    tmp_html.write_text(html, encoding="utf-8", newline="\n")
    tmp_html.replace(html_path)

    # The workbook's created date is the report month's first day: fixed, so the bytes repeat.
    tmp_xlsx = xlsx_path.with_suffix(".xlsx.tmp")
    write_workbook(tmp_xlsx, dt.datetime.combine(month, dt.time()), f"{body} KPI report {month:%B %Y}",
                   _sheets(ctx, labels, sections),
                   column_headers(labels, cfg.local_primary_label, cfg.local_secondary_label))
    tmp_xlsx.replace(xlsx_path)
    return {"html": html_path, "xlsx": xlsx_path, "figures": _figures(ctx)}
