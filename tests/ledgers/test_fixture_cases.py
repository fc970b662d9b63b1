"""Fixture-pair tests: tests/ledgers/fixtures/<case>/ holds small input files and an
expected.json written by hand from reading those inputs.

expected.json is either single-step (`results` keyed by input file name, each copied
to ledgers/<case>/<name>) or has `steps`: each copies `files` (fixture name -> path
under the landing folder), runs ingest_ledgers over the whole landing folder and
checks `results` (per source_file), `message_contains`, `payments` and `rejected`
(the warehouse rows in file/line order, comparing only the keys given), `mapping`,
and `warehouse` totals.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from anchorspend.pipelines.ledgers import ingest_ledgers

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").exists())
BODY = "Luton Borough Council"


def _steps(case: str, spec: dict) -> list[dict]:
    if "steps" in spec:
        return spec["steps"]
    inputs = [p.name for p in (FIXTURES / case).iterdir() if p.name != "expected.json"]

    def target(name: str) -> str:
        return f"ledgers/{case}/{name}"

    return [
        {
            "files": {n: target(n) for n in inputs},
            "results": {target(k): v for k, v in spec.get("results", {}).items()},
            "message_contains": {target(k): v for k, v in spec.get("message_contains", {}).items()},
            "payments": spec.get("payments"),
            "rejected": spec.get("rejected"),
            "mapping": {target(k): v for k, v in spec.get("mapping", {}).items()},
            "lines": {target(k): v for k, v in spec.get("lines", {}).items()},
        }
    ]


def _rows(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _as_text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return f"{v:.2f}"
    return str(v)


def _nonblank_lines(path: Path) -> int:
    """Physical lines holding anything besides whitespace, quotes and separators, read from the
    bytes (each line as UTF-8, else Windows-1252; UTF-16 by its BOM), not through the reader."""
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        parts = []
        for ln in raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"):
            try:
                parts.append(ln.decode("utf-8"))
            except UnicodeDecodeError:
                parts.append(ln.decode("cp1252", errors="replace"))
        text = "\n".join(parts)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return sum(1 for ln in text.split("\n") if ln.strip(' \t\u00a0",;|\ufeff'))


@pytest.mark.parametrize("case", CASES)
def test_fixture_case(case: str, con, tmp_path: Path) -> None:
    spec = json.loads((FIXTURES / case / "expected.json").read_text(encoding="utf-8"))
    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    for step_no, step in enumerate(_steps(case, spec), start=1):
        for name, dest in step["files"].items():
            (landing / dest).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(FIXTURES / case / name, landing / dest)
        results = {r.source_file: r for r in ingest_ledgers(con, landing, BODY)}
        where = f"{case} step {step_no}"

        for source_file, want in step.get("results", {}).items():
            assert source_file in results, f"{where}: {source_file} not processed; got {list(results)}"
            got = results[source_file]
            for key, value in want.items():
                actual = getattr(got, key)
                if key == "amount_loaded":
                    assert actual == Decimal(value), f"{where}: {source_file} {key}"
                else:
                    assert actual == value, f"{where}: {source_file} {key}={actual!r}, message={got.message!r}"
            if got.status == "loaded":
                assert got.rows_read == got.rows_loaded + got.rows_rejected + got.rows_duplicate

        for source_file, parts in step.get("message_contains", {}).items():
            message = results[source_file].message or ""
            for part in parts:
                assert part in message, f"{where}: {part!r} not in message {message!r}"

        if step.get("payments") is not None:
            got_rows = _rows(con, "SELECT * FROM core.fct_payment ORDER BY source_file, source_sheet, source_line")
            assert len(got_rows) == len(step["payments"]), f"{where}: payments"
            for want, got in zip(step["payments"], got_rows):
                for key, value in want.items():
                    assert _as_text(got[key]) == (str(value) if value is not None else None), f"{where}: line {got['source_line']} {key}"

        if step.get("rejected") is not None:
            got_rows = _rows(con, "SELECT * FROM audit.rejected_rows ORDER BY source_file, source_sheet, source_line")
            assert [(r["source_line"], r["reason"]) for r in got_rows] == [
                (w["source_line"], w["reason"]) for w in step["rejected"]
            ], where
            for r in got_rows:
                assert isinstance(json.loads(r["raw"]), dict)

        for source_file, want in (step.get("mapping") or {}).items():
            (mapping_json,) = con.execute(
                "SELECT mapping FROM audit.ingest_files WHERE source_file = ? AND status = 'loaded'", [source_file]
            ).fetchall()[0]
            mapping = json.loads(mapping_json)
            if "header_line" in want:
                assert mapping["header_line"] == want["header_line"]
            if "chosen_amount_index" in want:
                assert mapping["chosen"]["amount"]["index"] == want["chosen_amount_index"]
            if "rejected_amount_columns" in want:
                assert sorted(c["column"] for c in mapping["rejected"]["amount"]) == sorted(want["rejected_amount_columns"])
            for fld, method in want.get("chosen", {}).items():
                assert mapping["chosen"][fld]["method"] == method, (where, fld, mapping["chosen"][fld])
                assert mapping["chosen"][fld]["reason"], (where, fld)
            for fld, column in want.get("chosen_columns", {}).items():
                assert mapping["chosen"][fld]["column"] == column, (where, fld, mapping["chosen"][fld])

        for source_file, want in (step.get("lines") or {}).items():
            (mapping_json,) = con.execute(
                "SELECT mapping FROM audit.ingest_files WHERE source_file = ? AND status = 'loaded'", [source_file]
            ).fetchall()[0]
            lines = json.loads(mapping_json)["lines"]
            assert {k: lines[k] for k in want} == want, where

        # Every loaded CSV: its non-blank physical lines, counted here from the bytes, are all accounted for.
        for source_file, got in results.items():
            if got.status != "loaded" or not source_file.endswith(".csv"):
                continue
            (mapping_json,) = con.execute(
                "SELECT mapping FROM audit.ingest_files WHERE source_file = ? AND status = 'loaded'", [source_file]
            ).fetchall()[0]
            lines = json.loads(mapping_json)["lines"]
            assert lines["nonblank_lines"] == _nonblank_lines(landing / source_file), where
            states = ("payment", "rejected", "header", "repeated_header", "preamble", "footer", "continuation")
            assert sum(lines[s] for s in states) == lines["nonblank_lines"], where
            assert lines["payment"] == got.rows_loaded + got.rows_duplicate and lines["rejected"] == got.rows_rejected, where

        totals = step.get("warehouse")
        if totals:
            n, amount = con.execute("SELECT count(*), coalesce(sum(amount), 0) FROM core.fct_payment").fetchall()[0]
            assert n == totals["payments"], where
            assert amount == Decimal(totals["amount"]), where
            if "rejected_rows" in totals:
                assert con.execute("SELECT count(*) FROM audit.rejected_rows").fetchall()[0][0] == totals["rejected_rows"]
            if "audit_status" in totals:
                statuses = sorted(r[0] for r in con.execute("SELECT status FROM audit.ingest_files").fetchall())
                assert statuses == sorted(totals["audit_status"]), where
            if "failed_audit_rows" in totals:
                n_failed = con.execute("SELECT count(*) FROM audit.ingest_files WHERE status = 'failed'").fetchall()[0][0]
                assert n_failed == totals["failed_audit_rows"], where
