"""End-to-end benchmark: anchorspend against raw DuckDB and a plain pandas script, and the nightly path.

    .venv/bin/python benchmarks/bench_end_to_end.py                  # 2M rows, 20,000 suppliers
    .venv/bin/python benchmarks/bench_end_to_end.py --rows 10000000  # 10M rows, 40,000 suppliers
    .venv/bin/python benchmarks/bench_end_to_end.py --profile        # also: where the time goes

Generates a year of monthly ledger CSVs and a Spikes Cavell-style supplier extract
(generate_year.py), then runs, each as a child process of this one, in this order:

  1. raw DuckDB: read_csv of the ledgers + GROUP BY supplier and month (duckdb_baseline.py);
  2. a plain pandas pipeline: read, parse, dedupe, join the extract, shares by month (pandas_baseline.py);
  (before them, `anchorspend run` over a one-line ledger into its own warehouse: the fixed cost
  every run with something new pays, whatever its size: start-up, Dagster, checks, publishing);
  3. `anchorspend run --landing DIR --warehouse FILE`, first run into a fresh warehouse;
  4. the same again with nothing new;
  5. the same after one new month (about 1/12 of the year's rows) lands.

Each child's wall time, CPU time and peak RSS come from os.wait4() in a tiny launcher process
that starts it: the kernel's rusage for that one child (ru_maxrss covers the child and any
process it waited for; what getrusage(RUSAGE_CHILDREN) gives, per child rather than as a running
maximum). The launcher keeps this process's own memory out of the children's ru_maxrss. After every anchorspend run the published warehouse is opened read-only and its
core.fct_payment must hold exactly the generated lines, with a DECIMAL(18,2) sum equal to the
generator's integer pence (and the monthly mart, where there is one, the same per month).
Times include interpreter start-up and imports, as a user waits for them.

The machine is shared, so wall times move with its load: the load average is printed and
recorded with the CPU times, which move less. Prints the figures and issue 10's targets, and
writes them to --json with the machine (nproc, CPU model, RAM).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate_year  # noqa: E402

# Issue 10's "done when", as (label, figure key, limit, at which sizes).
TARGETS = [
    ("first run <= 4x raw DuckDB (2M)", "first_over_duckdb", 4.0, "2M"),
    ("first run faster than pandas (2M)", "first_over_pandas", 1.0, "2M"),
    ("first run peak RSS <= 2 GB (2M)", "first_peak_rss_gb", 2.0, "2M"),
    ("first run <= 2.5x raw DuckDB (10M)", "first_over_duckdb", 2.5, "10M"),
    ("first run peak RSS <= 4 GB (10M)", "first_peak_rss_gb", 4.0, "10M"),
    ("rerun, nothing new <= 0.10x first", "rerun_over_first", 0.10, "any"),
    ("new month <= 0.20x first", "new_month_over_first", 0.20, "any"),
]


class Measured(dict):
    """One child's figures: wall_s, cpu_s, peak_rss_mb, returncode, stdout, stderr."""


# The child is started by this tiny interpreter, not by the benchmark itself: Linux counts the RSS a
# process had before exec() in its ru_maxrss, and a child forked from this process (holding Polars,
# DuckDB and the generated data) would start from this process's RSS. From here it starts from ~10 MB.
LAUNCHER = """
import os, sys, time
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    except OSError as exc:
        sys.stderr.write(f"cannot run {sys.argv[2]}: {exc}\\n")
    os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(sys.argv[1], "w") as fh:
    fh.write(f"{os.waitstatus_to_exitcode(status)} {wall} {ru.ru_utime + ru.ru_stime} {ru.ru_maxrss}")
"""


def measure(cmd: list[str], timeout: float, cwd: Path, env: dict | None = None) -> Measured:
    """Run CMD as a child in its own process group; kill the group if it outlives TIMEOUT.

    Wall and CPU time and peak RSS are the child's own, from os.wait4() in the launcher.
    """
    with tempfile.TemporaryDirectory(prefix="bench_measure_") as tmp:
        tmp = Path(tmp)
        rusage = tmp / "rusage"
        with open(tmp / "out", "w+b") as out, open(tmp / "err", "w+b") as err:
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-S", "-c", LAUNCHER, str(rusage), *map(str, cmd)],
                                    cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True)
            timed_out = False
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
            # The whole group goes, so nothing the child started outlives the measurement.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        if rusage.exists():
            code, wall, cpu, maxrss = rusage.read_text().split()
        else:  # the launcher was killed (timeout) or failed before the child ended
            code, wall, cpu, maxrss = -9 if timed_out else proc.returncode, time.perf_counter() - t0, 0, 0
    return Measured(
        cmd=" ".join(str(c) for c in cmd), wall_s=round(float(wall), 3), cpu_s=round(float(cpu), 3),
        peak_rss_mb=round(int(maxrss) / 1024, 1),  # Linux: KiB
        returncode=int(code), timed_out=timed_out, stdout=stdout, stderr=stderr,
    )


