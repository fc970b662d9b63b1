"""The `anchorspend` command."""

from __future__ import annotations

import os
import sys
import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from anchorspend.pipelines.config import data_dir, default_landing, default_warehouse

class _OneLineErrors(TyperGroup):
    """Click's usage errors (a missing option, a bad value, an unknown command) as one line,
    `error: ...`, like every other mistake, instead of the usage text and a hint on three."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            sys.exit(1)
        except Exception as exc:
            # Click's exceptions, vendored by Typer (typer._click, private): known by their shape.
            if not (hasattr(exc, "format_message") and hasattr(exc, "show") and hasattr(exc, "exit_code")):
                raise
            ctx = getattr(exc, "ctx", None)
            if exc.exit_code == 2 and type(exc).__name__ != "NoArgsIsHelpError":
                hint = f" (see {ctx.command_path} --help)" if ctx is not None else ""
                print(f"error: {exc.format_message()}{hint}", file=sys.stderr)
            else:
                exc.show()  # the help text itself, or a non-usage error
            sys.exit(exc.exit_code)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


# Plain help (rich_markup_mode=None): no boxes that wrap at 80 columns, no `<bool>` after flags.
app = typer.Typer(cls=_OneLineErrors, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Spend analytics for UK public bodies.")
console = Console(stderr=True)

LandingOpt = Annotated[Optional[Path], typer.Option("--landing", help="Landing folder (default: the bundled sample).")]
WarehouseOpt = Annotated[Optional[Path], typer.Option("--warehouse", help="Published warehouse file (default: data/warehouse.duckdb).")]



def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"anchorspend {version('anchorspend')}")
        raise typer.Exit()


@app.callback()
def main(
    show_version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False,
) -> None:
    """Spend analytics for UK public bodies."""


def _fail(message: str, code: int) -> typer.Exit:
    """Print one line, `error: ...`, and return the exit to raise (2: a mistake in the arguments)."""
    from rich.markup import escape

    console.print(f"[red]error:[/] {escape(message)}", soft_wrap=True, highlight=False)
    return typer.Exit(code)


def _quiet_run_config(verbose: bool) -> dict:
    # The progress bar and the one-line reason are the interface; --verbose shows Dagster's own log.
    return {"loggers": {"console": {"config": {"log_level": "INFO" if verbose else "CRITICAL"}}}}


@app.command()
def run(
    landing: LandingOpt = None,
    warehouse: WarehouseOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Dagster's log.")] = False,
) -> None:
    """Materialise every asset over the landing folder, in-process through Dagster."""
    import warnings

    import dagster as dg

    if not verbose:
        warnings.filterwarnings("ignore")
    from dagster import DagsterEventType

    from anchorspend.definitions import build_definitions
    from anchorspend.definitions.automation import all_months_tags
    from anchorspend.pipelines.warehouse import published_run

    landing = (landing or default_landing()).resolve()
    warehouse = (warehouse or default_warehouse()).resolve()
    if not landing.is_dir():
        console.print(f"[red]error:[/] landing folder {landing} does not exist")
        raise typer.Exit(2)
    defs = build_definitions(landing, warehouse)
    job = defs.resolve_job_def("everything_job")
    steps = [n.name for n in job.graph.node_defs]
    instance = dg.DagsterInstance.ephemeral()
    run_id = str(uuid.uuid4())
    failures: list[str] = []

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} steps"),
                  TimeElapsedColumn(), console=console, transient=False) as progress:
        task = progress.add_task("starting", total=len(steps))

        def on_event(record) -> None:
            event = record.dagster_event
            if event is None:
                return
            if event.event_type == DagsterEventType.STEP_START:
                progress.update(task, description=f"running {event.step_key}")
            elif event.event_type in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_SKIPPED):
                progress.advance(task)
            elif event.event_type == DagsterEventType.STEP_FAILURE:
                progress.advance(task)
                err = event.step_failure_data.error if event.step_failure_data else None
                failures.append(f"{event.step_key}: {_first_line(err)}")
            elif event.event_type in (DagsterEventType.RESOURCE_INIT_FAILURE, DagsterEventType.RUN_FAILURE):
                # e.g. another run holds the warehouse lock: no step ran, so no step failure says why.
                err = getattr(event.event_specific_data, "error", None)
                if err is not None:
                    failures.append(_first_line(err))

        instance.add_event_listener(run_id, on_event)
        result = job.execute_in_process(
            run_config=_quiet_run_config(verbose), instance=instance, run_id=run_id,
            tags=all_months_tags(), raise_on_error=False,
        )
        progress.update(task, description="done" if result.success else "failed")

    if not result.success:
        reason = failures[0] if failures else "the run failed"
        console.print(f"[red]error:[/] {_one_line(reason)}", soft_wrap=True)
        raise typer.Exit(1)
    if published_run(warehouse) != run_id:
        console.print(f"[red]error:[/] the run finished but {warehouse} was not published; rerun with --verbose for the log", soft_wrap=True)
        raise typer.Exit(1)
    _print_summary(warehouse)


def _first_line(err) -> str:
    if err is None:
        return "unknown error"
    # Dagster wraps user errors; the innermost cause carries the useful message.
    while getattr(err, "cause", None) is not None:
        err = err.cause
    return (err.message or "").strip().splitlines()[-1] if err.message else err.cls_name


def _print_summary(warehouse: Path) -> None:
    """Say what the warehouse now holds; exit non-zero if any source file could not be read."""
    from anchorspend.pipelines.warehouse import connect, sql_text

    con = connect(warehouse, read_only=True)
    try:
        files = con.execute(sql_text("audit/ledger_totals")).fetchone()
        failed = con.execute(sql_text("audit/failed_files")).fetchall()
    finally:
        con.close()
    console.print(
        f"warehouse {warehouse}: {files[0]} ledger files ({files[1]} failed), "
        f"{files[2]:,} lines loaded, {files[3]:,} rejected, {files[4]:,} duplicate"
    )
    if failed:
        first_file, message = failed[0]
        more = f" (and {len(failed) - 1} more; see audit.ingest_files)" if len(failed) > 1 else ""
        console.print(f"[red]error:[/] {first_file} could not be read: {_one_line(message)}{more}", soft_wrap=True)
        raise typer.Exit(1)


def _one_line(text: str | None) -> str:
    return " ".join((text or "no message").split())


@app.command()
def sql(
    query: Annotated[Optional[str], typer.Argument(help="SQL to run (or .tables, .schema TABLE); omit for the prompt.")] = None,
    warehouse: WarehouseOpt = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Run the SQL in this file (e.g. sql/examples/01_adult_social_care_local_share_last_quarter.sql).")] = None,
    max_rows: Annotated[int, typer.Option(min=1, help="Rows to print at most.")] = 100,
) -> None:
    """Query the published warehouse: read-only, and sandboxed to it."""
    if file is not None and query is not None:
        raise _fail("give a query or --file, not both", 2)
    if file is not None:
        query = _sql_file(file).read_text(encoding="utf-8")
    path = (warehouse or default_warehouse()).resolve()
    if not path.is_file():
        raise _fail(f"no warehouse at {path}: run `anchorspend run` first", 2)

    from anchorspend.prompt import Printer, Session, interactive, one_line_error, open_sandboxed

    printer = Printer()
    try:
        con = open_sandboxed(path)
    except Exception as exc:  # duckdb.Error, or an OS error on an unreadable file
        raise _fail(f"cannot open {path}: {one_line_error(exc)}", 1) from None
    try:
        session = Session(con, printer, max_rows)
        if query is not None:
            if not session.run(query):
                raise typer.Exit(1)
            return
        interactive(session, path)
    finally:
        con.close()


def _sql_file(file: Path) -> Path:
    """The file as given; failing that, the bundled example of that name (so `-f sql/examples/...`
    works outside a checkout too)."""
    if file.is_file():
        return file
    from anchorspend.pipelines.config import SQL_DIR

    bundled = SQL_DIR / "examples" / file.name
    if bundled.is_file():
        return bundled
    examples = ", ".join(sorted(p.name for p in (SQL_DIR / "examples").glob("*.sql")))
    raise _fail(f"no SQL file {file}; the bundled examples are: {examples}", 2)


@app.command()
def report(
    month: Annotated[str, typer.Option("--month", help="Month to report, as YYYY-MM.")],
    warehouse: WarehouseOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder for the HTML and XLSX.")] = None,
) -> None:
    """Write the monthly KPI report (HTML and XLSX) from the published warehouse."""
    try:
        month_date = datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise _fail(f"--month must be YYYY-MM, got {month!r}", 2) from None
    path = (warehouse or default_warehouse()).resolve()
    if not path.is_file():
        raise _fail(f"no warehouse at {path}: run `anchorspend run` first", 2)

    from anchorspend.pipelines.config import council_config, reports_archive
    from anchorspend.pipelines.report import render_report
    from anchorspend.pipelines.report.data import loaded_months
    from anchorspend.pipelines.warehouse import connect

    out_dir = (out or reports_archive(path) / f"{month_date:%Y-%m}").resolve()
    con = connect(path, read_only=True)
    try:
        loaded = loaded_months(con, council_config().name)
        if month_date not in loaded:
            span = (f"it holds {loaded[0]:%B %Y} to {loaded[-1]:%B %Y}" if loaded
                    else "it holds no payments yet: run `anchorspend run`")
            raise _fail(f"no payments loaded for {month_date:%B %Y} in {path}; {span}", 1)
        written = render_report(con, month_date, out_dir)
    finally:
        con.close()
    for key in ("html", "xlsx"):
        print(written[key])


@app.command()
def sample(out: Annotated[Optional[Path], typer.Argument(help="Where to write the landing folder.")] = None) -> None:
    """Regenerate the bundled sample landing folder (deterministic)."""
    from anchorspend.pipelines.config import SAMPLE_LANDING
    from anchorspend.sample.generate import generate

    target = (out or SAMPLE_LANDING).resolve()
    figures = generate(target)
    console.print(f"sample landing folder written to {target}: {figures}")


@app.command()
def ui(port: Annotated[int, typer.Option(help="Port for the Dagster UI.")] = 3000) -> None:
    """Start the Dagster UI on 127.0.0.1, with its instance under the data folder."""
    env = dict(os.environ)
    env.setdefault("DAGSTER_HOME", str(Path.cwd()))
    # dagster.yaml's storage paths are relative to the folder the UI starts in.
    (data_dir() / "dagster").mkdir(parents=True, exist_ok=True)
    dagster = Path(sys.executable).with_name("dagster")
    os.execve(str(dagster), [str(dagster), "dev", "--host", "127.0.0.1", "--port", str(port)], env)


if __name__ == "__main__":
    app()
