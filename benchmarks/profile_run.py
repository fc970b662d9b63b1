"""`anchorspend run` in-process under cProfile, with each Dagster step's time: where a run spends it.

    .venv/bin/python benchmarks/profile_run.py --landing DIR --warehouse FILE --out profile.json [--top 25]

Runs the real CLI command (anchorspend.cli's `run`, the same code path as the `anchorspend`
script) with a profiler on, then reads the run's step durations from the Dagster instance it
recorded into (DATA/dagster). Writes OUT (JSON: steps, hot spots by own time and by cumulative time) and OUT's stem
.prof (pstats, for snakeviz or `python -m pstats`). Profiling slows Python-heavy code, so these
figures say where the time goes, not how long a run takes: bench_end_to_end.py times runs
without it. cProfile sees the main thread only; Dagster's in-process executor runs steps there,
and DuckDB and Polars work shows up as the Python call that started it.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import anchorspend

# The tree the product runs from (the installed editable checkout), whichever python runs this.
REPO = Path(anchorspend.__file__).resolve().parents[1]


def _where(filename: str, line: int, name: str) -> str:
    path = Path(filename)
    try:
        shown = path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        # Library code: keep the part from the package folder on, e.g. dagster/_core/...
        parts = path.parts
        cut = max((i for i, p in enumerate(parts) if p == "site-packages"), default=-1)
        shown = "/".join(parts[cut + 1:]) if cut >= 0 else filename
    return f"{shown}:{line}:{name}" if line else f"{shown}:{name}"


def _top(stats: pstats.Stats, key: int, n: int, ours_only: bool) -> list[dict]:
    rows = []
    for (filename, line, name), (cc, nc, tt, ct, _callers) in stats.stats.items():
        ours = filename.startswith(str(REPO)) and "/.venv/" not in filename
        if ours_only and not ours:
            continue
        rows.append({"where": _where(filename, line, name), "calls": nc, "own_s": round(tt, 3), "cumulative_s": round(ct, 3)})
    rows.sort(key=lambda r: r["own_s" if key == 0 else "cumulative_s"], reverse=True)
    return rows[:n]


def _step_times(started: float) -> list[dict]:
    """Each step's seconds, from the runs the command recorded in the instance it records into
    (the persistent one under the data folder) since `started` (a Unix time)."""
    from dagster import DagsterEventType, RunsFilter

    from anchorspend.definitions.instance import instance as dagster_instance

    steps: dict[str, dict] = {}
    instance = dagster_instance()
    try:
        for record in instance.get_run_records(filters=RunsFilter(created_after=datetime.fromtimestamp(started, timezone.utc))):
            for entry in instance.all_logs(record.dagster_run.run_id):
                event = entry.dagster_event
                if event is None or event.step_key is None:
                    continue
                step = steps.setdefault(event.step_key, {"step": event.step_key})
                if event.event_type == DagsterEventType.STEP_START:
                    step["start"] = entry.timestamp
                elif event.event_type in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
                    step["end"] = entry.timestamp
                    step["status"] = "success" if event.event_type == DagsterEventType.STEP_SUCCESS else "failure"
    finally:
        instance.dispose()
    out = [
        {"step": s["step"], "seconds": round(s["end"] - s["start"], 3), "status": s["status"]}
        for s in steps.values() if "start" in s and "end" in s
    ]
    return sorted(out, key=lambda s: s["seconds"], reverse=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--landing", type=Path, required=True)
    ap.add_argument("--warehouse", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()

    from typer.main import get_command

    from anchorspend.cli import app

    command = get_command(app)
    started = time.time()
    profiler = cProfile.Profile()
    code = 0
    profiler.enable()
    try:
        command.main(args=["run", "--landing", str(args.landing), "--warehouse", str(args.warehouse)],
                     prog_name="anchorspend", standalone_mode=False)
    except SystemExit as exc:  # typer.Exit surfaces as SystemExit or click's Exit
        code = exc.code or 0
    except Exception as exc:  # noqa: BLE001 - reported in the JSON, and the exit code says it failed
        if type(exc).__name__ != "Exit":
            raise
        code = getattr(exc, "exit_code", 1)
    finally:
        profiler.disable()
    stats = pstats.Stats(profiler)
    stats.dump_stats(args.out.with_suffix(".prof"))
    total = sum(tt for (_cc, _nc, tt, _ct, _c) in stats.stats.values())
    result = {
        "exit_code": code,
        "profiled_seconds": round(total, 3),
        "steps": _step_times(started),
        "own_time": _top(stats, 0, args.top, ours_only=False),
        "own_time_anchorspend": _top(stats, 0, args.top, ours_only=True),
        "cumulative_anchorspend": _top(stats, 1, args.top, ours_only=True),
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    sys.exit(code)


if __name__ == "__main__":
    main()
