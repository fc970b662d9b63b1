"""Which months a run has to rebuild: incremental orchestration without trusting file lists.

A month's KPI rows are rebuilt when the classified payment lines they come from changed (a
file loaded, superseded or withdrawn; a supplier reclassified or renamed), or when the SQL or
reference files that turn lines into marts changed. Each month's state is kept in the
warehouse itself (audit.kpi_month_state), written in the same transaction as the marts, so a
killed run can never leave the state claiming work that was not published.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone

import duckdb

from anchorspend.pipelines.config import REFERENCE_DATA, SQL_DIR
from anchorspend.pipelines.warehouse import run_sql, sql_text

# Folders of SQL that shape the KPI marts; report, example and quality SQL do not.
_MODEL_SQL = ("ddl", "macros", "models")
_MODEL_REFERENCE = ("targets.csv", "spend_bands.csv", "council.toml")


def model_hash() -> str:
    """SHA-256 over the SQL and reference files the KPI marts are built from."""
    digest = hashlib.sha256()
    files = [p for folder in _MODEL_SQL for p in sorted((SQL_DIR / folder).rglob("*")) if p.is_file()]
    files += [REFERENCE_DATA / name for name in _MODEL_REFERENCE if (REFERENCE_DATA / name).is_file()]
    for path in files:
        digest.update(str(path.relative_to(path.parents[1])).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _ensure_state(con: duckdb.DuckDBPyConnection) -> None:
    from anchorspend.pipelines.models import apply_docs

    run_sql(con, "ops/month_state_table")
    apply_docs(con, ["audit.kpi_month_state"])


def _current(con: duckdb.DuckDBPyConnection, months: list[date] | None = None) -> dict[date, tuple[int, int]]:
    rows = con.execute(sql_text("ops/month_fingerprints"), {"months": None if months is None else list(months)}).fetchall()
    return {m: (n, h) for m, n, h in rows}


def changed_months(con: duckdb.DuckDBPyConnection) -> list[date]:
    """Months whose KPI rows are stale: new, changed or emptied months, or every month when the
    model changed. Months of payments and months the marts still hold both count."""
    _ensure_state(con)
    stored = {
        m: (n, h, model)
        for m, n, h, model in con.execute(
            "SELECT month, payments, content_hash, model_hash FROM audit.kpi_month_state"
        ).fetchall()
    }
    model = model_hash()
    if not stored or any(s[2] != model for s in stored.values()):
        # Every month rebuilds: which months exist is enough, their fingerprints are not needed
        # (record_months takes them after the build). A first run skips a pass over history.
        months = {m for (m,) in con.execute(sql_text("ops/payment_months")).fetchall()}
        return sorted(months | set(stored))
    current = _current(con)
    return sorted(
        m for m in set(current) | set(stored)
        if m not in stored or m not in current or stored[m][:2] != current[m]
    )


def record_months(con: duckdb.DuckDBPyConnection, months: list[date] | None, run_id: str | None = None) -> None:
    """Note that the KPI rows of `months` (None: every month) now match their inputs, as built
    by `run_id`."""
    _ensure_state(con)
    current = _current(con, months)
    if months is None:
        con.execute("DELETE FROM audit.kpi_month_state")
        months = sorted(current)
    else:
        con.execute("DELETE FROM audit.kpi_month_state WHERE list_contains($m, month)", {"m": months})
    rows = [(m, *current[m]) for m in months if m in current]
    if rows:
        model = model_hash()
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        con.executemany(
            "INSERT INTO audit.kpi_month_state (month, payments, content_hash, model_hash, built_at, run_id) VALUES (?, ?, ?, ?, ?, ?)",
            [(m, n, h, model, now, run_id) for m, n, h in rows],
        )


def months_built_by(con: duckdb.DuckDBPyConnection, run_id: str) -> list[date]:
    """Months whose KPI rows the run rebuilt (and that hold payments)."""
    _ensure_state(con)
    return [m for (m,) in con.execute(
        "SELECT month FROM audit.kpi_month_state WHERE run_id = ? ORDER BY month", [run_id]
    ).fetchall()]


def month_span(con: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None]:
    """First and last month holding payments (None, None for an empty warehouse)."""
    try:
        return tuple(con.execute(sql_text("ops/month_span")).fetchall()[0])  # type: ignore[return-value]
    except duckdb.CatalogException:
        return None, None
