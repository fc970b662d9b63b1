"""The DuckDB warehouse: connections, SQL files, and atomic publishing.

Analysts read the *published* file; runs write a *build* copy beside it and
publish it with an atomic rename only when they finish, so a reader never sees
a half-written state and a killed run leaves the published file untouched.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from anchorspend.pipelines.config import SQL_DIR, reports_archive, settings


def build_path_for(published: Path) -> Path:
    return published.with_name(published.stem + ".build" + published.suffix)


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    # No extension is ever auto-installed: the machines reach no network at run time.
    # A memory limit makes DuckDB spill large joins and aggregates to disk (beside the file)
    # instead of growing with the history: a run's memory stays flat as the years add up.
    con = duckdb.connect(
        str(path),
        read_only=read_only,
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": settings().duckdb_memory_limit,
        },
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


def _without_comment_lines(text: str) -> str:
    # A file's own comment lines describe the file, not the statement it is pasted into.
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))


def sql_text(name: str, **params: str) -> str:
    """Read sql/<name>.sql; `{param}` placeholders are for identifiers only, never values."""
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")

    def include(match: re.Match) -> str:
        args = dict(arg.split("=", 1) for arg in match.group(2).split())
        return _without_comment_lines(sql_text(match.group(1), **args))

    return _fill(_INCLUDE.sub(include, text), params)


def sql_union(name: str, each: Iterable[dict[str, str]]) -> str:
    """sql/<name>.sql (one SELECT) filled once per placeholder set in `each`, as one UNION ALL
    query: a question asked of many tables in one round trip, not one each."""
    parts = [_without_comment_lines(sql_text(name, **params)).strip().rstrip(";") for params in each]
    if not parts:
        raise ValueError(f"{name}: a union of nothing")
    return "\nUNION ALL\n".join(parts)


def run_sql(con: duckdb.DuckDBPyConnection, name: str, parameters: dict | None = None, **params: str) -> None:
    """Execute every statement of sql/<name>.sql."""
    text = sql_text(name, **params)
    if parameters:
        con.execute(text, parameters)
    else:
        con.execute(text)


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the table `schema.table` exists in the connection's database."""
    schema, table = name.split(".")
    # fetchall, not fetchone: DuckDB 2 keeps a half-read result open and refuses register() after it.
    return con.execute(sql_text("ops/table_exists"), {"schema": schema, "table": table}).fetchall()[0][0] > 0


