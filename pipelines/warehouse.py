"""The DuckDB warehouse: connections, SQL files, and atomic publishing.

Analysts read the *published* file; runs write a *build* copy beside it and
publish it with an atomic rename only when they finish, so a reader never sees
a half-written state and a killed run leaves the published file untouched.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from anchorspend.pipelines.config import SQL_DIR


def build_path_for(published: Path) -> Path:
    return published.with_name(published.stem + ".build" + published.suffix)


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    # No extension is ever auto-installed: the machines reach no network at run time.
    con = duckdb.connect(
        str(path),
        read_only=read_only,
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
    )
    return con


# `-- include marts/_spend_measures spend=spend prefix=` pastes another SQL file in place, with
# its own placeholders filled: one definition of a block that several models share.
_INCLUDE = re.compile(r"^[ \t]*--[ \t]*include[ \t]+(\S+)((?:[ \t]+\w+=\w*)*)[ \t]*$", re.MULTILINE)


def _fill(text: str, params: dict[str, str]) -> str:
    for key, value in params.items():
        if not re.fullmatch(r"[A-Za-z0-9_.]*", value):
            raise ValueError(f"unsafe SQL identifier {value!r}")
        text = text.replace("{" + key + "}", value)
    return text


def sql_text(name: str, **params: str) -> str:
    """Read sql/<name>.sql; `{param}` placeholders are for identifiers only, never values."""
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")

    def include(match: re.Match) -> str:
        args = dict(arg.split("=", 1) for arg in match.group(2).split())
        body = sql_text(match.group(1), **args)
        # The included file's own comment lines stay behind: they describe the block, not the model.
        return "\n".join(line for line in body.splitlines() if not line.lstrip().startswith("--"))

    return _fill(_INCLUDE.sub(include, text), params)


def run_sql(con: duckdb.DuckDBPyConnection, name: str, parameters: dict | None = None, **params: str) -> None:
    """Execute every statement of sql/<name>.sql."""
    text = sql_text(name, **params)
    if parameters:
        con.execute(text, parameters)
    else:
        con.execute(text)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: a file half-loaded, or a mart half-rebuilt, is never left behind."""
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.commit()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The contract tables (sql/ddl/), then the models' macros, tables, views and comments."""
    from anchorspend.pipelines.models import ensure_models  # models reads SQL through this module

    with transaction(con):  # hundreds of COMMENT statements: one commit, not one each
        for path in sorted((SQL_DIR / "ddl").glob("*.sql")):
            con.execute(path.read_text(encoding="utf-8"))
        ensure_models(con)


def prepare_build(published: Path, run_id: str | None = None) -> Path:
    """Start a run's build copy from the last published warehouse.

    A build left behind by a killed run is discarded: the published file is the
    only state a new run trusts.
    """
    build = build_path_for(published)
    for stale in (build, build.with_name(build.name + ".wal")):
        stale.unlink(missing_ok=True)
    if published.exists():
        shutil.copyfile(published, build)
    con = connect(build)
    try:
        ensure_schema(con)
        if run_id:
            con.execute("INSERT INTO audit.runs (run_id, started_at) VALUES (?, now()::TIMESTAMP)", [run_id])
    finally:
        con.close()
    return build


def publish(published: Path) -> None:
    """Checkpoint the build copy and atomically rename it over the published file.

    Readers holding the old file open keep reading the old (complete) state;
    new readers get the new one. The next run copies it back to a build file.
    """
    build = build_path_for(published)
    con = connect(build)
    try:
        con.execute("UPDATE audit.runs SET published_at = now()::TIMESTAMP WHERE published_at IS NULL")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    with open(build, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(build, published)
    # The rename itself is durable only once the directory is synced.
    dir_fd = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def published_run(published: Path) -> str | None:
    """The run whose state the published warehouse holds, or None for a warehouse without one."""
    if not published.exists():
        return None
    con = connect(published, read_only=True)
    try:
        row = con.execute(
            "SELECT run_id FROM audit.runs WHERE published_at IS NOT NULL ORDER BY published_at DESC, started_at DESC LIMIT 1"
        ).fetchone()
    except Exception:  # an older warehouse without audit.runs
        return None
    finally:
        con.close()
    return row[0] if row else None
