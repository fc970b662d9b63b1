"""KPI marts: the strategy's spend measures as DuckDB tables in schema `marts`.

The SQL lives in sql/ddl/040_marts.sql (tables, comments, the `marts.payment_classified`
view and the exact `marts.share_pct` macro) and sql/marts/*.sql (one statement per file).
This module only decides *which* months and financial years to rebuild, loads the two
reference files, and runs the SQL in one transaction.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

import duckdb

from anchorspend.pipelines.config import REFERENCE_DATA, SQL_DIR
from anchorspend.pipelines.parse import financial_year
from anchorspend.pipelines.warehouse import sql_text, transaction

TARGETS_CSV = REFERENCE_DATA / "targets.csv"
SPEND_BANDS_CSV = REFERENCE_DATA / "spend_bands.csv"

# Shares that have a target column in the marts; a target for anything else has nowhere to go.
TARGET_MEASURES = ("pct_local_primary", "pct_sme", "pct_vcs")

# Tables rebuilt per financial year, and the SQL file that fills each.
YEAR_TABLES = {
    "marts.kpi_spend_by_year": ("marts/kpi_spend_by_year", {}),
    "marts.kpi_spend_by_service_area": (
        "marts/kpi_spend_breakdown",
        {"table": "marts.kpi_spend_by_service_area", "dimension": "expense_area"},
    ),
    "marts.kpi_spend_by_expense_type": (
        "marts/kpi_spend_breakdown",
        {"table": "marts.kpi_spend_by_expense_type", "dimension": "expense_type"},
    ),
    "marts.kpi_spend_by_category": (
        "marts/kpi_spend_breakdown",
        {"table": "marts.kpi_spend_by_category", "dimension": "category"},
    ),
    "marts.top_suppliers": ("marts/top_suppliers", {}),
    "marts.leakage": ("marts/leakage", {}),
    "marts.spend_bands_by_year": ("marts/spend_bands_by_year", {}),
}
# Depends on the whole history before the year, so it is rebuilt from the earliest touched year on.
HISTORY_TABLES = {"marts.new_local_suppliers": ("marts/new_local_suppliers", {})}
# Rebuilt per month by _rebuild_kpi_months and the spend-band step of build_kpi_marts.
MONTH_TABLES = ("marts.kpi_spend_by_month", "marts.spend_bands_by_month")
ALL_TABLES = [*YEAR_TABLES, *HISTORY_TABLES, *MONTH_TABLES]


def ensure_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Create the mart tables, comments, view and macro if missing (idempotent)."""
    # One transaction: ~200 COMMENT statements each committed alone take seconds on a file.
    _in_transaction(con, lambda: con.execute((SQL_DIR / "ddl" / "040_marts.sql").read_text(encoding="utf-8")))


def _in_transaction(con: duckdb.DuckDBPyConnection, work):
    with transaction(con):
        return work()


def _read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        return [(line, {k: (v or "").strip() for k, v in row.items()}) for line, row in enumerate(reader, start=2)]


def _decimal(path: Path, line: int, column: str, text: str, low: Decimal | None = None,
             high: Decimal | None = None) -> Decimal | None:
    if text == "":
        return None
    try:
        value = Decimal(text.replace(",", "").replace("£", ""))
    except InvalidOperation:
        raise ValueError(f"{path.name} line {line}: {column} {text!r} is not a number") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{path.name} line {line}: {column} {text!r} is outside {low}-{high}")
    return value


def read_targets(path: Path = TARGETS_CSV) -> list[tuple[str, str, Decimal | None, str | None]]:
    """Parse and check targets.csv: (measure, financial_year, target_pct or None, note)."""
    rows, seen = [], set()
    for line, row in _read_csv(path):
        measure, year = row.get("measure", ""), row.get("financial_year", "")
        if measure not in TARGET_MEASURES:
            raise ValueError(f"{path.name} line {line}: measure {measure!r} is not one of {', '.join(TARGET_MEASURES)}")
        m = re.fullmatch(r"(\d{4})/(\d{2})", year)
        if not m or (int(m[1]) + 1) % 100 != int(m[2]):
            raise ValueError(f"{path.name} line {line}: financial_year {year!r} is not like '2017/18'")
        if (measure, year) in seen:
            raise ValueError(f"{path.name} line {line}: a second target for {measure} {year}")
        seen.add((measure, year))
        target = _decimal(path, line, "target_pct", row.get("target_pct", ""), Decimal(0), Decimal(100))
        rows.append((measure, year, target, row.get("note") or None))
    return rows


def load_targets(con: duckdb.DuckDBPyConnection, path: Path = TARGETS_CSV) -> int:
    """Replace marts.kpi_target with reference_data/targets.csv; returns its row count.

    Does not touch the marts' target columns: build_kpi_marts (for the rows it rebuilds)
    and refresh_targets (for every row) do that.
    """
    rows = read_targets(path)
    ensure_marts(con)
    _in_transaction(con, lambda: _replace(con, "marts.kpi_target", rows))
    return len(rows)


def _replace(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    con.execute(f"DELETE FROM {table}")  # table is one of this module's constants
    if rows:
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)


