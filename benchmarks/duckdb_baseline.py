"""Raw DuckDB over the same ledgers: the floor the end-to-end benchmark measures anchorspend against.

    .venv/bin/python benchmarks/duckdb_baseline.py LANDING

`read_csv` of LANDING/ledgers/*.csv with the amount read as DECIMAL(18,2) and the date
day-first, then spend GROUP BY supplier name and month into a table. No mapping, checks,
classification or lineage. Prints one JSON line: groups, rows, total pence and seconds.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import duckdb

QUERY = """
CREATE TABLE spend AS
SELECT "Supplier Name" AS supplier, date_trunc('month', "Date") AS month,
       count(*) AS payments, sum("Net Amount") AS spend
FROM read_csv(?, header = true, dateformat = '%d/%m/%Y',
              types = {'Date': 'DATE', 'Net Amount': 'DECIMAL(18,2)'})
GROUP BY ALL
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("landing", type=Path)
    args = ap.parse_args()
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute(QUERY, [str(args.landing / "ledgers" / "*.csv")])
    groups, rows, spend = con.execute("SELECT count(*), sum(payments), sum(spend) FROM spend").fetchone()
    print(json.dumps({"groups": groups, "rows": int(rows), "total_pence": int(spend * 100),
                      "seconds": round(time.perf_counter() - t0, 3)}))


if __name__ == "__main__":
    main()
