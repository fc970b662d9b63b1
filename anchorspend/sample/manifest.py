"""The ground truth written to MANIFEST.json, worked out from the generated suppliers and lines, not by the pipeline."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from anchorspend.sample.calibration import BODY, MONTHS, N_LOCAL, N_SME, N_SUPPLIERS
from anchorspend.sample.formats import money_plain
from anchorspend.sample.ledgers import FileTruth
from anchorspend.sample.lines import Line
from anchorspend.sample.suppliers import Supplier


def _pct(part: int, whole: int) -> str:
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.0001")))


_gbp = money_plain


def ground_truth(suppliers: list[Supplier], lines: list[Line], truths: list[FileTruth], plant_stats: dict,
                  paths: dict) -> dict:
    total = sum(ln.amount for ln in lines)
    red = sum(ln.amount for ln in lines if ln.sid < 0)
    paid = list(suppliers)  # every supplier has net positive spend by construction
    cls = [s for s in paid if s.in_extract]

    def agg(pred):
        xs = [s for s in paid if pred(s)]
        return {"count": len(xs), "spend": _gbp(sum(s.spend for s in xs)), "pct": _pct(sum(s.spend for s in xs), total)}

    bands = {"below_1000": [0, 0], "1000_to_5000": [0, 0], "5000_to_100000": [0, 0], "above_100000": [0, 0]}
    for ln in lines:
        a = ln.amount
        k = ("below_1000" if a < 100_000 else "1000_to_5000" if a < 500_000 else
             "5000_to_100000" if a <= 10_000_000 else "above_100000")
        bands[k][0] += 1
        bands[k][1] += a
    months = Counter()
    for ln in lines:
        months[f"{ln.date:%Y-%m}"] += ln.amount
    sep = next(f for f in truths if f.path == "ledgers/2017-09.csv")
    rep = next(f for f in truths if f.path == "ledgers/2017-09_republished.csv")
    only_rep = [ln for ln in lines if ln.only_republished]
    late = [ln for ln in only_rep if ln.tag == "late"]
    files = []
    for ft in truths:
        loaded, amount = ft.payment_lines, ft.amount_lines
        if ft is rep:  # read after 2017-09.csv: only the lines September did not already hold
            loaded, amount = len(only_rep), sum(ln.amount for ln in only_rep)
        rec = {"path": ft.path, "layout": ft.layout, "data_lines": ft.data_lines,
               "payment_lines": ft.payment_lines, "payment_amount": _gbp(ft.amount_lines),
               "rejects": len(ft.rejects), "footer_lines": ft.footer_lines,
               # A totals footer is a line of the file too: nothing is lost, so it is read and rejected.
               "expected": {"rows_read": ft.data_lines + len(ft.footer_lines), "rows_loaded": loaded,
                            "rows_rejected": len(ft.rejects) + len(ft.footer_lines),
                            "rows_duplicate": ft.payment_lines - loaded, "amount_loaded": _gbp(amount)}}
        if ft.sheets:
            rec["sheets"] = {k: {**v, "amount": _gbp(v["amount"])} for k, v in ft.sheets.items()}
        files.append(rec)
    order_note = {
        "rule": "a line occurring k times in a new file and m times already loaded adds max(0, k - m)",
        "read_order": "discover() sorts paths and '_' sorts after '.', so 2017-09.csv is read first; "
                      "the files' 'expected' figures assume that order",
        "if_original_first": {"ledgers/2017-09.csv": {"loaded": sep.payment_lines, "duplicate": 0},
                              "ledgers/2017-09_republished.csv": {
                                  "loaded": len(only_rep), "duplicate": rep.payment_lines - len(only_rep),
                                  "amount_loaded": _gbp(sum(ln.amount for ln in only_rep))}},
        "if_republished_first": {"ledgers/2017-09_republished.csv": {"loaded": rep.payment_lines, "duplicate": 0},
                                 "ledgers/2017-09.csv": {"loaded": 0, "duplicate": sep.payment_lines}},
        "late_lines": len(late),
        "late_lines_amount": _gbp(sum(ln.amount for ln in late)),
        "triple_extra_lines": len(only_rep) - len(late),
        "triple": "one payment occurs twice in 2017-09.csv and three times in the republished file "
                  "(k=3, m=2: the third copy is a real late payment and is loaded)",
    }
    pairs_per_month = Counter()
    for ln in lines:
        if ln.tag == "pair":
            pairs_per_month[f"{ln.date:%Y-%m}"] += 1
    pairs_per_month = Counter({k: v // 2 for k, v in pairs_per_month.items()})
    unmatched = sorted((s for s in paid if not s.in_extract), key=lambda s: -s.spend)
    paid_months = {(ln.sid, MONTHS.index(ln.date.replace(day=1))) for ln in lines}
    typos = [{"ledger_name": s.typo, "extract_name": s.name, "month": f"{MONTHS[s.typo_month]:%Y-%m}"}
             for s in paid if s.typo and (s.sid, s.typo_month) in paid_months]
    sec = lambda s: s.region in ("lu_beds", "beds")  # noqa: E731
    return {
        "council": BODY,
        "financial_year": "2017/18",
        "targets": {"source": "strategy baseline (Spikes Cavell, 2017/18)", "total_spend_approx": "238000000",
                    "supplier_count": N_SUPPLIERS, "sme_supplier_count": N_SME, "pct_sme": "51",
                    "local_primary_supplier_count": N_LOCAL, "pct_local_primary": "25"},
        "files": {"ledgers": files, "supplier_extract": paths["extract"], "companies_house": paths["ch"]},
        "totals": {
            "payment_lines": len(lines),
            "total_spend": _gbp(total),
            "supplier_count": len(paid),
            "supplier_count_note": "distinct suppliers paid, including the unmatched ones and excluding redacted payees",
            "classified_supplier_count": len(cls),
            "redacted": {"lines": sum(ln.sid < 0 for ln in lines), "spend": _gbp(red), "pct": _pct(red, total)},
            "credits": {"lines": sum(ln.amount < 0 for ln in lines), "spend": _gbp(sum(ln.amount for ln in lines if ln.amount < 0))},
            "lines_under_500": sum(0 <= ln.amount < 50_000 for ln in lines),
        },
        "kpis": {
            "local_primary": agg(lambda s: s.local),
            "local_primary_outside_bedfordshire": agg(lambda s: s.region == "lu_outside_beds"),
            "local_secondary": agg(sec),
            "local_secondary_beyond_lu": agg(lambda s: s.region == "beds"),
            "sme": agg(lambda s: s.sme is True),
            "vcs": agg(lambda s: s.vcs),
            "local_sme": agg(lambda s: s.local and s.sme is True),
            "deprived_imd_1_2": agg(lambda s: s.imd is not None and s.imd <= 2),
            "local_deprived_imd_1_2": agg(lambda s: s.local and s.imd is not None and s.imd <= 2),
            "location_unknown_classified": agg(lambda s: s.in_extract and s.postcode is None),
            "sme_unknown_classified": agg(lambda s: s.in_extract and s.sme is None),
            "unmatched": agg(lambda s: not s.in_extract),
            "resolved_to_classified_pct": _pct(sum(s.spend for s in cls), total),
        },
        "evidence": {
            "sme_source": dict(Counter(str(s.sme_source) for s in cls)),
            "sme_by_source": {k: sum(1 for s in cls if str(s.sme_source) == k and s.sme) for k in
                              ("extract", "companies_house", "name", "None")},
            "companies_house_medium_counted_as_sme": 2,
            "vcs_source": dict(Counter(s.vcs_source for s in cls if s.vcs)),
            "plc_blank_sme_flag_rule4": sum(1 for s in cls if s.sme_source == "name"),
        },
        "spend_bands": {k: {"lines": v[0], "spend": _gbp(v[1])} for k, v in bands.items()},
        "spend_bands_note": "by signed line amount: below_1000 < £1,000 (credits included) <= 1000_to_5000 < £5,000 "
                            "<= 5000_to_100000 <= £100,000 < above_100000; no line sits exactly on a boundary",
        "monthly_spend": {k: _gbp(v) for k, v in sorted(months.items())},
        "planted_rejects": [r for ft in truths for r in ft.rejects],
        "republished_month": order_note,
        "identical_pairs": {"count": plant_stats["pairs"],
                            "note": "two equal lines in one file (same date, payee, amount, transaction number): "
                                    "separate payments, both loaded", "pairs_by_month": dict(sorted(pairs_per_month.items()))},
        "split_transactions": {"count": plant_stats["splits"],
                               "note": "two lines sharing a transaction number that differ in service area and amount"},
        "unmatched_suppliers": [{"name": s.name, "spend": _gbp(s.spend)} for s in unmatched],
        "typo_variants": typos,
        "name_variant_suppliers": sum(1 for s in cls if s.variant),
    }
