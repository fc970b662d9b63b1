"""Mistakes get one clear line and a non-zero exit, before anything heavy is imported."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest


def _one_error_line(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: "), lines[0]
    assert "Traceback" not in done.stderr + done.stdout
    return lines[0]


def test_version(cli):
    done = cli("--version")
    assert done.returncode == 0
    # The installed distribution's own version, read another way.
    assert done.stdout.strip() == f"anchorspend {version('anchorspend')}"


@pytest.mark.parametrize("args", [["--help"], ["sql", "--help"], ["report", "--help"], ["run", "--help"]])
def test_help_shows_no_bool_after_flags(cli, args):
    done = cli(*args)
    assert done.returncode == 0
    assert "--help" in done.stdout
    assert "<bool>" not in done.stdout


def test_report_for_a_month_with_no_payments(cli, warehouse_file, tmp_path):
    # The fixture's payments run from April 2016 to June 2017 (report_fixtures.PAYMENTS).
    done = cli("report", "--month", "2025-03", "--warehouse", str(warehouse_file), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    line = _one_error_line(done)
    assert "no payments loaded for March 2025" in line
    assert "April 2016 to June 2017" in line
    assert not (tmp_path / "out").exists()


def test_report_for_a_loaded_month_writes_both_files(cli, warehouse_file, tmp_path):
    out = tmp_path / "out"
    done = cli("report", "--month", "2017-05", "--warehouse", str(warehouse_file), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(out / "anchorspend-report-2017-05.html"), str(out / "anchorspend-report-2017-05.xlsx")]


def test_unknown_sql_file(cli, warehouse_file):
    done = cli("sql", "-f", "sql/examples/nope.sql", "--warehouse", str(warehouse_file))
    assert done.returncode == 2
    line = _one_error_line(done)
    assert "no SQL file sql/examples/nope.sql" in line
    assert "02_top_non_local_categories.sql" in line  # names what there is


def test_bundled_example_runs_by_name_from_any_folder(cli, warehouse_file):
    # cli runs in a temporary folder, where sql/examples/ does not exist.
    done = cli("sql", "-f", "sql/examples/04_monthly_local_share_trend.sql", "--warehouse", str(warehouse_file))
    assert done.returncode == 0, done.stderr
    assert "2017-06-01" in done.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["report", "--month", "March 2018"], "--month must be YYYY-MM, got 'March 2018'"),
        (["report", "--month", "2018-03", "--warehouse", "nowhere/w.duckdb"], "no warehouse at"),
        (["sql", "SELECT 1", "--warehouse", "nowhere/w.duckdb"], "no warehouse at"),
        (["sql", "SELECT 1", "-f", "x.sql"], "give a query or --file, not both"),
        # Click's own usage errors are one line too.
        (["report"], "Missing option '--month'. (see anchorspend report --help)"),
        (["sql", "--max-rows", "0", "SELECT 1"], "Invalid value for '--max-rows'"),
        (["reprot", "--month", "2018-03"], "No such command 'reprot'."),
        (["sql", "--no-such-flag"], "No such option: --no-such-flag"),
    ],
)
def test_argument_errors(cli, args, expected):
    done = cli(*args)
    assert done.returncode == 2
    assert expected in _one_error_line(done)


def test_argument_errors_come_before_heavy_imports(tmp_path):
    """A bad month or a missing warehouse is answered without importing Dagster, Polars or the report."""
    probe = (
        "import sys\n"
        "from anchorspend.cli import app\n"
        "for args in (['report', '--month', 'bad'], ['report', '--month', '2018-03', '--warehouse', 'nowhere.duckdb'],"
        " ['sql', 'SELECT 1', '--warehouse', 'nowhere.duckdb'], ['sql', '-f', 'nope.sql']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code == 2, (args, exit.code)\n"
        "heavy = sorted(m for m in ('dagster', 'polars', 'xlsxwriter', 'jinja2', 'anchorspend.pipelines.report')"
        " if m in sys.modules)\n"
        "print('heavy:', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "heavy: []"


def test_a_file_that_is_not_a_warehouse(cli, tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("not a database\n", encoding="utf-8")
    done = cli("sql", "SELECT 1", "--warehouse", str(bogus))
    assert done.returncode == 1
    assert _one_error_line(done).startswith(f"error: cannot open {bogus}: ")
