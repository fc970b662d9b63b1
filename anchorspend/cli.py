"""The `anchorspend` command."""

from __future__ import annotations

import atexit
import gc
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


# The settings (pydantic-settings, the council file) load only when a command needs a path, so
# `--help`, `--version` and argument mistakes are answered without them.
def default_landing() -> Path:
    from anchorspend.pipelines import config

    return config.default_landing()


def default_warehouse() -> Path:
    from anchorspend.pipelines import config

    return config.default_warehouse()


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


# At exit the interpreter's last garbage collections walk every object Dagster, Great
# Expectations, pandas and SciPy made at import: over a second, for memory the OS frees anyway.
# Frozen objects are skipped; __del__ methods and atexit handlers still run as before.
atexit.register(gc.freeze)


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


# Folder names a council might use for its ledgers instead of ledgers/.
_LEDGER_LOOKALIKES = ("ledger", "payment", "spend", "transparency", "500")


def _no_ledgers_hint(landing: Path) -> str | None:
    """Why LANDING/ledgers/ holds nothing: files at the root, or a folder of another name."""
    from anchorspend.pipelines.files import TABULAR_SUFFIXES

    at_root = sorted(p.name for p in landing.iterdir() if p.is_file() and p.suffix.lower() in (*TABULAR_SUFFIXES, ".xls"))
    if at_root:
        more = f" and {len(at_root) - 1} more" if len(at_root) > 1 else ""
        return f"{at_root[0]}{more} sit at the landing folder's root: move them into {landing / 'ledgers'}/"
    for folder in sorted(p for p in landing.iterdir() if p.is_dir() and p.name != "ledgers"):
        if any(word in folder.name.lower() for word in _LEDGER_LOOKALIKES) and any(q.is_file() for q in folder.rglob("*")):
            return f"is {folder.name}/ meant to be ledgers/? Rename it to {landing / 'ledgers'}"
    return None


class _RunWatcher:
    """Turns a run's events into progress (files and lines read) and the first reason it failed."""

    def __init__(self, progress, task, total_files: int):
        self.progress, self.task, self.total_files = progress, task, total_files
        self.files_done, self.lines = 0, 0
        self.step_failures: list[str] = []
        self.check_failures: list[str] = []

    def _show(self, doing: str) -> None:
        self.progress.update(
            self.task, description=doing, completed=self.files_done,
            counts=f"{self.files_done}/{self.total_files} ledger files, {self.lines:,} lines",
        )

    def __call__(self, record) -> None:
        from dagster import DagsterEventType

        from anchorspend.assets.ingestion import READ, READING

        event = record.dagster_event
        if event is None:
            message = record.user_message or ""
            if message.startswith(READING):
                self._show(message)
            elif message.startswith(READ) and message.endswith(" lines"):
                self.files_done += 1
                self.lines += int(message.rsplit(": ", 1)[1].split()[0])
                self._show(message.split(":")[0].replace(READ, "read ", 1))
            return
        if event.event_type == DagsterEventType.STEP_START:
            self._show(_STEP_DOING.get(event.step_key, "working"))
        elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if not evaluation.passed and evaluation.severity.value == "ERROR":
                example = evaluation.metadata.get("first_failing_example")
                where = f"check {evaluation.check_name} on {evaluation.asset_key.to_user_string()} failed"
                self.check_failures.append(f"{where}: {example.value}" if example is not None else where)
        elif event.event_type == DagsterEventType.STEP_FAILURE:
            err = event.step_failure_data.error if event.step_failure_data else None
            self.step_failures.append(f"{_STEP_DOING.get(event.step_key, event.step_key)}: {_first_line(err)}")
        elif event.event_type in (DagsterEventType.RESOURCE_INIT_FAILURE, DagsterEventType.RUN_FAILURE):
            err = getattr(event.event_specific_data, "error", None)
            if err is not None:
                self.step_failures.append(_first_line(err))

    @property
    def reason(self) -> str:
        # A failed blocking check says what failed and where; the step failure it causes does not.
        found = self.check_failures or self.step_failures
        return found[0] if found else "the run failed"


