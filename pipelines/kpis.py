"""KPI marts: the strategy's spend measures as DuckDB tables in schema `marts`.

Each mart is a model, sql/models/marts/<table>.sql, documented in the .yml beside it, and written
by pipelines.models.materialise. This module decides *which* months and financial years to
rebuild, loads the two reference files (seeds), and runs the models in one transaction.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import duckdb

from anchorspend.pipelines.config import REFERENCE_DATA
from anchorspend.pipelines.models import apply_docs, ensure_table, load_seed, materialise, relation
from anchorspend.pipelines.parse import financial_year, parse_money_text
from anchorspend.pipelines.warehouse import sql_text, sql_union, transaction

TARGETS_CSV = REFERENCE_DATA / "targets.csv"
SPEND_BANDS_CSV = REFERENCE_DATA / "spend_bands.csv"

# Shares that have a target column in the marts; a target for anything else has nowhere to go.
TARGET_MEASURES = ("pct_local_primary", "pct_sme", "pct_vcs")

# Models rebuilt per financial year (config.partition_by: financial_year), in build order.
YEAR_TABLES = (
    # First: the year and month marts that count per supplier read its rows per supplier and
    # month, so a rebuilt year's lines are added up once, not once per mart.
    "marts.supplier_spend_by_month",
    "marts.kpi_spend_by_year",
    "marts.kpi_spend_by_service_area",
    "marts.kpi_spend_by_expense_type",
    "marts.kpi_spend_by_category",
    "marts.top_suppliers",
    "marts.leakage",
    "marts.spend_bands_by_year",
)
# Depends on the whole history before the year, so it is rebuilt from the earliest touched year on.
HISTORY_TABLES = ("marts.new_local_suppliers",)
# Models rebuilt per month (config.partition_by: month).
MONTH_TABLES = ("marts.kpi_spend_by_month", "marts.spend_bands_by_month")
ALL_TABLES = [*YEAR_TABLES, *HISTORY_TABLES, *MONTH_TABLES]
# Tables whose target and status columns follow targets.csv (config.refresh_columns).
TARGET_TABLES = {"marts.kpi_spend_by_year": "financial_year", "marts.kpi_spend_by_month": "month"}


def _read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        return [(line, {k: (v or "").strip() for k, v in row.items()}) for line, row in enumerate(reader, start=2)]


def _decimal(path: Path, line: int, column: str, text: str, low: Decimal | None = None,
             high: Decimal | None = None) -> Decimal | None:
    if text == "":
        return None
    # The kernel's one number reader, as for ledger amounts: '1,000', '£5,000' and '70' read alike.
    value, reason = parse_money_text(text)
    if value is None:
        raise ValueError(f"{path.name} line {line}: {column} {text!r} is not a number ({reason})")
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
    """Replace the seed marts.kpi_target with reference_data/targets.csv; returns its row count.

    Does not touch the marts' target columns: build_kpi_marts (for the rows it rebuilds)
    and refresh_targets (for every row) do that.
    """
    rows = read_targets(path)
    with transaction(con):
        return load_seed(con, "marts.kpi_target", rows)


def read_spend_bands(path: Path = SPEND_BANDS_CSV) -> list[tuple[int, str, Decimal | None, Decimal | None, str | None]]:
    """Parse spend_bands.csv and check the bands tile 0..infinity in band_order with no gap or
    overlap, each ending above where it starts, so that every payment falls in exactly one band
    (and the band marts can find it by counting the bands that end at or below its amount)."""
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
        if upper is not None and upper <= (lower or Decimal(0)):
            raise ValueError(f"{path.name} line {line}: band {row['band']!r} must end above where it starts")
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
    """Replace the seed marts.spend_band with reference_data/spend_bands.csv; returns its row count."""
    rows = read_spend_bands(path)
    with transaction(con):
        return load_seed(con, "marts.spend_band", rows)


class _Scope(NamedTuple):
    months: list[date]  # month-table rows rebuilt
    ytd_months: list[date]  # later months whose fytd_ columns are refreshed
    years: list[str]  # year-table rows rebuilt
    history_years: list[str]  # new_local_suppliers rows rebuilt


def _scope(con: duckdb.DuckDBPyConnection, months: list[date] | None) -> _Scope:
    """What a rebuild of `months` (None = everything) has to write."""
    if months is None:
        all_months = [r[0] for r in con.execute(sql_text("ops/payment_months")).fetchall()]
        years = [r[0] for r in con.execute(sql_text("ops/payment_years"), {"after": None}).fetchall()]
        return _Scope(all_months, [], years, years)
    firsts = sorted({date(m.year, m.month, 1) for m in months})
    if not firsts:
        return _Scope([], [], [], [])
    years = sorted({financial_year(m) for m in firsts})
    earliest_by_year: dict[str, date] = {}
    for m in firsts:
        earliest_by_year.setdefault(financial_year(m), m)
    known = con.execute(sql_text("ops/payment_months_of_years"), {"years": years}).fetchall()
    # A later month of the same financial year counts the rebuilt month in its year to date.
    ytd_months = sorted({m for m, fy in known if m > earliest_by_year[fy]} - set(firsts))
    # "First paid" reads the whole history, so every later year's new suppliers can change.
    history = sorted(
        set(years)
        | {r[0] for r in con.execute(sql_text("ops/payment_years"), {"after": years[0]}).fetchall()}
    )
    return _Scope(firsts, ytd_months, years, history)


def refresh_targets(con: duckdb.DuckDBPyConnection, path: Path = TARGETS_CSV) -> int:
    """Reload targets.csv and reset the target and status columns of every mart row.

    Call after editing the targets: no payment figure changes, so no other column is rewritten.
    """
    rows = read_targets(path)
    with transaction(con):
        count = load_seed(con, "marts.kpi_target", rows)
        for table, period in TARGET_TABLES.items():
            periods = list(period_counts(con, table, period))
            materialise(con, table, [], refresh=periods)
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
    includes the rebuilt months. Every other row stays as it was. A mart whose table had to be
    created again (a new version changed its columns) makes it a full rebuild. Returns figures
    for asset metadata (Decimal money: show it as text).
    """
    # Checked before anything is written: a bad reference file fails the run, not half of it.
    targets = read_targets(targets_path)
    bands = read_spend_bands(spend_bands_path)
    with transaction(con):
        recreated = [ensure_table(con, table) for table in ALL_TABLES]
        # A mart table created again (empty) by a version that changed its columns holds no
        # month a partial rebuild would leave out: rebuild it all.
        if months is not None and (any(recreated) or _some_mart_is_empty(con)):
            months = None
        scope = _scope(con, months)
        load_seed(con, "marts.kpi_target", targets)
        load_seed(con, "marts.spend_band", bands)
        if months is None:
            # Whatever is no longer in the ledger (a withdrawn file) goes too.
            for table in ALL_TABLES:
                materialise(con, table, document=False)
        else:
            for table in YEAR_TABLES:
                materialise(con, table, scope.years, document=False)
            for table in HISTORY_TABLES:
                materialise(con, table, scope.history_years, document=False)
            materialise(con, "marts.spend_bands_by_month", scope.months, document=False)
            materialise(con, "marts.kpi_spend_by_month", scope.months, refresh=scope.ytd_months, document=False)
        apply_docs(con, ALL_TABLES)
    return _summary(con, scope)


