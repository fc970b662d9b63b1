"""Dagster metadata in Dagster's own types, read from the warehouse.

Money goes to Dagster as MetadataValue.float for plotting only: the exact DECIMAL(18,2) stays in
the warehouse, and tables of figures show money as its exact text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import dagster as dg
import duckdb

from anchorspend.pipelines.warehouse import sql_text


def key_for(table: str) -> dg.AssetKey:
    """The asset key of a warehouse table: core.fct_payment -> core/fct_payment."""
    return dg.AssetKey(table.split("."))


def table_for(key: dg.AssetKey) -> str:
    return ".".join(key.path)


def money(value: Decimal | int | None) -> dg.MetadataValue:
    # A float only so that Dagster can plot it over runs; never read a figure back from here.
    return dg.MetadataValue.float(float(value or 0))


def count(value: int | None) -> dg.MetadataValue:
    return dg.MetadataValue.int(int(value or 0))


def column_schema(con: duckdb.DuckDBPyConnection, table: str) -> dg.TableSchema:
    """The table's columns, types and COMMENTs as the warehouse itself describes them."""
    schema, name = table.split(".")
    rows = con.execute(sql_text("ops/table_columns"), {"schema": schema, "table": name}).fetchall()
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=column, type=data_type, description=comment,
                constraints=dg.TableColumnConstraints(nullable=bool(nullable)),
            )
            for column, data_type, comment, nullable in rows
        ]
    )


def table_metadata(con: duckdb.DuckDBPyConnection, table: str, rows: int | None = None) -> dict[str, Any]:
    """Row count and column schema of a whole table (pass `rows` when already known)."""
    if rows is None:
        rows = con.execute(sql_text("ops/table_row_count", table=table)).fetchall()[0][0]
    return {
        "dagster/row_count": count(rows),
        "dagster/column_schema": column_schema(con, table),
        "dagster/table_name": dg.MetadataValue.text(table),
    }


def _cell(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Decimal):
        return str(value)  # exact text: a table is read by people, to the penny
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def records(rows: Iterable[Mapping[str, Any]]) -> dg.MetadataValue:
    """Rows as a Dagster table (not a Python repr): Decimal as exact text, dates as ISO."""
    rows = list(rows)
    if not rows:
        return dg.MetadataValue.text("(none)")
    columns = list(rows[0].keys())
    return dg.MetadataValue.table(
        records=[dg.TableRecord({c: _cell(r.get(c)) for c in columns}) for r in rows],
        schema=dg.TableSchema(columns=[dg.TableColumn(name=c, type="string") for c in columns]),
    )
