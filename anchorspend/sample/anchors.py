"""The other Bedfordshire anchor bodies of the sample: police, fire and rescue, and the university.

They are written after the council, from their own random stream, so the council's files stay
byte for byte what they were. Each anchor has its own ledger layout in its own folder under
ledgers/; the police files carry no body column, so `bodies.toml` names that folder's body.
Anchors pay some of the council's suppliers (exactly as the council's extract names them, so
they resolve to the same supplier) and suppliers of their own, who are classified in a second,
clean extract. Their expected figures are worked out here from the generated lines and the
suppliers' true flags, never by the pipeline.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import xlsxwriter

from anchorspend.sample.calibration import BODY, FIXED_CREATED, MONTHS, REDACTED
from anchorspend.sample.formats import csv_text, money_gbp, money_plain
from anchorspend.sample.lines import WEEKDAYS, split_amount
from anchorspend.sample.names import company_name, make_names, name_stem, sole_trader_name, vcs_name
from anchorspend.sample.postcodes import Postcodes, _pc_format
from anchorspend.sample.suppliers import Supplier
from anchorspend.sample.vocabulary import (
    BEDS_OUTWARDS,
    CATEGORIES,
    INWARD_LETTERS,
    NATIONAL_OUTWARDS,
    NEAR_NONLOCAL_OUTWARDS,
    pick,
)

EXTRACT = "supplier_extracts/spikes-cavell-bedfordshire-anchors-2017-18.csv"
BODIES_TOML = "bodies.toml"
# LU outward codes wholly in Luton or Central Bedfordshire: primary and secondary local at once.
LU_OUTWARDS = ["LU1", "LU3", "LU4", "LU5"]
SHARED_WITH_COUNCIL_REGIONS = ("lu_beds", "beds", "near_nonlocal", "national")
# Own suppliers of the anchors, where they are: LU, Bedfordshire beyond LU, nearby, national.
OWN_REGION_P = {"lu_beds": 0.22, "beds": 0.14, "near_nonlocal": 0.2, "national": 0.44}


@dataclass(frozen=True)
class Anchor:
    folder: str
    name: str
    kind: str
    layout: str            # P: quarterly CSV, no body column | F: one CSV with a body column | U: one XLSX
    total_pence: int
    own_suppliers: int
    council_suppliers: int  # of the council's suppliers, how many this anchor pays too
    redacted_lines: int
    categories: tuple[str, ...]
    departments: tuple[str, ...]


ANCHORS = (
    Anchor("bedfordshire-police", "Bedfordshire Police", "police", "P", 31_406_218_55, 420, 80, 30,
           ("Vehicle Management", "Information Communication Technology", "Facilities & Management Services",
            "Consultancy", "Human Resources", "Catering", "Legal Services", "Construction"),
           ("Operational Support", "Estates", "Fleet", "ICT", "Custody", "Corporate Services")),
    Anchor("bedfordshire-fire-and-rescue", "Bedfordshire Fire and Rescue Service", "fire", "F", 9_812_440_17, 170, 40, 0,
           ("Vehicle Management", "Facilities & Management Services", "Construction", "Information Communication Technology",
            "Human Resources", "Utilities"),
           ("Response", "Fleet & Equipment", "Prevention", "Estates", "Corporate Services")),
    Anchor("university-of-bedfordshire", "University of Bedfordshire", "university", "U", 27_583_906_42, 380, 70, 0,
           ("Education", "Catering", "Information Communication Technology", "Construction",
            "Facilities & Management Services", "Arts & Leisure Services", "Consultancy", "Utilities"),
           ("Estates & Facilities", "Library & Learning", "Student Services", "IT Services", "Research", "Finance")),
)
SHARED_BETWEEN_ANCHORS = 50  # own suppliers that a second anchor pays too


@dataclass
class AnchorLine:
    body: str
    sid: int                # council or anchor supplier id; -1 for redacted payees
    date: dt.date
    amount: int             # pence
    department: str
    etype: str
    txn: int = 0


def _eligible_council_suppliers(council: list[Supplier]) -> list[Supplier]:
    """Council suppliers whose flags the extract alone decides and whose place is unambiguous,
    so what an anchor's line to them counts as is the same whichever way evidence is read."""
    return [s for s in council if s.in_extract and s.sme_source == "extract" and s.vcs_source == "extract"
            and s.region in SHARED_WITH_COUNCIL_REGIONS and s.kind in ("company", "plc", "charity", "sole_trader")]