def machine() -> dict:
    # bench_ingest.machine() is the one place that reads the CPU model: "<cpu>, N CPUs, ...".
    from bench_ingest import machine as machine_line

    line = machine_line()
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {}
    for mod in ("duckdb", "polars", "pandas", "dagster"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - a missing library is reported, not fatal
            versions[mod] = None
    return {"nproc": os.cpu_count(), "cpu": line.split(", ")[0], "ram_gib": round(ram, 1), "description": line,
            "platform": platform.platform(), **versions}


def check_warehouse(path: Path, manifest: dict) -> dict:
    """The published warehouse holds exactly the generated lines and total, to the penny."""
    rows, pence = generate_year.totals(manifest)
    expected = Decimal(pence).scaleb(-2)
    con = duckdb.connect(str(path), read_only=True)
    try:
        (n, total) = con.execute("SELECT count(*), sum(amount) FROM core.fct_payment").fetchone()
        (amount_type,) = con.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_schema = 'core' AND table_name = 'fct_payment' AND column_name = 'amount'"
        ).fetchone()
        result = {"rows": n, "total": str(total), "amount_type": amount_type,
                  "expected_rows": rows, "expected_total": str(expected)}
        problems = []
        if amount_type != "DECIMAL(18,2)":
            problems.append(f"core.fct_payment.amount is {amount_type}, not DECIMAL(18,2)")
        if n != rows:
            problems.append(f"core.fct_payment has {n:,} rows, generated {rows:,}")
        if not isinstance(total, Decimal) or total != expected:
            problems.append(f"core.fct_payment sums to {total}, generated {expected}")
        has_mart = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'marts' AND table_name = 'kpi_spend_by_month'"
        ).fetchone()[0]
        if has_mart:
            by_month = dict(con.execute("SELECT month, sum(total_spend) FROM marts.kpi_spend_by_month GROUP BY month").fetchall())
            for f in manifest["files"]:
                got = by_month.get(date.fromisoformat(f["month"]))
                want = Decimal(f["total_pence"]).scaleb(-2)
                if got != want:
                    problems.append(f"marts.kpi_spend_by_month {f['month']}: {got}, generated {want}")
            result["monthly_mart_checked"] = True
    finally:
        con.close()
    result["exact"] = not problems
    result["problems"] = problems
    return result


