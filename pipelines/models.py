"""SQL models in the dbt style, without dbt.

Each model is one `SELECT` in sql/models/<schema>/<relation>.sql, named after the relation it
writes, with its docs in sql/models/<schema>/<relation>.yml beside it (the layout of
dbt-labs/jaffle-shop). The .yml says how the model is materialised and describes the relation
and every column; `COMMENT ON` is generated from it. Tables whose DDL stays in sql/ddl/ (the
contracts ingestion writes: core.fct_payment, core.dim_supplier, audit.*, ...) have a .yml with
`tables:` instead of `models:`, so their docs live in the same place.

A .yml file:

    models:                      # or `tables:` (DDL in sql/ddl/) or `seeds:` (rows from a CSV)
      - name: kpi_spend_by_year
        description: One row per ...
        config:
          materialized: incremental   # table | view | incremental (seeds and tables: implied)
          partition_by: financial_year
          refresh_columns: [target_pct_*, "*_target_status"]   # see materialise(refresh=)
        columns:
          - name: body
            data_type: VARCHAR NOT NULL   # optional; all or none. With types the table is
            description: "{doc.body}"     # created from them and the SELECT inserted by name.
          - total_spend                   # a bare name: the shared text {doc.total_spend}

Descriptions are templates: `{doc.NAME}` is a shared text from sql/models/_docs.yml,
`{council.FIELD}` a term from the council file (council_config(): `primary_areas`,
`secondary_authorities`, `name`, ...), and `{register_targets.MEASURE}` the figures loaded from
reference_data/register_targets.csv into core.register_targets, so no figure is copied by hand.

Model SQL may paste a shared block with `-- include marts/_spend_measures prefix=fytd_`
(see warehouse.sql_text). A model never carries its own partition filter: the runner wraps it,
and DuckDB pushes the filter down to the scan.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import yaml

from anchorspend.pipelines.config import SQL_DIR, council_config
from anchorspend.pipelines.warehouse import sql_text, table_exists

# libyaml's loader when PyYAML was built with it: the docs are read on every run, and the pure
# Python loader took most of a second over them.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MODELS_DIR = SQL_DIR / "models"
MACROS_DIR = SQL_DIR / "macros"
DOCS_FILE = MODELS_DIR / "_docs.yml"
# The schemas whose every table, view and column must carry a comment.
DOCUMENTED_SCHEMAS = ("audit", "core", "marts")
KINDS = {"table", "view", "incremental", "seed", "contract"}


@dataclass(frozen=True)
class Column:
    name: str
    description: str  # a template: see the module docstring
    data_type: str | None = None


@dataclass(frozen=True)
class Relation:
    """One documented relation: a model (with a .sql), a seed, or a contract table (DDL in sql/ddl/)."""

    name: str  # schema.relation
    kind: str  # table | view | incremental | seed | contract
    description: str
    columns: tuple[Column, ...]
    partition_by: str | None = None
    refresh_columns: tuple[str, ...] = ()
    unique_key: tuple[str, ...] = ()
    doc_file: Path | None = None

    @property
    def schema(self) -> str:
        return self.name.split(".")[0]

    @property
    def sql_name(self) -> str:
        """The model's SQL file for warehouse.sql_text: models/<schema>/<relation>."""
        return "models/" + self.name.replace(".", "/")

    @property
    def has_contract(self) -> bool:
        return bool(self.columns) and all(c.data_type for c in self.columns)


def _column(entry, where: str) -> Column:
    if isinstance(entry, str):
        return Column(entry, "{doc.%s}" % entry)
    if not isinstance(entry, dict) or "name" not in entry:
        raise ValueError(f"{where}: a column is a name or a mapping with `name`")
    return Column(entry["name"], entry.get("description") or "{doc.%s}" % entry["name"], entry.get("data_type"))