def _postcode(rng, pcs: Postcodes, region: str) -> str:
    if region == "lu_beds":
        return _pc_format(pick(rng, [k for o in LU_OUTWARDS for k in pcs.outward_pool(o)]))
    if region == "beds":
        return _pc_format(pick(rng, [k for o in BEDS_OUTWARDS for k in pcs.outward_pool(o)]))
    if region == "near_nonlocal":
        return _pc_format(pick(rng, [k for o in NEAR_NONLOCAL_OUTWARDS for k in pcs.outward_pool(o)]))
    inward = f"{rng.integers(1, 10)}{pick(rng, INWARD_LETTERS)}{pick(rng, INWARD_LETTERS)}"
    return f"{pick(rng, NATIONAL_OUTWARDS)} {inward}"


def _own_suppliers(rng, pcs: Postcodes, council: list[Supplier]) -> dict[str, list[Supplier]]:
    taken = {name_stem(s.name) for s in council}
    used_co = {s.company_number for s in council if s.company_number}
    used_ch = {s.charity_number for s in council if s.charity_number}
    regions = list(OWN_REGION_P)
    region_p = np.array(list(OWN_REGION_P.values()))
    sid = max(s.sid for s in council) + 1
    out: dict[str, list[Supplier]] = {}
    for a in ANCHORS:
        own = []
        for _ in range(a.own_suppliers):
            region = regions[rng.choice(len(regions), p=region_p)]
            local = region == "lu_beds"
            category = pick(rng, list(a.categories))
            r = rng.random()
            kind = "charity" if r < 0.07 else "sole_trader" if r < 0.17 else "plc" if r < 0.22 else "company"
            vcs = kind == "charity"
            sme = True if kind == "sole_trader" else False if kind == "plc" else bool(vcs or rng.random() < 0.5)
            s = Supplier(sid=sid, name="", kind=kind, category=category, proclass2=pick(rng, CATEGORIES[category][0]),
                         local=local, sme=sme, vcs=vcs, region=region, county="Bedfordshire" if region in ("lu_beds", "beds") else None)
            sid += 1
            if kind == "charity":
                s.name = make_names(rng, 1, taken, lambda: vcs_name(rng, "charity", region in ("lu_beds", "beds")))[0]
            elif kind == "sole_trader":
                s.name = make_names(rng, 1, taken, lambda: sole_trader_name(rng, s.category))[0]
            else:
                size = "plc" if kind == "plc" else "ltd"
                s.name = make_names(rng, 1, taken, lambda: company_name(rng, s.category, local, size))[0]
            if kind in ("company", "plc"):
                # Numbers above the council's range: an anchor's supplier never folds into a council one.
                while (num := f"{rng.integers(11_200_000, 11_990_000):08d}") in used_co:
                    pass
                used_co.add(num)
                s.company_number = num
            if kind == "charity":
                while (num := str(rng.integers(1_176_000, 1_190_000))) in used_ch:
                    pass
                used_ch.add(num)
                s.charity_number = num
            s.postcode = _postcode(rng, pcs, region)
            s.imd = pcs.imd.get(s.postcode.replace(" ", ""))
            s.sme_flag = "Y" if s.sme else "N"
            s.vcs_flag = "Y" if s.vcs else "N"
            s.sme_source = s.vcs_source = "extract"
            own.append(s)
        out[a.name] = own
    return out


def _payees(rng, council: list[Supplier], own: dict[str, list[Supplier]]) -> dict[str, list[Supplier]]:
    """Who each anchor pays: its own suppliers, some of another anchor's, and some of the council's."""
    pool = _eligible_council_suppliers(council)
    # Local council suppliers are what a partnership shares most; weight them up.
    w = np.array([4.0 if s.region in ("lu_beds", "beds") else 1.0 for s in pool])
    payees = {a.name: list(own[a.name]) for a in ANCHORS}
    for a in ANCHORS:
        idx = rng.choice(len(pool), size=a.council_suppliers, replace=False, p=w / w.sum())
        payees[a.name] += [pool[i] for i in sorted(idx)]
    names = [a.name for a in ANCHORS]
    for k in range(SHARED_BETWEEN_ANCHORS):
        src = names[k % len(names)]
        dst = names[(k + 1 + int(rng.integers(0, len(names) - 1))) % len(names)]
        if dst == src:
            dst = names[(names.index(src) + 1) % len(names)]
        s = own[src][int(rng.integers(0, len(own[src])))]
        if s not in payees[dst]:
            payees[dst].append(s)
    return payees