# What each step is doing, in the analyst's words.
_STEP_DOING = {
    "landing_files": "reading the landing folder",
    "supplier_resolution": "resolving suppliers",
    "register_scorecard": "building the register scorecard",
    "kpi_marts": "building the KPI marts",
    "reports__monthly_kpi_report": "rendering reports",
}


@app.command()
def run(
    landing: LandingOpt = None,
    warehouse: WarehouseOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Dagster's log.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Run even when nothing is new since the published run.")] = False,
) -> None:
    """Load what is new in the landing folder and rebuild what it changed, through Dagster.

    Recorded in the Dagster instance under the data folder, which `anchorspend ui` serves.
    When nothing it would read changed since the published run, it says so and stops.
    """
    _run(landing, warehouse, verbose, force=force)


@app.command()
def retract(
    source_file: Annotated[str, typer.Argument(help="The file to withdraw, as audit.ingest_files names it (relative to the landing folder).")],
    landing: LandingOpt = None,
    warehouse: WarehouseOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", help="Show Dagster's log.")] = False,
) -> None:
    """Withdraw one loaded file's rows, then rebuild what that changed, in one published run."""
    _run(landing, warehouse, verbose, retract=[source_file])


def _run(landing: Path | None, warehouse: Path | None, verbose: bool, retract: list[str] | None = None, force: bool = False) -> None:
    landing = (landing or default_landing()).resolve()
    warehouse = (warehouse or default_warehouse()).resolve()
    if not landing.is_dir():
        console.print(f"[red]error:[/] landing folder {landing} does not exist", soft_wrap=True)
        raise typer.Exit(2)
    from anchorspend.pipelines.files import discover

    ledger_files = discover(landing, "ledgers", suffixes=None)
    if not ledger_files:
        hint = _no_ledgers_hint(landing)
        console.print(f"[red]error:[/] no ledger files found in {landing / 'ledgers'}" + (f"; {hint}" if hint else ""), soft_wrap=True)
        raise typer.Exit(2)

    inputs = None
    if not retract:
        # Before Dagster starts: a run whose inputs are those of the published run would only
        # rebuild the warehouse it already has.
        skipped, inputs = _nothing_new(landing, warehouse, force)
        if skipped:
            _print_summary(warehouse)
            return

    import warnings

    if not verbose:
        warnings.filterwarnings("ignore")
    # Dagster and the definitions make some 400k objects at import that live as long as the
    # process, and every full garbage collection would walk them all (about a second a run).
    # So none runs while they are made; they are then frozen out of later collections, and
    # thawed when the run ends, for a caller that goes on (the tests run it in-process).
    gc.disable()
    try:
        import anchorspend.definitions.build  # noqa: F401 - the bulk of them: every asset's modules
        from anchorspend.definitions.instance import instance as dagster_instance

        instance = dagster_instance()
    finally:
        gc.freeze()
        gc.enable()
    try:
        _run_jobs(landing, warehouse, instance, inputs, retract, verbose, len(ledger_files))
    finally:
        gc.unfreeze()


