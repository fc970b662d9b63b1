"""`anchorspend sql`: a sandboxed, read-only prompt over the published warehouse.

The connection reads the warehouse file and nothing else (DuckDB's own sandbox settings, locked):
no file is read or written, no database attached, no extension installed or loaded, no setting
changed. Queries print as tables for people: numbers right-aligned, money with thousands
separators. `.tables`, `.schema TABLE` and `SHOW TABLES` list the warehouse across its schemas.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import duckdb
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from anchorspend.pipelines.warehouse import sql_text

# DuckDB's sandbox: every setting that could reach past the warehouse file, then the lock, so a
# query cannot switch any of them back (SET, RESET, PRAGMA and CALL enable_logging all refuse).
SANDBOX = {
    "enable_external_access": False,  # no COPY, ATTACH, EXPORT, read_csv, glob, INSTALL, ...
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "allow_persistent_secrets": False,
    "python_enable_replacements": False,  # a query cannot scan the prompt's own Python objects
    "temp_directory": "",  # temporary tables stay in memory: nothing spills to disk
    "lock_configuration": True,
}
SCHEMAS = ("staging", "core", "marts", "audit")
QUIT = (".quit", ".exit", "\\q")
HELP = """.tables [SCHEMA]   tables and views, with what each holds (also: SHOW TABLES)
.schema TABLE      the columns of a table or view (marts.top_suppliers, or top_suppliers)
.help              this list
.quit              leave (or Ctrl-D)
End each SQL statement with ';'. The warehouse is read-only, and the prompt reads nothing else."""
_SHOW_TABLES = re.compile(r"^\s*show\s+tables(?:\s+(?:from|in)\s+(\w+))?\s*;?\s*$", re.IGNORECASE)
_NUMERIC = re.compile(r"^(DECIMAL|NUMERIC|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT|FLOAT|DOUBLE|REAL)")
# Errors DuckDB raises for the sandbox, said in the prompt's terms.
_SANDBOX_HINTS = (
    ("disabled by configuration", "the prompt reads the warehouse and nothing else"),
    ("configuration has been locked", "settings are locked in this prompt"),
    ("read-only mode", "the warehouse is read-only"),
)


def open_sandboxed(path: Path | str) -> duckdb.DuckDBPyConnection:
    """The published warehouse, read-only, in DuckDB's sandbox (SANDBOX)."""
    return duckdb.connect(str(path), read_only=True, config=dict(SANDBOX))