def _lines(rng, payees: dict[str, list[Supplier]]) -> list[AnchorLine]:
    lines: list[AnchorLine] = []
    for a in ANCHORS:
        sups = payees[a.name]
        base = rng.integers(60_000, 150_000, size=len(sups))
        weight = rng.lognormal(0.0, 1.5, size=len(sups)) * np.array([3.0 if s.kind == "plc" else 1.0 for s in sups])
        red_total = a.redacted_lines * 90_000
        spend = base + np.floor((a.total_pence - red_total - base.sum()) * weight / weight.sum()).astype(np.int64)
        spend[np.argmax(spend)] += a.total_pence - red_total - spend.sum()
        for s, total in zip(sups, spend):
            pounds = int(total) / 100
            n = max(1, min(12, int(round(pounds ** 0.5 / 32)), int(pounds // 620)))
            amounts = split_amount(rng, int(total), n)
            if n >= 3 and rng.random() < 0.25:
                # A credit note, netted off by a larger invoice of the same supplier: the total is unchanged.
                credit = int(amounts[0] * rng.uniform(0.2, 0.6))
                amounts[1] += amounts[0] + credit
                amounts[0] = -credit
            for amount in amounts:
                month = MONTHS[int(rng.integers(0, 12))]
                days = WEEKDAYS[month]
                cat = CATEGORIES[s.category]
                lines.append(AnchorLine(a.name, s.sid, days[int(rng.integers(0, len(days)))], int(amount),
                                        pick(rng, list(a.departments)), pick(rng, cat[3])))
        if a.redacted_lines:
            for amount in split_amount(rng, red_total, a.redacted_lines):
                month = MONTHS[int(rng.integers(0, 12))]
                lines.append(AnchorLine(a.name, -1, pick(rng, WEEKDAYS[month]), int(amount), "Operational Support",
                                        "Witness and victim expenses"))
    lines.sort(key=lambda ln: (ln.body, ln.date, ln.sid, ln.amount))
    seq: dict[str, int] = defaultdict(int)
    for ln in lines:
        seq[ln.body] += 1
        ln.txn = seq[ln.body]
    return lines


def _payee_name(s: Supplier | None) -> str:
    return REDACTED if s is None else s.name


def _write_police(out: Path, a: Anchor, lines: list[AnchorLine], sup: dict[int, Supplier]) -> list[dict]:
    """Layout P: one CSV a quarter, UTF-8, CRLF, ISO dates and no body column."""
    files = []
    for q in range(4):
        months = MONTHS[3 * q: 3 * q + 3]
        path = f"ledgers/{a.folder}/2017-18-q{q + 1}.csv"
        rows = [["Transaction Date", "Transaction Reference", "Supplier Name", "Amount", "Expense Type", "Service Division"]]
        chosen = [ln for ln in lines if ln.date.replace(day=1) in months]
        for ln in chosen:
            rows.append([f"{ln.date:%Y-%m-%d}", f"BP{ln.txn:06d}", _payee_name(sup.get(ln.sid)), money_plain(ln.amount),
                         ln.etype, ln.department])
        (out / path).write_bytes(csv_text(rows, "\r\n").encode("utf-8"))
        files.append(_file_truth(path, chosen))
    return files


def _write_fire(out: Path, a: Anchor, lines: list[AnchorLine], sup: dict[int, Supplier]) -> list[dict]:
    """Layout F: the whole year in one Windows-1252 CSV with an Organisation Name column and £ amounts."""
    path = f"ledgers/{a.folder}/spend-over-500-2017-18.csv"
    rows = [["Organisation Name", "Payment Date", "Payment Reference", "Beneficiary", "Net Amount", "Expense Area",
             "Expense Type"]]
    for ln in lines:
        rows.append([a.name, f"{ln.date:%d %b %Y}", f"FRS/{ln.txn:05d}", _payee_name(sup.get(ln.sid)),
                     money_gbp(ln.amount), ln.department, ln.etype])
    (out / path).write_bytes(csv_text(rows, "\n").encode("cp1252"))
    return [_file_truth(path, lines)]


def _write_university(out: Path, a: Anchor, lines: list[AnchorLine], sup: dict[int, Supplier]) -> list[dict]:
    """Layout U: one XLSX, a Payments sheet with a Body Name column, real dates and numbers, upper-case payees."""
    path = f"ledgers/{a.folder}/payments-over-500-2017-18.xlsx"
    wb = xlsxwriter.Workbook(str(out / path), {"strings_to_numbers": False})
    wb.set_properties({"title": f"{a.name} payments over £500, 2017/18", "author": a.name, "created": FIXED_CREATED})
    f_date = wb.add_format({"num_format": "dd/mm/yyyy"})
    f_money = wb.add_format({"num_format": "#,##0.00"})
    ws = wb.add_worksheet("Payments")
    ws.write_row(0, 0, ["Body Name", "Date", "Invoice Ref", "Supplier", "Department", "Category", "Value"])
    for r, ln in enumerate(lines, start=1):
        ws.write_string(r, 0, a.name)
        ws.write_datetime(r, 1, dt.datetime(ln.date.year, ln.date.month, ln.date.day), f_date)
        ws.write_string(r, 2, f"UOB{ln.txn:06d}")
        ws.write_string(r, 3, _payee_name(sup.get(ln.sid)).upper())
        ws.write_string(r, 4, ln.department)
        ws.write_string(r, 5, ln.etype)
        ws.write_number(r, 6, ln.amount / 100, f_money)
    wb.close()
    return [_file_truth(path, lines)]


def _file_truth(path: str, lines: list[AnchorLine]) -> dict:
    total = sum(ln.amount for ln in lines)
    return {"path": path, "payment_lines": len(lines), "payment_amount": money_plain(total),
            "expected": {"rows_read": len(lines), "rows_loaded": len(lines), "rows_rejected": 0, "rows_duplicate": 0,
                         "amount_loaded": money_plain(total)}}


WRITERS = {"P": _write_police, "F": _write_fire, "U": _write_university}


def _write_extract(out: Path, own: dict[str, list[Supplier]], spend: dict[int, int]) -> None:
    """The anchors' own suppliers, classified the way the council's extract is, but with clean values."""
    rows = [["Supplier Name", "Postcode", "Company Number", "Charity Number", "SME", "VCSE", "Proclass Level 1",
             "Proclass Level 2", "Spend"]]
    every = {s.sid: s for ss in own.values() for s in ss}
    for s in sorted(every.values(), key=lambda s: (-spend[s.sid], s.name)):
        rows.append([s.name, s.postcode or "", s.company_number or "", s.charity_number or "", s.sme_flag, s.vcs_flag,
                     s.category, s.proclass2, money_plain(spend[s.sid])])
    (out / EXTRACT).write_bytes(b"\xef\xbb\xbf" + csv_text(rows, "\r\n").encode("utf-8"))


def _write_bodies_toml(out: Path) -> None:
    text = ["# Which body each folder under ledgers/ holds (see README, \"Partnership\").",
            f"# Files directly in ledgers/ are the council's ({BODY}).", ""]
    for a in ANCHORS:
        text += [f"[folders.{a.folder}]", f'name = "{a.name}"', f'kind = "{a.kind}"', ""]
    (out / BODIES_TOML).write_text("\n".join(text), encoding="utf-8")


def _pct(part: int, whole: int) -> str:
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.0001")))


def _figures(per_supplier: dict[int, int], info: dict[int, Supplier | None], lines_count: int) -> dict:
    """Spend measures as marts.kpi_spend_by_year defines them, from (supplier -> net pence)."""
    total = sum(per_supplier.values())
    paid = {sid: p for sid, p in per_supplier.items() if sid >= 0 and p > 0}

    def agg(pred):
        # Spend counts every supplier of the kind (net, credits included); the count only those paid.
        spend = sum(p for sid, p in per_supplier.items() if sid >= 0 and pred(info[sid]))
        return {"count": sum(1 for sid in paid if pred(info[sid])), "spend": money_plain(spend), "pct": _pct(spend, total)}

    return {
        "payment_lines": lines_count,
        "total_spend": money_plain(total),
        "supplier_count": len(paid),
        "redacted_spend": money_plain(per_supplier.get(-1, 0)),
        "local_primary": agg(lambda s: s.local),
        "local_secondary": agg(lambda s: s.region in ("lu_beds", "beds")),
        "sme": agg(lambda s: s.sme is True),
        "vcs": agg(lambda s: s.vcs),
    }


def generate_anchors(out: Path, council: list[Supplier], council_lines: list, pcs: Postcodes, seed: int) -> dict:
    """Write the anchors' ledgers, their extract and bodies.toml; return their ground truth for MANIFEST.json."""
    rng = np.random.default_rng([seed, 12])
    own = _own_suppliers(rng, pcs, council)
    payees = _payees(rng, council, own)
    lines = _lines(rng, payees)
    sup = {s.sid: s for s in council} | {s.sid: s for ss in own.values() for s in ss}
    bodies = {}
    net: dict[str, dict[int, int]] = {}
    for a in ANCHORS:
        (out / "ledgers" / a.folder).mkdir(parents=True, exist_ok=True)
        mine = [ln for ln in lines if ln.body == a.name]
        files = WRITERS[a.layout](out, a, mine, sup)
        per: dict[int, int] = defaultdict(int)
        for ln in mine:
            per[ln.sid] += ln.amount
        net[a.name] = dict(per)
        bodies[a.name] = {"kind": a.kind, "folder": f"ledgers/{a.folder}", "layout": a.layout,
                          "body_column": a.layout != "P", "files": files,
                          **_figures(per, sup, len(mine))}
    anchor_spend: dict[int, int] = defaultdict(int)
    for ln in lines:
        if ln.sid >= 0:
            anchor_spend[ln.sid] += ln.amount
    _write_extract(out, own, anchor_spend)
    _write_bodies_toml(out)
    council_net: dict[int, int] = defaultdict(int)
    for ln in council_lines:
        council_net[ln.sid] += ln.amount
    net_all = {BODY: dict(council_net), **net}
    return {"bodies": bodies, "partnership": _partnership(net_all, sup, len(council_lines) + len(lines)),
            "anchor_extract": {"path": EXTRACT, "suppliers": sum(len(v) for v in own.values()),
                               "note": "the anchors' own suppliers; those they share with the council are in the "
                                       "council's extract"}}


def _partnership(net: dict[str, dict[int, int]], sup: dict[int, Supplier], lines_count: int) -> dict:
    """The bodies added up as one buyer (supplier net spend over every body), plus who is shared."""
    combined: dict[int, int] = defaultdict(int)
    for per in net.values():
        for sid, p in per.items():
            combined[sid] += p
    info = {sid: sup.get(sid) for sid in combined}
    fig = _figures(combined, info, lines_count)
    payers = defaultdict(list)
    for body, per in net.items():
        for sid, p in per.items():
            if sid >= 0 and p > 0:
                payers[sid].append(body)
    shared = {sid: bs for sid, bs in payers.items() if len(bs) > 1}
    local_shared = sorted(
        ({"name": sup[sid].name, "body_count": len(bs), "bodies": sorted(bs),
          "total_spend": money_plain(sum(net[b][sid] for b in bs)),
          "is_local_primary": sup[sid].local, "is_local_secondary": sup[sid].region in ("lu_beds", "beds")}
         for sid, bs in shared.items() if sup[sid].local or sup[sid].region in ("lu_beds", "beds")),
        key=lambda r: (-r["body_count"], -Decimal(r["total_spend"]), r["name"]))
    return {"financial_year": "2017/18", "body_count": len(net), **fig,
            "shared_supplier_count": len(shared), "shared_local_supplier_count": len(local_shared),
            "shared_local_suppliers": local_shared,
            "note": "every body's lines added up as one buyer, with marts.kpi_spend_by_year's definitions; a supplier "
                    "is shared when more than one body paid it a positive net amount in the year"}
