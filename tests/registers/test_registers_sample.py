"""The shipped sample registers: up to date with their generator, and their figures cross-checked
by reading the files with the csv module and openpyxl rather than through the pipeline."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl

from anchorspend.pipelines.config import SAMPLE_LANDING
from anchorspend.pipelines.registers import build_register_marts, ingest_registers
from anchorspend.sample.registers import generate_sample_registers

SAMPLE = SAMPLE_LANDING / "registers"


def test_sample_registers_are_what_the_generator_writes(tmp_path: Path):
    written = generate_sample_registers(tmp_path)
    assert len(written) == 6
    for path in written:
        rel = path.relative_to(tmp_path)
        assert path.read_bytes() == (SAMPLE / rel).read_bytes(), f"{rel} is stale: run generate_sample_registers()"


def _csv_rows(name: str) -> list[dict]:
    with open(SAMPLE / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _xlsx_rows(rel: str) -> list[tuple]:
    ws = openpyxl.load_workbook(SAMPLE / rel, read_only=True).worksheets[0]
    return [r for r in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]


def test_sample_figures_match_the_files(con):
    results = {r.source_file: r for r in ingest_registers(con, SAMPLE_LANDING)}
    build_register_marts(con)
    assert len(results) == 6 and all(r.status == "loaded" for r in results.values())

    # Exemptions: two rows planted bad (lines 42 and 92); the rest count by decision.
    exemptions = _csv_rows("exemptions_2019-20.csv")
    ex = results["registers/exemptions_2019-20.csv"]
    assert [m.split(":")[0] for m in ex.rejections] == [
        "registers/exemptions_2019-20.csv line 42", "registers/exemptions_2019-20.csv line 92"]
    good = [r for i, r in enumerate(exemptions, start=2) if i not in (42, 92)]
    decisions = Counter(r["Decision"].lower() for r in good)
    assert (ex.rows_read, ex.rows_loaded) == (len(exemptions), len(good))
    assert con.execute("SELECT received, approved, rejected, pending FROM marts.kpi_exemptions").fetchone() == (
        len(good), decisions["approved"], decisions["rejected"], decisions["pending"])

    # Quick quotes: one row per invite; distinct references are the quotes.
    qq = _csv_rows("quick_quotes_2019-20.csv")
    assert con.execute("SELECT quick_quotes, invites FROM marts.kpi_quick_quotes").fetchone() == (
        len({r["Quote Ref"] for r in qq}), len(qq))

    # Events: every row is an event of 2019/20.
    events = _csv_rows("meet_the_buyer_events_2019-20.csv")
    assert con.execute("SELECT events FROM marts.kpi_events WHERE financial_year = '2019/20'").fetchone() == (len(events),)

    # Savings: the Amount column (5th) summed from the workbook's doubles, rounded to the penny.
    savings = _xlsx_rows("savings_2019-20.xlsx")
    total = sum(Decimal(repr(r[4])).quantize(Decimal("0.01"), ROUND_HALF_UP) for r in savings)
    assert con.execute("SELECT savings_recorded, savings FROM marts.kpi_savings WHERE financial_year = '2019/20'").fetchone() == (
        len(savings), total)

    # Exercises: those with an award date (5th column) are the ones timed.
    exercises = _xlsx_rows("procurement/procurement_exercises_2019-20.xlsx")
    awarded = [r for r in exercises if isinstance(r[4], datetime)]
    assert con.execute("SELECT sum(exercises_awarded) FROM marts.kpi_procurement_cycle").fetchone()[0] == len(awarded)
    days = sum((r[4] - r[3]).days for r in awarded)
    assert con.execute("SELECT sum(cycle_days) FROM core.register_procurement_exercises").fetchone()[0] == days
