"""Benchmark: 100k generated suppliers staged, classified and matched.

    .venv/bin/python benchmarks/bench_suppliers.py [--suppliers 100000]

Writes a supplier extract of N suppliers (names, postcodes from the shipped NSPL extract plus
some outside it, company numbers without their leading zeros, dirty SME/VCSE flags) and a
ledger with N distinct supplier spellings: upper-cased copies, copies carrying the company
number, one-letter typos, and names nobody knows. Then runs ingest_supplier_sources and
build_dim_supplier on a fresh DuckDB file and prints seconds, suppliers/s and peak memory.

Then the nightly path (issue 10): a rebuild with nothing new, and one after a new month of
payments whose names are 1% new (typos of known suppliers and unknown payees), both
incremental (only new names resolved, only new payments linked), and the same rebuild done in
full (incremental=False: what every build did before) for comparison.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from anchorspend.pipelines import warehouse
from anchorspend.pipelines.config import council_config
from anchorspend.pipelines.suppliers import build_dim_supplier, ingest_supplier_sources
from anchorspend.pipelines.suppliers.postcodes import nspl_coordinates

WORDS_A = "acme apex bright castle delta eagle falcon granite harbour iron jade kestrel lunar maple noble oak pioneer quartz raven summit thames unity vale willow zenith amber beacon cedar dawn ember forge glen heron ivy juniper kingfisher lark meadow north orchard pine quarry river stone".split()
WORDS_B = "building cleaning catering consulting logistics plumbing roofing security software training transport care media print design legal medical energy solar water waste garden fencing glazing electrical scaffolding flooring painting removals".split()
WORDS_C = "services solutions group partners associates contractors systems supplies works trading enterprises holdings projects".split()
SUFFIX = ["Ltd", "Limited", "LTD.", "PLC", "CIC", "", "& Co Ltd", "Community Interest Company"]
FLAGS = ["Y", "N", "Yes", "No", "", "Various", "-", "1", "0"]


CONSONANTS = list("bcdfghjklmnprstvwz")
VOWELS = list("aeiou")


def brand_words(rng: np.random.Generator, n: int) -> np.ndarray:
    """Surname/brand-like first words ('Kelmar', 'Dovit'): real supplier names start with
    thousands of different words, which is what the fuzzy match's blocking relies on."""
    parts = [
        np.array(CONSONANTS)[rng.integers(0, len(CONSONANTS), n)],
        np.array(VOWELS)[rng.integers(0, len(VOWELS), n)],
        np.array(CONSONANTS)[rng.integers(0, len(CONSONANTS), n)],
        np.array(VOWELS)[rng.integers(0, len(VOWELS), n)],
        np.array(CONSONANTS + [""] * 6)[rng.integers(0, len(CONSONANTS) + 6, n)],
    ]
    out = parts[0]
    for p in parts[1:]:
        out = np.char.add(out, p)
    return out


