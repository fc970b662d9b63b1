"""audit.run_warnings: what a run assumed or could not do, as data the run summary and the
report show (never only a log line).

Shape: (source, code, message, recorded_at). Each step replaces its own rows by `source`, so
the table describes the warehouse as built. Codes written today (source "suppliers"):
- council_assumed: no council file was given; the bundled one was used;
- body_mismatch: no ledger line names the council file's body;
- no_supplier_located: suppliers exist but none could be placed as local or not.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from anchorspend.pipelines.warehouse import run_sql, sql_text


@dataclass(frozen=True)
class RunWarning:
    code: str
    message: str


def record(con: duckdb.DuckDBPyConnection, source: str, warnings: list[RunWarning]) -> None:
    """Replace `source`'s rows in audit.run_warnings with `warnings` (none: no rows)."""
    rows = pl.DataFrame(
        {"code": [w.code for w in warnings], "message": [w.message for w in warnings]},
        schema={"code": pl.String, "message": pl.String},
    )
    con.register("run_warning_rows", rows.to_arrow())
    con.register("run_warning_step", pl.DataFrame({"source": [source]}).to_arrow())
    try:
        run_sql(con, "audit/run_warnings_replace")
    finally:
        con.unregister("run_warning_rows")
        con.unregister("run_warning_step")


def read(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(source, code, message) of every warning, in a stable order."""
    return con.execute(sql_text("audit/run_warnings")).fetchall()
