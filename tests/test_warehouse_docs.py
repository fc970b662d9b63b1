"""The warehouse documents itself: every table, view and column in audit, core and marts carries a
plain-English comment, generated from the .yml beside each model (pipelines.models)."""

from __future__ import annotations

from pathlib import Path

import pytest

from anchorspend.pipelines import models
from anchorspend.pipelines.config import council_config
from anchorspend.pipelines.warehouse import connect

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_every_model_file_has_its_docs_and_every_doc_renders():
    rels = models.relations()
    sql_models = {f"{p.parent.name}.{p.stem}" for p in (REPO_ROOT / "sql" / "models").glob("*/[!_]*.sql")}
    assert sql_models, "no models found"
    assert sorted(sql_models - set(rels)) == []  # a model without a .yml entry
    for rel in rels.values():
        assert models.render(rel.description).strip(), rel.name
        for column in rel.columns:
            text = models.render(column.description)
            assert text.strip() and "{" not in text, (rel.name, column.name, text)


def test_council_terms_come_from_the_council_file():
    council = council_config()
    column = {c.name: c for c in models.relation("marts.kpi_spend_by_year").columns}["local_primary_spend"]
    text = models.render(column.description)
    assert f"postcode area, {council.local_primary_postcode_areas[0]})" in text
    secondary = models.render("{doc.local_secondary_spend}")
    assert all(name in secondary for name in council.local_secondary_local_authorities)
    # No council's name is written into the docs by hand.
    docs = "".join(p.read_text(encoding="utf-8") for p in (REPO_ROOT / "sql" / "models").rglob("*.yml"))
    assert "Luton" not in docs and "Bedford" not in docs


def test_register_targets_in_comments_follow_the_loaded_figures(con):
    con.execute("""INSERT INTO core.register_targets VALUES
        ('meet_the_buyer_events', '2030/31', NULL, 7, 'target', 'higher_is_better', 'count', 'test')""")
    text = models.render(models.relation("marts.kpi_events").description, con)
    assert "7 (2030/31)" in text
    assert "2 (2019/20)" not in text  # the shipped CSV's figure is not copied into the docs


def test_undocumented_names_what_is_missing(con):
    con.execute("CREATE TABLE marts.partnership_new (body VARCHAR, novel_column INTEGER)")
    con.execute("ALTER TABLE core.fct_payment ADD COLUMN another_column VARCHAR")
    missing = models.undocumented(con)
    assert "marts.partnership_new: no entry in sql/models/marts/partnership_new.yml" in missing
    assert "core.fct_payment.another_column: not in models/core/fct_payment.yml" in missing
    assert len(missing) == 2, missing


@pytest.mark.slow
def test_a_sample_run_leaves_no_table_view_or_column_undocumented(sample_warehouse_file):
    path = sample_warehouse_file
    con = connect(path, read_only=True)
    try:
        assert models.undocumented(con) == []
        objects = con.execute(
            """SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE schema_name IN ('audit', 'core', 'marts')
               UNION ALL SELECT schema_name || '.' || view_name FROM duckdb_views() WHERE schema_name IN ('audit', 'core', 'marts')"""
        ).fetchall()
        names = {r[0] for r in objects}
        # The examples, named: the worklist, the match table, the audit of files.
        assert {"core.supplier_match", "marts.unmatched_suppliers", "audit.ingest_files", "marts.payment_classified"} <= names
        empty = con.execute(
            """SELECT table_name, column_name FROM duckdb_columns()
               WHERE schema_name IN ('audit', 'core', 'marts') AND coalesce(trim(comment), '') = ''"""
        ).fetchall()
        assert empty == []
        evidence = dict(con.execute(
            """SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = 'core' AND table_name = 'dim_supplier'
               AND column_name IN ('location_source', 'sme_source', 'vcs_source')""").fetchall())
        assert set(evidence) == {"location_source", "sme_source", "vcs_source"}
        assert "companies_house" in evidence["sme_source"]
    finally:
        con.close()
