"""The README's analyst examples show exactly what the files in sql/examples/ print on the sample.

Building the sample warehouse runs the whole pipeline (`anchorspend run`, about two minutes).
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import readme_examples  # noqa: E402

pytestmark = pytest.mark.slow


def test_readme_examples_are_what_the_files_print(sample_warehouse_file):
    expected = readme_examples.section(sample_warehouse_file).rstrip("\n") + "\n"
    shown = readme_examples.current()
    diff = "".join(difflib.unified_diff(shown.splitlines(True), expected.splitlines(True), "README.md", "actual"))
    assert shown == expected, f"run `python tests/cli/readme_examples.py WAREHOUSE`:\n{diff}"


def test_every_example_names_its_question():
    for example in sorted(readme_examples.EXAMPLES.glob("*.sql")):
        assert readme_examples.question(example.read_text(encoding="utf-8")).endswith("?"), example.name
