"""pipelines.tabular on its own, and XLSX ledgers and overrides end to end."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anchorspend.pipelines import tabular
from anchorspend.pipelines.ledgers import LedgerUnreadable, ingest_ledgers, read_ledger

BODY = "Luton Borough Council"


@pytest.mark.parametrize(
    "raw, key",
    [
        ("Net Amount(£)", "net amount"),
        ("* NET AMOUNT", "net amount"),
        ("net_amount", "net amount"),
        ("NetAmount", "net amount"),
        ("Name:  ", "name"),
        ("HBC Ref No.", "hbc ref no"),
        ("Supplier(Beneficiary) Name", "supplier beneficiary name"),
        ("VATRegistrationNumber", "vat registration number"),
        ("Procurement Classification: Council's Procurement Category Name", "procurement classification councils procurement category name"),
        ("  Amount  (£) ", "amount"),
    ],
)
def test_normalise_header(raw: str, key: str) -> None:
    assert tabular.normalise_header(raw) == key


def test_decode_variants() -> None:
    text = "Supplier,Amount\nCafé,£5.00\n"
    assert tabular.decode_bytes(text.encode("utf-8")) == (text, "utf-8")
    assert tabular.decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert tabular.decode_bytes(text.encode("cp1252")) == (text, "cp1252")
    # Salford's mistake: UTF-8 with BOM, read as Latin-1, saved as UTF-8 again.
    double = ("\ufeff" + text).encode("utf-8").decode("latin-1").encode("utf-8")
    assert double.startswith(b"\xc3\xaf\xc2\xbb\xc2\xbf")
    assert tabular.decode_bytes(double) == (text, "utf-8 (double-encoded)")


def test_csv_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    # line 1 title, 2 blank, 3 header, 4-5 one record with a quoted CRLF, 6 record, 7 blank-comma row
    path.write_bytes(b'Title\r\n\r\nDate,Supplier,Amount\r\n01/01/2024,"A\r\nB",1\r\n02/01/2024,C,2\r\n,,\r\n')
    (table,) = tabular.read_tables(path)
    assert table.rows["line"].to_list() == [1, 2, 3, 4, 6, 7]
    assert table.rows["c1"].to_list() == ["", "", "Supplier", "A\nB", "C", ""]
    header = tabular.find_header(table)
    assert (header.index, header.line) == (2, 3)


def test_map_columns_prefers_net_and_payment_date() -> None:
    cells = ["Effective Date", "Payment Date", "Gross Amount", "Net Amount", "VAT", "Supplier", "Body"]
    m = tabular.map_columns(cells, "ledger")
    assert m.chosen["payment_date"].column == "Payment Date"
    assert [c.column for c in m.rejected["payment_date"]] == ["Effective Date"]
    assert m.chosen["amount"].column == "Net Amount"
    assert [c.column for c in m.rejected["amount"]] == ["Gross Amount"]
    assert "VAT" not in [c.column for c in m.rejected["amount"]]
    assert m.chosen["supplier_name"].index == 5
    recorded = json.loads(m.to_json())
    assert recorded["chosen"]["amount"]["column"] == "Net Amount"
    assert recorded["rejected"]["amount"][0]["column"] == "Gross Amount"


def test_synonym_naming_two_fields_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "syn.csv"
    path.write_text("kind,field,synonym,priority\nledger,amount,Value,1\nledger,purpose,VALUE,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="names two fields"):
        tabular.load_synonyms("ledger", path=path)


def test_excel_cell_text() -> None:
    # The stored double is kept exactly as text; the money parser rounds it.
    assert tabular.excel_cell_text(1041.4099999999999) == "1041.4099999999999"
    assert tabular.excel_cell_text(1041.41) == "1041.41"
    assert tabular.excel_cell_text(115520.68999999997) == "115520.68999999997"
    assert tabular.excel_cell_text(1e-07) == "0.0000001"
    assert tabular.excel_cell_text(45000) == "45000"
    assert tabular.excel_cell_text(datetime(2024, 4, 9)) == "2024-04-09"
    assert tabular.excel_cell_text(datetime(2024, 4, 9, 13, 5)) == "2024-04-09 13:05:00"
    assert tabular.excel_cell_text(None) == ""


def _workbook(path: Path) -> None:
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes["A1"] = "Spend over £500. Personal data redacted."
    apr = wb.create_sheet("Apr 24")
    # Rows 1-2 empty, column A empty: the header is at B3.
    apr["B3"], apr["C3"], apr["D3"], apr["E3"] = "* Date", "* Supplier", "Net Amount", "Expense Type"
    apr.append([None, datetime(2024, 4, 9), "ZIP WATER", 1041.4099999999999, "Fixtures"])  # row 4
    apr.append([None, 45383, "ACME", 500, "Fixtures"])  # row 5: serial date 45383 = 1 Apr 2024
    apr.append([None, "31/04/2024", "BAD DATE LTD", 10.5, "Fixtures"])  # row 6: no 31 April
    apr.append([])  # row 7 blank
    apr.append([None, None, "Total", 1551.91, None])  # row 8: totals row
    may = wb.create_sheet("May 24")
    may.append(["Payment Date", "Supplier Name", "Amount"])
    may.append([datetime(2024, 5, 1), "ZIP WATER", -0.1 - 0.2])  # float noise -0.30000000000000004
    wb.save(path)


def test_xlsx_ledger_every_sheet(tmp_path: Path, con) -> None:
    landing = tmp_path / "landing"
    (landing / "ledgers" / "pcc").mkdir(parents=True)
    _workbook(landing / "ledgers" / "pcc" / "2024.xlsx")
    (result,) = ingest_ledgers(con, landing, BODY)
    # Data lines: Apr rows 4, 5, 6, 8 (row 7 blank) and May row 2 -> 5; rejected: row 6 (date), row 8 (totals).
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_rejected, result.rows_duplicate) == (
        "loaded", 5, 3, 2, 0,
    )
    # 1041.41 + 500.00 - 0.30
    assert result.amount_loaded == Decimal("1541.11")
    assert "sheet 'Notes'" in (result.message or "")
    rows = con.execute(
        "SELECT source_sheet, source_line, payment_date, supplier_name, amount FROM core.fct_payment ORDER BY source_sheet, source_line"
    ).fetchall()
    assert rows == [
        ("Apr 24", 4, date(2024, 4, 9), "ZIP WATER", Decimal("1041.41")),
        ("Apr 24", 5, date(2024, 4, 1), "ACME", Decimal("500.00")),
        ("May 24", 2, date(2024, 5, 1), "ZIP WATER", Decimal("-0.30")),
    ]
    rejected = con.execute("SELECT source_sheet, source_line, reason FROM audit.rejected_rows ORDER BY source_line").fetchall()
    assert rejected == [("Apr 24", 6, "invalid date '31/04/2024'"), ("Apr 24", 8, "totals row")]


def test_override_maps_an_unknown_header_without_code(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    path = landing / "ledgers" / "odd" / "2024-06.csv"
    path.parent.mkdir(parents=True)
    path.write_text("When,Who,Total Paid Out\n01/06/2024,ACME,12.00\n", encoding="utf-8")
    with pytest.raises(LedgerUnreadable) as err:
        read_ledger(path, landing, BODY, overrides=[])
    assert "no header row" in str(err.value) and "ledgers/odd/2024-06.csv" in str(err.value)

    toml = tmp_path / "overrides.toml"
    toml.write_text(
        '[[source]]\nglob = "ledgers/odd/*"\nheader_line = 1\n'
        '[source.columns]\npayment_date = "when"\nsupplier_name = 1\namount = "Total Paid Out"\n'
        '[source.constants]\nbody = "Odd Borough Council"\n',
        encoding="utf-8",
    )
    overrides = tabular.load_overrides(toml)
    assert tabular.override_for("ledgers/odd/2024-06.csv", "ledger", overrides) is overrides[0]
    assert tabular.override_for("ledgers/other/2024-06.csv", "ledger", overrides) is None
    parsed = read_ledger(path, landing, BODY, overrides=overrides)
    assert parsed.payments.select("body", "supplier_name", "amount").rows() == [("Odd Borough Council", "ACME", Decimal("12.00"))]
    assert parsed.mapping["override"] == "ledgers/odd/*"
    assert parsed.mapping["chosen"]["amount"]["method"] == "override"


def test_record_wider_than_any_physical_line(tmp_path: Path) -> None:
    # Line 2 has 1 comma and line 3 has 2, but the record they form has 4 fields.
    path = tmp_path / "wide.csv"
    path.write_bytes(b'x,y\n1,"a\nb",2,3\n')
    (table,) = tabular.read_tables(path)
    assert table.rows.select(table.cell_columns).rows() == [("x", "y", "", ""), ("1", "a\nb", "2", "3")]
    assert table.rows["line"].to_list() == [1, 2]


def test_only_and_progress_callback(tmp_path: Path, con) -> None:
    landing = tmp_path / "landing"
    for name in ("a/2024-01.csv", "b/2024-01.csv"):
        path = landing / "ledgers" / name
        path.parent.mkdir(parents=True)
        path.write_text("Payment Date,Supplier Name,Amount\n01/01/2024,ACME,1.00\n", encoding="utf-8")
    seen: list[str] = []
    results = ingest_ledgers(con, landing, BODY, only=["ledgers/a/*"], on_file=seen.append)
    assert seen == ["ledgers/a/2024-01.csv"]
    assert [(r.source_file, r.status) for r in results] == [("ledgers/a/2024-01.csv", "loaded")]
    # Adding the other file later ingests only that file; the same line from another
    # council's folder is a duplicate by the k - m rule (same canonical values, same body).
    results = ingest_ledgers(con, landing, BODY)
    assert [(r.source_file, r.status, r.rows_duplicate) for r in results] == [
        ("ledgers/a/2024-01.csv", "unchanged", 0),
        ("ledgers/b/2024-01.csv", "loaded", 1),
    ]


def test_xlsx_with_a_wrong_dimension_tag_keeps_every_column(tmp_path: Path) -> None:
    import re
    import zipfile

    good = tmp_path / "good.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Payment Date", "Supplier Name", "Amount"])
    wb.active.append([datetime(2024, 1, 2), "ACME", 12.5])
    wb.save(good)
    # Rewrite <dimension ref="A1:C2"> as A1:A1, as some exporters get it wrong.
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:A1"', data)
            zout.writestr(item, data)
    (table,) = tabular.read_tables(bad)
    assert table.rows.select(table.cell_columns).rows() == [("Payment Date", "Supplier Name", "Amount"), ("2024-01-02", "ACME", "12.5")]


def test_unclosed_quote_is_read_as_text_and_reading_carries_on(tmp_path: Path) -> None:
    """One stray quote once swallowed every later line into one record (issue 11, case 4)."""
    from anchorspend.pipelines import tabular

    body = "".join(f"0{i % 9 + 1}/05/2023,Supplier number {i} Limited,{i}.00\n" for i in range(4000))
    path = tmp_path / "open_quote.csv"
    path.write_text("Payment Date,Supplier Name,Amount\n01/04/2023,\"Open quote Ltd,10.00\n" + body)
    notes: list[str] = []
    (table,) = tabular.read_tables(path, notes)
    # 1 header + 1 stray-quote line + 4,000 payments, each on its own physical line.
    assert table.rows.height == 4002
    assert table.rows.row(1)[:3] == ("01/04/2023", '"Open quote Ltd', "10.00")
    assert table.rows[tabular.LINE].to_list() == list(range(1, 4003))
    assert table.rows.row(4001)[:3] == ("04/05/2023", "Supplier number 3999 Limited", "3999.00")  # 3999 % 9 + 1 = 4
    assert any("lines [2]" in n for n in notes), notes


def test_stray_quote_closed_a_few_lines_later_does_not_swallow_them(tmp_path: Path) -> None:
    from anchorspend.pipelines import tabular

    lines = ["Payment Date,Supplier Name,Amount,Type,Area"]
    lines.append('01/04/2023,"Stray Ltd,10.00,Works,Roads')
    lines += [f"02/04/2023,Supplier {i},{i}.00,Works,Roads" for i in range(3)]
    lines.append('03/04/2023,"Closing, Ltd",5.00,Works,Roads')
    path = tmp_path / "close_later.csv"
    path.write_text("\n".join(lines) + "\n")
    (table,) = tabular.read_tables(path)
    assert table.rows[tabular.LINE].to_list() == [1, 2, 3, 4, 5, 6]
    assert table.rows["c1"].to_list()[1:] == ['"Stray Ltd', "Supplier 0", "Supplier 1", "Supplier 2", "Closing, Ltd"]


def test_separator_override(tmp_path: Path) -> None:
    from anchorspend.pipelines import tabular

    toml = tmp_path / "overrides.toml"
    toml.write_text('[[source]]\nglob = "ledgers/pipes/*.csv"\nseparator = "|"\n\n[[source]]\nglob = "ledgers/tabs/*"\nseparator = "\\t"\n')
    pipes, tabs = tabular.load_overrides(toml)
    assert (pipes.separator, tabs.separator) == ("|", "\t")
    # Both a comma and a pipe give three fields per line; sniffing prefers the comma.
    path = tmp_path / "ambiguous.csv"
    path.write_text("a,b|c,d|e\n1,2|3,4|5\n")
    assert tabular.read_tables(path)[0].rows.row(0)[:3] == ("a", "b|c", "d|e")
    assert tabular.read_tables(path, separator="|")[0].rows.row(0)[:3] == ("a,b", "c,d", "e")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nglob = "x"\nseparator = ";;"\n')
    with pytest.raises(ValueError, match="separator must be one character"):
        tabular.load_overrides(bad)


def test_a_wide_line_fails_its_file_alone_in_seconds_and_bounded_memory(tmp_path: Path, con) -> None:
    """Issue 15 item 3: a 1 MiB line of 524,289 fields passed 14 GB RSS in 175 s."""
    import subprocess
    import sys
    import time

    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    wide = landing / "ledgers" / "wide.csv"
    wide.write_bytes(b"Payment Date,Supplier Name,Amount\n" + b"," * 524_288 + b"\n")
    (landing / "ledgers" / "good.csv").write_text("Payment Date,Supplier Name,Amount\n01/04/2023,Acme Ltd,600.00\n")
    # Memory of reading it alone, in a fresh process. Its VmHWM, not ru_maxrss: Linux carries
    # ru_maxrss across exec, so a child of this (large) test process would report our peak.
    script = (
        "import re, sys\n"
        "from anchorspend.pipelines import tabular\n"
        "try:\n    tabular.read_tables(sys.argv[1])\nexcept tabular.UnreadableFile as exc:\n    print(exc)\n"
        "print(re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1))\n"
    )
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", script, str(wide)], capture_output=True, text=True, check=True).stdout.splitlines()
    assert time.monotonic() - started < 30
    assert out[0] == "line 2 has 524,289 fields, more than the 1,000 a ledger line may hold; the file was not read"
    assert int(out[1]) < 600_000  # KiB: the interpreter and Polars alone take ~150 MB
    # Through ingestion: that file fails with the reason, the other loads.
    from anchorspend.pipelines.ledgers import ingest_ledgers

    results = {r.source_file: r for r in ingest_ledgers(con, landing, "Luton Borough Council")}
    assert (results["ledgers/wide.csv"].status, results["ledgers/good.csv"].status) == ("failed", "loaded")
    assert "524,289 fields" in results["ledgers/wide.csv"].message


def test_a_long_line_and_a_long_field_are_refused(tmp_path: Path) -> None:
    from anchorspend.pipelines import tabular

    long_line = tmp_path / "long.csv"
    long_line.write_bytes(b"Payment Date,Supplier Name,Amount\n01/04/2023," + b"x" * (3 << 20) + b",1.00\n")
    # 11 + 3 * 2**20 + 5 bytes
    with pytest.raises(tabular.UnreadableFile, match="line 2 is 3,145,744 bytes long"):
        tabular.read_tables(long_line)
    # A quoted field spanning lines, each short, adding up to more than 1 MiB: a stray quote
    # read as text, so no field grows past the cap and every line stays a line.
    spread = tmp_path / "spread.csv"
    spread.write_bytes(b'Payment Date,Supplier Name,Amount\n01/04/2023,"open,1.00\n' + (b"y" * 100_000 + b"\n") * 15)
    (table,) = tabular.read_tables(spread)
    assert table.rows.height == 17


def test_one_stray_quote_in_the_sample_loses_nothing(tmp_path: Path, con) -> None:
    """Issue 11 case 4: one `"` before a supplier name on line 3,400 of the sample's 2017-04.csv
    swallowed the next 451 payments (£1,793,433.50) into one rejected record."""
    import csv

    from anchorspend.pipelines.ledgers import ingest_ledgers

    sample = Path(__file__).resolve().parents[2] / "sample_data" / "landing" / "ledgers" / "2017-04.csv"
    original = sample.read_text(encoding="utf-8-sig")
    lines = original.split("\n")
    cells = lines[3399].split(",")
    cells[3] = '"' + cells[3]
    lines[3399] = ",".join(cells)
    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    (landing / "ledgers" / "2017-04.csv").write_text("\n".join(lines), encoding="utf-8")
    # The expected figures, from the unmodified file read with the csv module (it holds no quotes).
    records = [r for r in csv.reader(original.splitlines()[1:]) if any(c.strip() for c in r)]
    want_total = sum(Decimal(r[4]) for r in records)
    (r,) = ingest_ledgers(con, landing, "Luton Borough Council")
    assert (r.status, r.rows_loaded, r.rows_rejected) == ("loaded", len(records), 0), r.message
    assert r.amount_loaded == want_total
    assert "lines [3400]" in r.message
    (name,) = con.execute("SELECT supplier_name FROM core.fct_payment WHERE source_line = 3400").fetchall()[0]
    assert name == cells[3]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="aAbBkKsS \u212a\u017f\u00a0\u2003\t-_.*£()İi\u0307", min_size=1, max_size=12),
    st.lists(st.text(alphabet="aAbBkKsS \u212a\u017f\u00a0\u2003\t-_.*£()İi\u0307", max_size=14), min_size=1, max_size=30),
)
def test_repeated_header_prefilter_keeps_every_cell_equal_to_the_header(header: str, cells: list[str]) -> None:
    # The cheap regex only narrows the rows: it must keep every cell the exact comparison keeps.
    frame = pl.DataFrame({"c": cells + [header, header.upper(), f"  {header.lower()}\u00a0"]})
    exact = frame.select(pl.col("c").str.strip_chars().str.to_lowercase() == header.strip().lower()).to_series()
    kept = frame.select(tabular._may_equal_ignoring_case(pl.col("c"), header).alias("k")).to_series()
    if kept.len() == 1:
        kept = pl.Series([kept[0]] * frame.height)
    assert not (exact & ~kept).any()


def test_of_two_equal_priority_name_columns_the_one_with_more_names_wins(tmp_path: Path) -> None:
    # 'Payee Name' and 'Supplier Name' are both priority-1 synonyms of supplier_name; the left
    # one is mostly blank, so the right one, with a name on every line, is the supplier.
    landing = tmp_path / "landing"
    (landing / "ledgers").mkdir(parents=True)
    rows = ["Payment Date,Payee Name,Supplier Name,Amount"]
    rows += [f"0{d}/04/2024,,NAME {d} LTD,{d}0.00" for d in range(1, 8)]
    rows += ["08/04/2024,J SMITH,NAME 8 LTD,80.00"]
    (landing / "ledgers" / "x.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    parsed = read_ledger(landing / "ledgers" / "x.csv", landing, BODY)
    assert parsed.mapping["chosen"]["supplier_name"]["column"] == "Supplier Name"
    assert parsed.payments["supplier_name"].to_list() == [f"NAME {d} LTD" for d in range(1, 9)]
    # The same file with the columns swapped: still the full column, now on the left.
    swapped = ["Payment Date,Supplier Name,Payee Name,Amount"] + [
        ",".join([r.split(",")[0], r.split(",")[2], r.split(",")[1], r.split(",")[3]]) for r in rows[1:]
    ]
    (landing / "ledgers" / "x.csv").write_text("\n".join(swapped) + "\n", encoding="utf-8")
    parsed = read_ledger(landing / "ledgers" / "x.csv", landing, BODY)
    assert parsed.mapping["chosen"]["supplier_name"]["column"] == "Supplier Name"
