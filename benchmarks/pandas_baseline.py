"""The plain pandas pipeline the end-to-end benchmark compares against.

    .venv/bin/python benchmarks/pandas_baseline.py LANDING [--out monthly.csv]

What an analyst would write in an afternoon: read every ledger CSV under LANDING/ledgers and
the supplier extract(s) under LANDING/supplier_extracts, parse money (to integer pence, exact)
and day-first dates, drop duplicate lines, join payments to the extract on a normalised name,
and aggregate spend and the local (LU postcode) and SME shares by month. No line numbers,
reasons for rejects, fuzzy matching, Companies House, checks or report: the floor a product
should beat while doing more. Prints one JSON line: rows, total pence, months and seconds.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd

YES = {"Y", "YES", "TRUE", "1"}


def pence(text: pd.Series) -> pd.Series:
    """'£1,234.56', '-1234.56' or '1,234.56-' as integer pence; exact, no float."""
    s = text.str.replace(r"[£,\s]", "", regex=True)
    negative = s.str.startswith("-") | s.str.endswith("-")
    s = s.str.strip("-")
    parts = s.str.split(".", n=1, expand=True)
    pounds = parts[0].astype("int64")
    frac = parts[1].fillna("0").str.ljust(2, "0").str.slice(0, 2).astype("int64") if parts.shape[1] > 1 else 0
    value = pounds * 100 + frac
    return value.where(~negative, -value)


def normalise(name: pd.Series) -> pd.Series:
    return name.str.upper().str.replace(r"[^A-Z0-9 ]", "", regex=True).str.split().str.join(" ")


def run(landing: Path) -> pd.DataFrame:
    files = sorted((landing / "ledgers").glob("*.csv"))
    ledger = pd.concat(
        [pd.read_csv(f, dtype=str, keep_default_na=False).assign(source_file=f.name) for f in files],
        ignore_index=True,
    )
    ledger["pence"] = pence(ledger["Net Amount"])
    ledger["date"] = pd.to_datetime(ledger["Date"], format="%d/%m/%Y")
    ledger["month"] = ledger["date"].dt.to_period("M")
    ledger = ledger.drop_duplicates(subset=["Transaction Number", "Date", "Supplier Name", "pence"])
    ledger["key"] = normalise(ledger["Supplier Name"])

    extract = pd.concat(
        [pd.read_csv(f, dtype=str, keep_default_na=False, encoding="utf-8-sig")
         for f in sorted((landing / "supplier_extracts").glob("*.csv"))],
        ignore_index=True,
    )
    extract["key"] = normalise(extract["Supplier Name"])
    postcode = extract["Postcode"].str.upper().str.replace(" ", "", regex=False)
    extract["local"] = postcode.str.match(r"^LU\d")
    extract["sme"] = extract["SME"].str.strip().str.upper().isin(YES)
    extract = extract.drop_duplicates("key")[["key", "local", "sme"]]

    joined = ledger.merge(extract, on="key", how="left")
    joined["local"] = joined["local"].fillna(False).astype(bool)
    joined["sme"] = joined["sme"].fillna(False).astype(bool)
    joined["local_pence"] = joined["pence"].where(joined["local"], 0)
    joined["sme_pence"] = joined["pence"].where(joined["sme"], 0)
    monthly = joined.groupby("month").agg(
        payments=("pence", "size"), total_pence=("pence", "sum"),
        local_pence=("local_pence", "sum"), sme_pence=("sme_pence", "sum"),
    )
    monthly["pct_local"] = (100 * monthly["local_pence"] / monthly["total_pence"]).round(2)
    monthly["pct_sme"] = (100 * monthly["sme_pence"] / monthly["total_pence"]).round(2)
    return monthly


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("landing", type=Path)
    ap.add_argument("--out", type=Path, default=None, help="write the monthly table here as CSV")
    args = ap.parse_args()
    t0 = time.perf_counter()
    monthly = run(args.landing)
    if args.out:
        monthly.to_csv(args.out)
    print(json.dumps({"rows": int(monthly["payments"].sum()), "total_pence": int(monthly["total_pence"].sum()),
                      "months": len(monthly), "seconds": round(time.perf_counter() - t0, 3)}))


if __name__ == "__main__":
    main()
