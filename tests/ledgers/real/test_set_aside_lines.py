"""audit.set_aside_lines: which lines of a real file were named, not loaded, and why.

The three published files of test_published_layouts.py (figures worked out there from the
bytes: csv module, Decimal, a physical-line split on CRLF/LF/CR). Per file:

| file | non-blank lines | payments | rejected | header | preamble | footer | continuation |
|---|---|---|---|---|---|---|---|
| hyndburn-2025-09.csv | 728 | 585 | 0 | 1 (line 729) | 0 | 0 | 142 |
| lambeth-2012-06.csv | 3164 | 3155 | 1 (Total, 3167) | 1 (line 10) | 6 (1, 3, 5-8) | 1 (3171) | 0 |
| manchester-2021-02.csv | 2253 | 2252 | 0 | 1 (line 1) | 0 | 0 | 0 |

so loaded + rejected + duplicate + set-aside = non-blank lines holds for each, and a copy of a
file under another name loads nothing new: all its payments are duplicates, and its own header
and preamble lines are set aside again under its own name.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from anchorspend.pipelines import lifecycle, warehouse
from anchorspend.pipelines.ledgers import ingest_ledgers

HERE = Path(__file__).resolve().parent
BODY = "Luton Borough Council"
TODAY = date(2026, 1, 1)

HYNDBURN = "ledgers/hyndburn/hyndburn-2025-09.csv"
LAMBETH = "ledgers/lambeth/lambeth-2012-06.csv"
MANCHESTER = "ledgers/manchester/manchester-2021-02.csv"
COPY = "ledgers/lambeth/copy-of-lambeth-2012-06.csv"

# source_file: (non-blank lines, payments, rejected, {state: lines set aside})
ACCOUNT = {
    HYNDBURN: (728, 585, 0, {"header": 1, "continuation": 142}),
    LAMBETH: (3164, 3155, 1, {"header": 1, "preamble": 6, "footer": 1}),
    MANCHESTER: (2253, 2252, 0, {"header": 1}),
}
SET_ASIDE_STATES = ("header", "repeated_header", "preamble", "footer", "continuation")


def _landing(root: Path, names: dict[str, str]) -> Path:
    landing = root / "landing"
    for source_file, fixture in names.items():
        dest = landing / source_file
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / fixture, dest)
    return landing


@pytest.fixture
def loaded(tmp_path: Path):
    landing = _landing(tmp_path, {f: Path(f).name for f in ACCOUNT})
    con = warehouse.connect(tmp_path / "warehouse.duckdb")
    warehouse.ensure_schema(con)
    results = {r.source_file: r for r in ingest_ledgers(con, landing, BODY, today=TODAY)}
    assert {r.status for r in results.values()} == {"loaded"}
    yield con, landing
    con.close()


def _by_state(con, source_file: str) -> dict[str, int]:
    return dict(con.execute(
        "SELECT state, sum(lines)::BIGINT FROM audit.set_aside_lines WHERE source_file = ? GROUP BY state",
        [source_file],
    ).fetchall())


def test_set_aside_lines_match_the_line_account_of_each_file(loaded) -> None:
    con, _ = loaded
    for source_file, (_, _, _, states) in ACCOUNT.items():
        assert _by_state(con, source_file) == states, source_file
        (mapping,) = con.execute(
            "SELECT mapping FROM audit.ingest_files WHERE source_file = ? AND status = 'loaded'", [source_file]
        ).fetchone()
        kept = json.loads(mapping)["lines"]
        assert {s: kept[s] for s in SET_ASIDE_STATES if kept[s]} == states, source_file
    lambeth = con.execute(
        "SELECT source_line, state FROM audit.set_aside_lines WHERE source_file = ? ORDER BY source_line", [LAMBETH]
    ).fetchall()
    assert lambeth == [(1, "preamble"), (3, "preamble"), (5, "preamble"), (6, "preamble"), (7, "preamble"),
                       (8, "preamble"), (10, "header"), (3171, "footer")]
    assert con.execute(
        "SELECT source_line FROM audit.set_aside_lines WHERE source_file = ? AND state = 'header'", [HYNDBURN]
    ).fetchall() == [(729,)]


def _reconcile(con, source_file: str) -> tuple[int, int, int, int]:
    return con.execute(
        """SELECT a.rows_loaded, a.rows_rejected, a.rows_duplicate,
                  (SELECT coalesce(sum(lines), 0)::BIGINT FROM audit.set_aside_lines s
                   WHERE s.source_file = a.source_file AND s.file_sha256 = a.file_sha256)
           FROM audit.ingest_files a WHERE a.source_file = ? AND a.status = 'loaded'""",
        [source_file],
    ).fetchone()


def test_loaded_rejected_duplicate_and_set_aside_lines_are_the_non_blank_lines(loaded, tmp_path: Path) -> None:
    con, landing = loaded
    for source_file, (nonblank, payments, rejected, states) in ACCOUNT.items():
        assert _reconcile(con, source_file) == (payments, rejected, 0, sum(states.values()))
        assert sum(_reconcile(con, source_file)) == nonblank, source_file
    # A renamed copy: every payment is a duplicate, its header and notes are its own set-aside lines.
    shutil.copyfile(HERE / "lambeth-2012-06.csv", landing / COPY)
    (copy,) = ingest_ledgers(con, landing, BODY, only=[COPY], today=TODAY)
    assert copy.status == "loaded"
    nonblank, payments, rejected, states = ACCOUNT[LAMBETH]
    assert _reconcile(con, COPY) == (0, rejected, payments, sum(states.values()))
    assert sum(_reconcile(con, COPY)) == nonblank
    assert _by_state(con, COPY) == states


def test_a_new_version_replaces_its_set_aside_lines_and_retract_removes_them(loaded) -> None:
    con, landing = loaded
    path = landing / LAMBETH
    first_sha = con.execute(
        "SELECT file_sha256 FROM audit.ingest_files WHERE source_file = ? AND status = 'loaded'", [LAMBETH]
    ).fetchone()[0]
    # Republished with one more note line at the end: a new version, with a second footer line.
    path.write_bytes(path.read_bytes() + b"Report ends,,,,,\n")
    (result,) = ingest_ledgers(con, landing, BODY, only=[LAMBETH], today=TODAY)
    assert result.status == "loaded"
    shas = {sha for (sha,) in con.execute(
        "SELECT DISTINCT file_sha256 FROM audit.set_aside_lines WHERE source_file = ?", [LAMBETH]).fetchall()}
    assert len(shas) == 1 and first_sha not in shas
    assert _by_state(con, LAMBETH) == {"header": 1, "preamble": 6, "footer": 2}
    assert con.execute(
        "SELECT source_line FROM audit.set_aside_lines WHERE source_file = ? AND state = 'footer' ORDER BY 1", [LAMBETH]
    ).fetchall() == [(3171,), (3172,)]

    lifecycle.retract(con, LAMBETH)
    assert _by_state(con, LAMBETH) == {}
    # The other files keep theirs.
    assert _by_state(con, MANCHESTER) == {"header": 1}


def test_the_run_summary_query_counts_what_a_reader_should_hear_about(loaded) -> None:
    con, landing = loaded
    # Lambeth alone: 6 preamble lines, 1 footer line, no repeated header, 1 totals row; headers
    # and Hyndburn's continuation lines are expected and not counted.
    assert con.execute(warehouse.sql_text("audit/set_aside_summary")).fetchone() == (1, 6, 1, 0, 1)
    shutil.copyfile(HERE / "lambeth-2012-06.csv", landing / COPY)
    ingest_ledgers(con, landing, BODY, only=[COPY], today=TODAY)
    assert con.execute(warehouse.sql_text("audit/set_aside_summary")).fetchone() == (2, 12, 2, 0, 2)
    lifecycle.retract(con, LAMBETH)
    lifecycle.retract(con, COPY)
    assert con.execute(warehouse.sql_text("audit/set_aside_summary")).fetchone() == (0, 0, 0, 0, 0)
