"""Reports publish with the warehouse: staged in the build location, archived only when the
warehouse is published, and a failed or killed publish leaves the archive as it was."""

from __future__ import annotations

from pathlib import Path

from anchorspend.pipelines import warehouse as wh
from anchorspend.pipelines.config import reports_archive


def _stage(published: Path, month: str, text: str) -> None:
    folder = wh.reports_build_for(published) / month
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.html").write_text(text, encoding="utf-8")


def _archived(published: Path, month: str) -> str | None:
    page = reports_archive(published) / month / "report.html"
    return page.read_text(encoding="utf-8") if page.exists() else None


def test_reports_join_the_archive_when_the_warehouse_publishes(tmp_path: Path):
    published = tmp_path / "warehouse.duckdb"
    wh.prepare_build(published, run_id="run-1")
    _stage(published, "2017-08", "25.0% of £238,112,948")
    assert _archived(published, "2017-08") is None  # not before the publish
    wh.publish(published)
    assert _archived(published, "2017-08") == "25.0% of £238,112,948"
    assert not wh.reports_build_for(published).exists()


def test_a_run_that_never_publishes_leaves_the_archive_as_it_was(tmp_path: Path):
    published = tmp_path / "warehouse.duckdb"
    wh.prepare_build(published, run_id="run-1")
    _stage(published, "2017-08", "old figures")
    wh.publish(published)

    # A second run renders new figures, then dies before publishing (kill -9, full disk).
    wh.prepare_build(published, run_id="run-2")
    _stage(published, "2017-08", "new figures")
    assert _archived(published, "2017-08") == "old figures"
    # The next run starts from the published state: the dead run's reports are discarded.
    wh.prepare_build(published, run_id="run-3")
    assert _archived(published, "2017-08") == "old figures"
    assert not (wh.reports_build_for(published) / "2017-08").exists()
    assert wh.published_run(published) == "run-1"


def test_a_run_killed_between_the_rename_and_the_move_has_its_reports_installed(tmp_path: Path):
    published = tmp_path / "warehouse.duckdb"
    wh.prepare_build(published, run_id="run-1")
    _stage(published, "2017-08", "old figures")
    wh.publish(published)
    wh.prepare_build(published, run_id="run-2")
    _stage(published, "2017-08", "new figures")
    # What publish() does up to the rename, and no further.
    with wh.connection(wh.build_path_for(published)) as con:
        con.execute("UPDATE audit.runs SET published_at = now()::TIMESTAMP WHERE published_at IS NULL")
        con.execute("CHECKPOINT")
    (wh.reports_build_for(published) / ".run_id").write_text("run-2", encoding="utf-8")
    wh.build_path_for(published).replace(published)
    assert wh.published_run(published) == "run-2"
    assert _archived(published, "2017-08") == "old figures"
    # The published warehouse holds run-2, so its staged reports are the archive's now.
    wh.prepare_build(published, run_id="run-3")
    assert _archived(published, "2017-08") == "new figures"


def test_the_write_lock_refuses_a_second_writer(tmp_path: Path):
    import pytest

    published = tmp_path / "warehouse.duckdb"
    with wh.write_lock(published):
        with pytest.raises(wh.WarehouseBusy, match="another run is writing the warehouse"):
            with wh.write_lock(published):
                pass
    with wh.write_lock(published):  # released when the block ended
        pass
