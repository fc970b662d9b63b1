"""Payment lines: spread over the year, with the planted credits, pairs, splits and late lines, and the payee names as typed."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from anchorspend.sample.calibration import MONTH_WEIGHTS, MONTHS, REDACTED
from anchorspend.sample.names import misspell, name_variant, normalise_name
from anchorspend.sample.suppliers import Supplier
from anchorspend.sample.vocabulary import CATEGORIES, pick


@dataclass
class Line:
    sid: int                       # -1 for redacted payees
    date: dt.date
    amount: int                    # pence
    area: str
    etype: str
    purpose: str
    txn: int = 0
    tag: str = ""                  # pair | split | credit | late | triple
    group: int = -1                # pair/split group id
    only_republished: bool = False


def _n_lines(spend_pence: int) -> int:
    pounds = spend_pence / 100
    # Big contracts are paid in few large instalments (monthly-ish), so lines over £100k exist.
    n = int(round(math.sqrt(pounds) / 11))
    return max(1, min(n, 48, int(pounds // 620)))


def _weekdays(month: dt.date) -> list[dt.date]:
    nxt = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    days = [month + dt.timedelta(d) for d in range((nxt - month).days)]
    return [d for d in days if d.weekday() < 5]


WEEKDAYS = {m: _weekdays(m) for m in MONTHS}


def _weekday_in(rng, month: dt.date) -> dt.date:
    days = WEEKDAYS[month]
    return days[rng.integers(len(days))]


def split_amount(rng, total: int, n: int) -> np.ndarray:
    floor = rng.integers(50_000, 60_000, size=n)
    w = rng.lognormal(0.0, 0.7, size=n)
    amt = floor + np.floor((total - floor.sum()) * w / w.sum()).astype(np.int64)
    amt[np.argmax(amt)] += total - amt.sum()
    return amt


def build_lines(rng, suppliers: list[Supplier], redacted_total: int) -> list[Line]:
    month_p = MONTH_WEIGHTS / MONTH_WEIGHTS.sum()
    lines: list[Line] = []
    for s in suppliers:
        n = _n_lines(s.spend)
        amounts = split_amount(rng, s.spend, n)
        months = rng.choice(12, size=n, p=month_p)
        u = rng.random(size=(n, 5))  # day, area, type, purpose, month suffix: one draw per supplier
        _l2, _trades, areas, types, purposes = CATEGORIES[s.category]
        for j in range(n):
            month = MONTHS[months[j]]
            days = WEEKDAYS[month]
            purpose = purposes[int(u[j, 3] * len(purposes))]
            if u[j, 4] < 0.3:
                purpose = f"{purpose} {month:%b %y}"
            lines.append(Line(s.sid, days[int(u[j, 0] * len(days))], int(amounts[j]), areas[int(u[j, 1] * len(areas))],
                              types[int(u[j, 2] * len(types))], purpose))
    # Redacted payees: foster carers, direct payments, small grants to individuals.
    n_red = max(1, redacted_total // 250_000)
    amounts = split_amount(rng, redacted_total, int(n_red))
    for a in amounts:
        m = rng.choice(12, p=month_p)
        area, etype, purpose = pick(rng, [
            ("Children's Services", "Fostering Allowances", "Foster carer allowance"),
            ("Children's Services", "Special Guardianship", "SGO allowance"),
            ("Adult Social Care", "Direct Payments", "Direct payment"),
            ("Housing", "Discretionary Housing Payments", "DHP award"),
        ])
        lines.append(Line(-1, _weekday_in(rng, MONTHS[m]), int(a), area, etype, purpose))
    return lines


def plant_structures(rng, suppliers: list[Supplier], lines: list[Line]) -> dict:
    """Credits, identical pairs, split transactions, under-£500 lines, late September lines, one triple.

    Each planting moves money between lines of the same supplier, so supplier totals are unchanged.
    """
    by_sup: dict[int, list[int]] = defaultdict(list)
    for i, ln in enumerate(lines):
        by_sup[ln.sid].append(i)
    sup_ids = [s.sid for s in suppliers if len(by_sup[s.sid]) >= 4]
    sup_ids = [sup_ids[i] for i in rng.permutation(len(sup_ids))]
    free = lambda i: lines[i].tag == ""  # noqa: E731
    group = 0

    def take(sid: int, k: int) -> list[int] | None:
        idx = [i for i in by_sup[sid] if free(i)]
        if len(idx) < k:
            return None
        return [idx[j] for j in rng.choice(len(idx), size=k, replace=False)]

    it = iter(sup_ids * 3)
    # The triple: three equal September lines; the third appears only in the republished file.
    while True:
        sid = next(it)
        got = take(sid, 4)
        if got and lines[got[3]].amount > 60_000:
            break
    a, b, c, d = got
    each = max(55_000, (lines[a].amount + lines[b].amount + lines[c].amount) // 3)
    lines[d].amount += lines[a].amount + lines[b].amount + lines[c].amount - 3 * each
    sep_day = _weekday_in(rng, dt.date(2017, 9, 1))
    for i in (a, b, c):
        lines[i].amount, lines[i].date, lines[i].tag, lines[i].group = each, sep_day, "triple", group
        lines[i].area, lines[i].etype, lines[i].purpose = lines[a].area, lines[a].etype, lines[a].purpose
    lines[c].only_republished = True
    group += 1
    n_pairs = n_splits = n_credits = n_under = 0
    # Identical pairs within one file: separate payments, all kept.
    while n_pairs < 160:
        sid = next(it)
        got = take(sid, 3)
        if not got:
            continue
        i, j, k = got
        total = lines[i].amount + lines[j].amount
        half = total // 2
        lines[k].amount += total - 2 * half
        lines[j].date, lines[j].area, lines[j].etype, lines[j].purpose = (
            lines[i].date, lines[i].area, lines[i].etype, lines[i].purpose)
        for x in (i, j):
            lines[x].amount, lines[x].tag, lines[x].group = half, "pair", group
        group += 1
        n_pairs += 1
    # Splits: one transaction across two cost centres (differ in area and amount); some parts under £500.
    while n_splits < 220:
        sid = next(it)
        got = take(sid, 2)
        if not got:
            continue
        i, j = got
        s = suppliers[sid]
        areas = CATEGORIES[s.category][2]
        lines[j].date = lines[i].date
        if n_splits % 3 == 0:  # move money so one part falls under £500
            small = int(rng.integers(4_000, 49_000))
            lines[i].amount += lines[j].amount - small
            lines[j].amount = small
            n_under += 1
        if lines[j].amount == lines[i].amount:
            lines[j].amount -= 1
            lines[i].amount += 1
        lines[j].area = pick(rng, [x for x in areas if x != lines[i].area] or ["Corporate Services"])
        if lines[j].area == lines[i].area:
            lines[j].purpose = lines[i].purpose + " (part)"
        for x in (i, j):
            lines[x].tag, lines[x].group = "split", group
        group += 1
        n_splits += 1
    # Credits: a negative line, offset by a larger line of the same supplier.
    while n_credits < 700:
        sid = next(it)
        got = take(sid, 2)
        if not got:
            continue
        i, j = got
        credit = max(5_000, int(lines[i].amount * rng.uniform(0.1, 0.9)))
        lines[j].amount += lines[i].amount + credit
        lines[i].amount = -credit
        lines[i].tag = "credit"
        lines[i].purpose = pick(rng, ["Credit note", "Refund of overpayment", "Credit - duplicate invoice",
                                       "Contract rebate"])
        n_credits += 1
    # Late September lines: only in the republished September file.
    sep = [i for i, ln in enumerate(lines) if ln.date.month == 9 and free(i) and ln.sid >= 0]
    for i in sorted(rng.choice(len(sep), size=45, replace=False)):
        lines[sep[i]].tag = "late"
        lines[sep[i]].only_republished = True
        lines[sep[i]].date = dt.date(2017, 9, int(rng.choice([25, 26, 27, 28, 29])))
    # No amount sits exactly on a spend-band boundary, so every reading of the bands agrees.
    # (The penny moved here is why supplier totals are re-derived from the lines afterwards.)
    for ln in lines:
        if abs(ln.amount) in (100_000, 500_000, 10_000_000):
            ln.amount += 1 if ln.amount > 0 else -1
    return {"pairs": n_pairs, "splits": n_splits, "credits": n_credits, "under_500_split_parts": n_under}


def supplier_totals_from_lines(suppliers: list[Supplier], lines: list[Line]) -> None:
    """Supplier spend is by definition the sum of its lines; re-derive after plantings."""
    tot: Counter = Counter()
    for ln in lines:
        if ln.sid >= 0:
            tot[ln.sid] += ln.amount
    for s in suppliers:
        s.spend = tot[s.sid]


def assign_variants(rng, suppliers: list[Supplier], lines: list[Line]) -> None:
    styles = ["upper", "lower", "ltd", "amp", "the", "spaces", "punct"]
    classified = [s for s in suppliers if s.in_extract]
    for idx in rng.choice(len(classified), size=700, replace=False):
        classified[idx].variant = pick(rng, styles)
    # Typos only where no other supplier's name is close, so a conservative fuzzy match is unambiguous.
    keys = [normalise_name(s.name) for s in classified]
    cand = [i for i, s in enumerate(classified) if len(keys[i]) >= 16 and s.kind in ("company", "charity", "sole_trader")
            and any(len(w) >= 6 and w.isalpha() for w in s.name.split())]
    cand = [cand[i] for i in rng.permutation(len(cand))[:900]]
    scores = process.cdist([keys[i] for i in cand], keys, scorer=fuzz.ratio, workers=1)
    chosen = 0
    for row, i in enumerate(cand):
        sc = scores[row].copy()
        sc[i] = 0
        if sc.max() >= 75:
            continue
        s = classified[i]
        t = misspell(rng, s.name)
        if normalise_name(t) == keys[i] or fuzz.ratio(normalise_name(t), keys[i]) < 90:
            continue
        # Apr..Dec only: the Jan-Mar layout upper-cases names, which is not the point here.
        months = sorted({MONTHS.index(ln.date.replace(day=1)) for ln in lines if ln.sid == s.sid} & set(range(9)))
        if not months:
            continue
        s.typo, s.typo_month = t, months[int(rng.integers(len(months)))]
        chosen += 1
        if chosen == 25:
            break
    # Unmatched names must not resemble any classified name.
    for s in suppliers:
        if not s.in_extract:
            best = process.extractOne(normalise_name(s.name), keys, scorer=fuzz.token_set_ratio)
            assert best[1] < 80, (s.name, best)


def ledger_name(s: Supplier | None, month_idx: int, layout: str) -> str:
    if s is None:
        return REDACTED
    name = s.name
    if s.typo and s.typo_month == month_idx:
        name = s.typo
    elif s.variant:
        name = name_variant(name, s.variant)
    if layout == "D":  # the Jan-Mar finance export upper-cases payee names
        name = name.upper()
    return name
