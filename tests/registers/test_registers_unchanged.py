"""A run whose register files are the versions the tables were built from reads nothing; any
file added, changed, gone or failed rebuilds the registers from the files present."""

from __future__ import annotations

from pathlib import Path

from anchorspend.pipelines.registers import ingest_registers

EVENTS = "Event date,Title,Attendees\n12/06/2019,One,10\n13/06/2019,Two,20\n"
EXEMPTIONS = "Reference,Date received,Decision\nEX-1,03/04/2019,approved\nEX-2,04/04/2019,maybe\n"


def _write(landing: Path, rel: str, text: str) -> Path:
    path = landing / "registers" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _state(con):
    return (
        con.execute("SELECT title, attendees, source_line FROM core.register_events ORDER BY 3").fetchall(),
        con.execute("SELECT reference, decision FROM core.register_exemptions ORDER BY 1").fetchall(),
        con.execute("SELECT source_file, status, rows_read, rows_loaded, rows_rejected, ingested_at "
                    "FROM audit.ingest_files ORDER BY 1, ingested_at").fetchall(),
        con.execute("SELECT source_file, source_line, reason FROM audit.rejected_rows ORDER BY 1, 2").fetchall(),
    )


def test_unchanged_files_are_not_read_again(con, tmp_path: Path):
    _write(tmp_path, "events.csv", EVENTS)
    _write(tmp_path, "exemptions.csv", EXEMPTIONS)
    first = ingest_registers(con, tmp_path)
    assert [(r.source_file, r.status, r.rows_loaded, r.rows_rejected) for r in first] == [
        ("registers/events.csv", "loaded", 2, 0), ("registers/exemptions.csv", "loaded", 1, 1),
    ]
    before = _state(con)
    assert before[1] == [("EX-1", "approved")]
    assert before[3] == [("registers/exemptions.csv", 3, "decision: must be one of approved, rejected, pending (got 'maybe')")]

    again = ingest_registers(con, tmp_path)
    assert [(r.source_file, r.status) for r in again] == [
        ("registers/events.csv", "unchanged"), ("registers/exemptions.csv", "unchanged"),
    ]
    # Nothing written: the audit rows keep their first ingested_at, the rejected row stays once.
    assert _state(con) == before


def test_a_file_gone_rebuilds_without_its_rows(con, tmp_path: Path):
    _write(tmp_path, "events.csv", EVENTS)
    gone = _write(tmp_path, "exemptions.csv", EXEMPTIONS)
    ingest_registers(con, tmp_path)
    gone.unlink()
    [result] = ingest_registers(con, tmp_path)
    assert (result.source_file, result.status) == ("registers/events.csv", "loaded")
    events, exemptions, files, rejected = _state(con)
    assert events == [("One", 10, 2), ("Two", 20, 3)]
    assert exemptions == []
    # A version read again replaces its own audit row; the gone file's version is superseded, and
    # its rejected row stays as the record of what that version held.
    assert [(f, s) for f, s, *_ in files] == [("registers/events.csv", "loaded"), ("registers/exemptions.csv", "superseded")]
    assert [f for f, *_ in rejected] == ["registers/exemptions.csv"]


def test_a_file_added_rebuilds_every_register(con, tmp_path: Path):
    _write(tmp_path, "events.csv", EVENTS)
    ingest_registers(con, tmp_path)
    _write(tmp_path, "exemptions.csv", EXEMPTIONS)
    results = ingest_registers(con, tmp_path)
    assert [(r.source_file, r.status) for r in results] == [
        ("registers/events.csv", "loaded"), ("registers/exemptions.csv", "loaded"),
    ]
    assert _state(con)[1] == [("EX-1", "approved")]


def test_a_failed_file_is_read_again_every_run(con, tmp_path: Path):
    _write(tmp_path, "events.csv", EVENTS)
    _write(tmp_path, "notes.csv", "Colour,Shape\nred,round\n")
    ingest_registers(con, tmp_path)
    results = ingest_registers(con, tmp_path)
    assert [(r.source_file, r.status) for r in results] == [
        ("registers/events.csv", "loaded"), ("registers/notes.csv", "failed"),
    ]
    assert [(t, a) for t, a, _ in _state(con)[0]] == [("One", 10), ("Two", 20)]
