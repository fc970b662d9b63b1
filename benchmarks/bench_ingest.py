"""Ledger ingestion benchmark (a script, not a timed test).

    .venv/bin/python benchmarks/bench_ingest.py 1000000
    .venv/bin/python benchmarks/bench_ingest.py 5000000 --rows-per-file 100000

Generates N ledger lines into a temporary landing folder laid out as councils
publish them (monthly files per council, three layouts: a Transparency Code CSV,
a Windows-1252 CSV with preamble, `£1,234.56` amounts, trailing-minus credits and
CRLF endings, and a small share of XLSX workbooks with one sheet per month), with
a few bad lines and one republished month. Then ingests it into a fresh DuckDB
file and prints rows/s, peak memory (ru_maxrss of this process) and the machine.

    .venv/bin/python benchmarks/bench_ingest.py --landing /tmp/bench_final/work/landing

reads an existing landing folder instead (never written to): every ledger but the last by
name as history, then the last alone, as the nightly run after a new month lands. The second
figure is the one that must not grow with history.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from anchorspend.pipelines import warehouse  # noqa: E402
from anchorspend.pipelines.ledgers import ingest_ledgers  # noqa: E402

SUPPLIERS = [f"SUPPLIER {i:05d} LTD" for i in range(5000)]
AREAS = ["Adult Social Care", "Children's Services", "Highways", "Housing", "Parks", "Waste", "Corporate"]
TYPES = ["Private Contractors", "Agency Staff", "Consultancy", "Equipment", "Rents", "Grants", "Utilities"]
XLSX_SHARE = 0.02  # most councils publish CSV; a few publish workbooks


def _lines(rng: np.random.Generator, n: int, month_start: date, start_txn: int) -> pl.DataFrame:
    days = rng.integers(0, 28, n)
    cents = (rng.lognormal(mean=7.5, sigma=1.4, size=n) * 100).astype(np.int64) + 50000
    credit = rng.random(n) < 0.02
    cents = np.where(credit, -cents, cents)
    sup = rng.integers(0, len(SUPPLIERS), n)
    return pl.DataFrame(
        {
            "date": [month_start + timedelta(days=int(d)) for d in days],
            "txn": [f"TX{start_txn + i:09d}" for i in range(n)],
            "supplier": [SUPPLIERS[s] for s in sup],
            "supplier_id": [f"S{s:06d}" for s in sup],
            "cents": cents,
            "type": [TYPES[i] for i in rng.integers(0, len(TYPES), n)],
            "area": [AREAS[i] for i in rng.integers(0, len(AREAS), n)],
        }
    )


def _write_transparency_csv(df: pl.DataFrame, path: Path, body: str) -> None:
    out = df.select(
        pl.lit(body).alias("Body Name"),
        pl.col("date").dt.strftime("%d/%m/%Y").alias("Payment Date"),
        pl.col("txn").alias("Transaction Number"),
        pl.col("supplier").alias("Supplier Name"),
        pl.col("supplier_id").alias("Supplier ID"),
        (pl.col("cents").cast(pl.Decimal(18, 0)) / 100).cast(pl.Decimal(18, 2)).cast(pl.String).alias("Net Amount"),
        pl.col("type").alias("Expense Type"),
        pl.col("area").alias("Expense Area"),
        pl.lit("Goods and services").alias("Purpose"),
    )
    out.write_csv(path)


def _money(c: int) -> str:
    s = "£" + f"{Decimal(abs(c)) / 100:,.2f}"
    return s[1:] + "-" if c < 0 else s


def _write_cp1252_csv(df: pl.DataFrame, path: Path, title: str) -> None:
    amounts = [_money(int(c)) for c in df["cents"]]
    if len(amounts) > 11:
        amounts[11] = "TBC"  # an unparseable amount, rejected
    out = df.select(
        pl.col("area").alias("Service Area"),
        pl.col("type").alias("Account Detail"),
        pl.lit("Payment").alias("Description"),
        pl.col("txn").alias("HBC Ref No."),
        pl.col("supplier").alias("Name:  "),
        pl.col("date").dt.strftime("%d/%m/%Y").alias("Payment Date"),
        pl.Series("Amount Paid", amounts),
    )
    total = _money(int(df["cents"].sum()))
    text = (
        f"{title}\r\nPayments over £500\r\n,,,,,,\r\n"
        + out.write_csv(line_terminator="\r\n")
        + f",,,,Total,,\"{total}\"\r\n,,,,,,\r\n"  # a totals row and a blank-comma row, as exported
    )
    path.write_bytes(text.encode("cp1252"))


def _write_xlsx(df: pl.DataFrame, path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(df["date"][0].strftime("%b %y").upper())
    ws.append(["* Expenditure Category", "* Date", "TOTAL", "* SUPPLIER FINAL"])
    for d, c, t, s in zip(df["date"], df["cents"], df["type"], df["supplier"]):
        ws.append([t, d, float(c) / 100, s])
    wb.save(path)


def generate(landing: Path, n_rows: int, rows_per_file: int, seed: int = 2017) -> dict:
    rng = np.random.default_rng(seed)
    ledgers = landing / "ledgers"
    written = 0
    files = 0
    txn = 0
    month = date(2017, 4, 1)
    council = 0
    bad = 0
    republished_source = None
    while written < n_rows:
        n = min(rows_per_file, n_rows - written)
        df = _lines(rng, n, month, txn)
        txn += n
        layout = files % 3
        folder = ledgers / f"council-{council:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        if rng.random() < XLSX_SHARE or (files == 1 and n_rows >= 10 * rows_per_file):
            df = df.head(min(n, 20000))
            n = df.height
            _write_xlsx(df, folder / f"{month:%Y-%m}.xlsx")
        elif layout == 0:
            _write_transparency_csv(df, folder / f"{month:%Y-%m}.csv", f"Council {council:02d}")
            republished_source = republished_source or (folder / f"{month:%Y-%m}.csv")
        else:
            # A few bad lines, as real files have: a missing supplier name, an unparseable
            # amount and a totals row.
            df = df.with_columns(pl.when(pl.int_range(pl.len()) == 7).then(None).otherwise(pl.col("supplier")).alias("supplier"))
            bad += 3
            _write_cp1252_csv(df, folder / f"{month:%Y-%m}.csv", f"Council {council:02d}")
        written += n
        files += 1
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        if month.year > 2024:
            month = date(2017, 4, 1)
            council += 1
    # One month republished under a new name: its lines are duplicates, not new spend.
    if republished_source is not None and n_rows >= 2 * rows_per_file:
        shutil.copyfile(republished_source, republished_source.with_name(republished_source.stem + "-republished.csv"))
    republished = republished_source is not None and n_rows >= 2 * rows_per_file
    return {"files": files + int(republished), "bad_lines": bad}


def peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} CPUs, {mem:.1f} GiB RAM, Python {platform.python_version()}, Polars {pl.__version__}"


def _ingest(con, landing: Path, only: list[str] | None) -> tuple[float, float, list]:
    t, cpu = time.perf_counter(), time.process_time()
    results = ingest_ledgers(con, landing, "Luton Borough Council", only=only)
    return time.perf_counter() - t, time.process_time() - cpu, results


def _close(con) -> tuple[float, float]:
    """Seconds and CPU seconds to close the connection: its checkpoint writes whatever the loads
    left to write, part of what ingesting cost (a run's build connection closes the same way)."""
    t, cpu = time.perf_counter(), time.process_time()
    con.close()
    return time.perf_counter() - t, time.process_time() - cpu


def _summary(label: str, seconds: float, cpu: float, results: list) -> bool:
    read = sum(r.rows_read for r in results)
    loaded = sum(r.rows_loaded for r in results)
    rejected = sum(r.rows_rejected for r in results)
    duplicate = sum(r.rows_duplicate for r in results)
    failed = [r for r in results if r.status == "failed"]
    print(f"{label}: {len(results)} file(s), {read:,} data lines ({loaded:,} loaded, {rejected:,} rejected, "
          f"{duplicate:,} duplicate, {len(failed)} failed files)\n    {seconds:,.2f} s = {read / seconds:,.0f} rows/s; "
          f"CPU {cpu:,.2f} s (all threads; steadier than wall time on a busy machine)")
    return read == loaded + rejected + duplicate


def _existing_landing(landing: Path) -> None:
    from anchorspend.pipelines import files

    names = [files.relative_name(p, landing) for p in files.discover(landing, "ledgers", suffixes=None)]
    if len(names) < 2:
        raise SystemExit(f"{landing}: needs at least two ledgers (history and a new one)")
    history, newest = sorted(names)[:-1], sorted(names)[-1]
    work = Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    db = work / "warehouse.duckdb"
    load_before = os.getloadavg()[0]
    con = warehouse.connect(db)
    warehouse.ensure_schema(con)
    t_hist, c_hist, r_hist = _ingest(con, landing, history)
    t_new, c_new, r_new = _ingest(con, landing, [newest])
    (n_fact,) = con.execute("SELECT count(*) FROM core.fct_payment").fetchall()[0]
    t_close, c_close = _close(con)
    print(f"machine:        {machine()}")
    print(f"load average:   {load_before:.2f} at start, {os.getloadavg()[0]:.2f} at end (other work on the machine slows the figures)")
    ok = _summary("history", t_hist, c_hist, r_hist)
    ok = _summary(f"then {newest}", t_new, c_new, r_new) and ok
    print(f"checkpoint:     {t_close:,.2f} s, CPU {c_close:,.2f} s (closing the connection writes what the loads left)")
    print(f"reconciles:     {ok and n_fact == sum(r.rows_loaded for r in r_hist + r_new)}")
    print(f"peak RSS:       {peak_rss_mb():,.0f} MiB (ingesting process, ru_maxrss)")
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rows", type=int, nargs="?", help="ledger lines to generate, e.g. 1000000 or 5000000")
    ap.add_argument("--rows-per-file", type=int, default=100_000)
    ap.add_argument("--workdir", type=Path, default=None, help="keep the landing folder and warehouse here")
    ap.add_argument("--landing", type=Path, default=None, help="ingest this existing landing folder instead of generating one")
    ap.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.landing is not None:
        _existing_landing(args.landing)
        return
    if args.rows is None:
        ap.error("give the number of rows to generate, or --landing")

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench_ingest_"))
    landing = work / "landing"
    if args.generate_only:
        info = generate(landing, args.rows, args.rows_per_file)
        print(info["files"])
        return

    if landing.exists():
        shutil.rmtree(landing)
    # Generate in a child process, so this process's peak RSS is the ingestion's alone.
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, __file__, str(args.rows), "--rows-per-file", str(args.rows_per_file),
         "--workdir", str(work), "--generate-only"],
        check=True, capture_output=True, text=True,
    )
    n_files = int(out.stdout.strip().splitlines()[-1])
    t_gen = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in landing.rglob("*") if p.is_file())

    db = work / "warehouse.duckdb"
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    load_before = os.getloadavg()[0]
    con = warehouse.connect(db)
    warehouse.ensure_schema(con)
    t1 = time.perf_counter()
    results = ingest_ledgers(con, landing, "Luton Borough Council")
    t_ingest = time.perf_counter() - t1
    read = sum(r.rows_read for r in results)
    loaded = sum(r.rows_loaded for r in results)
    rejected = sum(r.rows_rejected for r in results)
    duplicate = sum(r.rows_duplicate for r in results)
    failed = [r for r in results if r.status == "failed"]
    (n_fact,) = con.execute("SELECT count(*) FROM core.fct_payment").fetchall()[0]
    t_close, _ = _close(con)

    print(f"machine:        {machine()}")
    print(f"load average:   {load_before:.2f} at start, {os.getloadavg()[0]:.2f} at end (other work on the machine slows the figures)")
    print(f"generated:      {args.rows:,} lines in {n_files} files ({size / 2**20:,.0f} MiB) in {t_gen:,.1f} s")
    print(f"ingested:       {read:,} data lines: {loaded:,} loaded, {rejected:,} rejected, {duplicate:,} duplicate, {len(failed)} failed files")
    print(f"reconciles:     {read == loaded + rejected + duplicate and n_fact == loaded}")
    print(f"ingest time:    {t_ingest:,.1f} s, then {t_close:,.1f} s to close the warehouse (its checkpoint)")
    print(f"throughput:     {read / t_ingest:,.0f} rows/s")
    print(f"peak RSS:       {peak_rss_mb():,.0f} MiB (ingesting process, ru_maxrss)")
    print(f"warehouse:      {db.stat().st_size / 2**20:,.0f} MiB")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
