"""The README's analyst examples show exactly what the files in sql/examples/ print on the sample.

Building the sample warehouse runs the whole pipeline (`anchorspend run`, about two minutes).
Set ANCHORSPEND_SAMPLE_WAREHOUSE to a warehouse already built from the sample to reuse it.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import readme_examples  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("sample")
    path = tmp / "warehouse.duckdb"
    prebuilt = os.environ.get("ANCHORSPEND_SAMPLE_WAREHOUSE")
    if prebuilt:
        shutil.copyfile(prebuilt, path)
        return path
    cli = Path(sys.executable).with_name("anchorspend")
    landing = readme_examples.REPO / "sample_data" / "landing"
    env = dict(os.environ, ANCHORSPEND_DATA=str(tmp / "data"))
    done = subprocess.run([str(cli), "run", "--landing", str(landing), "--warehouse", str(path)],
                          env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
    return path


def test_readme_examples_are_what_the_files_print(sample_warehouse):
    expected = readme_examples.section(sample_warehouse).rstrip("\n") + "\n"
    shown = readme_examples.current()
    diff = "".join(difflib.unified_diff(shown.splitlines(True), expected.splitlines(True), "README.md", "actual"))
    assert shown == expected, f"run `python tests/cli/readme_examples.py WAREHOUSE`:\n{diff}"


def test_every_example_names_its_question():
    for example in sorted(readme_examples.EXAMPLES.glob("*.sql")):
        assert readme_examples.question(example.read_text(encoding="utf-8")).endswith("?"), example.name
