"""The sample's other Bedfordshire anchors: their files read without the pipeline agree with
MANIFEST.json, and beside the council they make a partnership with shared suppliers.

The ledgers are read here with the csv module and openpyxl and money with Decimal; suppliers are
told apart by their names as the two extracts spell them (the anchors write every name the way
its extract does, upper-casing aside). Nothing here imports the generator or the pipeline.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tomllib
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from test_sample_data import LANDING, _money, norm, read_ledgers

EXTRACTS = ("spikes-cavell-luton-2017-18.csv", "spikes-cavell-bedfordshire-anchors-2017-18.csv")
REDACTED = "REDACTED - personal data"


def _police(folder: Path):
    for path in sorted(folder.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                yield path, row["Supplier Name"], _money(row["Amount"]), dt.date.fromisoformat(row["Transaction Date"]), None


def _fire(folder: Path):
    for path in sorted(folder.glob("*.csv")):
        with open(path, newline="", encoding="cp1252") as fh:
            for row in csv.DictReader(fh):
                date = dt.datetime.strptime(row["Payment Date"], "%d %b %Y").date()
                yield path, row["Beneficiary"], _money(row["Net Amount"]), date, row["Organisation Name"]


def _university(folder: Path):
    for path in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = wb["Payments"].iter_rows(values_only=True)
        header = next(rows)
        i = {h: n for n, h in enumerate(header)}
        for row in rows:
            yield path, row[i["Supplier"]], _money(row[i["Value"]]), row[i["Date"]].date(), row[i["Body Name"]]


READERS = {"bedfordshire-police": _police, "bedfordshire-fire-and-rescue": _fire, "university-of-bedfordshire": _university}


@pytest.fixture(scope="module")
def manifest():
    return json.loads((LANDING / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bodies_toml():
    with open(LANDING / "bodies.toml", "rb") as fh:
        return tomllib.load(fh)["folders"]


@pytest.fixture(scope="module")
def classified():
    """Normalised name -> extract row, over both extracts (no name is in both)."""
    out = {}
    for name in EXTRACTS:
        with open(LANDING / "supplier_extracts" / name, newline="", encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                key = norm(row["Supplier Name"])
                assert key not in out, f"{row['Supplier Name']} is in both extracts"
                out[key] = row
    return out


@pytest.fixture(scope="module")
def anchor_lines(bodies_toml):
    """body -> [(payee, amount, date)], reading each anchor's folder its own way."""
    out = {}
    for folder, entry in bodies_toml.items():
        lines = []
        for _path, payee, amount, date, body_column in READERS[folder](LANDING / "ledgers" / folder):
            assert amount is not None and payee
            # A file's body column, where it has one, agrees with the folder's body in bodies.toml.
            assert body_column in (None, entry["name"])
            lines.append((payee, amount, date))
        out[entry["name"]] = lines
    return out


@pytest.fixture(scope="module")
def council_lines():
    payments, _ = read_ledgers(LANDING)
    return payments


def test_bodies_toml_names_each_folder_and_one_has_no_body_column(bodies_toml, manifest):
    assert {f: (e["name"], e["kind"]) for f, e in bodies_toml.items()} == {
        "bedfordshire-police": ("Bedfordshire Police", "police"),
        "bedfordshire-fire-and-rescue": ("Bedfordshire Fire and Rescue Service", "fire"),
        "university-of-bedfordshire": ("University of Bedfordshire", "university"),
    }
    with open(next((LANDING / "ledgers" / "bedfordshire-police").glob("*.csv")), encoding="utf-8") as fh:
        header = fh.readline()
    assert "body" not in header.lower() and "organisation" not in header.lower()
    assert [b for b, v in manifest["bodies"].items() if not v["body_column"]] == ["Bedfordshire Police"]


def _flags(row: dict) -> dict:
    pc = row["Postcode"].replace(" ", "").upper()
    outward = pc[:-3]
    beds = {"MK40", "MK41", "MK42", "MK45", "SG15", "SG16", "SG17", "SG18"}
    return {"local_primary": pc.startswith("LU"),
            # Read only for suppliers an anchor pays: none of them is one of the five LU suppliers
            # outside Bedfordshire (sample_data/README.md), so every LU postcode here is in Bedfordshire.
            "local_secondary": pc.startswith("LU") or outward in beds,
            "sme": row["SME"].strip().upper() in {"Y", "YES", "TRUE", "1"},
            "vcs": row["VCSE"].strip().upper() in {"Y", "YES", "TRUE", "1"}}


def _net_by_supplier(lines, classified) -> dict[str, Decimal]:
    net: dict[str, Decimal] = defaultdict(Decimal)
    for payee, amount, _date in lines:
        net["redacted" if payee == REDACTED else norm(payee)] += amount
    return net


def test_each_anchor_matches_its_manifest_figures(anchor_lines, classified, manifest):
    for body, lines in anchor_lines.items():
        exp = manifest["bodies"][body]
        net = _net_by_supplier(lines, classified)
        assert all(k == "redacted" or k in classified for k in net), "every anchor payee is in an extract"
        total = sum(net.values())
        assert (len(lines), str(total)) == (exp["payment_lines"], exp["total_spend"]), body
        assert all(dt.date(2017, 4, 1) <= d <= dt.date(2018, 3, 31) for _, _, d in lines)
        paid = [k for k, v in net.items() if k != "redacted" and v > 0]
        assert len(paid) == exp["supplier_count"], body
        for measure in ("local_primary", "local_secondary", "sme", "vcs"):
            members = [k for k in net if k != "redacted" and _flags(classified[k])[measure]]
            spend = sum(net[k] for k in members)
            assert (sum(1 for k in members if net[k] > 0), str(spend)) == (
                exp[measure]["count"], exp[measure]["spend"]), (body, measure)


def test_partnership_totals_and_shared_suppliers(anchor_lines, council_lines, classified, manifest):
    """Every body's lines added up; a supplier is shared when two or more bodies paid it a net positive sum."""
    council = manifest["council"]
    typos = {t["ledger_name"]: t["extract_name"] for t in manifest["typo_variants"]}
    by_body = {council: [(typos.get(n, n), a, d) for n, a, d in council_lines], **anchor_lines}
    nets = {body: _net_by_supplier(lines, classified) for body, lines in by_body.items()}
    p = manifest["partnership"]
    assert p["body_count"] == len(nets) == 4
    assert str(sum(sum(n.values()) for n in nets.values())) == p["total_spend"]
    assert Decimal(p["total_spend"]) == Decimal("238112947.63") + sum(
        Decimal(manifest["bodies"][b]["total_spend"]) for b in anchor_lines)
    payers = defaultdict(set)
    for body, net in nets.items():
        for k, v in net.items():
            if k != "redacted" and v > 0:
                payers[k].add(body)
    shared = {k for k, bs in payers.items() if len(bs) > 1}
    assert len(shared) == p["shared_supplier_count"] > 100
    # Anchors share suppliers with the council and with each other.
    assert any(council in payers[k] for k in shared) and any(council not in payers[k] for k in shared)
    local = {k for k in shared if k in classified and _flags(classified[k])["local_secondary"]}
    assert {norm(r["name"]) for r in p["shared_local_suppliers"]} == local
    for r in p["shared_local_suppliers"]:
        k = norm(r["name"])
        assert r["body_count"] == len(payers[k]) and set(r["bodies"]) == payers[k]
        assert Decimal(r["total_spend"]) == sum(nets[b].get(k, Decimal(0)) for b in nets)
