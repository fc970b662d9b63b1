"""The council sample's calibration targets: the strategy's 2017/18 Spikes Cavell baseline, the year's months and the body."""

from __future__ import annotations

import datetime as dt

import numpy as np


N_SUPPLIERS = 4168          # distinct suppliers paid (excludes redacted payees)
N_SME = 1249
N_LOCAL = 269               # LU postcode area
N_UNMATCHED = 30            # ledger suppliers absent from the extract (the analyst's worklist)
TOTAL_PENCE = 238_112_947_63
# Share of total spend per cell (local x SME), plus unmatched and redacted payees.
SHARE = {
    ("local", True): 0.126,
    ("local", False): 0.124,
    ("nonlocal", True): 0.384,
    ("nonlocal", False): 0.344,
    "unmatched": 0.014,
    "redacted": 0.008,
}
CELL_COUNTS = {  # classified (extract) suppliers per cell
    ("local", True): 190,
    ("local", False): N_LOCAL - 190,
    ("nonlocal", True): N_SME - 190,
    ("nonlocal", False): N_SUPPLIERS - N_UNMATCHED - N_LOCAL - (N_SME - 190),
}
VCS_COUNTS = {("local", True): 35, ("local", False): 10, ("nonlocal", True): 185, ("nonlocal", False): 70}
VCS_SHARE_OF_CELL = 0.065
BODY = "Luton Borough Council"
REDACTED = "REDACTED - personal data"
MONTHS = [dt.date(2017, m, 1) for m in range(4, 13)] + [dt.date(2018, m, 1) for m in range(1, 4)]
MONTH_WEIGHTS = np.array([8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 11], dtype=float)
FIXED_CREATED = dt.datetime(2018, 4, 16, 9, 0, 0)
OWNED_DIRS = ("ledgers", "supplier_extracts", "companies_house")  # plus MANIFEST.json