def _run_jobs(landing: Path, warehouse: Path, instance, inputs: dict | None, retract: list[str] | None, verbose: bool, n_ledgers: int) -> None:
    """Ingest, rebuild the changed months and publish, on one build copy; the summary at the end."""
    from anchorspend.definitions.automation import range_tags
    from anchorspend.definitions.build import build_definitions
    from anchorspend.pipelines import warehouse as wh
    from anchorspend.pipelines.changes import changed_months

    run_id = str(uuid.uuid4())
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[counts]}"),
                  TimeElapsedColumn(), console=console, transient=False) as progress:
        task = progress.add_task("starting", total=n_ledgers, counts="")
        watcher = _RunWatcher(progress, task, n_ledgers)
        try:
            with wh.write_lock(warehouse):
                # One build copy for both Dagster runs: the landing files and suppliers, then the
                # months they changed. Published once, when both have succeeded.
                build = wh.prepare_build(warehouse, run_id=run_id)
                if inputs is not None:
                    from anchorspend.pipelines.run_inputs import record

                    with wh.connection(build) as con:
                        record(con, run_id, inputs)
                if retract:
                    # On the build copy, before ingestion: the months the file held then rebuild as
                    # changed months, and the retraction publishes with them or not at all.
                    from anchorspend.pipelines.lifecycle import retract as retract_file

                    with wh.connection(wh.build_path_for(warehouse)) as con:
                        for name in retract:
                            try:
                                removed = retract_file(con, name)
                            except ValueError as exc:
                                raise _RetractRefused(str(exc)) from None
                            watcher._show(f"retracted {name}: {removed:,} rows")
                ingest = build_definitions(landing, warehouse, lifecycle="caller")
                ok = _execute(ingest, "ingest_job", instance, run_id, watcher, verbose)
                if ok:
                    with wh.connection(wh.build_path_for(warehouse)) as con:
                        months = changed_months(con)
                    if months:
                        watcher._show(f"rebuilding {len(months)} changed months")
                        monthly = build_definitions(landing, warehouse, partitions_from=wh.build_path_for(warehouse), lifecycle="caller")
                        partitions = monthly.resolve_job_def("monthly_rebuild_job").partitions_def
                        keys = set(partitions.get_partition_keys())
                        inside = [f"{m:%Y-%m}" for m in months if f"{m:%Y-%m}" in keys] or [max(keys)]
                        ok = _execute(monthly, "monthly_rebuild_job", instance, str(uuid.uuid4()), watcher, verbose,
                                      tags=range_tags(partitions, inside[0], inside[-1]))
                if ok:
                    watcher._show("publishing")
                    wh.publish(warehouse)
        except (wh.WarehouseBusy, _RetractRefused) as exc:
            watcher.step_failures.append(str(exc))
            ok = False
        finally:
            # Lets go of the event log's kept SQLite connections, checkpointing their WAL once.
            instance.dispose()
        progress.update(task, description="done" if ok else "failed")

    if not ok:
        console.print(f"[red]error:[/] {_one_line(watcher.reason)}", soft_wrap=True)
        raise typer.Exit(1)
    if wh.published_run(warehouse) != run_id:
        console.print(f"[red]error:[/] the run finished but {warehouse} was not published; rerun with --verbose for the log", soft_wrap=True)
        raise typer.Exit(1)
    _print_summary(warehouse)


def _nothing_new(landing: Path, warehouse: Path, force: bool) -> tuple[bool, dict | None]:
    """(skip, inputs): whether the published warehouse already is this run's result (said on the
    console when so), and the inputs the run reads, to record with it."""
    from anchorspend.pipelines import run_inputs
    from anchorspend.pipelines import warehouse as wh
    from anchorspend.pipelines.config import reports_archive
    from anchorspend.pipelines.lifecycle import latest_payment_date

    if not warehouse.is_file():
        return False, run_inputs.current_inputs(landing)
    try:
        # Under the write lock: a run in progress is about to change what "published" means.
        with wh.write_lock(warehouse):
            con = wh.connect(warehouse, read_only=True)
            try:
                run, same, inputs = run_inputs.nothing_new(con, landing, latest_payment_date())
            finally:
                con.close()
    except wh.WarehouseBusy as exc:
        console.print(f"[red]error:[/] {exc}", soft_wrap=True)
        raise typer.Exit(1) from None
    if not same:
        run = None
    # The archive is outside the warehouse: a latest report deleted by hand is rendered again.
    latest = run["latest_month"] if run else None
    if latest is not None and not (reports_archive(warehouse) / f"{latest:%Y-%m}").is_dir():
        run = None
    if run is None or force:
        return False, inputs
    run_id, published_at = run["run_id"], run["published_at"]
    console.print(
        f"nothing new: the landing files, council file, settings and code are those of run {run_id[:8]}, "
        f"published {published_at:%Y-%m-%d %H:%M}; nothing rebuilt (use --force to rebuild anyway)",
        soft_wrap=True,
    )
    return True, inputs


class _RetractRefused(RuntimeError):
    """A retraction named a file the warehouse cannot withdraw; nothing is published."""


def _execute(defs, job_name: str, instance, run_id: str, watcher: _RunWatcher, verbose: bool, tags: dict | None = None) -> bool:
    instance.add_event_listener(run_id, watcher)
    result = defs.resolve_job_def(job_name).execute_in_process(
        run_config=_quiet_run_config(verbose), instance=instance, run_id=run_id, tags=tags, raise_on_error=False,
    )
    return result.success