@lru_cache
def relations() -> dict[str, Relation]:
    """Every documented relation, by `schema.relation`, read from sql/models/<schema>/*.yml."""
    found: dict[str, Relation] = {}
    for path in sorted(MODELS_DIR.glob("*/*.yml")):
        schema = path.parent.name
        spec = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
        for section, implied in (("models", None), ("seeds", "seed"), ("tables", "contract")):
            for entry in spec.get(section) or []:
                where = f"{path.relative_to(SQL_DIR)}: {entry.get('name')}"
                config = entry.get("config") or {}
                kind = implied or config.get("materialized", "table")
                if kind not in KINDS:
                    raise ValueError(f"{where}: materialized must be one of table, view, incremental")
                name = f"{schema}.{entry['name']}"
                if name in found:
                    raise ValueError(f"{where}: {name} is documented twice")
                if not (entry.get("description") or "").strip():
                    raise ValueError(f"{where}: no description")
                rel = Relation(
                    name=name,
                    kind=kind,
                    description=entry["description"],
                    columns=tuple(_column(c, where) for c in entry.get("columns") or []),
                    partition_by=config.get("partition_by"),
                    refresh_columns=tuple(config.get("refresh_columns") or ()),
                    unique_key=tuple(config.get("unique_key") or ()),
                    doc_file=path,
                )
                if kind == "incremental" and not rel.partition_by:
                    raise ValueError(f"{where}: an incremental model needs config.partition_by")
                if kind in ("table", "view", "incremental") and not (MODELS_DIR / schema / f"{entry['name']}.sql").exists():
                    raise ValueError(f"{where}: no model file {schema}/{entry['name']}.sql beside it")
                found[name] = rel
    return found


def relation(name: str) -> Relation:
    try:
        return relations()[name]
    except KeyError:
        raise KeyError(f"{name} has no entry in sql/models/{name.split('.')[0]}/*.yml") from None


@lru_cache
def _shared_docs() -> dict[str, str]:
    return (yaml.load(DOCS_FILE.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}).get("docs") or {}


def _and_list(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _council_terms() -> dict[str, str]:
    c = council_config()
    return {
        "name": c.name,
        "primary_areas": _and_list(c.local_primary_postcode_areas),
        "secondary_authorities": _and_list(c.local_secondary_local_authorities),
        "primary_label": c.local_primary_label,
        "secondary_label": c.local_secondary_label,
    }


_PLACEHOLDER = re.compile(r"\{(doc|council|register_targets)\.([A-Za-z0-9_]+)\}")


def _register_targets_text(con: duckdb.DuckDBPyConnection, measure: str) -> str:
    if not table_exists(con, "core.register_targets"):
        return "none loaded"
    rows = con.execute(sql_text("engine/register_target_figures"), [measure]).fetchall()
    if not rows:
        return "none loaded"
    parts = []
    for year, dimension, figure, kind in rows:
        figure = format(figure.normalize(), "f") if figure == figure.to_integral() else str(figure)
        label = " ".join(x for x in (dimension, year) if x)
        parts.append(f"{figure} ({label})" if label else figure)
    return f"{rows[0][3]} " + ", ".join(parts)


def render(text: str, con: duckdb.DuckDBPyConnection | None = None, _terms: dict | None = None) -> str:
    """Fill a description template (see the module docstring). `_terms` carries what one batch
    of renders has already looked up (the council file is read once, not once a column)."""
    docs = _shared_docs()
    terms = {} if _terms is None else _terms

    def fill(match: re.Match) -> str:
        kind, key = match.groups()
        if kind == "doc":
            if key not in docs:
                raise KeyError(f"no shared text {key!r} in {DOCS_FILE.relative_to(SQL_DIR)}")
            return render(docs[key], con, terms)
        if kind == "council":
            if "council" not in terms:
                terms["council"] = _council_terms()
            return terms["council"][key]
        if con is None:
            return "see reference_data/register_targets.csv"
        if ("register_targets", key) not in terms:
            terms[("register_targets", key)] = _register_targets_text(con, key)
        return terms[("register_targets", key)]

    return " ".join(_PLACEHOLDER.sub(fill, text).split())




def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split("."))


def model_sql(name: str) -> str:
    """The model's SELECT, includes pasted in."""
    return sql_text(relation(name).sql_name).strip().rstrip(";")


# The statements the engine wraps around a model's SELECT stay in Python: they splice in the
# model's SQL and generated column lists, which sql_text's identifier-only placeholders refuse by
# design (tests/test_sql_in_files.py lists them).

def _create_from_contract(con, rel: Relation) -> None:
    columns = ",\n    ".join(f"{_ident(c.name)} {c.data_type}" for c in rel.columns)
    con.execute(f"CREATE OR REPLACE TABLE {rel.name} (\n    {columns}\n)")


def _in_partitions(select: str, col: str) -> str:
    """`select`'s rows in the partitions bound as $p: DuckDB pushes the filter down to the scan."""
    return f"SELECT * FROM (\n{select}\n) WHERE list_contains($p, {col})"


