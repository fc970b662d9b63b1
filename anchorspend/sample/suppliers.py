"""The council's suppliers: who they are, their identifiers, their SME/VCS evidence and their spend."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from anchorspend.sample.calibration import CELL_COUNTS, SHARE, TOTAL_PENCE, VCS_COUNTS, VCS_SHARE_OF_CELL
from anchorspend.sample.names import (
    company_name,
    make_names,
    name_stem,
    public_name,
    sole_trader_name,
    vcs_name,
)
from anchorspend.sample.postcodes import assign_locations, Postcodes
from anchorspend.sample.vocabulary import (
    ACCENTED,
    CATEGORIES,
    CATEGORY_WEIGHTS,
    CH_LARGE_CATEGORIES,
    CH_SME_CATEGORIES,
    FLAG_UNKNOWN,
    SME_NO,
    SME_YES,
    UNMATCHED_NAMES,
    VCS_CATEGORIES,
    pick,
)


@dataclass
class Supplier:
    sid: int
    name: str
    kind: str                      # company | plc | sole_trader | public | charity | cic | cio | cbs | coop | unmatched
    category: str
    proclass2: str
    local: bool
    sme: bool | None               # ground truth after the evidence rules
    vcs: bool
    region: str                    # lu_beds | lu_outside_beds | beds | near_nonlocal | national | unknown
    postcode: str | None = None    # normalised, or None (location unknown)
    county: str | None = None
    imd: int | None = None
    company_number: str | None = None
    charity_number: str | None = None
    in_extract: bool = True
    in_ch: bool = False
    ch_category: str | None = None
    ch_accounts: str | None = None
    sme_flag: str = ""
    vcs_flag: str = ""
    sme_source: str | None = None  # extract | companies_house | name | None
    vcs_source: str | None = None  # extract | companies_house | charity_number | name | None
    spend: int = 0                 # pence, net, ground truth
    variant: str | None = None     # systematic ledger spelling
    typo: str | None = None        # misspelling used in one month
    typo_month: int | None = None


def build_suppliers(rng: np.random.Generator, pcs: Postcodes) -> list[Supplier]:
    cats = list(CATEGORY_WEIGHTS)
    cat_p = np.array([CATEGORY_WEIGHTS[c] for c in cats], dtype=float)
    cat_p /= cat_p.sum()
    taken: set[str] = set()
    suppliers: list[Supplier] = []

    def new(kind, local, sme, vcs, category=None):
        category = category or (cats[rng.choice(len(cats), p=cat_p)] if not vcs else pick(rng, VCS_CATEGORIES))
        s = Supplier(sid=len(suppliers), name="", kind=kind, category=category,
                     proclass2=pick(rng, CATEGORIES[category][0]), local=local, sme=sme, vcs=vcs, region="")
        suppliers.append(s)
        return s

    accented = list(ACCENTED)
    for (loc, sme), n in CELL_COUNTS.items():
        local = loc == "local"
        n_vcs = VCS_COUNTS[(loc, sme)]
        n_public = 0 if sme else (12 if local else 160)
        n_plc = 0 if sme else (4 if local else 120)
        n_sole = (40 if local else 160) if sme else 0
        n_company = n - n_vcs - n_public - n_plc - n_sole
        vcs_kinds = rng.choice(["charity", "cic", "cio", "cbs", "coop"], size=n_vcs, p=[0.6, 0.2, 0.09, 0.06, 0.05])
        for kind in vcs_kinds:
            s = new(str(kind), local, sme, True)
            s.name = make_names(rng, 1, taken, lambda: vcs_name(rng, s.kind, local))[0]
        for _ in range(n_public):
            s = new("public", local, sme, False)
            s.name = make_names(rng, 1, taken, lambda: public_name(rng, local))[0]
            s.category = ("Education" if "School" in s.name or "Academy" in s.name else
                          "Social Community Care Supplies & Services" if "Health" in s.name else "Arts & Leisure Services")
            s.proclass2 = pick(rng, CATEGORIES[s.category][0])
        for _ in range(n_plc):
            s = new("plc", local, sme, False)
            s.name = make_names(rng, 1, taken, lambda: company_name(rng, s.category, local, "plc"))[0]
        for _ in range(n_sole):
            s = new("sole_trader", local, sme, False)
            if accented and rng.random() < 0.05:
                s.name = accented.pop(0)
                taken.add(name_stem(s.name))
            else:
                s.name = make_names(rng, 1, taken, lambda: sole_trader_name(rng, s.category))[0]
        for _ in range(n_company):
            s = new("company", local, sme, False)
            s.name = make_names(rng, 1, taken, lambda: company_name(rng, s.category, local, "ltd"))[0]
    for name in UNMATCHED_NAMES:
        s = new("unmatched", False, None, False)
        s.in_extract, s.region, s.name = False, "unknown", name
        taken.add(name_stem(name))
    _assign_identifiers(rng, suppliers)
    assign_locations(rng, suppliers, pcs)
    _assign_evidence(rng, suppliers)
    return suppliers


def _assign_identifiers(rng, suppliers: list[Supplier]) -> None:
    used_co: set[str] = set()
    used_ch: set[str] = set()
    for s in suppliers:
        if s.kind in ("company", "plc", "cic") or (s.kind == "charity" and rng.random() < 0.5):
            while True:
                if rng.random() < 0.03:
                    num = f"SC{rng.integers(100000, 600000)}"
                else:
                    # Most live companies registered before 2018 have numbers below 11,200,000: leading zeros.
                    num = f"{rng.integers(200000, 11200000):08d}"
                if num not in used_co:
                    used_co.add(num)
                    s.company_number = num
                    break
        if s.kind in ("charity", "cio"):
            while True:
                num = str(rng.integers(1100000, 1176000)) if s.kind == "cio" or rng.random() < 0.7 else str(rng.integers(200000, 1100000))
                if num not in used_ch:
                    used_ch.add(num)
                    s.charity_number = num
                    break


def _assign_evidence(rng, suppliers: list[Supplier]) -> None:
    """Extract flags, and for a chosen few, blank flags decided by later evidence rules."""
    classified = [s for s in suppliers if s.in_extract]
    for s in classified:
        s.sme_flag = pick(rng, SME_YES if s.sme else SME_NO)
        s.sme_source = "extract"
        s.vcs_flag = pick(rng, SME_YES if s.vcs else SME_NO)
        s.vcs_source = "extract"

    # Rule 2 for SME: blank flag, Companies House accounts category decides.
    located = lambda s: s.region != "unknown"  # noqa: E731 -- CH postcodes must not add locations
    sme_cos = [s for s in classified if s.kind == "company" and s.sme and located(s) and not s.vcs]
    big_cos = [s for s in classified if s.kind == "company" and s.sme is False and located(s) and not s.vcs]
    for i, idx in enumerate(rng.choice(len(sme_cos), size=47, replace=False)):
        s = sme_cos[idx]
        s.sme_flag, s.sme_source, s.in_ch = pick(rng, FLAG_UNKNOWN), "companies_house", True
        s.ch_accounts = "MEDIUM" if i < 2 else pick(rng, CH_SME_CATEGORIES)
    for idx in rng.choice(len(big_cos), size=23, replace=False):
        s = big_cos[idx]
        s.sme_flag, s.sme_source, s.in_ch = pick(rng, FLAG_UNKNOWN), "companies_house", True
        s.ch_accounts = pick(rng, CH_LARGE_CATEGORIES)
    # Companies House records for flagged companies too (flags agree; flags win anyway).
    flagged = [s for s in classified if s.kind in ("company", "plc") and not s.in_ch and located(s)]
    for idx in rng.choice(len(flagged), size=120, replace=False):
        s = flagged[idx]
        s.in_ch = True
        s.ch_accounts = pick(rng, CH_SME_CATEGORIES) if s.sme else pick(rng, CH_LARGE_CATEGORIES)
    # Rule 4 for SME: PLCs with a blank flag and no CH record are large by their legal form.
    plcs = [s for s in classified if s.kind == "plc" and not s.in_ch]
    for idx in rng.choice(len(plcs), size=8, replace=False):
        s = plcs[idx]
        s.sme_flag, s.sme_source = pick(rng, FLAG_UNKNOWN), "name"
    # Unknown SME: blank flag, no evidence at all (not counted as SME).
    unknown_pool = [s for s in classified if s.kind == "public" and not s.sme]
    for idx in rng.choice(len(unknown_pool), size=12, replace=False):
        s = unknown_pool[idx]
        s.sme_flag, s.sme_source, s.sme = pick(rng, FLAG_UNKNOWN), None, None

    # VCS with a blank flag, decided by rule 2 (CH category), 3 (charity number) or 4 (name).
    cics = [s for s in classified if s.kind == "cic" and located(s)]
    cic_order = rng.permutation(len(cics))
    for j, idx in enumerate(cic_order[:18]):
        s = cics[idx]
        s.vcs_flag = pick(rng, FLAG_UNKNOWN)
        if j < 8:
            s.in_ch, s.vcs_source = True, "companies_house"
            s.ch_accounts = pick(rng, CH_SME_CATEGORIES) if s.sme else "FULL"
        else:
            s.vcs_source = "name"
            if "CIC" not in s.name and "Community Interest Company" not in s.name:
                s.name += " CIC"
    charities = [s for s in classified if s.kind in ("charity", "cio")]
    for idx in rng.choice(len(charities), size=22, replace=False):
        s = charities[idx]
        s.vcs_flag, s.vcs_source = pick(rng, FLAG_UNKNOWN), "charity_number"
    for s in suppliers:
        if s.in_ch:
            s.ch_category = {"plc": "Public Limited Company", "cic": "Community Interest Company"}.get(
                s.kind, "Private Limited Company")


def allocate_spend(rng, suppliers: list[Supplier]) -> int:
    """Per-supplier net spend in pence, hitting each cell's share of TOTAL_PENCE exactly."""
    targets = {k: int(round(v * TOTAL_PENCE)) for k, v in SHARE.items()}
    targets["redacted"] += TOTAL_PENCE - sum(targets.values())
    groups: dict = defaultdict(list)
    for s in suppliers:
        if not s.in_extract:
            groups["unmatched"].append(s)
            continue
        cell = ("local" if s.local else "nonlocal", bool(s.sme))
        groups[(cell, s.vcs)].append(s)
    for key, target in targets.items():
        if key == "redacted":
            continue
        if key == "unmatched":
            _spread(rng, groups["unmatched"], target, sigma=1.3)
            continue
        vcs_part = int(round(target * VCS_SHARE_OF_CELL))
        _spread(rng, groups[(key, True)], vcs_part, sigma=1.6)
        _spread(rng, groups[(key, False)], target - vcs_part, sigma=2.0)
    return targets["redacted"]


# Relative size by kind: the big contracts go to companies, not to parish councils or sole traders.
KIND_WEIGHT = {"plc": 4.0, "company": 1.0, "public": 0.12, "sole_trader": 0.25, "charity": 1.0, "cic": 0.6,
               "cio": 0.8, "cbs": 0.8, "coop": 0.8, "unmatched": 1.0}


def _spread(rng, group: list[Supplier], target: int, sigma: float) -> None:
    n = len(group)
    base = rng.integers(55_000, 160_000, size=n)              # every supplier at least £550
    w = rng.lognormal(0.0, sigma, size=n) * np.array([KIND_WEIGHT[s.kind] for s in group])
    w = np.minimum(w, np.quantile(w, 0.999) * 1.5)
    extra = (target - base.sum()) * w / w.sum()
    pence = base + np.floor(extra).astype(np.int64)
    pence[np.argmax(pence)] += target - pence.sum()
    for s, p in zip(group, pence):
        s.spend = int(p)