def _gb(mb: float) -> float:
    return round(mb / 1024, 3)


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=2_000_000, help="ledger lines in the year (default 2,000,000)")
    ap.add_argument("--suppliers", type=int, default=None, help="default 20,000 up to 2M rows, 40,000 above")
    ap.add_argument("--seed", type=int, default=2017)
    ap.add_argument("--workdir", type=Path, default=None, help="generate and run here and keep it (default: a temp folder, removed)")
    ap.add_argument("--json", type=Path, default=None, help="write the figures here (default data/bench_end_to_end-<rows>.json)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds any one child may take (default 1800)")
    ap.add_argument("--skip", action="append", default=[], choices=["duckdb", "pandas", "nightly"],
                    help="leave out a measurement (repeatable)")
    ap.add_argument("--profile", action="store_true",
                    help="also profile a first run (profile_run.py, into a second warehouse): step times and hot spots")
    args = ap.parse_args()
    suppliers = args.suppliers or (20_000 if args.rows <= 2_000_000 else 40_000)
    size = "10M" if args.rows >= 10_000_000 else "2M" if args.rows >= 2_000_000 else "small"
    json_path = (args.json or Path("data") / f"bench_end_to_end-{args.rows}.json").resolve()
    json_path.parent.mkdir(parents=True, exist_ok=True)

    work = (args.workdir or Path(tempfile.mkdtemp(prefix="bench_e2e_"))).resolve()
    landing = work / "landing"
    data = work / "data"
    warehouse = data / "warehouse.duckdb"
    anchorspend = Path(sys.executable).with_name("anchorspend")
    if not anchorspend.exists():
        sys.exit(f"no anchorspend command beside {sys.executable}: install the package in this venv first")
    env = {**os.environ, "ANCHORSPEND_DATA": str(data)}
    figures: dict = {"started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "rows": args.rows,
                     "suppliers": suppliers, "seed": args.seed, "machine": machine(),
                     "load_average_start": os.getloadavg(), "peak_rss_method": "ru_maxrss from os.wait4 of each child, started by a ~10 MB launcher",
                     "runs": {}}
    git = subprocess.run(["git", "-C", str(HERE), "log", "-1", "--format=%h %s"], capture_output=True, text=True, timeout=30)
    figures["commit"] = git.stdout.strip()[:120]
    runs = figures["runs"]
    failed = False
    new_month_rows = 0

    def show(label: str, m: Measured, note: str = "") -> None:
        print(f"{label:<28} {m['wall_s']:>8.1f} s  cpu {m['cpu_s']:>7.1f} s  peak RSS {m['peak_rss_mb']:>8,.0f} MiB  {note}", flush=True)

    def anchorspend_run(label: str, manifest: dict) -> None:
        nonlocal failed
        m = measure([str(anchorspend), "run", "--landing", str(landing), "--warehouse", str(warehouse)],
                    args.timeout, work, env)
        if m["returncode"] != 0:
            failed = True
            tail = (m["stderr"].strip().splitlines() or ["no output"])[-1]
            m["check"] = {"exact": False, "problems": [f"exit {m['returncode']}{' (timed out)' if m['timed_out'] else ''}: {tail}"]}
        else:
            m["check"] = check_warehouse(warehouse, manifest)
            failed = failed or not m["check"]["exact"]
        show(label, m, "total exact" if m["check"]["exact"] else "FAILED: " + "; ".join(m["check"]["problems"]))
        runs[label] = m

    def profile(label: str, wh: Path) -> None:
        out = work / f"profile-{label}.json"
        m = measure([sys.executable, str(HERE / "profile_run.py"), "--landing", str(landing), "--warehouse", str(wh),
                     "--out", str(out)], args.timeout, work, env)
        if out.exists():
            figures.setdefault("profile", {})[label] = json.loads(out.read_text(encoding="utf-8"))
            print(f"profiled {label}: {m['wall_s']:.1f} s under cProfile (exit {m['returncode']})", flush=True)
        else:
            print(f"profiling {label} failed: {m['stderr'].strip()[-500:]}", flush=True)

    try:
        print(f"machine: {figures['machine']['cpu']}, {figures['machine']['nproc']} CPUs, {figures['machine']['ram_gib']} GiB RAM; "
              f"load average {os.getloadavg()[0]:.2f}; {figures['commit']}", flush=True)
        t0 = time.perf_counter()
        manifest = generate_year.generate(landing, args.rows, suppliers, args.seed)
        mib = sum(f["bytes"] for f in manifest["files"]) / 2**20
        figures["generate_s"] = round(time.perf_counter() - t0, 1)
        figures["csv_mib"] = round(mib, 1)
        print(f"generated {args.rows:,} lines in {len(manifest['files'])} monthly CSVs ({mib:,.0f} MiB) and "
              f"{manifest['extract_suppliers']:,} extract suppliers in {figures['generate_s']} s", flush=True)
        rows, pence = generate_year.totals(manifest)

        # Start-up alone: what any run pays before it reads a byte.
        m = measure([sys.executable, "-c", "import dagster, anchorspend.cli, anchorspend.definitions"], args.timeout, work, env)
        runs["import floor"] = m
        show("import floor (dagster+defs)", m)
        # What every run with something new pays whatever its size: a first run over one line.
        tiny = work / "one_line"
        (tiny / "landing" / "ledgers").mkdir(parents=True)
        (tiny / "landing" / "ledgers" / "2017-04.csv").write_text(
            "Body Name,Payment Date,Supplier Name,Amount\nLuton Borough Council,03/04/2017,Acme Ltd,600.00\n", encoding="utf-8")
        m = measure([str(anchorspend), "run", "--landing", str(tiny / "landing"), "--warehouse", str(tiny / "warehouse.duckdb")],
                    args.timeout, work, {**env, "ANCHORSPEND_DATA": str(tiny / "data")})
        failed = failed or m["returncode"] != 0
        runs["anchorspend, one line"] = m
        show("anchorspend, one line", m, "the fixed cost of a run" if m["returncode"] == 0 else "FAILED " + m["stderr"][-300:])

        for skip, label, script in (("duckdb", "raw DuckDB", "duckdb_baseline.py"), ("pandas", "pandas script", "pandas_baseline.py")):
            if skip in args.skip:
                continue
            m = measure([sys.executable, str(HERE / script), str(landing)], args.timeout, work, env)
            # The baselines must read the same money: their totals are checked like the product's.
            ok = m["returncode"] == 0 and json.loads(m["stdout"])["total_pence"] == pence
            failed = failed or not ok
            show(label, m, "total exact" if ok else "FAILED " + m["stderr"][-300:])
            runs[label] = m

        anchorspend_run("anchorspend first run", manifest)
        if "nightly" not in args.skip:
            anchorspend_run("anchorspend rerun, nothing new", manifest)
        if args.profile:
            # One run at a time, so profiling never shares the machine with a timed run; before the
            # new month lands, so it profiles the same year the first run read.
            profile("first run", data / "profiled" / "warehouse.duckdb")
        if "nightly" not in args.skip:
            manifest = generate_year.add_month(landing, manifest)
            new_month_rows = manifest["files"][-1]["rows"]
            print(f"landed {manifest['files'][-1]['file']} ({manifest['files'][-1]['rows']:,} lines)", flush=True)
            anchorspend_run("anchorspend new month", manifest)
    finally:
        figures["load_average_end"] = os.getloadavg()
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    first = runs.get("anchorspend first run", {})
    ratios = {}
    if first.get("wall_s"):
        for key, label in (("first_over_duckdb", "raw DuckDB"), ("first_over_pandas", "pandas script")):
            if label in runs:
                ratios[key] = _ratio(first["wall_s"], runs[label]["wall_s"])
                ratios[key.replace("first", "first_cpu")] = _ratio(first["cpu_s"], runs[label]["cpu_s"])
        for key, label in (("rerun_over_first", "anchorspend rerun, nothing new"), ("new_month_over_first", "anchorspend new month")):
            if label in runs:
                ratios[key] = _ratio(runs[label]["wall_s"], first["wall_s"])
                ratios[key.replace("_over", "_cpu_over")] = _ratio(runs[label]["cpu_s"], first["cpu_s"])
        ratios["first_peak_rss_gb"] = _gb(first["peak_rss_mb"])
    figures["ratios"] = ratios
    print()
    print("ratios (wall time; CPU time in brackets):")
    names = {"first_over_duckdb": "anchorspend / raw DuckDB", "first_over_pandas": "anchorspend / pandas",
             "rerun_over_first": "rerun / first", "new_month_over_first": "new month / first"}
    for key, label in names.items():
        if key in ratios:
            cpu = ratios.get(key.replace("first_over", "first_cpu_over") if key.startswith("first") else key.replace("_over", "_cpu_over"))
            print(f"  {label:<26} {ratios[key] or 0:>7.2f}x  ({cpu or 0:.2f}x)")
    if runs.get("anchorspend, one line", {}).get("wall_s") and "raw DuckDB" in runs:
        # The ratio targets leave a run this many seconds in all; the fixed cost alone takes this share.
        ratios["one_line_over_duckdb"] = _ratio(runs["anchorspend, one line"]["wall_s"], runs["raw DuckDB"]["wall_s"])
        print(f"  {'one line / raw DuckDB':<26} {ratios['one_line_over_duckdb'] or 0:>7.2f}x  (the fixed cost, before any data)")
    if runs.get("anchorspend, one line", {}).get("wall_s") and first.get("wall_s"):
        ratios["one_line_over_first"] = _ratio(runs["anchorspend, one line"]["wall_s"], first["wall_s"])
        print(f"  {'one line / first':<26} {ratios['one_line_over_first'] or 0:>7.2f}x  (the fixed cost as a share of the first run)")
    if "first_peak_rss_gb" in ratios:
        print(f"  {'first run peak RSS':<26} {ratios['first_peak_rss_gb']:>7.2f} GB")
    # Rows a run read over its wall time: the first run reads the year, the new month its own lines.
    throughput = {}
    for label, lines in (("anchorspend first run", args.rows), ("raw DuckDB", args.rows), ("pandas script", args.rows),
                         ("anchorspend new month", new_month_rows)):
        if lines and runs.get(label, {}).get("wall_s"):
            throughput[label] = round(lines / runs[label]["wall_s"])
    figures["rows_per_second"] = throughput
    if throughput:
        print()
        print("rows per second (wall):")
        for label, value in throughput.items():
            print(f"  {label:<26} {value:>10,}")

    print()
    print("issue 10 targets:")
    figures["targets"] = {}
    for label, key, limit, at in TARGETS:
        if at not in ("any", size) or key not in ratios:
            continue
        value = ratios[key]
        ok = value < limit if key == "first_over_pandas" else value <= limit
        figures["targets"][label] = {"value": value, "limit": limit, "met": ok}
        print(f"  {'met    ' if ok else 'NOT met'} {label}: {value:.2f}")

    for label, prof in figures.get("profile", {}).items():
        print(f"\nwhere the time goes, {label} (Dagster step times, profiled run):")
        for s in prof["steps"][:10]:
            print(f"  {s['seconds']:>8.1f} s  {s['step']}")
        print(f"  hot spots in anchorspend code (cumulative s / own s):")
        for r in prof["cumulative_anchorspend"][:12]:
            print(f"  {r['cumulative_s']:>8.1f} / {r['own_s']:>6.1f}  {r['where']}")
        print("  hot spots anywhere (own s):")
        for r in prof["own_time"][:10]:
            print(f"  {r['own_s']:>8.1f}  {r['where']}")

    for m in runs.values():
        m["stdout"], m["stderr"] = m["stdout"][-2000:], m["stderr"][-2000:]
    json_path.write_text(json.dumps(figures, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nfigures written to {json_path}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