def read_spend_bands(path: Path = SPEND_BANDS_CSV) -> list[tuple[int, str, Decimal | None, Decimal | None, str | None]]:
    """Parse spend_bands.csv and check the bands tile 0..infinity with no gap or overlap,
    so that every payment falls in exactly one band."""
    rows = []
    for line, row in _read_csv(path):
        try:
            order = int(row.get("band_order", ""))
        except ValueError:
            raise ValueError(f"{path.name} line {line}: band_order {row.get('band_order')!r} is not a whole number") from None
        lower = _decimal(path, line, "lower_bound", row.get("lower_bound", ""), Decimal(0))
        upper = _decimal(path, line, "upper_bound", row.get("upper_bound", ""), Decimal(0))
        if not row.get("band"):
            raise ValueError(f"{path.name} line {line}: band label is empty")
        rows.append((order, row["band"], lower, upper, row.get("note") or None))
    rows.sort(key=lambda r: r[0])
    if not rows:
        raise ValueError(f"{path.name}: no bands")
    if rows[0][2] not in (None, Decimal(0)):
        raise ValueError(f"{path.name}: the lowest band must start at 0 (empty lower_bound)")
    if rows[-1][3] is not None:
        raise ValueError(f"{path.name}: the highest band must have an empty upper_bound")
    for prev, nxt in zip(rows, rows[1:]):
        if prev[3] is None or nxt[2] != prev[3]:
            raise ValueError(f"{path.name}: band {nxt[1]!r} must start where {prev[1]!r} ends ({prev[3]})")
    return rows


def load_spend_bands(con: duckdb.DuckDBPyConnection, path: Path = SPEND_BANDS_CSV) -> int:
    """Replace marts.spend_band with reference_data/spend_bands.csv; returns its row count."""
    rows = read_spend_bands(path)
    ensure_marts(con)
    _in_transaction(con, lambda: _replace(con, "marts.spend_band", rows))
    return len(rows)


class _Scope(NamedTuple):
    months: list[date]  # month-table rows rebuilt
    ytd_months: list[date]  # later months whose fytd_ columns are refreshed
    years: list[str]  # year-table rows rebuilt
    history_years: list[str]  # new_local_suppliers rows rebuilt


def _scope(con: duckdb.DuckDBPyConnection, months: list[date] | None) -> _Scope:
    """What a rebuild of `months` (None = everything) has to write."""
    if months is None:
        all_months = [r[0] for r in con.execute("SELECT DISTINCT month FROM core.fct_payment ORDER BY 1").fetchall()]
        years = [r[0] for r in con.execute("SELECT DISTINCT financial_year FROM core.fct_payment ORDER BY 1").fetchall()]
        return _Scope(all_months, [], years, years)
    firsts = sorted({date(m.year, m.month, 1) for m in months})
    if not firsts:
        return _Scope([], [], [], [])
    years = sorted({financial_year(m) for m in firsts})
    earliest_by_year: dict[str, date] = {}
    for m in firsts:
        earliest_by_year.setdefault(financial_year(m), m)
    known = con.execute(
        "SELECT DISTINCT month, financial_year FROM core.fct_payment WHERE list_contains($years, financial_year)",
        {"years": years},
    ).fetchall()
    # A later month of the same financial year counts the rebuilt month in its year to date.
    ytd_months = sorted({m for m, fy in known if m > earliest_by_year[fy]} - set(firsts))
    # "First paid" reads the whole history, so every later year's new suppliers can change.
    history = sorted(
        set(years)
        | {r[0] for r in con.execute(
            "SELECT DISTINCT financial_year FROM core.fct_payment WHERE financial_year > $y", {"y": years[0]}
        ).fetchall()}
    )
    return _Scope(firsts, ytd_months, years, history)


def _run(con, name: str, identifiers: dict[str, str], parameters: dict) -> None:
    con.execute(sql_text(name, **identifiers), parameters)


def _apply_targets(con, years: list[str], months: list[date]) -> None:
    if years:
        _run(con, "marts/kpi_targets",
             {"table": "marts.kpi_spend_by_year", "period": "financial_year", "share_prefix": ""},
             {"periods": years})
    if months:
        _run(con, "marts/kpi_targets",
             {"table": "marts.kpi_spend_by_month", "period": "month", "share_prefix": "fytd_"},
             {"periods": months})


def refresh_targets(con: duckdb.DuckDBPyConnection, path: Path = TARGETS_CSV) -> int:
    """Reload targets.csv and reset the target and status columns of every mart row.

    Call after editing the targets: no payment figure changes, so nothing else is rebuilt.
    """
    count = load_targets(con, path)
    years = [r[0] for r in con.execute("SELECT DISTINCT financial_year FROM marts.kpi_spend_by_year").fetchall()]
    months = [r[0] for r in con.execute("SELECT DISTINCT month FROM marts.kpi_spend_by_month").fetchall()]
    _in_transaction(con, lambda: _apply_targets(con, years, months))
    return count