def _replace_rows(con, name: str, select: str, col: str | None = None, parts: list | None = None) -> None:
    """Delete the table's rows, or only those of partitions `parts` (by column `col`), and insert
    `select`'s rows in their place, by column name."""
    if parts is None:
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} BY NAME\n{select}")
    else:
        con.execute(f"DELETE FROM {name} WHERE list_contains($p, {col})", {"p": parts})
        con.execute(f"INSERT INTO {name} BY NAME\n{_in_partitions(select, col)}", {"p": parts})


def _contract_matches(con, rel: Relation) -> bool:
    """The table exists with the contract's columns and types (one catalog query: a build checks
    every mart's table each run)."""
    have = con.execute(
        sql_text("engine/table_contract_columns"), {"schema": rel.schema, "table": rel.name.split(".")[1]}
    ).fetchall()
    want = [(c.name, c.data_type.replace(" NOT NULL", "").strip()) for c in rel.columns]
    return [(n, t.replace(" ", "")) for n, t in have] == [(n, t.replace(" ", "")) for n, t in want]


def ensure_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Create a seed or incremental model's table from its contract if missing, or again (empty)
    when its columns no longer match the contract. Returns True when it (re)created it."""
    rel = relation(name)
    if not rel.has_contract:
        raise ValueError(f"{name}: a {rel.kind} needs a data_type on every column in {rel.doc_file.name}")
    if _contract_matches(con, rel):
        return False
    _create_from_contract(con, rel)
    return True


def load_seed(con: duckdb.DuckDBPyConnection, name: str, rows: list[tuple]) -> int:
    """Replace a seed table's rows (already checked by its reader) with `rows`, in contract order."""
    ensure_table(con, name)
    con.execute(f"DELETE FROM {name}")
    if rows:
        con.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    apply_docs(con, [name])
    return len(rows)


def _matching(columns: Iterable[str], patterns: Sequence[str]) -> list[str]:
    return [c for c in columns if any(fnmatch.fnmatchcase(c, p) for p in patterns)]


def materialise(
    con: duckdb.DuckDBPyConnection,
    name: str,
    partitions: Sequence | None = None,
    *,
    refresh: Sequence = (),
    document: bool = True,
) -> None:
    """Write model `name` (e.g. "marts.kpi_spend_by_month") from its SELECT.

    - view: CREATE OR REPLACE VIEW;
    - table: replaced whole (created from the contract when the .yml gives every column a type);
    - incremental: `partitions` None rebuilds every row; a list deletes and re-inserts only the
      rows whose `partition_by` value is in it (months as dates, financial years as '2017/18').
      `refresh` lists further partitions whose existing rows keep every column except the
      model's `refresh_columns` (glob patterns), which are recomputed: the later months of a
      rebuilt month's financial year get a new year to date, their own figures untouched.

    document=False leaves the comments to the caller: a builder writing many models calls
    apply_docs once for all of them (each call reads the whole catalog).

    Not a transaction by itself: callers group their models in warehouse.transaction().
    """
    rel = relation(name)
    select = model_sql(name)
    if rel.kind == "view":
        con.execute(f"CREATE OR REPLACE VIEW {name} AS\n{select}")
    elif rel.kind == "table":
        if rel.has_contract:
            _create_from_contract(con, rel)
            con.execute(f"INSERT INTO {name} BY NAME\n{select}")
        else:
            con.execute(f"CREATE OR REPLACE TABLE {name} AS\n{select}")
    elif rel.kind == "incremental":
        _materialise_incremental(con, rel, select, partitions, refresh)
    else:
        raise ValueError(f"{name} is a {rel.kind}, not a model: nothing to materialise")
    if document:
        apply_docs(con, [name])


def _materialise_incremental(con, rel: Relation, select: str, partitions, refresh) -> None:
    ensure_table(con, rel.name)
    col = _ident(rel.partition_by)
    if partitions is None:
        _replace_rows(con, rel.name, select)
        return
    parts = sorted(set(partitions))
    refresh = sorted(set(refresh) - set(parts))
    if refresh and not (rel.refresh_columns and rel.unique_key):
        raise ValueError(f"{rel.name}: refresh needs config.refresh_columns and config.unique_key")
    if not refresh:
        _replace_rows(con, rel.name, select, col, parts)
        return
    # One pass computes both the rebuilt and the refreshed partitions.
    stage = "_model_stage"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {stage} AS\n{_in_partitions(select, col)}", {"p": parts + refresh})
    if parts:
        _replace_rows(con, rel.name, f"SELECT * FROM {stage}", col, parts)
    columns = _matching([c.name for c in rel.columns], rel.refresh_columns)
    assignments = ", ".join(f"{_ident(c)} = s.{_ident(c)}" for c in columns)
    keys = " AND ".join(f"m.{_ident(k)} = s.{_ident(k)}" for k in rel.unique_key)
    con.execute(
        f"UPDATE {rel.name} AS m SET {assignments} FROM {stage} AS s WHERE {keys} AND list_contains($p, m.{col})",
        {"p": refresh},
    )
    con.execute(f"DROP TABLE {stage}")


