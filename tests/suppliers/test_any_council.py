"""Any council in Great Britain from a council file alone, with no edit to reference_data/.

Hyndburn (Lancashire): the real ledger tests/../shared/fixtures/real/hyndburn-2024-04.csv as
published, plus a small supplier extract written here (the postcodes are invented for the test;
the fixture has none). The council file names its primary area by postcode area (BB) and its
secondary area by county ("Lancashire": the ceremonial county, Blackburn with Darwen and
Blackpool included). Expected shares are summed here from the ledger with the csv module and
Decimal, and the extract's postcodes are judged by hand:

| supplier | postcode | primary | secondary | why |
|---|---|---|---|---|
| Kashmir Property Investments | BB5 1AA | yes | yes | Accrington |
| James O Garnett Ltd | BB5 5AB | yes | yes | |
| Hyndburn Homewise Society Limited | BB5 0AA | yes | yes | |
| Luke Howgate & Son Ltd | BB1 1AA | yes | yes | Blackburn: Blackburn with Darwen is in ceremonial Lancashire |
| Alliance Leisure Services Limited | PR25 2AA | no | yes | Leyland |
| Minster Cleaning Services | PR9 9AA | no | unknown | PR9 straddles Lancashire (Banks) and Merseyside (Southport) |
| Ark Plastics Ltd | OL12 7AA | no | unknown | OL12 straddles Lancashire (Whitworth) and Greater Manchester (Rochdale) |
| Aon Uk Limited | EC3V 4AN | no | no | London |
| Facultatieve Technologies | LS10 1AB | no | no | Leeds |
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from anchorspend.pipelines.config import REFERENCE_DATA, council_config
from anchorspend.pipelines.warehouse import connect

ANCHORSPEND = str(Path(sys.executable).with_name("anchorspend"))

EXTRACT = [
    ("Kashmir Property Investments", "BB5 1AA", True, True),
    ("James O Garnett Ltd", "BB5 5AB", True, True),
    ("Hyndburn Homewise Society Limited", "BB5 0AA", True, True),
    ("Luke Howgate & Son Ltd", "BB1 1AA", True, True),
    ("Alliance Leisure Services Limited", "PR25 2AA", False, True),
    ("Minster Cleaning Services", "PR9 9AA", False, None),
    ("Ark Plastics Ltd", "OL12 7AA", False, None),
    ("Aon Uk Limited", "EC3V 4AN", False, False),
    ("Facultatieve Technologies", "LS10 1AB", False, False),
]

COUNCIL_TOML = """\
name = "Hyndburn Borough Council"
local_primary_postcode_areas = ["BB"]
local_secondary_local_authorities = ["Lancashire"]
"""


def _ledger_by_supplier(path: Path) -> dict[str, Decimal]:
    """Net amount per supplier name, read with the csv module (Windows-1252, '£1,680.00')."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    with open(path, encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows[1:]:
        text = row[7].replace("£", "").replace(",", "").strip()
        neg = text.startswith("-") or text.endswith("-")
        value = Decimal(text.strip("-"))
        out[row[5]] += -value if neg else value
    return out


def _pct(part: Decimal, total: Decimal) -> Decimal:
    return (100 * part / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture
def hyndburn(tmp_path: Path, real_fixtures: Path) -> dict:
    landing = tmp_path / "landing"
    (landing / "ledgers" / "hyndburn").mkdir(parents=True)
    (landing / "supplier_extracts").mkdir()
    ledger = real_fixtures / "hyndburn-2024-04.csv"
    (landing / "ledgers" / "hyndburn" / ledger.name).write_bytes(ledger.read_bytes())
    with open(landing / "supplier_extracts" / "hyndburn-suppliers.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Supplier Name", "Postcode"])
        w.writerows((name, postcode) for name, postcode, _, _ in EXTRACT)
    council = tmp_path / "council.toml"
    council.write_text(COUNCIL_TOML, encoding="utf-8")
    return {"landing": landing, "council": council, "ledger": ledger, "data": tmp_path / "data"}