def generate(n: int, seed: int = 7, narrow: bool = False) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, len(WORDS_A), n)
    b = rng.integers(0, len(WORDS_B), n)
    c = rng.integers(0, len(WORDS_C), n)
    # A serial word keeps names distinct, as real supplier lists are.
    serial = np.char.add("t", np.arange(n).astype(str))
    base = pl.DataFrame(
        {
            "a": np.array(WORDS_A)[a] if narrow else brand_words(rng, n),
            "b": np.array(WORDS_B)[b],
            "c": np.array(WORDS_C)[c],
            "serial": serial,
            "suffix": np.array(SUFFIX)[rng.integers(0, len(SUFFIX), n)],
        }
    ).with_columns(
        pl.concat_str([pl.col("a").str.to_titlecase(), pl.col("serial"), pl.col("b").str.to_titlecase(), pl.col("c").str.to_titlecase(), pl.col("suffix")], separator=" ")
        .str.strip_chars()
        .alias("name")
    )
    pcs = nspl_coordinates()["postcode"]
    postcodes = pcs.sample(n, with_replacement=True, seed=seed).to_numpy()
    outside = rng.random(n) < 0.3
    postcodes = np.where(outside, np.array(["M1 5JW", "EC1A 1BB", "WA3 6XG", "B33 8TH"])[rng.integers(0, 4, n)], postcodes)
    has_cn = rng.random(n) < 0.7
    cn = np.where(has_cn, rng.permutation(np.arange(100_000, 100_000 + n * 3))[:n].astype(str), "")
    extract = pl.DataFrame(
        {
            "Supplier Name": base["name"],
            "Postcode": postcodes,
            "Company Number": cn,
            "SME": np.array(FLAGS)[rng.integers(0, len(FLAGS), n)],
            "VCSE": np.array(FLAGS)[rng.integers(0, len(FLAGS), n)],
            "Spend": np.char.add("£", rng.integers(500, 2_000_000, n).astype(str)),
        }
    )
    kind = rng.integers(0, 5, n)
    names = base["name"].to_numpy()
    typo_at = rng.integers(5, 9, n)
    typo = np.array([s[:i] + s[i] + s[i:] for s, i in zip(names, typo_at)])  # generator only: doubles one letter
    ledger_name = np.select(
        [kind == 0, kind == 1, kind == 2, kind == 3],
        [np.char.upper(names.astype(str)), names, typo, names],
        np.char.add("Unknown Payee ", np.arange(n).astype(str)),
    )
    ledger_id = np.where((kind == 1) & has_cn, cn, "")
    ledger = pl.DataFrame({"supplier_name": ledger_name.astype(str), "supplier_id": ledger_id.astype(str)}).with_columns(
        pl.when(pl.col("supplier_id") == "").then(None).otherwise(pl.col("supplier_id")).alias("supplier_id")
    )
    return extract, ledger


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--suppliers", type=int, default=100_000)
    ap.add_argument(
        "--narrow",
        action="store_true",
        help="worst case for blocking: every name starts with one of 44 words",
    )
    args = ap.parse_args()
    n = args.suppliers
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        extract, ledger = generate(n, narrow=args.narrow)
        (tmp / "landing" / "supplier_extracts").mkdir(parents=True)
        extract.write_csv(tmp / "landing" / "supplier_extracts" / "extract.csv")
        con = warehouse.connect(tmp / "wh.duckdb")
        warehouse.ensure_schema(con)
        payments = ledger.with_columns(
            pl.lit("Luton Borough Council").alias("body"),
            pl.lit("2023-05-01").str.to_date().alias("payment_date"),
            pl.lit("1000.00").cast(pl.Decimal(18, 2)).alias("amount"),
            pl.lit("2023/24").alias("financial_year"),
            pl.lit("2023-05-01").str.to_date().alias("month"),
            pl.lit("ledgers/bench.csv").alias("source_file"),
            pl.lit("sha").alias("file_sha256"),
            (pl.int_range(pl.len()) + 2).cast(pl.Int64).alias("source_line"),
            pl.int_range(pl.len()).cast(pl.String).alias("line_key"),
        )
        con.register("_p", payments.to_arrow())
        con.execute("INSERT INTO core.fct_payment BY NAME SELECT * FROM _p")
        con.unregister("_p")
        t_gen = time.perf_counter() - t0
        # Next month: every known spelling again, plus 1% new names (a doubled letter at the
        # end of a known one, or nobody).
        k = max(1, n // 100)
        known = ledger["supplier_name"].to_numpy().astype(str)
        pick = np.random.default_rng(11).integers(0, n, k)
        new_names = np.where(np.arange(k) % 2 == 0, np.char.add(known[pick], "s"), np.char.add("Newcomer Payee ", np.arange(k).astype(str)))
        next_month = pl.concat([
            ledger,
            pl.DataFrame({"supplier_name": new_names, "supplier_id": pl.Series([None] * k, dtype=pl.String)}),
        ]).with_columns(
            pl.lit("Luton Borough Council").alias("body"),
            pl.lit("2023-06-01").str.to_date().alias("payment_date"),
            pl.lit("1000.00").cast(pl.Decimal(18, 2)).alias("amount"),
            pl.lit("2023/24").alias("financial_year"),
            pl.lit("2023-06-01").str.to_date().alias("month"),
            pl.lit("ledgers/bench-2023-06.csv").alias("source_file"),
            pl.lit("sha2").alias("file_sha256"),
            (pl.int_range(pl.len()) + 2).cast(pl.Int64).alias("source_line"),
            pl.concat_str(pl.lit("june-"), pl.int_range(pl.len()).cast(pl.String)).alias("line_key"),
        )

        t1 = time.perf_counter()
        results = ingest_supplier_sources(con, tmp / "landing")
        t_ingest = time.perf_counter() - t1
        t2 = time.perf_counter()
        cpu2 = time.process_time()
        summary = build_dim_supplier(con, council_config())
        t_build = time.perf_counter() - t2
        cpu_build = time.process_time() - cpu2

        t3, c3 = time.perf_counter(), time.process_time()
        nothing = build_dim_supplier(con, council_config())
        t_nothing, cpu_nothing = time.perf_counter() - t3, time.process_time() - c3
        con.register("_p", next_month.to_arrow())
        con.execute("INSERT INTO core.fct_payment BY NAME SELECT * FROM _p")
        con.unregister("_p")
        t4, c4 = time.perf_counter(), time.process_time()
        inc = build_dim_supplier(con, council_config())
        t_inc, cpu_inc = time.perf_counter() - t4, time.process_time() - c4
        state = con.execute("SELECT count(*), count(DISTINCT supplier_key), sum(hash(supplier_key)) FROM core.fct_payment").fetchall()
        t5, c5 = time.perf_counter(), time.process_time()
        full = build_dim_supplier(con, council_config(), incremental=False)
        t_full, cpu_full = time.perf_counter() - t5, time.process_time() - c5
        assert con.execute("SELECT count(*), count(DISTINCT supplier_key), sum(hash(supplier_key)) FROM core.fct_payment").fetchall() == state, \
            "an incremental build must link every payment as a full build does"
        con.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"suppliers in extract:        {n:,} (rows loaded {results[0].rows_loaded:,})")
    print(f"distinct ledger suppliers:   {summary.ledger_suppliers:,}")
    print(f"match methods:               {summary.by_method}")
    print(f"dim_supplier rows:           {summary.suppliers:,}")
    print(f"generate + load payments:    {t_gen:.2f} s")
    print(f"ingest extract (read, map):  {t_ingest:.2f} s")
    print(f"classify + match + link:     {t_build:.2f} s  ({n / t_build:,.0f} suppliers/s)")
    # On a shared machine wall time includes waiting for a core; CPU time shows the work itself.
    print(f"classify + match CPU time:   {cpu_build:.2f} s (all threads)")
    print(f"total ingest + build:        {t_ingest + t_build:.2f} s  ({n / (t_ingest + t_build):,.0f} suppliers/s)")
    print(f"rebuild, nothing new:        {t_nothing:.2f} s, CPU {cpu_nothing:.2f} s  ({nothing.mode}, {nothing.names_resolved:,} names resolved, {nothing.payments_linked:,} payments linked)")
    print(f"rebuild, new month (1% new): {t_inc:.2f} s, CPU {cpu_inc:.2f} s  ({inc.mode}, {inc.names_resolved:,} names resolved, {inc.payments_linked:,} payments linked)")
    print(f"same rebuild done in full:   {t_full:.2f} s, CPU {cpu_full:.2f} s  ({full.mode}, {full.names_resolved:,} names resolved, {full.payments_linked:,} payments linked)")
    print(f"incremental / full:          {t_inc / t_full:.2f} (CPU {cpu_inc / cpu_full:.2f})")
    print(f"peak memory (max RSS):       {peak_mb:,.0f} MB")
    print(f"load average (1/5/15 min):   {os.getloadavg()} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
