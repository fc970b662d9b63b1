"""`anchorspend sql`: a read-only prompt sandboxed to the warehouse, run as real processes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from anchorspend.pipelines.warehouse import connect


def _error(done) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("error: ")
    return line


def test_copy_to_writes_nothing(cli, warehouse_file, tmp_path):
    target = tmp_path / "leak.csv"
    done = cli("sql", f"COPY (SELECT * FROM core.fct_payment) TO '{target}'", "--warehouse", str(warehouse_file))
    assert "disabled by configuration" in _error(done)
    assert not target.exists()


def test_attach_read_write_creates_nothing(cli, warehouse_file, tmp_path):
    other = tmp_path / "other.duckdb"
    done = cli("sql", f"ATTACH '{other}' AS other (READ_WRITE); CREATE TABLE other.t AS SELECT 1 AS x",
               "--warehouse", str(warehouse_file))
    assert "disabled by configuration" in _error(done)
    assert not other.exists()


@pytest.mark.parametrize("query", ["SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM glob('/root/*')",
                                   "SELECT * FROM read_text('/etc/hostname')", "SELECT * FROM '/etc/passwd'"])
def test_no_file_is_read(cli, warehouse_file, query):
    done = cli("sql", query, "--warehouse", str(warehouse_file))
    assert done.returncode == 1
    assert "root:" not in done.stdout and done.stdout == ""


def test_install_is_refused(cli, warehouse_file):
    done = cli("sql", "INSTALL httpfs", "--warehouse", str(warehouse_file))
    assert "disabled by configuration" in _error(done)
    done = cli("sql", "LOAD httpfs", "--warehouse", str(warehouse_file))
    assert "disabled" in _error(done)


@pytest.mark.parametrize("statement", ["SET enable_external_access = true", "RESET enable_external_access",
                                       "SET lock_configuration = false", "SET allowed_paths = ['/etc/passwd']"])
def test_the_sandbox_cannot_be_switched_off(cli, warehouse_file, statement):
    # A statement that re-opens the sandbox, then one that would use it, in one call.
    done = cli("sql", f"{statement}; SELECT * FROM read_csv('/etc/passwd')", "--warehouse", str(warehouse_file))
    assert "configuration has been locked" in _error(done)
    assert "root:" not in done.stdout


def test_the_warehouse_is_read_only(cli, warehouse_file):
    done = cli("sql", "DELETE FROM core.fct_payment", "--warehouse", str(warehouse_file))
    assert "read-only" in _error(done)
    con = connect(warehouse_file, read_only=True)
    assert con.execute("SELECT count(*) FROM core.fct_payment").fetchone()[0] == 16  # report_fixtures.PAYMENTS
    con.close()


def test_queries_still_read_the_warehouse(cli, warehouse_file):
    # 8,000 + 12,000 + 50,000 + 100,000 + 200,000 - 1,000 (report_fixtures.PAYMENTS by month, by hand).
    done = cli("sql", "SELECT sum(amount) AS total FROM core.fct_payment", "--warehouse", str(warehouse_file))
    assert done.returncode == 0, done.stderr
    assert "369,000.00" in done.stdout


def test_money_is_right_aligned_with_separators(cli, warehouse_file):
    done = cli("sql", "SELECT name, amount FROM (VALUES ('a', 1234567.50::DECIMAL(18,2)), ('b', 1.50::DECIMAL(18,2)),"
               " ('c', NULL)) AS t(name, amount) ORDER BY name", "--warehouse", str(warehouse_file))
    assert done.returncode == 0, done.stderr
    rows = {line.split()[1]: line for line in done.stdout.splitlines() if re.match(r"^│ [abc] ", line)}
    assert "1,234,567.50 │" in rows["a"] and "1.50 │" in rows["b"] and "NULL │" in rows["c"]
    # Right-aligned: every figure ends in the same column.
    ends = {line.rindex(" │") for line in rows.values()}
    assert len(ends) == 1
    assert rows["b"].index("1.50") > rows["a"].index("1,234,567.50")


def test_tables_across_schemas(cli, warehouse_file):
    for command in (".tables", "SHOW TABLES", "show tables;"):
        done = cli("sql", command, "--warehouse", str(warehouse_file))
        assert done.returncode == 0, done.stderr
        listed = set(re.findall(r"^│ (\w+)\s+│ (\w+)\s+│", done.stdout, re.MULTILINE))
        for expected in [("core", "fct_payment"), ("core", "dim_supplier"), ("marts", "kpi_spend_by_month"),
                         ("marts", "payment_classified"), ("audit", "ingest_files"), ("staging", "supplier_source")]:
            assert expected in listed, (command, expected)
    done = cli("sql", "SHOW TABLES FROM audit", "--warehouse", str(warehouse_file))
    assert {s for s, _ in re.findall(r"^│ (\w+)\s+│ (\w+)\s+│", done.stdout, re.MULTILINE)} == {"audit"}


def test_schema_of_a_table(cli, warehouse_file):
    con = connect(warehouse_file, read_only=True)
    columns = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'marts' AND table_name = 'top_suppliers' "
        "ORDER BY ordinal_position").fetchall()]
    con.close()
    for name in ("marts.top_suppliers", "top_suppliers"):
        done = cli("sql", f".schema {name}", "--warehouse", str(warehouse_file))
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("marts.top_suppliers: ")
        shown = re.findall(r"^│ (\w+)\s+│ [A-Z]", done.stdout, re.MULTILINE)
        assert shown == columns
    assert "no table or view nope" in _error(cli("sql", ".schema nope", "--warehouse", str(warehouse_file)))


def test_piped_prompt_runs_each_statement_and_keeps_going(cli, warehouse_file):
    script = """.tabels
SELECT count(*) AS lines
  FROM core.fct_payment;
SELECT * FROM no_such_table;
.schema core.fct_payment
SELECT 'still here' AS status;
.quit
SELECT 'after quit' AS status;
"""
    done = cli("sql", "--warehouse", str(warehouse_file), stdin=script)
    assert done.returncode == 0, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors[0] == "error: unknown command .tabels; .help lists the commands"
    assert "no_such_table" in errors[1] and len(errors) == 2
    assert re.search(r"│\s+16 │", done.stdout)  # 16 payment lines (report_fixtures.PAYMENTS)
    assert "core.fct_payment: " in done.stdout and "still here" in done.stdout
    assert "after quit" not in done.stdout
    assert "sql>" not in done.stdout  # no prompts when piped


def test_a_failing_query_exits_1_with_one_line(cli, warehouse_file):
    done = cli("sql", "SELECT * FROM no_such_table", "--warehouse", str(warehouse_file))
    assert _error(done).startswith("error: Catalog Error: Table with name no_such_table does not exist!")
    assert len(done.stderr.strip().splitlines()) == 1
