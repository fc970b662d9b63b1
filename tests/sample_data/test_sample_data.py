"""The bundled sample landing folder: reproducible, and calibrated to the strategy's 2017/18 baseline.

The calibration is checked without the pipeline: the ledgers are read here with the csv module and
openpyxl, money with Decimal, names matched with a normaliser written for this test, and SME evidence
taken from the extract and the Companies House file directly. Expected figures are the strategy's
(4,168 suppliers, 1,249 SMEs with 51% of spend, 269 LU suppliers with 25%) and the planted quirks
listed in sample_data/README.md, written out here by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from anchorspend.sample.generate import generate

REPO = Path(__file__).resolve().parents[2]
LANDING = REPO / "sample_data" / "landing"
GENERATED = ("ledgers", "supplier_extracts", "companies_house", "bodies.toml", "MANIFEST.json")

# Planted bad rows, by file, as documented in sample_data/README.md.
PLANTED_REJECTS = {
    "ledgers/2017-05.csv": 2,
    "ledgers/2017-07.csv": 2,
    "ledgers/2017-08.csv": 1,
    "ledgers/2017-10-to-12.xlsx": 3,
    "ledgers/2018-02.csv": 2,
    "ledgers/2018-03.csv": 1,
}
TOTALS_FOOTERS = {"ledgers/2018-01.csv", "ledgers/2018-02.csv", "ledgers/2018-03.csv"}


# ------------------------------------------------------------------ independent reader
def _money(text) -> Decimal | None:
    if isinstance(text, (int, float)):
        return Decimal(repr(text)).quantize(Decimal("0.01"))
    s = (text or "").strip().replace("£", "").replace(",", "")
    neg = s.startswith("-") or s.endswith("-")
    s = s.strip("-")
    if not re.fullmatch(r"\d+\.\d{2}", s):
        return None
    return -Decimal(s) if neg else Decimal(s)


def _date(text, fmt: str) -> dt.date | None:
    if isinstance(text, dt.datetime):
        return text.date()
    try:
        return dt.datetime.strptime(text.strip().title() if "%b" in fmt else text.strip(), fmt).date()
    except (ValueError, AttributeError):
        return None


def _csv_lines(path: Path, encoding: str, skip: int, cols: tuple[str, str, str], fmt: str):
    """(line tuple, supplier, amount) for every data line, or None for lines that are not payments."""
    text = path.read_bytes().decode(encoding)
    rows = list(csv.reader(text.splitlines()))[skip:]
    header, data = rows[0], rows[1:]
    i_name, i_amount, i_date = (header.index(c) for c in cols)
    for row in data:
        name, amount, date = row[i_name].strip(), _money(row[i_amount]), _date(row[i_date], fmt)
        if name.upper() == "TOTAL" and not row[i_date]:
            yield ("footer", None)
        elif not name or amount is None or date is None:
            yield ("reject", None)
        else:
            yield ("payment", (tuple(row), name, amount, date))


def _xlsx_lines(path: Path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        for row in rows:
            if row and row[0] == "Transaction No":
                break
        else:
            continue  # the Notes sheet
        for row in rows:
            name = (row[2] or "").strip()
            amount = _money(row[4])
            date = _date(row[1], "%d/%m/%Y")
            if not name or amount is None or date is None:
                yield ("reject", None)
            else:
                yield ("payment", ((ws.title,) + tuple(row[:2]) + (name, amount) + tuple(row[5:]), name, amount, date))


def read_ledgers(landing: Path):
    """Loaded payments after the k - m republication rule, plus per-file line outcomes."""
    layouts = {
        "A": dict(encoding="utf-8-sig", skip=0, cols=("Supplier Name", "Net Amount", "Date"), fmt="%d/%m/%Y"),
        "B": dict(encoding="cp1252", skip=3, cols=("Supplier(Beneficiary) Name", "Amount (£)", "Payment Date"),
                  fmt="%d-%b-%Y"),
        "D": dict(encoding="utf-8", skip=0, cols=("Vendor", "Value", "Paid Date"), fmt="%d/%m/%Y"),
    }
    month_layout = {4: "A", 5: "A", 6: "A", 7: "B", 8: "B", 9: "B", 1: "D", 2: "D", 3: "D"}
    loaded_keys: Counter = Counter()
    payments: list[tuple[str, Decimal, dt.date]] = []
    outcomes: dict[str, Counter] = {}
    # The council's files sit directly in ledgers/; the other anchors' folders are read in test_anchors.py.
    for path in sorted(p for p in (landing / "ledgers").iterdir() if p.is_file()):
        rel = f"ledgers/{path.name}"
        if path.suffix == ".xlsx":
            lines = list(_xlsx_lines(path))
        else:
            lines = list(_csv_lines(path, **layouts[month_layout[int(path.name[5:7])]]))
        out = Counter(kind for kind, _ in lines)
        file_keys = Counter(p[0] for kind, p in lines if kind == "payment")
        adds = {key: max(0, k - loaded_keys[key]) for key, k in file_keys.items()}
        seen: Counter = Counter()
        for kind, p in lines:
            if kind != "payment":
                continue
            seen[p[0]] += 1
            if seen[p[0]] <= adds[p[0]]:
                payments.append(p[1:])
                out["loaded"] += 1
            else:
                out["duplicate"] += 1
        loaded_keys.update(file_keys)
        outcomes[rel] = out
    return payments, outcomes


def norm(name: str) -> str:
    s = name.lower().replace("&", " and ").replace("'", "").replace("’", "")
    words = re.sub(r"[^0-9a-zà-ÿ]+", " ", s).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join("ltd" if w == "limited" else w for w in words)


def _flag(text: str) -> bool | None:
    t = text.strip().lower()
    return True if t in {"y", "yes", "true", "1"} else False if t in {"n", "no", "false", "0"} else None


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample_a")
    generate(out)
    return out


@pytest.fixture(scope="module")
def ledger_read():
    return read_ledgers(LANDING)


@pytest.fixture(scope="module")
def extract():
    """The council's extract (the anchors' own suppliers are in a second one)."""
    with open(LANDING / "supplier_extracts" / "spikes-cavell-luton-2017-18.csv", newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def manifest():
    return json.loads((LANDING / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def supplier_spend(ledger_read, extract, manifest):
    """Net spend by resolved supplier: extract row name, ('unmatched', name) or 'redacted'."""
    payments, _ = ledger_read
    by_norm = {norm(r["Supplier Name"]): r["Supplier Name"] for r in extract}
    assert len(by_norm) == len(extract), "extract names must be distinct after normalising"
    typos = {t["ledger_name"]: t["extract_name"] for t in manifest["typo_variants"]}
    spend: dict = defaultdict(Decimal)
    for name, amount, _date in payments:
        if name == "REDACTED - personal data":
            key = "redacted"
        elif norm(name) in by_norm:
            key = by_norm[norm(name)]
        elif name in typos:
            key = typos[name]
        else:
            key = ("unmatched", norm(name))
        spend[key] += amount
    return spend


# ------------------------------------------------------------------ tests
def test_generation_is_deterministic_and_leaves_other_folders_alone(regenerated, tmp_path):
    keep = tmp_path / "registers" / "keep.csv"  # another generator's output in the same landing folder
    keep.parent.mkdir()
    keep.write_text("x\n")
    # A second run in a fresh interpreter with another hash seed: set or dict order must not leak into bytes.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "anchorspend.sample", str(tmp_path)], cwd=REPO, env=env, check=True,
                   capture_output=True)
    assert keep.read_text() == "x\n"
    for sub in GENERATED:
        a, b = regenerated / sub, tmp_path / sub
        files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file()) if a.is_dir() else [Path()]
        assert files
        for f in files:
            assert (a / f).read_bytes() == (b / f).read_bytes(), f"{sub}/{f} differs between runs"


def test_committed_folder_is_the_generators_output(regenerated):
    for sub in GENERATED:
        if (regenerated / sub).is_dir():
            cmp = filecmp.dircmp(regenerated / sub, LANDING / sub)
            assert not (cmp.left_only or cmp.right_only), (sub, cmp.left_only, cmp.right_only)
            for p in (regenerated / sub).rglob("*"):
                if p.is_file():
                    rel = p.relative_to(regenerated / sub)
                    assert p.read_bytes() == (LANDING / sub / rel).read_bytes(), f"{sub}/{rel} is stale: regenerate"
        else:
            assert (regenerated / sub).read_bytes() == (LANDING / sub).read_bytes()


def test_every_line_is_loaded_rejected_or_duplicate(ledger_read, manifest):
    _payments, outcomes = ledger_read
    assert {f: c["reject"] for f, c in outcomes.items() if c["reject"]} == PLANTED_REJECTS
    assert {f for f, c in outcomes.items() if c["footer"]} == TOTALS_FOOTERS
    assert all(c["footer"] <= 1 for c in outcomes.values())
    # Only the republished September holds duplicates; 45 late lines and one third copy are new.
    assert {f: c["duplicate"] for f, c in outcomes.items() if c["duplicate"]} == {
        "ledgers/2017-09_republished.csv": outcomes["ledgers/2017-09.csv"]["loaded"]}
    assert outcomes["ledgers/2017-09_republished.csv"]["loaded"] == 45 + 1
    for f in manifest["files"]["ledgers"]:
        c = outcomes[f["path"]]
        exp = f["expected"]
        assert (c["loaded"], c["reject"] + c["footer"], c["duplicate"]) == (
            exp["rows_loaded"], exp["rows_rejected"], exp["rows_duplicate"]), f["path"]
        assert c["loaded"] + c["reject"] + c["footer"] + c["duplicate"] == exp["rows_read"] == exp["rows_loaded"] + exp["rows_rejected"] + exp["rows_duplicate"]


def test_identical_lines_within_a_file_are_kept(ledger_read):
    payments, _ = ledger_read
    repeats = Counter(payments)
    # 160 planted identical pairs, and the triple counts once more in September.
    assert sum(1 for n in repeats.values() if n >= 2) >= 150


def test_total_spend_and_shape(ledger_read, manifest):
    payments, _ = ledger_read
    total = sum(a for _, a, _ in payments)
    assert Decimal("237_500_000") < total < Decimal("238_500_000")
    # The council's 2017/18 baseline, as the README states it: the anchors beside it change nothing.
    assert (total, len(payments)) == (Decimal("238112947.63"), 47_442)
    assert str(total) == manifest["totals"]["total_spend"]
    assert 40_000 <= len(payments) <= 60_000
    assert all(dt.date(2017, 4, 1) <= d <= dt.date(2018, 3, 31) for _, _, d in payments)
    amounts = [a for _, a, _ in payments]
    assert sum(a < 0 for a in amounts) >= 500                      # credits
    assert 0 < sum(0 <= a < 500 for a in amounts) < 200            # a few lines under £500
    assert sum(a > 100_000 for a in amounts) >= 100                # the top spend band is populated
    assert sum(a != a.to_integral_value() for a in amounts) > 0.9 * len(amounts)  # pence


def test_supplier_count_and_resolution(supplier_spend, extract, manifest):
    suppliers = [k for k in supplier_spend if k != "redacted"]
    assert len(suppliers) == 4168
    unmatched = {k[1]: v for k, v in supplier_spend.items() if isinstance(k, tuple)}
    assert len(unmatched) == 30
    assert set(unmatched) == {norm(u["name"]) for u in manifest["unmatched_suppliers"]}
    total = sum(supplier_spend.values())
    classified = sum(v for k, v in supplier_spend.items() if isinstance(k, str) and k != "redacted")
    assert classified / total >= Decimal("0.95")
    # Every extract supplier is paid, and the extract's Spend column agrees with the ledgers to the penny.
    for row in extract:
        assert supplier_spend[row["Supplier Name"]] == _money(row["Spend"]), row["Supplier Name"]


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return part * 100 / whole


def test_local_primary_calibration(supplier_spend, extract):
    total = sum(supplier_spend.values())
    lu_postcodes = set()
    with open(REPO / "reference_data/nspl/latlon/LU.csv", newline="", encoding="utf-8") as fh:
        lu_postcodes = {r["Postcode"].replace(" ", "") for r in csv.DictReader(fh)}
    local = [r for r in extract if re.fullmatch(r"LU\d{1,2}\d[A-Z]{2}", r["Postcode"].replace(" ", "").upper())]
    assert len(local) == 269
    assert all(r["Postcode"].replace(" ", "").upper() in lu_postcodes for r in local)  # real postcodes
    share = _pct(sum(supplier_spend[r["Supplier Name"]] for r in local), total)
    assert abs(share - 25) < Decimal("0.3")


def test_sme_calibration(supplier_spend, extract):
    with open(next((LANDING / "companies_house").glob("*.csv")), newline="", encoding="utf-8") as fh:
        ch = {r[" CompanyNumber"]: r["Accounts.AccountCategory"] for r in csv.DictReader(fh)}
    small = {"MICRO ENTITY", "SMALL", "TOTAL EXEMPTION FULL", "TOTAL EXEMPTION SMALL", "UNAUDITED ABRIDGED",
             "MEDIUM"}  # MEDIUM: under 250 staff, an SME by the EU definition
    sme = []
    for r in extract:
        flag = _flag(r["SME"])
        if flag is None:
            number = r["Company Number"].strip()
            flag = ch.get(number.zfill(8) if number.isdigit() else number) in small
        if flag:
            sme.append(r)
    assert len(sme) == 1249
    share = _pct(sum(supplier_spend[r["Supplier Name"]] for r in sme), sum(supplier_spend.values()))
    assert abs(share - 51) < Decimal("0.3")


def test_vcs_suppliers(supplier_spend, extract):
    with open(next((LANDING / "companies_house").glob("*.csv")), newline="", encoding="utf-8") as fh:
        cic_numbers = {r[" CompanyNumber"] for r in csv.DictReader(fh) if r["CompanyCategory"] == "Community Interest Company"}
    vcs = []
    for r in extract:
        flag = _flag(r["VCSE"])
        if flag is None:
            number = r["Company Number"].strip()
            flag = (bool(r["Charity Number"].strip()) or (number.isdigit() and number.zfill(8) in cic_numbers)
                    or bool(re.search(r"\b(CIC|Community Interest Company)\b", r["Supplier Name"])))
        if flag:
            vcs.append(r)
    assert 200 <= len(vcs) <= 400
    share = _pct(sum(supplier_spend[r["Supplier Name"]] for r in vcs), sum(supplier_spend.values()))
    assert 5 <= share <= 8


def test_secondary_local_and_deprived_postcodes_are_real(extract):
    imd = {}
    for area in ("LU", "MK", "SG"):
        with open(REPO / f"reference_data/nspl/imd/{area}.csv", newline="", encoding="utf-8") as fh:
            imd.update({pc.replace(" ", ""): d for pc, d in csv.reader(fh)})
    outward = Counter(re.sub(r"\s", "", r["Postcode"]).upper()[:-3] for r in extract)
    beds = sum(n for o, n in outward.items() if o in {"MK40", "MK41", "MK42", "MK45", "SG15", "SG16", "SG17", "SG18"})
    assert beds >= 100
    deprived = [r for r in extract if imd.get(re.sub(r"\s", "", r["Postcode"]).upper()) in {"1", "2"}]
    assert len(deprived) >= 50
