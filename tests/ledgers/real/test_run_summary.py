"""The run summary says when files set aside lines, through the real `anchorspend run`.

The four published files of this folder (figures in test_published_layouts.py's docstring,
worked out from the bytes). Only Lambeth's report has lines a reader should hear about: 6
title/parameter lines above its header, 1 footer line and its own `Total` row (a totals row,
rejected). Every file's header line and Hyndburn's 142 continuation lines (the later lines of
quoted multi-line descriptions, inside loaded payments) are expected, so they are not in the
clause. Loaded: 585 + 223 + 3,155 + 2,252 = 6,215 lines; rejected: 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from anchorspend.pipelines.warehouse import connect

HERE = Path(__file__).resolve().parent
ANCHORSPEND = str(Path(sys.executable).with_name("anchorspend"))
FILES = {
    "ledgers/hyndburn/hyndburn-2025-09.csv": "hyndburn-2025-09.csv",
    "ledgers/hyndburn/hyndburn-2019-08.csv": "hyndburn-2019-08.csv",
    "ledgers/lambeth/lambeth-2012-06.csv": "lambeth-2012-06.csv",
    "ledgers/manchester/manchester-2021-02.csv": "manchester-2021-02.csv",
}


def _run(landing: Path, data: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, ANCHORSPEND_DATA=str(data), COLUMNS="80")
    return subprocess.run([ANCHORSPEND, "run", "--landing", str(landing), "--warehouse", str(data / "warehouse.duckdb")],
                          env=env, capture_output=True, text=True, timeout=1200)


@pytest.mark.slow
def test_the_run_summary_names_the_lines_set_aside(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    for source_file, fixture in FILES.items():
        dest = landing / source_file
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / fixture, dest)
    data = tmp_path / "data"
    done = _run(landing, data)
    # Set-aside lines are named, not lost: the run succeeds.
    assert done.returncode == 0, done.stdout + done.stderr
    summary = [line for line in done.stderr.splitlines() if line.startswith("warehouse ")]
    assert len(summary) == 1, done.stderr  # one line on an 80-column terminal
    assert summary[0].endswith(
        ": 4 ledger files (0 failed), 6,215 lines loaded, 1 rejected, 0 duplicate; "
        "1 file set aside 7 non-payment lines (preamble 6, footer 1) and rejected 1 totals row: "
        "see audit.set_aside_lines"
    ), summary[0]

    con = connect(data / "warehouse.duckdb", read_only=True)
    try:
        by_state = dict(con.execute(
            "SELECT state, sum(lines)::BIGINT FROM audit.set_aside_lines GROUP BY state").fetchall())
    finally:
        con.close()
    assert by_state == {"header": 4, "preamble": 6, "footer": 1, "continuation": 142}

    # Lambeth's report withdrawn (`anchorspend retract` is a run too): nothing left to say.
    env = dict(os.environ, ANCHORSPEND_DATA=str(data), COLUMNS="200")
    retract = subprocess.run([ANCHORSPEND, "retract", "ledgers/lambeth/lambeth-2012-06.csv", "--landing", str(landing),
                              "--warehouse", str(data / "warehouse.duckdb")],
                             env=env, capture_output=True, text=True, timeout=1200)
    assert retract.returncode == 0, retract.stdout + retract.stderr
    (line,) = [line for line in retract.stderr.splitlines() if line.startswith("warehouse ")]
    assert line.endswith(": 3 ledger files (0 failed), 3,060 lines loaded, 0 rejected, 0 duplicate"), line