def ensure_models(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Macros, the seed and incremental tables (empty), the views, and every comment: what a
    fresh warehouse needs before any model runs. Table models appear when first materialised.
    Returns the tables (re)created empty, whose rows must be rebuilt whole."""
    for path in sorted(MACROS_DIR.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
    created = []
    for rel in relations().values():
        if rel.kind in ("seed", "incremental") and ensure_table(con, rel.name):
            created.append(rel.name)
    for rel in relations().values():
        if rel.kind == "view":
            materialise(con, rel.name, document=False)
    apply_docs(con)
    return created


def _current_comments(con) -> tuple[dict, dict]:
    objects = {(s, t): (kind, c) for s, t, kind, c in con.execute(sql_text("engine/relation_comments")).fetchall()}
    columns = {(s, t, c): comment for s, t, c, comment in con.execute(sql_text("engine/column_comments")).fetchall()}
    return objects, columns


def apply_docs(con: duckdb.DuckDBPyConnection, names: Sequence[str] | None = None) -> int:
    """COMMENT ON every documented relation that exists (or only `names`) and its columns, from
    the .yml files; only comments that differ are written. Returns how many were written."""
    objects, columns = _current_comments(con)
    terms: dict = {}
    statements = []
    for rel in relations().values():
        if names is not None and rel.name not in names:
            continue
        schema, table = rel.name.split(".")
        if (schema, table) not in objects:
            continue
        kind, current = objects[(schema, table)]
        text = render(rel.description, con, terms)
        if current != text:
            statements.append(f"COMMENT ON {kind} {rel.name} IS {_quote(text)}")
        for column in rel.columns:
            key = (schema, table, column.name)
            if key not in columns:
                continue  # documented but gone: undocumented() reports it
            text = render(column.description, con, terms)
            if columns[key] != text:
                statements.append(f"COMMENT ON COLUMN {rel.name}.{_ident(column.name)} IS {_quote(text)}")
    if statements:  # one round trip: hundreds of statements on a fresh warehouse
        con.execute(";\n".join(statements))
    return len(statements)


def undocumented(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What the docs miss, as readable lines: every table, view and column in the audit, core and
    marts schemas without an entry in sql/models/<schema>/*.yml, without a comment, or with a
    comment other than its entry's; and every documented column the warehouse no longer has.
    Empty when the warehouse documents itself."""
    objects, columns = _current_comments(con)
    rels = relations()
    terms: dict = {}
    problems = []
    for (schema, table), (_kind, comment) in sorted(objects.items()):
        if schema not in DOCUMENTED_SCHEMAS:
            continue
        name = f"{schema}.{table}"
        rel = rels.get(name)
        if rel is None:
            problems.append(f"{name}: no entry in sql/models/{schema}/{table}.yml")
            continue
        if not (comment or "").strip():
            problems.append(f"{name}: no comment")
        elif comment != render(rel.description, con, terms):
            problems.append(f"{name}: its comment is not the one in {rel.doc_file.relative_to(SQL_DIR)}")
        documented = {c.name: c for c in rel.columns}
        for (s, t, c), col_comment in columns.items():
            if (s, t) != (schema, table):
                continue
            if c not in documented:
                problems.append(f"{name}.{c}: not in {rel.doc_file.relative_to(SQL_DIR)}")
            elif not (col_comment or "").strip():
                problems.append(f"{name}.{c}: no comment")
            elif col_comment != render(documented[c].description, con, terms):
                problems.append(f"{name}.{c}: its comment is not the one in {rel.doc_file.relative_to(SQL_DIR)}")
        present = {c for (s, t, c) in columns if (s, t) == (schema, table)}
        problems += [f"{name}.{c}: documented in {rel.doc_file.relative_to(SQL_DIR)} but not in the warehouse"
                     for c in sorted(set(documented) - present)]
    return problems
