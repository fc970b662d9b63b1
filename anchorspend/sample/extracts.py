"""The supplier-side files: the Spikes Cavell extract and the Companies House subset."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from anchorspend.sample.formats import csv_text, money_gbp, money_plain
from anchorspend.sample.suppliers import Supplier
from anchorspend.sample.vocabulary import pick


def _dirty_postcode(rng, pc: str | None) -> str:
    if pc is None:
        return pick(rng, ["", "", "Various", "-", "N/A", "TBC"])
    r = rng.random()
    if r < 0.1:
        return pc.replace(" ", "").lower()
    if r < 0.18:
        return f" {pc.replace(' ', '  ')} "
    if r < 0.25:
        return pc.lower()
    if r < 0.3:
        return pc.replace(" ", "")
    return pc


def write_extract(rng, out: Path, suppliers: list[Supplier]) -> str:
    path = "supplier_extracts/spikes-cavell-luton-2017-18.csv"
    (out / "supplier_extracts").mkdir(parents=True, exist_ok=True)
    rows = [["Supplier Name", "Postcode", "Company Number", "Charity Number", "SME", "VCSE", "Proclass Level 1",
             "Proclass Level 2", "Spend"]]
    for s in sorted((s for s in suppliers if s.in_extract), key=lambda s: (-s.spend, s.name)):
        co = s.company_number or ""
        if co.isdigit() and rng.random() < 0.25:
            co = co.lstrip("0")
        elif not co and rng.random() < 0.05:
            co = "-"
        p1, p2 = s.category, s.proclass2
        if rng.random() < 0.03:
            p1, p2 = "Various", ""
        spend = money_plain(s.spend) if rng.random() < 0.7 else money_gbp(s.spend)
        rows.append([s.name, _dirty_postcode(rng, s.postcode), co, s.charity_number or "", s.sme_flag, s.vcs_flag,
                     p1, p2, spend])
    (out / path).write_bytes(b"\xef\xbb\xbf" + csv_text(rows, "\r\n").encode("utf-8"))
    return path


def write_companies_house(rng, out: Path, suppliers: list[Supplier]) -> str:
    path = "companies_house/BasicCompanyData-2018-04-01-luton-suppliers.csv"
    (out / "companies_house").mkdir(parents=True, exist_ok=True)
    # Real BasicCompanyData headers carry a leading space on CompanyNumber.
    rows = [["CompanyName", " CompanyNumber", "RegAddress.PostTown", "RegAddress.PostCode", "CompanyCategory",
             "CompanyStatus", "IncorporationDate", "Accounts.AccountCategory"]]
    for s in sorted((s for s in suppliers if s.in_ch), key=lambda s: s.company_number):
        inc = dt.date(1960, 1, 1) + dt.timedelta(int(rng.integers(0, 20000)))
        rows.append([s.name.upper(), s.company_number, "", s.postcode or "", s.ch_category, "Active",
                     f"{inc:%d/%m/%Y}", s.ch_accounts])
    (out / path).write_bytes(csv_text(rows, "\n").encode("utf-8"))
    return path
