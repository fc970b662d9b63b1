"""The KPI and partnership mart steps on a published warehouse, per model: a full build and a rebuild of given months.

    .venv/bin/python benchmarks/bench_kpis.py --warehouse WH.duckdb [--month 2018-04 ...]
        [--landing DIR] [--dump OUT.duckdb] [--compare REF.duckdb]

Works on a copy of WH (a warehouse published by `anchorspend run`, so its core tables are
loaded). Times, as the nightly assets call them: build_kpi_marts over every month the ledger
holds (what a first run does), build_partnership_marts over the same months, then for each
--month a rebuild of that month alone (what a run does after a new month lands). Prints each
step's time and each model's (materialise calls; "other" is the rest of the step: scope,
seeds, staging). --dump writes every mart table after the full build to OUT, --compare checks
the full build and each month rebuild against such a dump, table by table (columns, types
and every row), so two versions of the code can be shown to write the same figures.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from anchorspend.pipelines import kpis, models, partnership, warehouse

TIMES: dict[str, float] = defaultdict(float)


def _timed(fn):
    def wrapper(con, name, *args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(con, name, *args, **kwargs)
        finally:
            TIMES[name] += time.perf_counter() - start
    return wrapper


for module in (kpis, partnership):
    module.materialise = _timed(models.materialise)


def _mart_tables(con) -> list[str]:
    return [f"{s}.{t}" for s, t in con.execute(
        """SELECT schema_name, table_name FROM duckdb_tables()
           WHERE database_name = current_database()
             AND (schema_name = 'marts' OR (schema_name = 'core' AND table_name = 'dim_body'))
           ORDER BY 1, 2""").fetchall()]


def _step(label: str, fn) -> None:
    TIMES.clear()
    start = time.perf_counter()
    fn()
    total = time.perf_counter() - start
    print(f"{label}: {total:.2f} s")
    for name, seconds in sorted(TIMES.items(), key=lambda kv: -kv[1]):
        print(f"    {name:<40} {seconds:6.2f} s")
    print(f"    {'other':<40} {total - sum(TIMES.values()):6.2f} s")


def _dump(con, out: Path) -> None:
    out.unlink(missing_ok=True)
    con.execute(f"ATTACH '{out}' AS dump")
    for table in _mart_tables(con):
        schema, name = table.split(".")
        con.execute(f"CREATE SCHEMA IF NOT EXISTS dump.{schema}")
        con.execute(f"CREATE TABLE dump.{table} AS SELECT * FROM {table}")
    con.execute("DETACH dump")


def _compare(con, ref: Path, label: str) -> bool:
    con.execute(f"ATTACH '{ref}' AS ref (READ_ONLY)")
    ok = True
    try:
        ours = _mart_tables(con)
        theirs = [f"{s}.{t}" for s, t in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = 'ref' ORDER BY 1, 2").fetchall()]
        if set(theirs) - set(ours):
            print(f"  {label}: reference tables missing here: {sorted(set(theirs) - set(ours))}")
            ok = False
        if set(ours) - set(theirs):
            print(f"  {label}: new tables, not compared: {sorted(set(ours) - set(theirs))}")
        for table in sorted(set(ours) & set(theirs)):
            schema, name = table.split(".")
            cols = [con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = $d AND schema_name = $s "
                "AND table_name = $t ORDER BY column_index", {"d": db, "s": schema, "t": name}).fetchall()
                for db in (con.execute("SELECT current_database()").fetchone()[0], "ref")]
            if cols[0] != cols[1]:
                print(f"  {label}: {table} columns differ")
                ok = False
                continue
            extra = con.execute(f"SELECT count(*) FROM (SELECT * FROM {table} EXCEPT ALL SELECT * FROM ref.{table})").fetchone()[0]
            missing = con.execute(f"SELECT count(*) FROM (SELECT * FROM ref.{table} EXCEPT ALL SELECT * FROM {table})").fetchone()[0]
            if extra or missing:
                print(f"  {label}: {table}: {extra} rows not in the reference, {missing} reference rows missing")
                ok = False
    finally:
        con.execute("DETACH ref")
    print(f"  {label}: {'every reference table identical to' if ok else 'DIFFERS from'} {ref}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--month", action="append", default=[], help="YYYY-MM to rebuild alone after the full build")
    parser.add_argument("--landing", type=Path, default=None, help="landing folder with bodies.toml (default: bundled)")
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_kpis_") as tmp:
        work = Path(tmp) / "warehouse.duckdb"
        shutil.copyfile(args.warehouse, work)
        con = warehouse.connect(work)
        warehouse.ensure_schema(con)
        months = [m for (m,) in con.execute("SELECT DISTINCT month FROM core.fct_payment ORDER BY 1").fetchall()]
        print(f"{con.execute('SELECT count(*) FROM core.fct_payment').fetchone()[0]:,} payments, {len(months)} months")
        _step(f"kpi_marts full ({len(months)} months)", lambda: kpis.build_kpi_marts(con, months=months))
        _step("partnership_marts full", lambda: partnership.build_partnership_marts(con, args.landing, months))
        if args.dump:
            _dump(con, args.dump)
        ok = _compare(con, args.compare, "full build") if args.compare else True
        for text in args.month:
            month = date(int(text[:4]), int(text[5:7]), 1)
            _step(f"kpi_marts {text} alone", lambda: kpis.build_kpi_marts(con, months=[month]))
            _step(f"partnership_marts {text} alone", lambda: partnership.build_partnership_marts(con, args.landing, [month]))
            if args.compare:
                ok &= _compare(con, args.compare, f"after {text}")
        con.close()
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
