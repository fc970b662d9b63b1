"""The README's analyst examples, generated from sql/examples/ and what each prints on the sample.

`python tests/cli/readme_examples.py WAREHOUSE` rewrites the README section from a warehouse
built from the bundled sample (`anchorspend run`); tests/cli/test_readme_examples.py checks that
the README holds exactly what this writes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
EXAMPLES = REPO / "sql" / "examples"
HEADING = "### Six questions an analyst asks, on the sample data"
# The section runs from its heading to the next heading of the same or a higher level.
_SECTION = re.compile(r"^### Six questions an analyst asks, on the sample data\n.*?(?=^#{1,3} )", re.DOTALL | re.MULTILINE)

INTRO = """Each is a file in `sql/examples/`. Run one with `anchorspend sql -f sql/examples/<file>.sql`;
the command finds the bundled copy by its name from any folder. Below is each file, then exactly
what it prints on the bundled sample (FY 2017/18). `tests/cli/test_readme_examples.py` checks
both, and `python tests/cli/readme_examples.py WAREHOUSE` rewrites this section after a change."""

# A line under an example's output, for what the figures alone don't say.
NOTES = {
    "03_new_local_suppliers_this_year.sql": "In the sample every local supplier is new, because 2017/18 is "
                                            "the first year of data (`is_first_year_of_data`).",
    "04_monthly_local_share_trend.sql": "`local_target_status` judges the year to date against the year's "
                                        "target: the year closed on target.",
    "06_strategy_baseline_2017_18.sql": "The supplier count is one more than the baseline: one typo of a "
                                        "known supplier's name is declined by the conservative fuzzy match, "
                                        "and stays on the unmatched worklist as a supplier of its own.",
}


def question(sql: str) -> str:
    """The file's `-- Question:` comment, joined across its lines."""
    lines = sql.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("-- Question:"))
    words = [lines[start].removeprefix("-- Question:").strip()]
    for line in lines[start + 1:]:
        if not line.startswith("-- ") or line.startswith("-- ("):
            break
        words.append(line[3:].strip())
        if words[-1].endswith("?"):
            break
    text = " ".join(words)
    return text[: text.index("?") + 1] if "?" in text else text


def output(warehouse: Path, example: Path) -> str:
    cli = Path(sys.executable).with_name("anchorspend")
    env = dict(os.environ, COLUMNS="100")
    done = subprocess.run([str(cli), "sql", "-f", str(example), "--warehouse", str(warehouse)],
                          capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"{example.name}: {done.stderr.strip()}")
    return done.stdout.rstrip("\n")


def section(warehouse: Path) -> str:
    parts = [HEADING, "", INTRO, ""]
    for n, example in enumerate(sorted(EXAMPLES.glob("*.sql")), start=1):
        sql = example.read_text(encoding="utf-8").rstrip("\n")
        parts += [f"#### {n}. {question(sql)}", "", f"`sql/examples/{example.name}`:", "", "```sql", sql, "```", "",
                  "prints:", "", "```text", output(warehouse, example), "```", ""]
        if example.name in NOTES:
            parts += [NOTES[example.name], ""]
    return "\n".join(parts)


def current() -> str:
    found = _SECTION.search(README.read_text(encoding="utf-8"))
    if not found:
        raise LookupError(f"README has no section {HEADING!r}")
    return found.group(0).rstrip("\n") + "\n"


def rewrite(warehouse: Path) -> None:
    text = README.read_text(encoding="utf-8")
    new = section(warehouse).rstrip("\n") + "\n\n"
    found = _SECTION.search(text)
    if not found:
        raise LookupError(f"README has no section {HEADING!r}")
    README.write_text(text[: found.start()] + new + text[found.end():], encoding="utf-8")


if __name__ == "__main__":
    rewrite(Path(sys.argv[1]).resolve())
