"""A generated council year for the end-to-end benchmark: monthly ledgers and a supplier extract.

    .venv/bin/python benchmarks/generate_year.py OUT_DIR [--rows 2000000] [--suppliers 20000]

Writes OUT_DIR/ledgers/2017-04.csv .. 2018-03.csv in the Transparency Code layout the sample's
April file uses (`Body,Date,Transaction Number,Supplier Name,Net Amount,Expense Type,Service
Area,Purpose`, dd/mm/yyyy dates, `1234.56` / `-1234.56` amounts) and
OUT_DIR/supplier_extracts/spikes-cavell-bench.csv in the Spikes Cavell layout (BOM, CRLF,
`Supplier Name,Postcode,Company Number,Charity Number,SME,VCSE,Proclass Level 1,Proclass
Level 2,Spend`). `add_month` writes one more month (2018-04, about 1/12 of the year's rows) for
the nightly-path measurement.

Every generated line is a valid payment with a unique transaction number, so a correct
pipeline loads every line and its total equals `total_pence` exactly. The generator counts in
integer pence and formats the text from them; no float ever touches an amount.

Vectorised (numpy + Polars, one month at a time) and deterministic: the same seed and sizes
give the same bytes. Not reused from bench_ingest.py, whose generator writes eight years of
mixed layouts (XLSX, Windows-1252) with planted bad lines and builds rows in Python: this one
has to be one clean year whose exact total is known, at 10M rows.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import polars as pl

BODY = "Luton Borough Council"
FIRST_MONTH = date(2017, 4, 1)
MONTHS = 12
MANIFEST = "bench_manifest.json"
EXTRACT = "supplier_extracts/spikes-cavell-bench.csv"
REDACTED = "REDACTED - personal data"

BRAND = "Acme Apex Bright Castle Delta Eagle Falcon Granite Harbour Iron Jade Kestrel Lunar Maple Noble Oak Pioneer Quartz Raven Summit Thames Unity Vale Willow Zenith Amber Beacon Cedar Dawn Ember Forge Glen Heron Ivy Juniper Lark Meadow North Orchard Pine River Stone".split()
TRADE = "Building Cleaning Catering Consulting Logistics Plumbing Roofing Security Software Training Transport Care Media Print Design Legal Medical Energy Solar Water Waste Garden Fencing Glazing Electrical Scaffolding Flooring Painting Removals".split()
FORM = ["Ltd", "Limited", "Services Ltd", "Group Ltd", "PLC", "CIC", "Partners LLP", "Trust", "Associates", "Solutions Limited"]
EXPENSE_TYPES = ["Private Contractors", "Agency Staff", "Consultancy", "Equipment", "Rents", "Grants", "Utilities",
                 "Home Care Packages", "Software Licences", "Training Courses", "Vehicle Hire", "Building Repairs"]
SERVICE_AREAS = ["Adult Social Care", "Children's Services", "Highways", "Housing", "Parks", "Waste",
                 "Corporate - ICT", "Public Health", "Education", "Planning"]
PURPOSES = ["Goods and services", "Spot purchase care", "Contract payment", "Works order", "Licence renewal", "Grant award"]
YES = ["Y", "Yes", "y", "YES", "True", "1"]
NO = ["N", "No", "n", "NO", "False", "0"]
UNKNOWN_FLAG = ["", "-", "Various", "Unknown"]
UNKNOWN_POSTCODE = ["", "-", "Various", "N/A", "TBC"]
OUTSIDE = ["M1 5JW", "EC1A 1BB", "WA3 6XG", "B33 8TH", "LS2 9JT", "BS1 4DJ", "CF10 1EP", "NE1 7RU", "G2 1DY", "SW1A 1AA"]
CATEGORIES = [("Construction", "Building Construction"), ("Social Care", "Home Care"), ("ICT", "Software"),
              ("Facilities", "Cleaning"), ("Transport", "Vehicle Hire"), ("Professional Services", "Legal"),
              ("Various", "")]


def _months(first: date, n: int) -> list[date]:
    out = []
    y, m = first.year, first.month
    for _ in range(n):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _postcode_pools() -> tuple[np.ndarray, np.ndarray]:
    """Real postcodes from the shipped NSPL extract, so the product can place them: (LU, rest of the area)."""
    lu: list[str] = []
    near: list[str] = []
    try:
        root = resources.files("anchorspend.reference_data") / "nspl" / "latlon"
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".csv"):
                with resources.as_file(entry) as path:
                    codes = pl.read_csv(path, columns=[0]).to_series().to_list()
                (lu if entry.name.startswith("LU") else near).extend(codes)
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    if not lu:  # a tree without the extract still gets LU postcodes, just not placeable ones
        lu = [f"LU{d} {i}AB" for d in range(1, 8) for i in range(10)]
    if not near:
        near = [f"MK4{d} {i}AB" for d in range(0, 3) for i in range(10)]
    return np.array(sorted(set(lu))), np.array(sorted(set(near)))


def suppliers(n: int, seed: int) -> pl.DataFrame:
    """The supplier base: one row per supplier, with its extract attributes and its ledger spelling."""
    rng = np.random.default_rng(seed)
    lu, near = _postcode_pools()
    idx = np.arange(n)
    brand = np.array(BRAND)[rng.integers(0, len(BRAND), n)]
    trade = np.array(TRADE)[rng.integers(0, len(TRADE), n)]
    form = np.array(FORM)[rng.integers(0, len(FORM), n)]
    where = rng.random(n)
    postcode = np.where(
        where < 0.25, lu[rng.integers(0, len(lu), n)],
        np.where(where < 0.40, near[rng.integers(0, len(near), n)],
                 np.where(where < 0.97, np.array(OUTSIDE)[rng.integers(0, len(OUTSIDE), n)],
                          np.array(UNKNOWN_POSTCODE)[rng.integers(0, len(UNKNOWN_POSTCODE), n)])))
    # Dirty spellings, as extracts have them: lower case, no space, padded.
    dirt = rng.integers(0, 6, n)
    postcode = np.where(dirt == 0, np.char.lower(postcode),
                        np.where(dirt == 1, np.char.replace(postcode, " ", ""),
                                 np.where(dirt == 2, np.char.add(np.char.add(" ", postcode), " "), postcode)))

    def flag(p_yes: float, p_unknown: float) -> np.ndarray:
        u = rng.random(n)
        return np.where(u < p_unknown, np.array(UNKNOWN_FLAG)[rng.integers(0, len(UNKNOWN_FLAG), n)],
                        np.where(u < p_unknown + p_yes, np.array(YES)[rng.integers(0, len(YES), n)],
                                 np.array(NO)[rng.integers(0, len(NO), n)]))

    cat = rng.integers(0, len(CATEGORIES), n)
    company = rng.random(n) < 0.7
    charity = ~company & (rng.random(n) < 0.5)
    frame = pl.DataFrame({
        "supplier": idx,
        "brand": brand, "trade": trade, "form": form,
        "postcode": postcode,
        "company_number": np.where(company, np.char.zfill((10_000_000 + idx).astype(str), 8), ""),
        "charity_number": np.where(charity, (1_000_000 + idx).astype(str), ""),
        "sme": flag(0.45, 0.05),
        "vcse": flag(0.08, 0.05),
        "proclass_1": np.array([c[0] for c in CATEGORIES])[cat],
        "proclass_2": np.array([c[1] for c in CATEGORIES])[cat],
        # 1% of payees are unknown to the extract: the analyst's worklist.
        "in_extract": rng.random(n) >= 0.01,
        # Ledgers spell a tenth of suppliers in upper case, as finance systems export them.
        "upper": rng.random(n) < 0.10,
    })
    # The serial keeps every name distinct after normalisation, as real supplier lists are.
    name = pl.concat_str([pl.col("brand"), pl.col("trade"), pl.lit("No") + pl.col("supplier").cast(pl.String), pl.col("form")], separator=" ")
    return frame.with_columns(
        name.alias("name"),
        pl.when(pl.col("upper")).then(name.str.to_uppercase()).otherwise(name).alias("ledger_name"),
    ).drop("brand", "trade", "form")


def _supplier_weights(n: int) -> np.ndarray:
    # A long tail, as council spend has: a few suppliers take many payments.
    w = 1.0 / np.power(np.arange(n) + 20.0, 0.9)
    return w / w.sum()


def _month_frame(rng: np.random.Generator, month: date, n: int, first_txn: int, sup: pl.DataFrame, weights: np.ndarray) -> pl.DataFrame:
    nxt = _months(month, 2)[1]
    days = (nxt - month).days
    day = rng.integers(0, days, n)
    pick = rng.choice(len(weights), size=n, p=weights)
    pence = np.round(rng.lognormal(mean=7.9, sigma=1.3, size=n) * 100).astype(np.int64) + 50_000
    pence = np.where(rng.random(n) < 0.02, -pence, pence)  # credits
    redacted = rng.random(n) < 0.015
    names = sup["ledger_name"].to_numpy()[pick]
    names = np.where(redacted, REDACTED, names)
    return pl.DataFrame({
        "date": np.datetime64(month.isoformat(), "D") + day,
        "txn": np.arange(first_txn, first_txn + n, dtype=np.int64),
        "supplier": np.where(redacted, -1, pick),
        "name": names,
        "pence": pence,
        "type": np.array(EXPENSE_TYPES)[rng.integers(0, len(EXPENSE_TYPES), n)],
        "area": np.array(SERVICE_AREAS)[rng.integers(0, len(SERVICE_AREAS), n)],
        "purpose": np.array(PURPOSES)[rng.integers(0, len(PURPOSES), n)],
    })


def money_text(pence: pl.Expr) -> pl.Expr:
    """Integer pence as `1234.56` / `-1234.56`, by string arithmetic (exact)."""
    a = pence.abs()
    return pl.concat_str([
        pl.when(pence < 0).then(pl.lit("-")).otherwise(pl.lit("")),
        (a // 100).cast(pl.String), pl.lit("."),
        (a % 100).cast(pl.String).str.zfill(2),
    ])


def _write_month(df: pl.DataFrame, path: Path) -> None:
    df.select(
        pl.lit(BODY).alias("Body"),
        pl.col("date").dt.strftime("%d/%m/%Y").alias("Date"),
        pl.col("txn").cast(pl.String).alias("Transaction Number"),
        pl.col("name").alias("Supplier Name"),
        money_text(pl.col("pence")).alias("Net Amount"),
        pl.col("type").alias("Expense Type"),
        pl.col("area").alias("Service Area"),
        pl.col("purpose").alias("Purpose"),
    ).write_csv(path)


def _rows_per_month(rows: int, months: int) -> list[int]:
    base, extra = divmod(rows, months)
    return [base + (1 if i < extra else 0) for i in range(months)]


def _write_ledgers(out: Path, months: list[date], counts: list[int], first_txn: int, sup: pl.DataFrame, seed: int) -> tuple[list[dict], pl.DataFrame]:
    weights = _supplier_weights(sup.height)
    ledgers = out / "ledgers"
    ledgers.mkdir(parents=True, exist_ok=True)
    files = []
    spend = []
    txn = first_txn
    for month, n in zip(months, counts):
        # One generator per month (seeded by the month), so adding a month never changes the others.
        rng = np.random.default_rng([seed, month.year, month.month])
        df = _month_frame(rng, month, n, txn, sup, weights)
        txn += n
        path = ledgers / f"{month:%Y-%m}.csv"
        _write_month(df, path)
        files.append({"file": path.relative_to(out).as_posix(), "month": month.isoformat(), "rows": n,
                      "total_pence": int(df["pence"].sum()), "bytes": path.stat().st_size})
        spend.append(df.filter(pl.col("supplier") >= 0).group_by("supplier").agg(pl.col("pence").sum()))
    return files, pl.concat(spend)


def _write_extract(out: Path, sup: pl.DataFrame, spend: pl.DataFrame) -> None:
    per = spend.group_by("supplier").agg(pl.col("pence").sum())
    ext = sup.filter(pl.col("in_extract")).join(per, on="supplier", how="left").with_columns(pl.col("pence").fill_null(0))
    ext = ext.sort(["pence", "supplier"], descending=[True, False])
    table = ext.select(
        pl.col("name").alias("Supplier Name"),
        pl.col("postcode").alias("Postcode"),
        pl.col("company_number").alias("Company Number"),
        pl.col("charity_number").alias("Charity Number"),
        pl.col("sme").alias("SME"),
        pl.col("vcse").alias("VCSE"),
        pl.col("proclass_1").alias("Proclass Level 1"),
        pl.col("proclass_2").alias("Proclass Level 2"),
        money_text(pl.col("pence")).alias("Spend"),
    ).with_columns(pl.col(pl.String).replace("", None))  # blank, not `""`, as extracts are exported
    path = out / EXTRACT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + table.write_csv(line_terminator="\r\n").encode("utf-8"))


def generate(out: Path, rows: int = 2_000_000, n_suppliers: int = 20_000, seed: int = 2017) -> dict:
    """Write a year of monthly ledgers and a supplier extract under OUT; return the manifest.

    The manifest (also written to OUT/bench_manifest.json) holds per-file rows and total pence.
    """
    out = Path(out)
    sup = suppliers(n_suppliers, seed)
    months = _months(FIRST_MONTH, MONTHS)
    files, spend = _write_ledgers(out, months, _rows_per_month(rows, MONTHS), 1, sup, seed)
    _write_extract(out, sup, spend)
    manifest = {"rows": rows, "suppliers": n_suppliers, "seed": seed, "files": files,
                "extract": EXTRACT, "extract_suppliers": int(sup["in_extract"].sum())}
    _save(out, manifest)
    return manifest


def add_month(out: Path, manifest: dict) -> dict:
    """Land the next month (about 1/12 of the year's rows) in OUT/ledgers; return the updated manifest."""
    out = Path(out)
    sup = suppliers(manifest["suppliers"], manifest["seed"])
    last = date.fromisoformat(manifest["files"][-1]["month"])
    month = _months(last, 2)[1]
    first_txn = 1 + sum(f["rows"] for f in manifest["files"])
    files, _ = _write_ledgers(out, [month], [manifest["rows"] // MONTHS], first_txn, sup, manifest["seed"])
    manifest = {**manifest, "files": manifest["files"] + files}
    _save(out, manifest)
    return manifest


def totals(manifest: dict) -> tuple[int, int]:
    """(rows, total pence) over every file in the manifest."""
    return sum(f["rows"] for f in manifest["files"]), sum(f["total_pence"] for f in manifest["files"])


def _save(out: Path, manifest: dict) -> None:
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--suppliers", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=2017)
    ap.add_argument("--add-month", action="store_true", help="land the next month in an existing OUT")
    args = ap.parse_args()
    if args.add_month:
        m = add_month(args.out, json.loads((args.out / MANIFEST).read_text(encoding="utf-8")))
    else:
        m = generate(args.out, args.rows, args.suppliers, args.seed)
    rows, pence = totals(m)
    print(f"{rows:,} lines in {len(m['files'])} files, total £{pence // 100:,}.{pence % 100:02d}")


if __name__ == "__main__":
    main()