@contextmanager
def connection(path: Path | str, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection that is closed when the block ends, however it ends."""
    con = connect(path, read_only=read_only)
    try:
        yield con
    finally:
        con.close()


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


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse's write lock."""


@contextmanager
def write_lock(published: Path) -> Iterator[Path]:
    """Hold the warehouse's exclusive write lock for the block, or raise WarehouseBusy at once.

    filelock takes an OS lock (flock on Linux and macOS, msvcrt on Windows) that dies with the
    process, so a run killed with -9 never leaves the warehouse locked.
    """
    from filelock import FileLock, Timeout

    published.parent.mkdir(parents=True, exist_ok=True)
    lock_path = published.with_name(published.name + ".lock")
    lock = FileLock(str(lock_path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise WarehouseBusy(
            f"another run is writing the warehouse {published} (lock {lock_path}); try again when it ends"
        ) from None
    try:
        yield lock_path
    finally:
        lock.release()


def reports_build_for(published: Path) -> Path:
    """Where a run renders its reports; they join the archive only when the warehouse publishes."""
    return published.parent / "reports.build"


# Names the run whose reports a build folder holds, once that run has started to publish.
_REPORTS_RUN_MARKER = ".run_id"
# Lists the archived months (YYYY-MM, a line each) a run withdraws: months left without payments.
_REPORTS_WITHDRAWN = ".withdrawn"


def withdraw_reports(published: Path, months: list[str]) -> None:
    """Have the run's publish remove these months' archived reports (their payments are gone),
    with the reports it rendered: before the publish, the archive keeps them."""
    staged = reports_build_for(published)
    staged.mkdir(parents=True, exist_ok=True)
    (staged / _REPORTS_WITHDRAWN).write_text("".join(f"{m}\n" for m in sorted(months)), encoding="utf-8")


def _install_reports(published: Path) -> None:
    """Move a published run's rendered months into the archive, replacing each month whole, and
    remove the months it withdrew."""
    staged = reports_build_for(published)
    archive = reports_archive(published)
    archive.mkdir(parents=True, exist_ok=True)
    for month_dir in sorted(p for p in staged.iterdir() if p.is_dir()):
        target = archive / month_dir.name
        old = archive / f".{month_dir.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            os.replace(target, old)
        os.replace(month_dir, target)
        shutil.rmtree(old, ignore_errors=True)
    withdrawn = staged / _REPORTS_WITHDRAWN
    for month in (withdrawn.read_text(encoding="utf-8").split() if withdrawn.exists() else []):
        # A name the run wrote itself (YYYY-MM), never a path: nothing outside the archive goes.
        if re.fullmatch(r"\d{4}-\d{2}", month):
            shutil.rmtree(archive / month, ignore_errors=True)
    shutil.rmtree(staged, ignore_errors=True)


def recover_reports(published: Path) -> None:
    """Finish or undo a report install that a killed run left half done.

    Reports staged by the run the published warehouse holds are moved into place (the
    warehouse was published, so its reports must be too); any others are discarded.
    """
    staged = reports_build_for(published)
    if not staged.exists():
        return
    marker = staged / _REPORTS_RUN_MARKER
    run_id = marker.read_text(encoding="utf-8").strip() if marker.exists() else None
    if run_id and run_id == published_run(published):
        _install_reports(published)
    else:
        shutil.rmtree(staged, ignore_errors=True)


def prepare_build(published: Path, run_id: str | None = None) -> Path:
    """Start a run's build copy from the last published warehouse.

    A build left behind by a killed run is discarded: the published file is the
    only state a new run trusts. Reports it staged follow the same rule.
    """
    recover_reports(published)
    build = build_path_for(published)
    for stale in (build, build.with_name(build.name + ".wal")):
        stale.unlink(missing_ok=True)
    if published.exists():
        shutil.copyfile(published, build)
    with connection(build) as con:
        ensure_schema(con)
        if run_id:
            con.execute(sql_text("audit/run_started"), [run_id])
    return build


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory; its renames are durable on return
        return
    dir_fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def publish(published: Path) -> None:
    """Checkpoint the build copy and atomically rename it over the published file, then move the
    run's reports into the archive.

    Readers holding the old file open keep reading the old (complete) state;
    new readers get the new one. The next run copies it back to a build file.
    The reports are marked with the run before the rename, so a run killed between the
    rename and the move has them installed by the next run (recover_reports), and a run
    killed before the rename leaves the archive as it was.
    """
    build = build_path_for(published)
    with connection(build) as con:
        run_id = con.execute(sql_text("audit/unpublished_run")).fetchall()
        run_id = run_id[0] if run_id else None
        run_sql(con, "audit/run_published")
    staged = reports_build_for(published)
    if staged.exists() and run_id:
        (staged / _REPORTS_RUN_MARKER).write_text(run_id[0], encoding="utf-8")
    with open(build, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(build, published)
    # The rename itself is durable only once the directory is synced.
    _fsync_dir(published.parent)
    if staged.exists():
        _install_reports(published)


def published_run(published: Path) -> str | None:
    """The run whose state the published warehouse holds, or None for a warehouse without one."""
    if not published.exists():
        return None
    con = connect(published, read_only=True)
    try:
        row = con.execute(sql_text("audit/published_inputs")).fetchone()
    except Exception:  # an older warehouse without audit.runs
        return None
    finally:
        con.close()
    return row[0] if row else None
