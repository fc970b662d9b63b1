"""Bodies: a folder per anchor body under ledgers/, named by bodies.toml, and the body set per line
at load time (a file's own body column first, then its folder, then the council)."""

from __future__ import annotations

from pathlib import Path

import pytest

from anchorspend.pipelines.bodies import Body, body_for, configured_bodies, folder_bodies
from anchorspend.pipelines.ledgers import ingest_ledgers

COUNCIL = "Luton Borough Council"
BODIES = """
[folders.police]
name = "Bedfordshire Police"
kind = "police"

[folders.nhs-trust]
name = "Bedfordshire Hospitals NHS Foundation Trust"
kind = "NHS"
"""


def _landing(tmp_path: Path, toml: str | None = BODIES) -> Path:
    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    if toml is not None:
        (landing / "bodies.toml").write_text(toml, encoding="utf-8")
    return landing


def test_body_for_reads_the_folder_then_falls_back_to_the_council(tmp_path):
    landing = _landing(tmp_path)
    assert body_for(landing, "ledgers/police/2017-q1.csv", COUNCIL) == Body("Bedfordshire Police", "police")
    assert body_for(landing, "ledgers/police/archive/2016-q4.csv", COUNCIL) == Body("Bedfordshire Police", "police")
    # Kinds are read case-insensitively and stored lower case.
    assert body_for(landing, "ledgers/nhs-trust/x.xlsx", COUNCIL).kind == "nhs"
    # Directly in ledgers/, or in a folder bodies.toml does not list (year folders, say): the council.
    assert body_for(landing, "ledgers/2017-04.csv", COUNCIL) == Body(COUNCIL, "council")
    assert body_for(landing, "ledgers/2017/2017-04.csv", COUNCIL) == Body(COUNCIL, "council")
    # A file named like a folder is not one.
    assert body_for(landing, "ledgers/police", COUNCIL) == Body(COUNCIL, "council")


def test_configured_bodies_lists_the_council_first_then_each_body_once(tmp_path):
    landing = _landing(tmp_path, BODIES + '\n[folders.police-archive]\nname = "Bedfordshire Police"\nkind = "police"\n')
    frame = configured_bodies(landing, COUNCIL)
    assert frame.rows() == [(COUNCIL, "council"), ("Bedfordshire Police", "police"),
                            ("Bedfordshire Hospitals NHS Foundation Trust", "nhs")]


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[folders.police]\nname = "Bedfordshire Police"\nkind = "constabulary"\n', "kind 'constabulary' is not one of council, police"),
        ('[folders.police]\nkind = "police"\n', "[folders.'police']: name is missing"),
        ('[folders.a]\nname = "X"\nkind = "fire"\n[folders.b]\nname = "X"\nkind = "police"\n', "'X' is already listed with kind 'fire'"),
        ("[folders\n", "not valid TOML"),
    ],
)
def test_a_bad_bodies_file_says_which_file_and_what(tmp_path, toml, message):
    landing = _landing(tmp_path, toml)
    with pytest.raises(ValueError) as err:
        folder_bodies(landing)
    assert message in str(err.value) and str(landing / "bodies.toml") in str(err.value)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_lines_get_their_body_column_else_their_folder_else_the_council(tmp_path, con):
    landing = _landing(tmp_path)
    _write(landing / "ledgers" / "2017-04.csv",
           "Payment Date,Supplier Name,Amount\n03/04/2017,Acme Ltd,100.00\n04/04/2017,Acme Ltd,50.00\n")
    # The police publish no body column: the folder names them.
    _write(landing / "ledgers" / "police" / "2017-q1.csv",
           "Transaction Date,Supplier Name,Amount\n2017-04-05,Acme Ltd,70.00\n")
    # A body column wins over the folder, and a blank one falls back to the folder's body.
    _write(landing / "ledgers" / "nhs-trust" / "2017-04.csv",
           "Organisation Name,Payment Date,Supplier Name,Amount\n"
           "Luton and Dunstable Hospital,06/04/2017,Acme Ltd,20.00\n"
           ",07/04/2017,Acme Ltd,30.00\n")
    results = ingest_ledgers(con, landing, COUNCIL)
    assert {r.status for r in results} == {"loaded"}, [r.message for r in results]
    rows = con.execute(
        "SELECT body, count(*), sum(amount)::VARCHAR FROM core.fct_payment GROUP BY body ORDER BY body").fetchall()
    assert rows == [
        ("Bedfordshire Hospitals NHS Foundation Trust", 1, "30.00"),
        ("Bedfordshire Police", 1, "70.00"),
        ("Luton Borough Council", 2, "150.00"),
        ("Luton and Dunstable Hospital", 1, "20.00"),
    ]


def test_without_any_bodies_file_every_line_is_the_councils(tmp_path, con):
    landing = _landing(tmp_path, toml=None)
    _write(landing / "ledgers" / "police" / "2017-q1.csv", "Transaction Date,Supplier Name,Amount\n2017-04-05,Acme Ltd,70.00\n")
    ingest_ledgers(con, landing, COUNCIL)
    assert con.execute("SELECT DISTINCT body FROM core.fct_payment").fetchall() == [(COUNCIL,)]