def _first_line(err) -> str:
    if err is None:
        return "unknown error"
    # Dagster wraps user errors; the innermost cause carries the useful message.
    while getattr(err, "cause", None) is not None:
        err = err.cause
    # The first line says what went wrong; DuckDB and Polars put hints and links after it.
    lines = [line.strip() for line in (err.message or "").splitlines() if line.strip()]
    return lines[0] if lines else err.cls_name


def _print_summary(warehouse: Path) -> None:
    """Say what the warehouse now holds; exit non-zero if any source file could not be read."""
    from anchorspend.pipelines.warehouse import connect, sql_text

    con = connect(warehouse, read_only=True)
    try:
        files = con.execute(sql_text("audit/ledger_totals")).fetchone()
        failed = con.execute(sql_text("audit/failed_files")).fetchall()
        warnings = con.execute(sql_text("audit/warnings")).fetchall()
        set_aside = con.execute(sql_text("audit/set_aside_summary")).fetchone()
    finally:
        con.close()
    # soft_wrap: the summary is one line however narrow the terminal, so it can be grepped.
    console.print(
        f"warehouse {warehouse}: {files[0]} ledger files ({files[1]} failed), "
        f"{files[2]:,} lines loaded, {files[3]:,} rejected, {files[4]:,} duplicate{_set_aside_clause(*set_aside)}",
        soft_wrap=True,
    )
    # What the run assumed or the warehouse still holds by mistake is said, not only logged.
    for _source, _code, message in warnings:
        console.print(f"[yellow]warning:[/] {_one_line(message)}", soft_wrap=True, markup=True, highlight=False)
    if failed:
        first_file, message = failed[0]
        more = f" (and {len(failed) - 1} more; see audit.ingest_files)" if len(failed) > 1 else ""
        console.print(f"[red]error:[/] {first_file} could not be read: {_one_line(message)}{more}", soft_wrap=True)
        raise typer.Exit(1)


def _set_aside_clause(files: int, preamble: int, footer: int, repeated_header: int, totals: int) -> str:
    """The summary's clause for lines the ledgers hold that are neither payments nor plain
    rejections (sql/audit/set_aside_summary.sql), e.g. '; 2 files set aside 7 non-payment lines
    (preamble 6, footer 1) and rejected 1 totals row: see audit.set_aside_lines'; '' when none."""
    if not files:
        return ""

    def n(count: int, word: str) -> str:
        return f"{count:,} {word}{'' if count == 1 else 's'}"

    notes = preamble + footer + repeated_header
    kinds = ", ".join(f"{label} {count:,}" for label, count in
                      (("preamble", preamble), ("footer", footer), ("repeated header", repeated_header)) if count)
    said = [f"set aside {n(notes, 'non-payment line')} ({kinds})"] if notes else []
    said += [f"rejected {n(totals, 'totals row')}"] if totals else []
    see = "audit.set_aside_lines" if notes else "audit.rejected_rows"
    return f"; {n(files, 'file')} {' and '.join(said)}: see {see}"


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
    from importlib import resources

    # The package data itself, not pipelines.config: a mistyped name is answered without the settings.
    examples_dir = Path(str(resources.files("anchorspend.sql"))) / "examples"
    bundled = examples_dir / file.name
    if bundled.is_file():
        return bundled
    examples = ", ".join(sorted(p.name for p in examples_dir.glob("*.sql")))
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
    """Start the Dagster UI on 127.0.0.1, serving the instance `anchorspend run` records into."""
    from anchorspend.definitions.instance import instance_home

    env = dict(os.environ)
    # The one instance under the data folder, whatever folder the UI is started from.
    env["DAGSTER_HOME"] = str(instance_home())
    dagster = Path(sys.executable).with_name("dagster")
    os.execve(str(dagster), [str(dagster), "dev", "--host", "127.0.0.1", "--port", str(port),
                             "-m", "anchorspend.definitions.location"], env)


if __name__ == "__main__":
    app()
