"""Supplier files -> core.dim_supplier / core.supplier_match / fct_payment.supplier_key /
marts.unmatched_suppliers, on a real DuckDB file. Every expected figure below is worked out by
hand from the rows written in this file."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from anchorspend.pipelines.config import council_config
from anchorspend.pipelines.suppliers import build_dim_supplier, build_unmatched_suppliers, ingest_supplier_sources, link_payments

EXTRACT = """Supplier classification extract,,,,,,
Produced for Luton Borough Council,,,,,,
,,,,,,
Supplier Name,Post Code,Company No,Charity No,SME (Y/N),VCSE,Spend
Acme Widgets Ltd,lu1 1aa,1234567,,Y,N,"£1,000.00"
Luton Youth Trust,LU2 7AA,,1100001,-,,500
Green Shoots CIC,LU3 1AA,9999999,,,,
Various Things,Various,Various,,Various,Noo,
,LU1 1AA,,,,,
Total,,,,,,"£1,500.00"
Override Me Ltd,M1 5JW,7654321,,N,N,
Smith Cleaning Services,LU6 1AA,,,Y,N,
Smith Cleaning Service,LU6 1AA,,,Y,N,
"""

COMPANIES_HOUSE = """CompanyName, CompanyNumber,RegAddress.PostCode,CompanyCategory,Accounts.AccountCategory
GREEN SHOOTS COMMUNITY INTEREST COMPANY,09999999,LU3 1AA,Community Interest Company,MICRO ENTITY
BIG CORP PLC,00445790,EC1A 1BB,Public Limited Company,FULL
UNRELATED LIMITED,01111111,LU1 1AA,Private Limited Company,SMALL
"""

CHARITIES = """Charity Number,Charity Name,Postcode
1200002,Dunstable Helping Hands,LU6 1AA
"""

OVERRIDES = """supplier_name,company_number,postcode,is_sme,is_vcs,is_local_primary,is_local_secondary,note
Override Me Limited,,LU1 1AA,Yes,,,,moved to Luton in 2023 (letter on file)
,445790,,,,,No,Big Corp's contracting office is in London
MYSTERY SUPPLIER B,,,,Yes,,,a community group: confirmed by phone
"""

# (supplier_name, supplier_id, amount, payment_date)
PAYMENTS = [
    ("ACME WIDGETS LIMITED", None, "100.00", date(2023, 4, 3)),
    ("ACME WIDGETS LIMITED", None, "100.00", date(2023, 4, 3)),
    ("Acme Widgets", "01234567", "250.00", date(2023, 5, 1)),
    ("Acme Widgetts Ltd", None, "40.00", date(2023, 5, 2)),
    ("Acme Widgits", None, "700.00", date(2023, 5, 9)),
    ("Redacted personal data", None, "50.00", date(2023, 4, 12)),
    ("REDACTED", None, "20.00", date(2023, 6, 1)),
    ("Big Corp", "445790", "9000.00", date(2023, 6, 2)),
    ("Mystery Supplier A", None, "1000.00", date(2023, 4, 20)),
    ("Mystery Supplier A", None, "3000.00", date(2023, 6, 20)),
    ("Mystery Supplier A", None, "1000.00", date(2023, 5, 20)),
    ("Mystery Supplier B", None, "200.00", date(2023, 5, 5)),
    ("Dunstable Helping Hands", None, "300.00", date(2023, 5, 6)),
    ("Override Me Limited", None, "60.00", date(2023, 5, 7)),
    ("Totally Different Name", "1234567", "80.00", date(2023, 5, 8)),
    ("Smith Cleaning Servics", None, "90.00", date(2023, 5, 9)),
    ("luton youth trust", None, "75.00", date(2023, 6, 9)),
]


def _landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    for sub, name, text in (
        ("supplier_extracts", "extract.csv", EXTRACT),
        ("companies_house", "BasicCompanyData-part1.csv", COMPANIES_HOUSE),
        ("charities", "register.csv", CHARITIES),
    ):
        (landing / sub).mkdir(parents=True, exist_ok=True)
        (landing / sub / name).write_text(text, encoding="utf-8")
    return landing


def _payments(con) -> None:
    for i, (name, sid, amount, day) in enumerate(PAYMENTS):
        con.execute(
            """INSERT INTO core.fct_payment (body, payment_date, supplier_name, supplier_id, amount, financial_year,
                   month, source_file, file_sha256, source_line, line_key)
               VALUES ('Luton Borough Council', ?, ?, ?, ?, '2023/24', date_trunc('month', ?::DATE), 'ledgers/x.csv', 'sha', ?, ?)""",
            [day, name, sid, Decimal(amount), day, i + 2, f"k{i}"],
        )


@pytest.fixture
def built(con, tmp_path: Path):
    landing = _landing(tmp_path)
    results = ingest_supplier_sources(con, landing)
    _payments(con)
    overrides = tmp_path / "supplier_overrides.csv"
    overrides.write_text(OVERRIDES, encoding="utf-8")
    summary = build_dim_supplier(con, council_config(), overrides_path=overrides)
    return con, landing, results, summary


def _match(con) -> dict[str, tuple]:
    rows = con.execute("SELECT supplier_name, supplier_key, match_method FROM core.supplier_match").fetchall()
    return {n: (k, m) for n, k, m in rows}


def _dim(con, key: str) -> dict:
    cur = con.execute("SELECT * FROM core.dim_supplier WHERE supplier_key = ?", [key])
    cols = [d[0] for d in cur.description]
    rows = cur.fetchall()
    assert len(rows) == 1, f"{key}: {len(rows)} rows"
    return dict(zip(cols, rows[0]))


def test_ingest_records_files_and_rejects_with_reasons(built):
    con, _, results, _ = built
    by_file = {r.source_file: r for r in results}
    ext = by_file["supplier_extracts/extract.csv"]
    # 9 data lines under the header; the blank-name postcode-only line and the Total line are rejected.
    assert (ext.status, ext.rows_read, ext.rows_loaded, ext.rows_rejected) == ("loaded", 9, 7, 2)
    assert by_file["companies_house/BasicCompanyData-part1.csv"].rows_loaded == 3
    assert by_file["charities/register.csv"].rows_loaded == 1
    rejected = con.execute(
        "SELECT source_line, reason FROM audit.rejected_rows WHERE source_file = 'supplier_extracts/extract.csv' ORDER BY 1"
    ).fetchall()
    assert rejected == [(9, "no supplier name or number"), (10, "totals row: 'Total'")]
    kinds = dict(con.execute("SELECT source_file, kind FROM audit.ingest_files").fetchall())
    assert kinds == {
        "supplier_extracts/extract.csv": "supplier_extract",
        "companies_house/BasicCompanyData-part1.csv": "companies_house",
        "charities/register.csv": "charities",
    }


def test_reingest_skips_unchanged_and_replaces_changed(built):
    con, landing, _, _ = built
    again = ingest_supplier_sources(con, landing)
    assert {r.status for r in again} == {"unchanged"}
    (landing / "charities" / "register.csv").write_text(CHARITIES + "1300003,Another Charity,LU1 1AA\n")
    third = {r.source_file: r for r in ingest_supplier_sources(con, landing)}
    assert third["charities/register.csv"].rows_loaded == 2
    statuses = con.execute(
        "SELECT status FROM audit.ingest_files WHERE source_file = 'charities/register.csv' ORDER BY ingested_at"
    ).fetchall()
    assert [s for (s,) in statuses] == ["superseded", "loaded"]
    assert con.execute("SELECT count(*) FROM staging.supplier_source WHERE source_kind = 'charities'").fetchall()[0][0] == 2


def test_resolution_order(built):
    con, *_ = built
    m = _match(con)
    acme = "co:01234567"
    assert m["ACME WIDGETS LIMITED"] == (acme, "name")
    assert m["Acme Widgets"] == (acme, "company_number")  # leading zero restored in the extract
    assert m["Acme Widgetts Ltd"] == (acme, "fuzzy")  # one extra letter: 96 >= 92, no rival
    assert m["Acme Widgits"][1] == "unmatched"  # one wrong letter in 12: 91.7 < 92
    assert m["Big Corp"] == ("co:00445790", "company_number")
    assert m["Dunstable Helping Hands"] == ("cc:1200002", "name")
    assert m["luton youth trust"] == ("cc:1100001", "name")
    # A known company number under a different name is not taken on the number alone.
    assert m["Totally Different Name"][1] == "unmatched"
    # 97.8 vs 95.5 for two different suppliers: ambiguous, never taken.
    assert m["Smith Cleaning Servics"][1] == "unmatched"
    assert m["Mystery Supplier A"][1] == "unmatched"
    assert m["Redacted personal data"] == ("redacted", "redacted")
    assert m["REDACTED"] == ("redacted", "redacted")


def test_every_payment_gets_a_supplier_key(built):
    con, *_ = built
    assert con.execute("SELECT count(*) FROM core.fct_payment WHERE supplier_key IS NULL").fetchall()[0][0] == 0
    missing = con.execute(
        "SELECT count(*) FROM core.fct_payment f ANTI JOIN core.dim_supplier d USING (supplier_key)"
    ).fetchall()[0][0]
    assert missing == 0
    # Link again for one month only: the 6 June payments (REDACTED, Big Corp, Mystery A, luton youth trust).
    con.execute("UPDATE core.fct_payment SET supplier_key = NULL")
    assert link_payments(con, date(2023, 6, 1)) == 4
    assert con.execute("SELECT count(*) FROM core.fct_payment WHERE supplier_key IS NULL").fetchall()[0][0] == len(PAYMENTS) - 4


def test_evidence_and_sources(built):
    con, *_ = built
    acme = _dim(con, "co:01234567")
    assert (acme["is_sme"], acme["sme_source"], acme["is_vcs"], acme["vcs_source"]) == (True, "supplier_extract", False, "supplier_extract")
    assert (acme["postcode"], acme["postcode_outward"], acme["postcode_area"]) == ("LU1 1AA", "LU1", "LU")
    assert (acme["local_authority"], acme["county"]) == ("Luton", "Bedfordshire")
    assert (acme["is_local_primary"], acme["is_local_secondary"]) == (True, True)
    assert acme["imd_decile"] == 2  # nspl/imd/LU.csv line 1: 'LU1 1AA,2'
    # Ledger names reached it by name, by company number and by fuzzy match: the strongest is kept.
    assert acme["match_method"] == "company_number"
    green = _dim(con, "co:09999999")
    # The extract's flags are blank; Companies House decides both.
    assert (green["is_sme"], green["sme_source"]) == (True, "companies_house")
    assert (green["is_vcs"], green["vcs_source"]) == (True, "companies_house")
    big = _dim(con, "co:00445790")
    assert (big["is_sme"], big["sme_source"], big["is_vcs"], big["vcs_source"]) == (False, "companies_house", False, "companies_house")
    youth = _dim(con, "cc:1100001")
    assert (youth["is_vcs"], youth["vcs_source"], youth["is_sme"]) == (True, "charity_number", None)
    various = con.execute("SELECT * FROM core.dim_supplier WHERE supplier_name = 'Various Things'").fetchall()
    assert len(various) == 1
    v = _dim(con, "nm:various things")
    assert (v["is_sme"], v["is_vcs"], v["postcode"], v["is_local_primary"], v["location_source"]) == (None, None, None, None, None)
    # Registers describe everyone: only records a ledger supplier reached join the dimension.
    assert con.execute("SELECT count(*) FROM core.dim_supplier WHERE company_number = '01111111'").fetchall()[0][0] == 0


def test_overrides_win_and_say_so(built):
    con, *_ = built
    ov = _dim(con, "co:07654321")
    assert ov["is_override"] is True
    assert (ov["is_sme"], ov["sme_source"]) == (True, "override")  # the extract said N
    assert (ov["is_vcs"], ov["vcs_source"]) == (False, "supplier_extract")  # not overridden
    assert (ov["postcode"], ov["location_source"], ov["is_local_primary"]) == ("LU1 1AA", "override", True)
    assert ov["override_note"] == "moved to Luton in 2023 (letter on file)"
    big = _dim(con, "co:00445790")  # matched by company number with its zeros lost
    assert big["is_override"] is True
    assert (big["is_local_secondary"], big["location_source"]) == (False, "override")


def test_override_classifies_an_unmatched_ledger_supplier(built):
    con, *_ = built
    b = _dim(con, "ledger:mystery supplier b")
    assert (b["is_override"], b["match_method"], b["is_vcs"], b["vcs_source"]) == (True, "unmatched", True, "override")
    assert (b["is_sme"], b["sme_source"], b["is_local_primary"], b["location_source"]) == (None, None, None, None)


def test_redacted_payees_are_one_unclassified_record(built):
    con, *_ = built
    rows = con.execute("SELECT supplier_key, supplier_name, is_redacted, is_sme, is_vcs, is_local_primary, is_local_secondary, sme_source, vcs_source, location_source FROM core.dim_supplier WHERE is_redacted").fetchall()
    assert rows == [("redacted", "Redacted (personal data)", True, None, None, None, None, None, None, None)]


def test_unmatched_worklist(built):
    con, _, _, summary = built
    rows = con.execute(
        """SELECT spend_rank, supplier_name, total_spend, payment_count, first_payment, last_payment,
                  best_candidate_name, round(best_candidate_score, 1)
           FROM marts.unmatched_suppliers ORDER BY spend_rank"""
    ).fetchall()
    assert rows == [
        (1, "Mystery Supplier A", Decimal("5000.00"), 3, date(2023, 4, 20), date(2023, 6, 20), None, None),
        (2, "Acme Widgits", Decimal("700.00"), 1, date(2023, 5, 9), date(2023, 5, 9), "Acme Widgets Ltd", 91.7),
        (3, "Smith Cleaning Servics", Decimal("90.00"), 1, date(2023, 5, 9), date(2023, 5, 9), "Smith Cleaning Services", 97.8),
        (4, "Totally Different Name", Decimal("80.00"), 1, date(2023, 5, 8), date(2023, 5, 8), None, None),
    ]
    # Total spend 16,065. Unclassified: unmatched 5,000 + 700 + 90 + 80 = 5,870 (Mystery
    # Supplier B's 200 is classified by its override) and redacted 70: 16,065 - 5,940 = 10,125.
    assert summary.spend_total == Decimal("16065.00")
    assert summary.spend_classified == Decimal("10125.00")
    # 14 distinct (name, id) pairs in PAYMENTS (ACME WIDGETS LIMITED is paid twice), resolved as
    # test_resolution_order says; Mystery Supplier B is unmatched, its override classifies it.
    assert summary.by_method == {"name": 4, "company_number": 2, "fuzzy": 1, "redacted": 2, "unmatched": 5}
    assert (summary.ledger_suppliers, summary.payments_linked, summary.unmatched_suppliers) == (14, len(PAYMENTS), 4)
    assert build_unmatched_suppliers(con) == 4


def test_vendor_master_id_and_a_bad_file(con, tmp_path: Path):
    landing = tmp_path / "landing"
    (landing / "vendor_master").mkdir(parents=True)
    (landing / "vendor_master" / "vendors.csv").write_text(
        "Vendor Number,Vendor Name,Address,Post Code\nV0042,Chiltern Vale Gardening Services,1 High St,LU6 1AA\n"
    )
    (landing / "supplier_extracts").mkdir(parents=True)
    (landing / "supplier_extracts" / "broken.csv").write_text("just,some,words\n1,2,3\n")
    results = {r.source_file: r for r in ingest_supplier_sources(con, landing)}
    bad = results["supplier_extracts/broken.csv"]
    assert bad.status == "failed" and "supplier_extracts/broken.csv" in bad.message and "no supplier_extract header" in bad.message
    assert results["vendor_master/vendors.csv"].rows_loaded == 1
    assert con.execute("SELECT status FROM audit.ingest_files WHERE source_file = 'supplier_extracts/broken.csv'").fetchall() == [("failed",)]
    con.execute(
        """INSERT INTO core.fct_payment (body, payment_date, supplier_name, supplier_id, amount, financial_year, month,
               source_file, file_sha256, source_line, line_key)
           VALUES ('B', DATE '2023-05-01', 'CVGS', 'V0042', 10.00, '2023/24', DATE '2023-05-01', 'l', 's', 2, 'k')"""
    )
    build_dim_supplier(con, council_config(), overrides_path=_empty_overrides(tmp_path))
    # 'CVGS' shares no words with the vendor name: only the council's own supplier id links them.
    assert con.execute("SELECT supplier_key, match_method FROM core.supplier_match").fetchall() == [("nm:chiltern vale gardening services", "supplier_id")]
    d = con.execute("SELECT postcode, county, local_authority, is_local_primary FROM core.dim_supplier").fetchall()
    assert d == [("LU6 1AA", "Bedfordshire", "Central Bedfordshire", True)]


def _empty_overrides(tmp_path: Path) -> Path:
    path = tmp_path / "overrides.csv"
    path.write_text("supplier_name,company_number,postcode,is_sme,is_vcs,is_local_primary,is_local_secondary,note\n")
    return path


def test_salford_file_through_the_extract_path(con, tmp_path: Path, real_fixtures: Path):
    src = real_fixtures / "salford-contracts-2022-07.csv"
    landing = tmp_path / "landing"
    (landing / "supplier_extracts").mkdir(parents=True)
    (landing / "supplier_extracts" / src.name).write_bytes(src.read_bytes())
    # Independent reading with the csv module (the file's BOM is double-encoded: 'ï»¿').
    with open(src, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, data = rows[0], rows[1:]
    sme = Counter(r[header.index("SME Supplier?")] for r in data)
    (res,) = ingest_supplier_sources(con, landing)
    assert (res.status, res.rows_read, res.rows_loaded, res.rows_rejected) == ("loaded", len(data), len(data), 0)
    got = dict(con.execute("SELECT coalesce(sme_raw, ''), count(*) FROM staging.supplier_source GROUP BY ALL").fetchall())
    assert got == dict(sme)
    flags = dict(con.execute("SELECT sme_flag, count(*) FROM staging.supplier_source GROUP BY ALL").fetchall())
    assert flags == {True: sme["Yes"], False: sme["No"], None: len(data) - sme["Yes"] - sme["No"]}
    # Every all-digit company number is padded to 8; 'Various', '-' and blanks are not numbers.
    cn = header.index("Company Number")
    pure_digits = [r[cn] for r in data if r[cn].isdigit()]
    padded = con.execute("SELECT count(*) FROM staging.supplier_source WHERE regexp_full_match(company_number, '[0-9]{8}')").fetchall()[0][0]
    assert padded == len(pure_digits)
    # Double-encoded BOM did not eat the first header: the mapping found the supplier name column.
    mapping = con.execute("SELECT mapping FROM audit.ingest_files").fetchall()[0][0]
    assert '"supplier_name": {"column": "Supplier Company Name"' in mapping


def test_rebuild_changes_nothing(built, tmp_path: Path):
    con, *_ = built
    snapshot = lambda: (  # noqa: E731
        con.execute("SELECT * FROM core.dim_supplier ORDER BY supplier_key").fetchall(),
        con.execute("SELECT * FROM core.supplier_match ORDER BY supplier_name, supplier_id").fetchall(),
        con.execute("SELECT * FROM marts.unmatched_suppliers ORDER BY spend_rank").fetchall(),
    )
    before = snapshot()
    overrides = tmp_path / "supplier_overrides.csv"
    build_dim_supplier(con, council_config(), overrides_path=overrides)
    assert snapshot() == before


def test_worklist_counts_spellings_not_name_and_id_pairs(built, tmp_path: Path):
    con, *_ = built
    # Mystery Supplier A is already paid 3 times under no id. Add the same spelling under an id,
    # and a second spelling (capitals and a full stop: it normalises alike, so the same record).
    for i, (name, sid) in enumerate((("Mystery Supplier A", "X1"), ("MYSTERY SUPPLIER A.", None))):
        con.execute(
            """INSERT INTO core.fct_payment (body, payment_date, supplier_name, supplier_id, amount, financial_year,
                   month, source_file, file_sha256, source_line, line_key)
               VALUES ('Luton Borough Council', DATE '2023-07-03', ?, ?, 10.00, '2023/24', DATE '2023-07-01', 'ledgers/y.csv', 'sha2', ?, ?)""",
            [name, sid, i + 2, f"m{i}"],
        )
    build_dim_supplier(con, council_config(), overrides_path=tmp_path / "supplier_overrides.csv")
    # Three (name, id) pairs resolve to the record; two spellings.
    assert con.execute(
        "SELECT count(*) FROM core.supplier_match WHERE supplier_key = 'ledger:mystery supplier a'"
    ).fetchall() == [(3,)]
    row = con.execute(
        "SELECT spelling_count, ledger_spellings, supplier_ids, total_spend, payment_count FROM marts.unmatched_suppliers "
        "WHERE supplier_key = 'ledger:mystery supplier a'"
    ).fetchall()
    assert row == [(2, "MYSTERY SUPPLIER A. | Mystery Supplier A", "X1", Decimal("5020.00"), 5)]
