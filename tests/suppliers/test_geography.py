"""Geography for all of Great Britain, and deciding "local" at the level the definition needs.

Expected values are facts written out by hand: 296 English, 22 Welsh and 32 Scottish local
authorities (April 2023); Lancashire's ceremonial county is its 12 districts plus two unitaries;
the GeoNames county of every place in MK44 is Bedfordshire (read from GB.txt with awk:
`awk -F'\\t' '$2=="MK44"{print $6}' | sort -u`), and so on.
"""

from __future__ import annotations

import csv

import polars as pl
import pytest

from anchorspend.pipelines.config import REFERENCE_DATA
from anchorspend.pipelines.suppliers import geography, postcodes

BEDS = ["Luton", "Bedford", "Central Bedfordshire"]


def test_every_authority_of_great_britain_is_known():
    codes = [r["lad_code"] for r in csv.DictReader(open(REFERENCE_DATA / "geography" / "lad_codes.csv"))]
    assert len(codes) == len(set(codes)) == 350
    assert sum(c.startswith("E") for c in codes) == 296
    assert sum(c.startswith("W") for c in codes) == 22
    assert sum(c.startswith("S") for c in codes) == 32


def test_every_geonames_county_resolves():
    with open(REFERENCE_DATA / "geonames" / "GB.txt", encoding="utf-8") as fh:
        labels = {line.split("\t")[5] for line in fh} - {""}
    known = set(geography.geonames_county_authorities()["geonames_county"])
    assert labels - known == set()
    outside = geography.geonames_county_authorities().filter(pl.col("outside_gb"))["geonames_county"].to_list()
    assert "Isle of Man" in outside and "County Antrim" in outside and "Lancashire" not in outside


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Bedfordshire", sorted(BEDS)),
        ("bedfordshire", sorted(BEDS)),
        ("Greater Manchester", sorted(["Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport", "Tameside", "Trafford", "Wigan"])),
        ("Somerset", ["Somerset"]),
        ("Somerset (ceremonial)", ["Bath and North East Somerset", "North Somerset", "Somerset"]),
        ("Bristol", ["Bristol, City of"]),
        ("Kingston upon Hull", ["Kingston upon Hull, City of"]),
        ("St Helens", ["St. Helens"]),
        ("Gwent", ["Blaenau Gwent", "Caerphilly", "Monmouthshire", "Newport", "Torfaen"]),
        ("Glasgow City", ["Glasgow City"]),
    ],
)
def test_area_names_resolve_to_authorities(name, expected):
    assert geography.resolve_area_names([name], "k") == expected


def _one(raw: str, secondary: list[str], primary_areas=("LU",), primary=None) -> dict:
    got = postcodes.local_flags(postcodes.locate_postcodes(pl.Series([raw])), list(primary_areas), secondary, primary)
    return got.row(0, named=True)


def test_mk44_is_in_bedfordshire_although_its_district_is_unsure():
    # A well-formed MK44 postcode with no coordinates (not in nspl/latlon/MK.csv): only the
    # outward code's places speak, and they are all in Bedford or Central Bedfordshire.
    assert not postcodes.nspl_coordinates().filter(pl.col("postcode") == "MK44 9ZZ").height
    row = _one("MK44 9ZZ", BEDS)
    assert row["local_authority"] is None and row["county"] == "Bedfordshire"
    assert row["candidate_authorities"] == ["Bedford", "Central Bedfordshire"]
    assert row["is_local_secondary"] is True and row["is_local_primary"] is False
    assert row["location_rule"] == "secondary: every candidate authority is in the area (Bedford, Central Bedfordshire)"
    # Against a definition that names only one of the two, MK44 stays unknown, and says why.
    narrow = _one("MK44 9ZZ", ["Bedford"])
    assert narrow["is_local_secondary"] is None
    assert narrow["location_rule"].startswith("secondary: undecided, 1 of 2 candidate authorities")


def test_the_same_rule_decides_primary_by_authority():
    # Primary by authority: an LU7 postcode without coordinates may be in Central Bedfordshire
    # (Leighton Buzzard) or ceremonial Buckinghamshire (Wing; GeoNames gives only the county,
    # so Milton Keynes is a candidate too): unknown for "Central Bedfordshire", local for
    # "Central Bedfordshire + Buckinghamshire (ceremonial)", not local for "Luton".
    assert _one("LU7 9ZZ", BEDS, primary_areas=(), primary=["Luton"])["is_local_primary"] is False
    assert _one("LU7 9ZZ", BEDS, primary_areas=(), primary=["Central Bedfordshire"])["is_local_primary"] is None
    both = _one("LU7 9ZZ", BEDS, primary_areas=(), primary=["Central Bedfordshire", "Buckinghamshire (ceremonial)"])
    assert both["is_local_primary"] is True
    assert "primary: every candidate authority is in the area (Buckinghamshire, Central Bedfordshire, Milton Keynes)" in both["location_rule"]
    assert _one("LU7 9ZZ", BEDS, primary_areas=(), primary=["Central Bedfordshire", "Buckinghamshire"])["is_local_primary"] is None
    # Area and authority together: either one makes a postcode primary.
    assert _one("LU7 9ZZ", BEDS, primary_areas=("LU",), primary=["Luton"])["is_local_primary"] is True


def test_county_level_answers_elsewhere_in_great_britain():
    lancs = ["Lancashire"]
    assert _one("BB5 1AA", lancs)["is_local_secondary"] is True
    assert _one("PR9 9AA", lancs)["is_local_secondary"] is None  # Banks (Lancashire) and Southport (Merseyside)
    assert _one("M1 1AA", lancs)["is_local_secondary"] is False
    assert _one("IM1 1AA", lancs)["is_local_secondary"] is False  # Isle of Man: outside Great Britain
    assert _one("IM1 1AA", lancs)["location_rule"] == "secondary: outside Great Britain"
    assert _one("ZZ9 9ZZ", lancs)["is_local_secondary"] is None  # no such outward code