def build_kpi_marts(
    con: duckdb.DuckDBPyConnection,
    months: list[date] | None = None,
    *,
    targets_path: Path = TARGETS_CSV,
    spend_bands_path: Path = SPEND_BANDS_CSV,
) -> dict:
    """Rebuild the KPI marts from core.fct_payment and core.dim_supplier.

    months=None rebuilds everything (and drops rows whose payments are gone). With months, one
    transaction deletes and re-inserts only: those months' rows of the month tables; the rows
    of the financial years containing them in the year tables; new_local_suppliers from the
    earliest such year on. The later months of those financial years keep their own figures
    and get only their fytd_ columns and target statuses refreshed, since their year to date
    includes the rebuilt months. Every other row stays as it was. Returns figures for asset
    metadata (Decimal money: show it as text).
    """
    # Checked before anything is written: a bad reference file fails the run, not half of it.
    targets = read_targets(targets_path)
    bands = read_spend_bands(spend_bands_path)
    ensure_marts(con)
    scope = _scope(con, months)

    def rebuild() -> None:
        _replace(con, "marts.kpi_target", targets)
        _replace(con, "marts.spend_band", bands)
        if months is None:
            # Whatever is no longer in the ledger (a withdrawn file) goes too.
            for table in ALL_TABLES:
                con.execute(f"DELETE FROM {table}")  # table names are this module's constants
        if scope.years:
            for table, (name, identifiers) in YEAR_TABLES.items():
                _run(con, "marts/kpi_delete_years", {"table": table}, {"financial_years": scope.years})
                _run(con, name, identifiers, {"financial_years": scope.years})
        if scope.history_years:
            for table, (name, identifiers) in HISTORY_TABLES.items():
                _run(con, "marts/kpi_delete_years", {"table": table}, {"financial_years": scope.history_years})
                _run(con, name, identifiers, {"financial_years": scope.history_years})
        if scope.months:
            _run(con, "marts/kpi_delete_months", {"table": "marts.spend_bands_by_month"}, {"months": scope.months})
            _run(con, "marts/spend_bands_by_month", {}, {"months": scope.months})
            _rebuild_kpi_months(con, scope)
        _apply_targets(con, scope.years, scope.months + scope.ytd_months)

    _in_transaction(con, rebuild)
    return _summary(con, scope)


def _rebuild_kpi_months(con: duckdb.DuckDBPyConnection, scope: _Scope) -> None:
    """Rebuilt months are replaced whole; later months of their years only get new fytd_ columns,
    so their own figures stay exactly as their own partition wrote them."""
    stage = "kpi_month_stage"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {stage} AS SELECT * FROM marts.kpi_spend_by_month LIMIT 0")
    _run(con, "marts/kpi_spend_by_month", {"table": stage}, {"months": scope.months + scope.ytd_months})
    _run(con, "marts/kpi_delete_months", {"table": "marts.kpi_spend_by_month"}, {"months": scope.months})
    con.execute(f"INSERT INTO marts.kpi_spend_by_month SELECT * FROM {stage} WHERE list_contains($m, month)",
                {"m": scope.months})
    if scope.ytd_months:
        _run(con, "marts/kpi_month_fytd_refresh", {"stage": stage}, {"months": scope.ytd_months})
    con.execute(f"DROP TABLE {stage}")


def _summary(con, scope: _Scope) -> dict:
    """Figures for Dagster metadata. Money stays Decimal: convert to text, not float, for display."""
    row_counts = {}
    for table in [*YEAR_TABLES, *HISTORY_TABLES]:
        scope_years = scope.history_years if table in HISTORY_TABLES else scope.years
        row_counts[table] = con.execute(
            f"SELECT count(*) FROM {table} WHERE list_contains($y, financial_year)", {"y": scope_years}
        ).fetchone()[0]
    for table in MONTH_TABLES:
        row_counts[table] = con.execute(
            f"SELECT count(*) FROM {table} WHERE list_contains($m, month)", {"m": scope.months}
        ).fetchone()[0]
    ledger_total = con.execute(
        "SELECT coalesce(sum(amount), 0) FROM core.fct_payment WHERE list_contains($y, financial_year)",
        {"y": scope.years},
    ).fetchone()[0]
    kpi_rows = con.execute(
        """
        SELECT body, financial_year, total_spend, pct_local_primary, pct_local_secondary, pct_sme, pct_vcs,
               pct_unclassified, supplier_count, local_primary_supplier_count, sme_supplier_count,
               vcs_supplier_count, target_pct_local, local_target_status
        FROM marts.kpi_spend_by_year WHERE list_contains($y, financial_year)
        ORDER BY body, financial_year
        """,
        {"y": scope.years},
    )
    columns = [d[0] for d in kpi_rows.description]
    kpis = [dict(zip(columns, row)) for row in kpi_rows.fetchall()]
    mart_total = sum((k["total_spend"] for k in kpis), Decimal("0.00"))
    return {
        "months_rebuilt": scope.months,
        "months_fytd_refreshed": scope.ytd_months,
        "financial_years_rebuilt": scope.years,
        "row_counts": row_counts,
        "ledger_total_spend": Decimal(ledger_total),
        "mart_total_spend": mart_total,
        "reconciles": Decimal(ledger_total) == mart_total,
        "kpis": kpis,
    }