def period_counts(con: duckdb.DuckDBPyConnection, table: str, period: str) -> dict:
    """A mart's rows per value of its period column (a month or financial year): {value: rows}."""
    return dict(con.execute(sql_text("ops/period_counts", table=table, period=period)).fetchall())


def _some_mart_is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    # Every payment has a row in these; leakage and new_local_suppliers may be empty by right.
    never_empty = [t for t in ALL_TABLES if t not in ("marts.leakage", "marts.new_local_suppliers")]
    has_rows = dict(con.execute(
        sql_union("ops/table_has_rows", ({"table": t} for t in ["core.fct_payment", *never_empty]))
    ).fetchall())
    return bool(has_rows.pop("core.fct_payment")) and not all(has_rows.values())


def _summary(con, scope: _Scope) -> dict:
    """Figures for Dagster metadata. Money stays Decimal: convert to text, not float, for display."""
    # One query for every table's count: a round trip each cost more than the counting.
    counts = sql_union("ops/partition_row_count", [
        *({"table": t, "partition_by": relation(t).partition_by, "values": "y"} for t in YEAR_TABLES),
        *({"table": t, "partition_by": relation(t).partition_by, "values": "h"} for t in HISTORY_TABLES),
        *({"table": t, "partition_by": relation(t).partition_by, "values": "m"} for t in MONTH_TABLES),
    ])
    found = dict(con.execute(counts, {"y": scope.years, "h": scope.history_years, "m": scope.months}).fetchall())
    row_counts = {table: found[table] for table in [*YEAR_TABLES, *HISTORY_TABLES, *MONTH_TABLES]}
    ledger_total = con.execute(sql_text("ops/payment_spend_of_years"), {"years": scope.years}).fetchone()[0]
    kpi_rows = con.execute(sql_text("ops/kpi_year_figures"), {"years": scope.years})
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
