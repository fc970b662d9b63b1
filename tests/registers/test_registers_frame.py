"""The set-wise reading of register rows (registers/frame.py) against the pydantic models it
stands in for: over generated rows of awkward values, every row it vouches for is one the model
accepts, with exactly the model's values. Rows it does not vouch for go to the model, so only
this direction can lose or change a row."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from anchorspend.pipelines.registers import REGISTERS, frame, models

TEXT = ["Acme Ltd", "  Acme   Ltd ", "'quoted'", "1234", "Meet the buyer", "PE-1", "x\ty", "Ünïcode Ltd", "a\u00a0b"]
DATES = ["03/04/2019", "3/4/19", "03-APR-2019", "3 April 2019", "2019-04-03", "43558", "45017.0", " 03/04/2019 ",
         "2019-04-03 10:00", "3rd Apr 2019", "31/02/2019", "soon", "01/01/2100", "12/06/2019", "01/03/2019", "Sept 3 2019"]
MONEY = ["1200.50", "£1,200.50", "0", "48", "48.0", " 7 ", "1041.4099999999999", "1,000", "(300.00)", "-5", "1,23",
         "12.00 CR", "abc", "1e5", "999999999999999", "£-3", "48.5", "0.5"]
FLAGS = ["Y", "n", "Yes", "no", "true", " y ", "1", "0", "maybe", "LOCAL", "Ｙ"]
YEARS = ["2019/20", "2019-20", "FY2019/2020", "fy 2019 / 20", "2018/19", "2019/20", "2019/21", "2019/2021", "19/20"]
POSTCODES = ["LU1 2BQ", "lu12bq", "GIR 0AA", "MK44 9ZZ", "lu1 2bq ", "LU1 1AA", "LU1", "XX"]
TOMS = ["NT1", "nt 1", "NT-12A", " nt12 ", "NT3", "NT10", "N1", "ABCDE1"]
UNITS = ["£", "GBP", "pounds", "People", " hours ", "£ value", "value (£)", "Pounds  "]
BLANKS = ["", " ", "-", "n/a", "N/A", "N/a", None]
GOOD = 6  # each list above starts with values the model accepts


def _pool(func) -> list:
    if hasattr(func, "lookup"):
        keys = list(func.lookup)
        return keys + [k.upper() for k in keys] + [k.replace(" ", "-") + "!" for k in keys] + ["Dutch auction"]
    return {
        models.required_text: TEXT, models.optional_text: TEXT,
        models.required_date: DATES, models.optional_date: DATES,
        models.required_money: MONEY, models.optional_money: MONEY, models.optional_count: MONEY,
        models.optional_flag: FLAGS, models.optional_financial_year: YEARS, models.optional_postcode: POSTCODES,
        models.optional_toms_code: TOMS, models.required_unit: UNITS,
    }[func]


def _rows(register):
    fields = {name: frame._validator(register, name) for name in register.fields}
    # Mostly the field's everyday values (so that whole rows are often valid), and otherwise
    # its awkward ones, blanks and any text at all.
    def value(pool):
        choices = [st.sampled_from(pool[:GOOD])] * 16 + [st.sampled_from(pool)] * 2 + [st.sampled_from(BLANKS), st.text(max_size=6)]
        return st.integers(0, len(choices) - 1).flatmap(lambda i: choices[i])

    value = {name: value(_pool(func)) for name, func in fields.items()}
    return st.lists(st.fixed_dictionaries(value), min_size=1, max_size=25)


def _model(register, raw: dict) -> dict | None:
    try:
        return register.model.model_validate(raw).model_dump()
    except ValidationError:
        return None


@pytest.mark.parametrize("name", list(REGISTERS))
def test_rows_read_set_wise_are_rows_the_model_accepts_with_its_values(name):
    register = REGISTERS[name]
    vouched = []

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_rows(register))
    def check(rows):
        raw = pl.DataFrame(rows, schema={f: pl.String for f in register.fields}).with_row_index("_line")
        read = frame.sure_rows(register, raw)
        for row, got in zip(rows, read.iter_rows(named=True)):
            if got[frame.OK]:
                vouched.append(row)
                assert _model(register, row) == {f: got[f] for f in register.fields}, row

    check()
    # The reading is exercised, not just declining everything.
    assert len(vouched) >= 20


def test_clean_sample_rows_are_all_read_set_wise():
    # The bundled sample's registers: only its two deliberately bad exemptions need the model.
    from pathlib import Path

    from anchorspend.pipelines.files import discover
    from anchorspend.pipelines.registers import ingest

    landing = Path(__file__).parents[2] / "sample_data" / "landing"
    unsure = 0
    for path in discover(landing, "registers"):
        _, tables = ingest._read_file(path, landing)
        for table in tables:
            unsure += frame.sure_rows(table.register, table.rows).filter(~pl.col(frame.OK)).height
    assert unsure == 2


# Rows that break (or just keep) each rule across fields: plain values, so the set-wise reading
# must decide them as the model does, not only decline them.
ACROSS = [
    ("procurement_exercises", {"reference": "PE-1", "title": "Vans", "route": "open", "start_date": "01/05/2019",
                               "award_date": "30/04/2019", "value": "10", "awarded_supplier": None}, False),
    ("procurement_exercises", {"reference": "PE-1", "title": "Vans", "route": "open", "start_date": "01/05/2019",
                               "award_date": "01/05/2019", "value": "10", "awarded_supplier": None}, True),
    ("exemptions", {"reference": "EX-1", "date_received": "03/04/2019", "decision": "approved",
                    "decision_date": "02/04/2019", "value": None, "reason": None}, False),
    ("events", {"event_date": "12/06/2019", "title": "Meet", "attendees": "40", "local_attendees": "41"}, False),
    ("events", {"event_date": "12/06/2019", "title": "Meet", "attendees": "40", "local_attendees": "40"}, True),
    ("savings", {"financial_year": None, "saving_date": "-", "description": "Fleet", "saving_type": "cashable",
                 "amount": "5"}, False),
    ("savings", {"financial_year": "2019/20", "saving_date": "31/03/2019", "description": "Fleet",
                 "saving_type": "cashable", "amount": "5"}, False),
    ("savings", {"financial_year": "2018/19", "saving_date": "31/03/2019", "description": "Fleet",
                 "saving_type": "cashable", "amount": "5"}, True),
    ("social_value", {"contract_reference": "C-1", "supplier": "Acme", "theme": "rlw", "toms_code": None,
                      "measure": None, "unit": "£", "committed_value": "n/a", "delivered_value": "",
                      "record_date": "01/06/2019"}, False),
    ("social_value", {"contract_reference": "C-1", "supplier": "Acme", "theme": "rlw", "toms_code": None,
                      "measure": None, "unit": "£", "committed_value": None, "delivered_value": "0",
                      "record_date": "01/06/2019"}, True),
]


@pytest.mark.parametrize(("name", "row", "valid"), ACROSS)
def test_rules_across_fields_decide_as_the_model_does(name, row, valid):
    register = REGISTERS[name]
    assert (_model(register, row) is not None) == valid
    read = frame.sure_rows(register, pl.DataFrame([row], schema={f: pl.String for f in register.fields}).with_row_index("_line"))
    assert read[frame.OK].to_list() == [valid]