def one_line_error(exc: Exception) -> str:
    """DuckDB's message on one line: what went wrong, its suggestion, and what the sandbox means."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    head = lines[0] if lines else type(exc).__name__
    suggestion = next((line for line in lines[1:] if line.startswith("Did you mean")), "")
    text = f"{head} {suggestion}".strip()
    for needle, hint in _SANDBOX_HINTS:
        if needle in head:
            return f"{text} ({hint})"
    return text


class Printer:
    """Where results and errors go: results to stdout, messages to stderr."""

    def __init__(self) -> None:
        self.err = Console(stderr=True, highlight=False)

    def error(self, message: str) -> None:
        self.err.print(f"[red]error:[/] {escape(message)}", soft_wrap=True)

    def note(self, message: str) -> None:
        self.err.print(escape(message), soft_wrap=True)

    def table(self, columns: list[str], types: list[str], rows: list[tuple], wrap: bool = False) -> None:
        numeric = [bool(_NUMERIC.match(t)) for t in types]
        cells = [[_cell(v, columns[i]) for i, v in enumerate(row)] for row in rows]
        table = Table(show_lines=False, highlight=False)
        for name, is_number in zip(columns, numeric):
            table.add_column(escape(name), justify="right" if is_number else "left",
                             overflow="fold" if wrap else "ellipsis")
        for row in cells:
            table.add_row(*(escape(c) for c in row))
        if wrap:
            Console(highlight=False).print(table)
            return
        # Wide enough that no cell is cut: analysts copy figures from here.
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        Console(width=max(Console().width, sum(widths) + 3 * len(widths) + 4), highlight=False).print(table)


def _cell(value: Any, column: str) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:,}"  # keeps the column's scale: 1234.50 -> 1,234.50
    if isinstance(value, int):
        return str(value) if "year" in column.lower() else f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.6f}".rstrip("0").rstrip(".")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, list):
        return ", ".join(_cell(v, column) for v in value)
    return str(value)


class Session:
    """One connection and what the prompt knows about the warehouse's names."""

    def __init__(self, con: duckdb.DuckDBPyConnection, printer: Printer, max_rows: int) -> None:
        self.con, self.out, self.max_rows = con, printer, max_rows
        self._objects: list[tuple[str, str, list[str]]] | None = None

    def objects(self) -> list[tuple[str, str, list[str]]]:
        if self._objects is None:
            self._objects = [tuple(r) for r in self.con.execute(sql_text("prompt/objects")).fetchall()]
        return self._objects

    def words(self) -> list[str]:
        """Completion words: schemas, schema.table names, bare table names and column names."""
        words = set(SCHEMAS) | {".tables", ".schema", ".help", ".quit"}
        for schema, name, columns in self.objects():
            words |= {f"{schema}.{name}", name, *columns}
        return sorted(words) + SQL_WORDS

    # -- commands ------------------------------------------------------------------------
    def run(self, text: str) -> bool:
        """Run one input: a dot-command or SQL. False when it failed (the message is printed)."""
        stripped = text.strip()
        if stripped.startswith("."):
            return self.dot(stripped)
        show = _SHOW_TABLES.match(stripped)
        if show:
            return self.tables(show.group(1) or "")
        return self.query(text)

    def dot(self, line: str) -> bool:
        command, _, arg = line.rstrip(";").partition(" ")
        arg = arg.strip()
        if command == ".tables":
            return self.tables(arg)
        if command == ".schema":
            if not arg:
                self.out.error(".schema needs a table name, e.g. .schema marts.top_suppliers")
                return False
            return self.schema(arg)
        if command == ".help":
            print(HELP)
            return True
        self.out.error(f"unknown command {command}; .help lists the commands")
        return False

    def tables(self, schema: str) -> bool:
        if schema and schema not in {s for s, _, _ in self.objects()}:
            self.out.error(f"no schema {schema}; the schemas are {', '.join(SCHEMAS)}")
            return False
        return self._print(sql_text("prompt/tables"), {"schema": schema}, wrap=True)

    def schema(self, name: str) -> bool:
        schema, _, table = name.rpartition(".")
        found = [(s, t) for s, t, _ in self.objects() if t == table and (not schema or s == schema)]
        if not found:
            self.out.error(f"no table or view {name}; .tables lists them")
            return False
        if len(found) > 1:
            self.out.error(f"{name} is in more than one schema: {', '.join(f'{s}.{t}' for s, t in found)}")
            return False
        schema, table = found[0]
        comment = self.con.execute(sql_text("prompt/comment"), {"schema": schema, "name": table}).fetchall()
        print(f"{schema}.{table}" + (f": {comment[0][0]}" if comment and comment[0][0] else ""))
        return self._print(sql_text("prompt/columns"), {"schema": schema, "name": table}, wrap=True)

    def query(self, text: str) -> bool:
        return self._print(text, None)

    def _print(self, text: str, params: dict | None, wrap: bool = False) -> bool:
        try:
            cur = self.con.execute(text, params) if params is not None else self.con.execute(text)
            if cur.description is None:
                return True
            columns = [d[0] for d in cur.description]
            types = [str(d[1]) for d in cur.description]
            rows = cur.fetchmany(self.max_rows + 1)
        except duckdb.Error as exc:
            self.out.error(one_line_error(exc))
            return False
        self.out.table(columns, types, rows[: self.max_rows], wrap=wrap)
        if len(rows) > self.max_rows:
            self.out.note(f"(showing the first {self.max_rows} rows; use --max-rows for more)")
        return True


SQL_WORDS = sorted("""SELECT FROM WHERE GROUP BY ORDER HAVING LIMIT OFFSET JOIN LEFT RIGHT INNER FULL OUTER
ON USING AS AND OR NOT IN IS NULL LIKE ILIKE BETWEEN CASE WHEN THEN ELSE END DISTINCT WITH UNION ALL
EXCEPT INTERSECT COUNT SUM AVG MIN MAX FILTER OVER PARTITION DESC ASC DESCRIBE SUMMARIZE SHOW TABLES
DATE INTERVAL CAST COALESCE marts.share_pct""".split())


def _reader(session: Session) -> Callable[[str], str]:
    """prompt_toolkit with history and completion at a terminal; plain input() when piped."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return lambda _prompt: input()
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import WordCompleter
    from prompt_toolkit.history import FileHistory

    history = Path(os.environ.get("ANCHORSPEND_SQL_HISTORY", Path.home() / ".anchorspend_sql_history"))
    prompt_session = PromptSession(
        history=FileHistory(str(history)),
        completer=WordCompleter(session.words(), ignore_case=True, WORD=True),
        complete_while_typing=False,
    )
    return prompt_session.prompt


def interactive(session: Session, path: Path) -> None:
    """Read statements until .quit or end of input; a failed statement does not end the prompt."""
    tty = sys.stdin.isatty()
    if tty:
        session.out.note(f"anchorspend sql — {path} (read-only). .help for commands; end statements "
                         "with ';'; quit with .quit or Ctrl-D.")
    read = _reader(session)
    buffer = ""
    while True:
        try:
            line = read(("sql> " if not buffer else "...> ") if tty else "")
        except EOFError:
            break
        except KeyboardInterrupt:
            buffer = ""  # Ctrl-C drops the statement being typed, as in psql
            continue
        if not buffer:
            stripped = line.strip()
            if not stripped:
                continue
            if stripped in QUIT:
                break
            if stripped.startswith(".") or _SHOW_TABLES.match(stripped):
                session.run(stripped)
                continue
        buffer += line + "\n"
        if buffer.strip().endswith(";"):
            session.run(buffer)
            buffer = ""
    if buffer.strip():
        session.run(buffer)  # the last statement may lack its ';' when piped
