"""Supplier names: how they are made up, how the sample compares them, and how ledgers misspell them."""

from __future__ import annotations

import re

import numpy as np

from anchorspend.sample.vocabulary import (
    BEDS_PLACES,
    CATEGORIES,
    GENERIC_PLACES,
    INITIALS,
    LOCAL_PLACES,
    PUBLIC_TEMPLATES,
    SURNAMES,
    VCS_CHARITY_TEMPLATES,
    VCS_CIC_TRADES,
)


def normalise_name(name: str) -> str:
    """The sample's own notion of 'same supplier name' (case, &/and, Ltd/Limited, leading The, punctuation)."""
    s = name.lower().replace("&", " and ").replace("’", "'")
    s = re.sub(r"[^0-9a-zà-ÿ]+", " ", s.replace("'", ""))
    tokens = s.split()
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    s = " ".join(tokens)
    s = re.sub(r"\blimited\b", "ltd", s)
    s = re.sub(r"\bcommunity interest company\b", "cic", s)
    s = re.sub(r"\bpublic limited company\b", "plc", s)
    return s


LEGAL_WORDS = {"ltd", "plc", "llp", "uk", "group", "co", "company", "and", "cic", "cio"}


def name_stem(name: str) -> str:
    """Name without legal-form words: two suppliers never share a stem, since matchers drop these words
    and 'Shah Staffing Ltd' vs 'Shah Staffing UK Ltd' would then be ambiguous, not two suppliers."""
    return " ".join(w for w in normalise_name(name).split() if w not in LEGAL_WORDS)


def make_names(rng: np.random.Generator, n_needed: int, taken: set[str], make) -> list[str]:
    out: list[str] = []
    while len(out) < n_needed:
        name = make()
        key = name_stem(name)
        if key in taken:
            continue
        taken.add(key)
        out.append(name)
    return out


def company_name(rng, category: str, local: bool, size: str) -> str:
    trades = CATEGORIES[category][1]
    trade = trades[rng.integers(len(trades))]
    places = LOCAL_PLACES if local and rng.random() < 0.6 else GENERIC_PLACES
    place = places[rng.integers(len(places))]
    surname = SURNAMES[rng.integers(len(SURNAMES))]
    r = rng.random()
    if r < 0.45:
        stem = f"{place} {trade}"
    elif r < 0.75:
        stem = f"{surname} {trade}"
    elif r < 0.88:
        other = SURNAMES[rng.integers(len(SURNAMES))]
        stem = f"{surname} & {other}" if other != surname else f"{surname} & Sons"
    else:
        stem = f"{place} {surname} {trade}"
    if size == "plc":
        return f"{stem} {'PLC' if rng.random() < 0.7 else 'Group PLC'}"
    r = rng.random()
    suffix = "Ltd" if r < 0.55 else "Limited" if r < 0.85 else "UK Ltd" if r < 0.92 else "LLP" if r < 0.96 else "(UK) Limited"
    return f"{stem} {suffix}"


def sole_trader_name(rng, category: str) -> str:
    trades = CATEGORIES[category][1]
    trade = trades[rng.integers(len(trades))]
    return f"{INITIALS[rng.integers(len(INITIALS))]} {SURNAMES[rng.integers(len(SURNAMES))]} {trade}"


def vcs_name(rng, kind: str, local: bool) -> str:
    places = LOCAL_PLACES + BEDS_PLACES if local else GENERIC_PLACES
    place = places[rng.integers(len(places))]
    if kind in ("charity", "cio"):
        t = VCS_CHARITY_TEMPLATES[rng.integers(len(VCS_CHARITY_TEMPLATES))]
        name = t.format(p=place)
        if kind == "cio" and rng.random() < 0.4:
            name += " CIO"
        return name
    if kind == "cic":
        trade = VCS_CIC_TRADES[rng.integers(len(VCS_CIC_TRADES))]
        return f"{place} {trade} {'CIC' if rng.random() < 0.7 else 'Community Interest Company'}"
    if kind == "cbs":
        what = ["Community Energy Society", "Community Land Trust", "Community Shop", "Credit Union"][rng.integers(4)]
        return f"{place} {what} Limited"
    return f"{place} {['Workers Co-operative', 'Care Co-operative', 'Food Co-operative'][rng.integers(3)]} Ltd"


def public_name(rng, local: bool) -> str:
    places = LOCAL_PLACES + BEDS_PLACES if local else GENERIC_PLACES
    return PUBLIC_TEMPLATES[rng.integers(len(PUBLIC_TEMPLATES))].format(p=places[rng.integers(len(places))])


def name_variant(name: str, style: str) -> str:
    if style == "upper":
        return name.upper()
    if style == "lower":
        return name.lower()
    if style == "ltd":
        if re.search(r"\bLtd\b", name):
            return re.sub(r"\bLtd\b", "Limited", name)
        if re.search(r"\bLimited\b", name):
            return re.sub(r"\bLimited\b", "Ltd", name)
        return name.upper()
    if style == "amp":
        if " & " in name:
            return name.replace(" & ", " and ")
        return name.replace(" and ", " & ") if " and " in name else name.upper()
    if style == "the":
        return "The " + name
    if style == "spaces":
        return "  " + name.replace(" ", "  ", 1) + " "
    if style == "punct":
        return re.sub(r"\bLtd\b", "Ltd.", name) if "Ltd" in name else name + "."
    return name


def misspell(rng, name: str) -> str:
    words = name.split(" ")
    cands = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    i = cands[rng.integers(len(cands))]
    w = words[i]
    p = int(rng.integers(1, len(w) - 2))
    words[i] = w[:p] + w[p + 1] + w[p] + w[p + 2:] if rng.random() < 0.5 else w[:p] + w[p + 1:]
    return " ".join(words)
