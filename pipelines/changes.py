"""Which months a run has to rebuild: incremental orchestration without trusting file lists.

A month's KPI rows are rebuilt when the classified payment lines they come from changed (a
file loaded, superseded or withdrawn; a supplier reclassified or renamed), or when the SQL or
reference files that turn lines into marts changed. Each month's state is kept in the
warehouse itself (audit.kpi_month_state), written in the same transaction as the marts, so a
killed run can never leave the state claiming work that was not published.

Fingerprinting a month reads all its lines, so a run fingerprints only the months that can have
changed: those of the ledger versions that are new, gone or read again, those where a changed
supplier is paid, or all of them after a supplier build that relinked every payment
(sql/ops/month_candidates.sql). What they are compared with (staging.kpi_month_*) is taken
whenever every month's stored state has been verified, so a run that rebuilt only some of the
changed months (a backfill) leaves the others to be found again.
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
    run_sql(con, "ops/month_basis_tables")
    run_sql(con, "core/supplier_build_state_table")  # read by ops/month_candidates
    apply_docs(con, ["audit.kpi_month_state"])


def _current(con: duckdb.DuckDBPyConnection, months: list[date] | set[date] | None = None) -> dict[date, tuple[int, int]]:
    rows = con.execute(sql_text("ops/month_fingerprints"), {"months": None if months is None else sorted(months)}).fetchall()
    return {m: (n, h) for m, n, h in rows}


def _stored(con: duckdb.DuckDBPyConnection) -> dict[date, tuple[int, int, str]]:
    return {m: (n, h, model) for m, n, h, model in con.execute(sql_text("ops/month_state_read")).fetchall()}


def _candidates(con: duckdb.DuckDBPyConnection, stored: dict) -> set[date]:
    """Months that can differ from their stored state: those ops/month_candidates names, and
    months with payments but no state or a state but no payments."""
    candidates, months_now = con.execute(sql_text("ops/month_candidates")).fetchall()[0]
    return set(candidates or []) | (set(months_now or []) ^ set(stored))


def _stale(stored: dict, current: dict, months: set[date]) -> set[date]:
    return {m for m in months if m not in stored or m not in current or stored[m][:2] != current[m]}


def changed_months(con: duckdb.DuckDBPyConnection) -> list[date]:
    """Months whose KPI rows are stale: new, changed or emptied months, or every month when the
    model changed. Months of payments and months the marts still hold both count."""
    _ensure_state(con)
    stored = _stored(con)
    model = model_hash()
    if not stored or any(s[2] != model for s in stored.values()):
        # Every month rebuilds: which months exist is enough, their fingerprints are not needed
        # (record_months takes them after the build). A first run skips a pass over history.
        months = {m for (m,) in con.execute(sql_text("ops/payment_months")).fetchall()}
        return sorted(months | set(stored))
    candidates = _candidates(con, stored)
    return sorted(_stale(stored, _current(con, candidates), candidates)) if candidates else []


def record_months(con: duckdb.DuckDBPyConnection, months: list[date] | None, run_id: str | None = None) -> None:
    """Note that the KPI rows of `months` (None: every month) now match their inputs, as built
    by `run_id`."""
    _ensure_state(con)
    params = {"months": None if months is None else sorted(months)}
    con.execute(sql_text("ops/month_state_clear"), params)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con.execute(sql_text("ops/month_state_record"), params | {"model": model_hash(), "built_at": now, "run_id": run_id})
    # The basis of the next run's comparison moves on only when no month is left stale: the
    # changed months this run did not rebuild must still be found next time.
    stored = _stored(con)
    left = _candidates(con, stored) - set(months or [])
    if months is not None and left and _stale(stored, _current(con, left), left):
        return
    run_sql(con, "ops/month_basis_record")


def months_built_by(con: duckdb.DuckDBPyConnection, run_id: str) -> list[date]:
    """Months whose KPI rows the run rebuilt (and that hold payments)."""
    _ensure_state(con)
    return [m for (m,) in con.execute(sql_text("ops/month_built_by"), {"run_id": run_id}).fetchall()]


def month_span(con: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None]:
    """First and last month holding payments (None, None for an empty warehouse)."""
    try:
        return tuple(con.execute(sql_text("ops/month_span")).fetchall()[0])  # type: ignore[return-value]
    except duckdb.CatalogException:
        return None, None
