"""SQL lives in files under sql/ (run with warehouse.run_sql / sql_text), not in Python strings.

Scans every Python file of pipelines/, assets/ and definitions/ for a string (or a piece of an
f-string) that starts like a SQL statement. Docstrings are prose and are skipped; nothing else is.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("pipelines", "assets", "definitions")

# Upper-case statement keywords at the start of a string: how every SQL string here was written.
_STATEMENT = re.compile(
    r"^\s*\(?\s*(SELECT|WITH|INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|TRUNCATE|COMMENT\s+ON|SET|RESET|PRAGMA"
    r"|CHECKPOINT|ATTACH|DETACH|COPY|EXPORT|IMPORT|INSTALL|LOAD|BEGIN|COMMIT|ROLLBACK|VACUUM|ANALYZE)\b"
)

# (file, function) -> why its SQL strings stay. Each entry must still match something (below), so
# the list cannot outlive its reason.
ALLOWED = {
    **{
        ("pipelines/models.py", function): (
            "the model engine (dbt's materialisation macros): it wraps each model's SELECT, the "
            "columns of its contract and the COMMENT text of its docs in DDL/DML. sql_text's "
            "placeholders take identifiers only, by design, and DuckDB binds parameters to the last "
            "statement of a batch only, so as files these shapes would need an unchecked "
            "substitution and a file per statement"
        )
        for function in ("_create_from_contract", "_in_partitions", "_replace_rows", "load_seed", "materialise",
                         "_materialise_incremental", "apply_docs")
    },
    ("definitions/event_log.py", "_wal_normal"): (
        "a SQLite PRAGMA on Dagster's own event-log database, through SQLAlchemy: not warehouse SQL"
    ),
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def sql_strings(source: str) -> list[tuple[int, str, str]]:
    """(line, enclosing function or '', text) of every non-docstring string that starts like SQL."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    hits = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                and _STATEMENT.match(node.value)):
            hits.append((node.lineno, function, node.value.strip().splitlines()[0]))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "")
    return hits


def _offenders() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            for line, function, text in sql_strings(path.read_text(encoding="utf-8")):
                found.setdefault((rel, function), []).append(f"{rel}:{line} ({function or 'module'}): {text[:80]}")
    return found


def test_the_scan_finds_sql_strings_and_skips_docstrings():
    source = '''
def f(con, table):
    """SELECT in a docstring is prose."""
    con.execute("SELECT 1")
    con.execute(f"DELETE FROM {table} WHERE x = ?", [1])
    con.execute("""
        WITH a AS (SELECT 1) SELECT * FROM a""")
    return "Selected rows"
'''
    assert [(line, fn) for line, fn, _ in sql_strings(source)] == [(4, "f"), (5, "f"), (6, "f")]


def test_no_sql_statement_is_written_in_python():
    found = _offenders()
    offending = [hit for key, hits in sorted(found.items()) if key not in ALLOWED for hit in hits]
    assert not offending, "SQL written in Python; move it to a file under sql/:\n" + "\n".join(offending)


def test_every_allowed_place_still_writes_sql():
    found = _offenders()
    stale = sorted(f"{path} {function}" for path, function in ALLOWED if (path, function) not in found)
    assert not stale, "allowed places with no SQL string left; drop them from ALLOWED:\n" + "\n".join(stale)