def _reference_snapshot() -> dict[str, bytes]:
    return {str(p.relative_to(REFERENCE_DATA)): p.read_bytes() for p in sorted(REFERENCE_DATA.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.mark.slow
def test_a_lancashire_council_runs_end_to_end_from_its_council_file(hyndburn: dict):
    before = _reference_snapshot()
    warehouse = hyndburn["data"] / "warehouse.duckdb"
    env = dict(os.environ, ANCHORSPEND_DATA=str(hyndburn["data"]), ANCHORSPEND_COUNCIL=str(hyndburn["council"]))
    proc = subprocess.run(
        [ANCHORSPEND, "run", "--landing", str(hyndburn["landing"]), "--warehouse", str(warehouse)],
        env=env, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _reference_snapshot() == before, "the run must not need (or make) any edit to reference_data/"

    spend = _ledger_by_supplier(hyndburn["ledger"])
    total = sum(spend.values())
    primary = sum(spend[name] for name, _, p, _ in EXTRACT if p)
    secondary = sum(spend[name] for name, _, _, s in EXTRACT if s)
    assert total == Decimal("2639411.52") and primary == Decimal("385483.93") and secondary == Decimal("1198138.69")

    con = connect(warehouse, read_only=True)
    try:
        year = con.execute(
            "SELECT total_spend, local_primary_spend, local_secondary_spend, pct_local_primary, pct_local_secondary "
            "FROM marts.kpi_spend_by_year WHERE financial_year = '2024/25'"
        ).fetchall()
        flags = {
            name: (p, s, source, rule)
            for name, p, s, source, rule in con.execute(
                "SELECT supplier_name, is_local_primary, is_local_secondary, location_source, location_rule FROM core.dim_supplier"
            ).fetchall()
        }
        bodies = con.execute("SELECT DISTINCT body FROM core.fct_payment").fetchall()
        warnings = con.execute("SELECT code FROM audit.run_warnings").fetchall()
    finally:
        con.close()

    assert bodies == [("Hyndburn Borough Council",)]
    assert year == [(total, primary, secondary, _pct(primary, total), _pct(secondary, total))]
    assert year[0][3] == Decimal("14.60") and year[0][4] == Decimal("45.39")
    for name, _, p, s in EXTRACT:
        assert flags[name][:2] == (p, s), name
    # The county-level answer says which rule decided it, and over which authorities.
    assert flags["Kashmir Property Investments"][2] == "geonames_outward"
    assert flags["Kashmir Property Investments"][3].startswith("secondary: every candidate authority is in the area (")
    assert "Hyndburn" in flags["Kashmir Property Investments"][3]
    assert flags["Minster Cleaning Services"][3].startswith("secondary: undecided")
    assert flags["Aon Uk Limited"][3].startswith("secondary: no candidate authority")
    # Ledgers of the council's own body, a council file given, suppliers located: nothing to warn about.
    assert warnings == []


def test_council_file_names_areas_by_county_or_authority(tmp_path: Path):
    by_county = tmp_path / "a.toml"
    by_county.write_text(COUNCIL_TOML.replace('["Lancashire"]', '["Lancashire (administrative)"]'), encoding="utf-8")
    twelve = council_config(by_county).secondary_authorities()
    # Lancashire County Council's twelve districts, written out by hand; the ceremonial county adds two unitaries.
    assert twelve == sorted(["Burnley", "Chorley", "Fylde", "Hyndburn", "Lancaster", "Pendle", "Preston",
                             "Ribble Valley", "Rossendale", "South Ribble", "West Lancashire", "Wyre"])
    ceremonial = tmp_path / "b.toml"
    ceremonial.write_text(COUNCIL_TOML, encoding="utf-8")
    assert council_config(ceremonial).secondary_authorities() == sorted(twelve + ["Blackburn with Darwen", "Blackpool"])
    districts = tmp_path / "c.toml"
    districts.write_text(COUNCIL_TOML.replace('["Lancashire"]', str(twelve).replace("'", '"')), encoding="utf-8")
    cfg = council_config(districts)
    assert cfg.secondary_authorities() == twelve and not cfg.assumed


def test_unknown_area_name_fails_with_the_closest_known_names(tmp_path: Path):
    bad = tmp_path / "council.toml"
    bad.write_text(COUNCIL_TOML.replace('["Lancashire"]', '["Hyndbrun", "Lancs"]'), encoding="utf-8")
    with pytest.raises(ValueError) as err:
        council_config(bad)
    msg = str(err.value)
    assert str(bad) in msg and "local_secondary_local_authorities" in msg
    assert "'Hyndbrun': did you mean 'Hyndburn'" in msg
    assert "'Lancs': did you mean 'Lancashire'" in msg


def test_empty_secondary_fails_clearly(tmp_path: Path):
    bad = tmp_path / "council.toml"
    bad.write_text(COUNCIL_TOML.replace('["Lancashire"]', "[]"), encoding="utf-8")
    with pytest.raises(ValueError, match="local_secondary_local_authorities is empty"):
        council_config(bad)


def test_no_council_file_means_the_bundled_one_is_assumed(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("ANCHORSPEND_COUNCIL", raising=False)
    monkeypatch.chdir(tmp_path)
    cfg = council_config()
    assert cfg.assumed and cfg.name == "Luton Borough Council"
    (tmp_path / "council.toml").write_text(COUNCIL_TOML, encoding="utf-8")
    here = council_config()
    assert not here.assumed and here.name == "Hyndburn Borough Council"
    monkeypatch.setenv("ANCHORSPEND_COUNCIL", str(REFERENCE_DATA / "council.toml"))
    assert council_config().name == "Luton Borough Council" and not council_config().assumed
