"""The `anchorspend` command."""

from __future__ import annotations

import os
import sys
import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from anchorspend.pipelines.config import data_dir, default_landing, default_warehouse

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Spend analytics for UK public bodies.")
console = Console(stderr=True)

LandingOpt = Annotated[Optional[Path], typer.Option("--landing", help="Landing folder (default: the bundled sample).")]
WarehouseOpt = Annotated[Optional[Path], typer.Option("--warehouse", help="Published warehouse file (default: data/warehouse.duckdb).")]


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
    query: Annotated[Optional[str], typer.Argument(help="SQL to run; omit for an interactive prompt.")] = None,
    warehouse: WarehouseOpt = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="Run the SQL in this file (e.g. sql/examples/*.sql).")] = None,
    max_rows: Annotated[int, typer.Option(help="Rows to print at most.")] = 100,
) -> None:
    """Query the published warehouse, read-only."""
    from anchorspend.pipelines.warehouse import connect

    if file is not None:
        query = file.read_text(encoding="utf-8")

    path = (warehouse or default_warehouse()).resolve()
    if not path.exists():
        console.print(f"[red]error:[/] no warehouse at {path}: run `anchorspend run` first")
        raise typer.Exit(2)
    con = connect(path, read_only=True)
    try:
        if query is not None:
            if not _run_query(con, query, max_rows):
                raise typer.Exit(1)
            return
        console.print(f"anchorspend sql — {path} (read-only). End statements with ';', quit with .quit or Ctrl-D.")
        buffer = ""
        while True:
            try:
                line = input("sql> " if not buffer else "...> ")
            except EOFError:
                break
            if line.strip() in (".quit", ".exit", "\\q") and not buffer:
                break
            buffer += line + "\n"
            if buffer.strip().endswith(";"):
                _run_query(con, buffer, max_rows)
                buffer = ""
    finally:
        con.close()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _run_query(con, query: str, max_rows: int) -> bool:
    import duckdb
    from rich.table import Table

    try:
        cur = con.execute(query)
        if cur.description is None:
            return True
        columns = [d[0] for d in cur.description]
        rows = cur.fetchmany(max_rows + 1)
    except duckdb.Error as exc:
        console.print(f"[red]error:[/] {exc}")
        return False
    table = Table(*columns, show_lines=False)
    for row in rows[:max_rows]:
        table.add_row(*(_cell(v) for v in row))
    widths = [max([len(c)] + [len(_cell(r[i])) for r in rows[:max_rows]]) for i, c in enumerate(columns)]
    # Wide enough that no cell is cut: analysts copy figures from here.
    Console(width=max(Console().width, sum(widths) + 3 * len(widths) + 4)).print(table)
    if len(rows) > max_rows:
        console.print(f"(showing the first {max_rows} rows; use --max-rows for more)")
    return True


@app.command()
def report(
    month: Annotated[str, typer.Option("--month", help="Month to report, as YYYY-MM.")],
    warehouse: WarehouseOpt = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder for the HTML and XLSX.")] = None,
) -> None:
    """Write the monthly KPI report (HTML and XLSX) from the published warehouse."""
    from anchorspend.pipelines.config import reports_archive
    from anchorspend.pipelines.report import render_report
    from anchorspend.pipelines.warehouse import connect

    try:
        month_date = datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        console.print(f"[red]error:[/] --month must be YYYY-MM, got {month!r}")
        raise typer.Exit(2) from None
    path = (warehouse or default_warehouse()).resolve()
    if not path.exists():
        console.print(f"[red]error:[/] no warehouse at {path}: run `anchorspend run` first")
        raise typer.Exit(2)
    out_dir = (out or reports_archive(path) / f"{month_date:%Y-%m}").resolve()
    con = connect(path, read_only=True)
    try:
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
