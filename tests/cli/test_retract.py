"""`anchorspend retract FILE` withdraws one file and rebuilds what it changed, in one published run.

Real processes on a copy of the sample with two ledgers (April and May 2017): a run loads
both, the May file is retracted, and the marts must then hold April alone: nothing of May
survives in the facts or the month and year tables, and April's figures are untouched.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from anchorspend.pipelines.config import SAMPLE_LANDING
from anchorspend.pipelines.warehouse import connect

pytestmark = pytest.mark.slow

MAY = "ledgers/2017-05.csv"


@pytest.fixture
def two_months(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING, landing)
    for path in sorted(p for p in (landing / "ledgers").rglob("*") if p.is_file()):
        if path.name not in ("2017-04.csv", "2017-05.csv"):
            path.unlink()
    return landing


def _facts(warehouse: Path) -> dict:
    con = connect(warehouse, read_only=True)
    try:
        by_file = dict(con.execute(
            "SELECT source_file, sum(amount) FROM core.fct_payment GROUP BY ALL").fetchall())
        by_month = {m.strftime("%Y-%m"): s for m, s in con.execute(
            "SELECT month, total_spend FROM marts.kpi_spend_by_month "
            "WHERE body = 'Luton Borough Council'").fetchall()}
        year = con.execute(
            "SELECT total_spend FROM marts.kpi_spend_by_year WHERE body = 'Luton Borough Council'").fetchall()
        status = dict(con.execute(
            "SELECT source_file, status FROM audit.ingest_files WHERE kind = 'ledger'").fetchall())
    finally:
        con.close()
    return {"by_file": by_file, "by_month": by_month, "year": [y for (y,) in year], "status": status}


def test_retract_withdraws_a_file_and_rebuilds_its_months(cli, two_months: Path, tmp_path: Path):
    warehouse = tmp_path / "warehouse.duckdb"
    ran = cli("run", "--landing", str(two_months), "--warehouse", str(warehouse), timeout=900)
    assert ran.returncode == 0, ran.stderr
    before = _facts(warehouse)
    april = before["by_file"]["ledgers/2017-04.csv"]
    assert MAY in before["by_file"] and "2017-05" in before["by_month"]

    # Both months' reports are archived beside the warehouse.
    archive = tmp_path / "reports"
    assert sorted(p.name for p in archive.iterdir() if p.is_dir()) == ["2017-04", "2017-05"]

    done = cli("retract", MAY, "--landing", str(two_months), "--warehouse", str(warehouse), timeout=900)
    assert done.returncode == 0, done.stderr
    after = _facts(warehouse)
    # May holds no payments now, so its report, whose figures are gone, goes with the publish.
    assert sorted(p.name for p in archive.iterdir() if p.is_dir()) == ["2017-04"]
    assert sorted(p.name for p in (archive / "2017-04").iterdir()) == ["anchorspend-report-2017-04.html", "anchorspend-report-2017-04.xlsx"]

    assert MAY not in after["by_file"]
    assert after["status"][MAY] == "retracted"
    assert "2017-05" not in after["by_month"] or after["by_month"]["2017-05"] in (None, 0)
    # April is untouched, and the year now adds up to April alone.
    assert after["by_file"] == {"ledgers/2017-04.csv": april}
    assert after["by_month"]["2017-04"] == before["by_month"]["2017-04"]
    assert after["year"] == [april]

    # A later run does not read the retracted file back while its bytes are unchanged.
    again = cli("run", "--landing", str(two_months), "--warehouse", str(warehouse), timeout=900)
    assert again.returncode == 0, again.stderr
    assert _facts(warehouse)["by_file"] == {"ledgers/2017-04.csv": april}


def test_retract_of_an_unknown_file_is_one_line_and_publishes_nothing(cli, two_months: Path, tmp_path: Path):
    warehouse = tmp_path / "warehouse.duckdb"
    assert cli("run", "--landing", str(two_months), "--warehouse", str(warehouse), timeout=900).returncode == 0
    published = hashlib.sha256(warehouse.read_bytes()).hexdigest()

    done = cli("retract", "ledgers/nope.csv", "--landing", str(two_months), "--warehouse", str(warehouse))
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "ledgers/nope.csv" in errors[0], done.stderr
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == published


def test_a_file_that_left_the_landing_folder_is_named_in_the_summary_and_the_report(cli, two_months: Path, tmp_path: Path):
    warehouse = tmp_path / "warehouse.duckdb"
    first = cli("run", "--landing", str(two_months), "--warehouse", str(warehouse), timeout=900)
    assert first.returncode == 0, first.stderr
    # No council file in the folder it runs from, and none named: the run says which it assumed.
    assumed = [line for line in first.stderr.splitlines() if line.startswith("warning:") and "assumed" in line]
    assert len(assumed) == 1 and "Luton Borough Council" in assumed[0], first.stderr
    assert MAY not in first.stderr

    (two_months / MAY).unlink()
    again = cli("run", "--landing", str(two_months), "--warehouse", str(warehouse), timeout=900)
    assert again.returncode == 0, again.stderr
    left = [line for line in again.stderr.splitlines() if line.startswith("warning:") and MAY in line]
    assert len(left) == 1 and f"anchorspend retract {MAY}" in left[0], again.stderr
    # Its rows stay until retracted: the warning is true.
    assert MAY in _facts(warehouse)["by_file"]

    out = tmp_path / "report"
    made = cli("report", "--month", "2017-04", "--warehouse", str(warehouse), "--out", str(out))
    assert made.returncode == 0, made.stderr
    from bs4 import BeautifulSoup

    (page,) = out.glob("*.html")
    items = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("#warnings li")
    assert [li["data-code"] for li in items if MAY in li.get_text()] == ["file_missing"]
