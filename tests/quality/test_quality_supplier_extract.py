"""Supplier-extract checks on frames as an extract is read: raw postcodes and raw flag values."""

from __future__ import annotations

import pandas as pd
import polars as pl

from anchorspend.pipelines import quality

GOOD_POSTCODES = ["LU1 2AB", "lu12ab", " LU1  2AB ", "SW1A 1AA", "W1A 0AX", "EC1A 1BB", "M1 1AE",
                  "B33 8TH", "CR2 6XH", "DN55 1PT", "GIR 0AA", "MK17 9XX", "LU1-2AB", None, "", "-", "N/A"]
BAD_POSTCODES = ["LU1 2A", "12345", "QX1 1AA", "LU1 2AC", "LUTON", "LU1 2AB X"]


def by_name(outcomes):
    return {o.name: o for o in outcomes}


def test_valid_postcodes_pass_and_invalid_ones_warn_with_examples():
    # File rows: a header on line 1, so data starts at line 2.
    values = GOOD_POSTCODES + BAD_POSTCODES
    frame = pd.DataFrame({
        "source_file": "extract.csv",
        "source_line": range(2, 2 + len(values)),
        "supplier_name": [f"Supplier {i}" for i in range(len(values))],
        "postcode": values,
    })
    o = by_name(quality.check_supplier_extract(frame))["supplier_extract_postcode_valid"]
    assert not o.passed and o.severity == "warn"
    assert [e["postcode"] for e in o.failing_examples] == BAD_POSTCODES
    first_bad_line = 2 + len(GOOD_POSTCODES)
    assert [e["source_line"] for e in o.failing_examples] == list(range(first_bad_line, first_bad_line + 6))
    assert o.metadata["failing_rows: postcode not a UK postcode"] == 6
    # 13 real postcodes given among the good ones (None, "", "-", "N/A" are "not given").
    assert o.metadata["rows_with_postcode"] == 13 + 6

    clean = by_name(quality.check_supplier_extract(frame.iloc[: len(GOOD_POSTCODES)]))
    assert clean["supplier_extract_postcode_valid"].passed
    assert clean["supplier_extract_postcode_valid"].failing_examples == []


def test_flags_only_y_n_after_normalisation_polars_input():
    good = ["Y", "N", "yes", "No", "TRUE", "false", "1", "0", " y ", "", "-", None]
    bad = ["Various", "maybe", "Noo"]
    frame = pl.DataFrame({
        "supplier_name": [f"S{i}" for i in range(len(good) + len(bad))],
        "sme": good + bad,
        "vcs": ["N"] * (len(good) + len(bad)),
    })
    got = by_name(quality.check_supplier_extract(frame))
    assert set(got) == {"supplier_extract_sme_y_n", "supplier_extract_vcs_y_n"}
    assert quality.supplier_extract_checks() == {
        "supplier_extract_postcode_valid": "warn", "supplier_extract_sme_y_n": "warn", "supplier_extract_vcs_y_n": "warn"}
    sme, vcs = got["supplier_extract_sme_y_n"], got["supplier_extract_vcs_y_n"]
    assert vcs.passed and vcs.failing_examples == []
    assert not sme.passed and sme.severity == "warn"
    # No source_file/source_line in this frame: examples name the 1-based row instead.
    assert [(e["row"], e["sme"]) for e in sme.failing_examples] == [(13, "Various"), (14, "maybe"), (15, "Noo")]


def test_numeric_and_boolean_flag_columns_are_understood():
    frame = pd.DataFrame({"sme": [1.0, 0.0, None, 2.0], "vcs": [True, False, None, True]})
    got = by_name(quality.check_supplier_extract(frame))
    assert got["supplier_extract_vcs_y_n"].passed
    sme = got["supplier_extract_sme_y_n"]
    assert [(e["row"], e["sme"]) for e in sme.failing_examples] == [(4, 2.0)]


def test_frame_without_checked_columns_has_nothing_to_check():
    assert quality.check_supplier_extract(pd.DataFrame({"supplier_name": ["A"]})) == []


def test_every_real_postcode_in_the_shipped_nspl_extract_is_valid():
    # 171k real ONS postcodes (LU, MK, SG, ...): an independent list of what must pass.
    from anchorspend.pipelines.config import REFERENCE_DATA

    frames = [pd.read_csv(p, usecols=["Postcode"], dtype=str) for p in sorted((REFERENCE_DATA / "nspl" / "latlon").glob("*.csv"))]
    frame = pd.concat(frames).rename(columns={"Postcode": "postcode"})
    assert len(frame) > 100_000
    o = by_name(quality.check_supplier_extract(frame))["supplier_extract_postcode_valid"]
    assert o.passed, o.failing_examples


def test_real_salford_extract(real_fixtures):
    import csv

    path = real_fixtures / "salford-contracts-2022-07.csv"
    records = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for rec in reader:
            records.append({"source_file": path.name, "source_line": reader.line_num,
                            "postcode": rec["Supplier Postcode"], "sme": rec["SME Supplier?"]})
    frame = pd.DataFrame(records)
    # Worked out by reading the file: 20 postcodes are 'Various' and one is an Irish Eircode
    # ('T12 VP94'); the SME column holds Yes 181, No 172, blank 2 and 'Various' 5.
    various_postcode_lines = [r["source_line"] for r in records if r["postcode"] == "Various"]
    eircode_lines = [r["source_line"] for r in records if r["postcode"] == "T12 VP94"]
    assert len(various_postcode_lines) == 20 and len(eircode_lines) == 1
    got = by_name(quality.check_supplier_extract(frame))
    pc = got["supplier_extract_postcode_valid"]
    assert pc.metadata["failing_rows: postcode not a UK postcode"] == 21
    assert [e["source_line"] for e in pc.failing_examples] == sorted(various_postcode_lines + eircode_lines)[:10]
    sme = got["supplier_extract_sme_y_n"]
    assert sme.metadata["failing_rows: sme not a Y/N value"] == 5
    assert {e["sme"] for e in sme.failing_examples} == {"Various"}
    assert [e["source_line"] for e in sme.failing_examples] == [
        r["source_line"] for r in records if r["sme"] == "Various"]
