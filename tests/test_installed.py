"""anchorspend works as an installed package, from a folder that is not a checkout.

The wheel is built from this tree and installed (not editable) into a folder of its own, which
goes first on the path, so nothing can be read from the checkout: if any code still reached for
a repo-relative path, or package data were left out of the wheel, these commands would fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    wheels = tmp_path_factory.mktemp("wheel")
    site = tmp_path_factory.mktemp("site")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(REPO)], check=True, timeout=600)
    (wheel,) = wheels.glob("anchorspend-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, timeout=600)
    return site


def _cli(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site), "ANCHORSPEND_DATA": str(cwd / "data")}
    env.pop("ANCHORSPEND_LANDING", None)
    env.pop("ANCHORSPEND_WAREHOUSE", None)
    return subprocess.run([sys.executable, "-m", "anchorspend.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_installed_package_runs_from_any_folder(installed: Path, tmp_path: Path) -> None:
    away = tmp_path / "elsewhere"
    away.mkdir()
    where = subprocess.run([sys.executable, "-c", "import anchorspend.pipelines.config as c; print(c.SQL_DIR)"],
                           cwd=away, env={**os.environ, "PYTHONPATH": str(installed)},
                           capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(installed)), where.stdout

    landing, warehouse = away / "landing", away / "warehouse.duckdb"
    made = _cli(installed, away, "sample", str(landing))
    assert made.returncode == 0, made.stderr
    # The generator's own ground truth, written beside the files it made.
    manifest = json.loads((landing / "MANIFEST.json").read_text(encoding="utf-8"))

    ran = _cli(installed, away, "run", "--landing", str(landing), "--warehouse", str(warehouse))
    assert ran.returncode == 0, ran.stderr + ran.stdout

    # The council's own lines: the sample may hold other anchor bodies besides.
    council = manifest["council"].replace("'", "''")
    asked = _cli(installed, away, "sql", "--warehouse", str(warehouse),
                 f"SELECT CAST(sum(amount) AS VARCHAR) AS total FROM core.fct_payment WHERE body = '{council}'")
    assert asked.returncode == 0, asked.stderr
    lines = _cli(installed, away, "sql", "--warehouse", str(warehouse),
                 f"SELECT count(*) AS n FROM core.fct_payment WHERE body = '{council}'")
    assert lines.returncode == 0, lines.stderr
    total = manifest["totals"]["total_spend"]
    assert f"{int(manifest['totals']['payment_lines']):,}" in lines.stdout, lines.stdout
    assert total in asked.stdout.replace(",", ""), asked.stdout
