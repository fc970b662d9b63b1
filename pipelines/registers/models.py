"""One pydantic model per procurement register, and the register catalogue.

Registers are small spreadsheets typed by the procurement team, so each row is
validated on its own: a bad row is rejected with a message naming the field and
the value, and the other rows still load. Validators accept what a reader hands
over from CSV (text) or XLSX (text, numbers, real dates), so the same model
serves both.

Every error raised here is a `PydanticCustomError` whose text reads well after
"<field>: " and before " (got '<value>')"; `format_errors` builds that message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from anchorspend.pipelines.parse import (
    financial_year as financial_year_of,
    normalise_postcode_text,
    parse_date_text,
    parse_financial_year_text,
    parse_flag_text,
    parse_money_text,
)

ROUTES = ("quick quote", "framework call-off", "restricted procedure", "open procedure", "framework over threshold")
DECISIONS = ("approved", "rejected", "pending")
SAVING_TYPES = ("cashable", "non-cashable", "cost avoidance")
THEMES = (
    "real living wage",
    "local recruitment, skills and staff development",
    "community health and wellbeing",
)


# --------------------------------------------------------------------------- value parsers


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", "-", "n/a", "N/A"))


def _err(kind: str, text: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, text, ctx or None)


def _required(value: Any) -> None:
    if _blank(value):
        raise _err("required", "is required")


def _text(value: Any) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        # A reference typed as 1234 comes back from XLSX as 1234.0.
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def required_text(value: Any) -> str:
    _required(value)
    return _text(value)


def optional_text(value: Any) -> str | None:
    return _text(value)


def _date(value: Any) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise _err("date", "is not a date")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Read exactly as ledger payment dates are (pipelines.parse): day-first, 1990-2099.
    day, _ = parse_date_text(str(value))
    if day is None:
        raise _err("date", "is not a date (use day-first dd/mm/yyyy)")
    return day


def required_date(value: Any) -> date:
    _required(value)
    return _date(value)


def optional_date(value: Any) -> date | None:
    return _date(value)


def _money(value: Any) -> Decimal | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise _err("money", "is not an amount of money")
    # repr gives the shortest round-tripping text, so Excel noise such as 1041.4099999999999
    # rounds to the penny the user typed; the text is then read exactly as ledger amounts are.
    amount, reason = parse_money_text(repr(value) if isinstance(value, float) else str(value))
    if amount is None:
        raise _err("money", "is too large" if reason.startswith("amount out of range") else "is not an amount of money")
    return amount


def _non_negative(amount: Decimal | None) -> Decimal | None:
    if amount is not None and amount < 0:
        raise _err("negative", "must not be negative")
    return amount


def required_money(value: Any) -> Decimal:
    _required(value)
    return _non_negative(_money(value))


def optional_money(value: Any) -> Decimal | None:
    return _non_negative(_money(value))


def optional_count(value: Any) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise _err("count", "must be a whole number")
    # One number reader for the product: the money parser, then the count must be whole
    # ('48.0' is how a numeric spreadsheet cell can arrive; '48.5' is not a count).
    number, _ = parse_money_text(repr(value) if isinstance(value, float) else str(value))
    if number is None or number != number.to_integral_value():
        raise _err("count", "must be a whole number")
    if number < 0:
        raise _err("negative", "must not be negative")
    return int(number)


def optional_flag(value: Any) -> bool | None:
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    # The one yes/no vocabulary (pipelines.parse.FLAG_TRUE / FLAG_FALSE), as supplier files use.
    flag = parse_flag_text(str(value))
    if flag is None:
        raise _err("flag", "must be Y or N")
    return flag


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _choice(values: tuple[str, ...], aliases: dict[str, str] | None = None):
    lookup = {_key(v): v for v in values} | {_key(k): v for k, v in (aliases or {}).items()}
    listed = ", ".join(values)

    def parse(value: Any) -> str:
        _required(value)
        found = lookup.get(_key(str(value)))
        if found is None:
            raise _err("choice", "must be one of {choices}", choices=listed)
        return found

    return parse


route_choice = _choice(ROUTES, {
    "qq": "quick quote",
    "quick quotation": "quick quote",
    "call off": "framework call-off",
    "framework call off": "framework call-off",
    "mini competition": "framework call-off",
    "restricted": "restricted procedure",
    "open": "open procedure",
    "open tender": "open procedure",
    "framework above threshold": "framework over threshold",
})
decision_choice = _choice(DECISIONS, {"approve": "approved", "reject": "rejected", "declined": "rejected",
                                      "awaiting decision": "pending"})
saving_type_choice = _choice(SAVING_TYPES, {"non cashable": "non-cashable", "avoidance": "cost avoidance",
                                            "cost avoided": "cost avoidance"})
theme_choice = _choice(THEMES, {
    "rlw": "real living wage",
    "living wage": "real living wage",
    "local recruitment skills and staff development": THEMES[1],
    "local recruitment": THEMES[1],
    "community health and well being": THEMES[2],
    "community health wellbeing": THEMES[2],
})

def optional_financial_year(value: Any) -> str | None:
    if _blank(value):
        return None
    label = parse_financial_year_text(str(value))
    if label is None:
        raise _err("financial_year", "must be a financial year such as 2019/20 (April to March)")
    return label


def optional_postcode(value: Any) -> str | None:
    if _blank(value):
        return None
    postcode = normalise_postcode_text(str(value))
    if postcode is None:
        raise _err("postcode", "is not a UK postcode")
    return postcode


_TOMS = re.compile(r"^([A-Z]{2,4})\s*-?\s*(\d{1,3}[A-Z]?)$")


def optional_toms_code(value: Any) -> str | None:
    if _blank(value):
        return None
    m = _TOMS.match(str(value).strip().upper())
    if not m:
        raise _err("toms_code", "must be a National TOMs measure code such as NT1")
    return m[1] + m[2]


_UNIT_GBP = {"£", "gbp", "pounds", "£ value", "value (£)", "£s"}


def required_unit(value: Any) -> str:
    _required(value)
    text = re.sub(r"\s+", " ", str(value)).strip()
    # Sums are only meaningful within one unit, so money is always spelt '£'.
    return "£" if text.lower() in _UNIT_GBP else text.lower()


# --------------------------------------------------------------------------- field types

RequiredText = Annotated[str, BeforeValidator(required_text)]
OptionalText = Annotated[str | None, BeforeValidator(optional_text)]
RequiredDate = Annotated[date, BeforeValidator(required_date)]
OptionalDate = Annotated[date | None, BeforeValidator(optional_date)]
RequiredMoney = Annotated[Decimal, BeforeValidator(required_money)]
OptionalMoney = Annotated[Decimal | None, BeforeValidator(optional_money)]
OptionalCount = Annotated[int | None, BeforeValidator(optional_count)]
OptionalFlag = Annotated[bool | None, BeforeValidator(optional_flag)]


def _cross(field_name: str, text: str, **ctx: Any) -> PydanticCustomError:
    """An error found by comparing fields; `field` tells format_errors which field to name."""
    return PydanticCustomError("cross_field", text, {"field": field_name, **ctx})


class RegisterRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class ProcurementExercise(RegisterRow):
    """One procurement exercise, from the start of the process to its award."""

    reference: RequiredText = Field(title="Reference", description="The exercise's unique reference, e.g. PE-2019-001.")
    title: RequiredText = Field(title="Title", description="What is being bought.")
    route: Annotated[str, BeforeValidator(route_choice)] = Field(
        title="Route", description="Procurement route: one of " + ", ".join(ROUTES) + ".")
    start_date: RequiredDate = Field(title="Start date", description="Day the exercise started (dd/mm/yyyy).")
    award_date: OptionalDate = Field(None, title="Award date",
                                     description="Day the contract was awarded (dd/mm/yyyy); blank while in progress.")
    value: OptionalMoney = Field(None, title="Value", description="Awarded (or estimated) contract value in £, not negative.")
    awarded_supplier: OptionalText = Field(None, title="Awarded supplier", description="Name of the winning supplier.")

    @model_validator(mode="after")
    def _award_after_start(self):
        if self.award_date is not None and self.award_date < self.start_date:
            raise _cross("award_date", "must not be before start_date {start}", start=self.start_date.strftime("%d/%m/%Y"))
        return self


class Exemption(RegisterRow):
    """One request to be exempted from the council's contract procedure rules."""

    reference: RequiredText = Field(title="Reference", description="The exemption's unique reference, e.g. EX-2019-001.")
    date_received: RequiredDate = Field(title="Date received", description="Day the request was received (dd/mm/yyyy).")
    decision: Annotated[str, BeforeValidator(decision_choice)] = Field(
        title="Decision", description="One of " + ", ".join(DECISIONS) + ".")
    decision_date: OptionalDate = Field(None, title="Decision date", description="Day of the decision (dd/mm/yyyy); blank while pending.")
    value: OptionalMoney = Field(None, title="Value", description="Value of the contract to be exempted, in £.")
    reason: OptionalText = Field(None, title="Reason", description="Why the exemption was requested.")

    @model_validator(mode="after")
    def _decided_after_received(self):
        if self.decision_date is not None and self.decision_date < self.date_received:
            raise _cross("decision_date", "must not be before date_received {received}",
                         received=self.date_received.strftime("%d/%m/%Y"))
        return self


class Event(RegisterRow):
    """One meet-the-buyer event."""

    event_date: RequiredDate = Field(title="Event date", description="Day of the event (dd/mm/yyyy).")
    title: RequiredText = Field(title="Title", description="Name of the event.")
    attendees: OptionalCount = Field(None, title="Attendees", description="Number of suppliers' delegates who attended.")
    local_attendees: OptionalCount = Field(None, title="Local attendees",
                                           description="How many of the attendees came from local (primary) businesses.")

    @model_validator(mode="after")
    def _local_within_total(self):
        if self.attendees is not None and self.local_attendees is not None and self.local_attendees > self.attendees:
            raise _cross("local_attendees", "must not exceed attendees ({attendees})", attendees=self.attendees)
        return self


class Saving(RegisterRow):
    """One saving achieved through procurement."""

    financial_year: Annotated[str | None, BeforeValidator(optional_financial_year)] = Field(
        None, title="Financial year", description="Financial year of the saving, as 2019/20; may be left blank when Date is given.")
    saving_date: OptionalDate = Field(None, title="Date", description="Day the saving was agreed (dd/mm/yyyy); may be left blank when Financial year is given.")
    description: RequiredText = Field(title="Description", description="What was saved and how.")
    saving_type: Annotated[str, BeforeValidator(saving_type_choice)] = Field(
        title="Saving type", description="One of " + ", ".join(SAVING_TYPES) + ".")
    amount: RequiredMoney = Field(title="Amount", description="The saving in £, to the penny; not negative.")

    @model_validator(mode="after")
    def _year_known(self):
        if self.saving_date is None and self.financial_year is None:
            raise _cross("financial_year", "is required when Date is blank")
        if self.saving_date is not None and self.financial_year is not None:
            derived = financial_year_of(self.saving_date)
            if derived != self.financial_year:
                raise _cross("financial_year", "does not match date {day}, which falls in {derived}",
                             day=self.saving_date.strftime("%d/%m/%Y"), derived=derived)
        return self

    @property
    def year(self) -> str:
        return self.financial_year or financial_year_of(self.saving_date)


class QuickQuoteInvite(RegisterRow):
    """One supplier invited to one quick quote; a quote that invited three suppliers has three rows."""

    reference: RequiredText = Field(title="Reference", description="The quick quote's reference, repeated on each invited supplier's row.")
    quote_date: RequiredDate = Field(title="Date", description="Day the quick quote was issued (dd/mm/yyyy).")
    title: OptionalText = Field(None, title="Title", description="What is being bought.")
    supplier_name: RequiredText = Field(title="Supplier name", description="Name of the invited supplier.")
    supplier_postcode: Annotated[str | None, BeforeValidator(optional_postcode)] = Field(
        None, title="Supplier postcode", description="Invited supplier's postcode, e.g. LU1 2BQ.")
    is_local: OptionalFlag = Field(None, title="Local?",
                                   description="Y if the team knows the supplier is local, N if not; used only when neither the supplier record nor the postcode decides.")


class SocialValueCommitment(RegisterRow):
    """Social value a supplier committed to, and what it has delivered, under one theme (and TOMs measure)."""

    contract_reference: RequiredText = Field(title="Contract reference", description="The contract under which the social value is committed.")
    supplier: RequiredText = Field(title="Supplier", description="Name of the supplier.")
    theme: Annotated[str, BeforeValidator(theme_choice)] = Field(
        title="Theme", description="The strategy's theme: one of " + "; ".join(THEMES) + ".")
    toms_code: Annotated[str | None, BeforeValidator(optional_toms_code)] = Field(
        None, title="TOMs code", description="National TOMs measure code where one applies, e.g. NT1.")
    measure: OptionalText = Field(None, title="Measure", description="What is measured, in words.")
    unit: Annotated[str, BeforeValidator(required_unit)] = Field(
        title="Unit", description="Unit of the values: £ for money, or e.g. people, hours, weeks.")
    committed_value: OptionalMoney = Field(None, title="Committed value", description="What the supplier committed to, in the unit; not negative.")
    delivered_value: OptionalMoney = Field(None, title="Delivered value", description="What has been delivered so far, in the unit; not negative.")
    record_date: RequiredDate = Field(title="Date", description="Day the figures were recorded (dd/mm/yyyy); sets the financial year.")

    @model_validator(mode="after")
    def _some_value(self):
        if self.committed_value is None and self.delivered_value is None:
            raise _cross("committed_value", "is required when Delivered value is blank")
        return self


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Register:
    # Column headers are matched through reference_data/header_synonyms.csv, kind register_<name>,
    # where each field's template header (its title) is the priority-1 synonym.
    name: str                      # core.register_<name>
    title: str
    model: type[RegisterRow]
    key: tuple[str, ...]           # fields that identify one row across files
    filename_hint: str             # a file whose name contains this is taken for this register
    description: str

    @property
    def table(self) -> str:
        return f"core.register_{self.name}"

    @property
    def fields(self) -> list[str]:
        return list(self.model.model_fields)

    @property
    def required(self) -> list[str]:
        # A column that every row must fill must be present in the file.
        return [n for n, f in self.model.model_fields.items() if f.is_required()]

    def header(self, field_name: str) -> str:
        return self.model.model_fields[field_name].title


REGISTERS: dict[str, Register] = {r.name: r for r in [
    Register(
        "procurement_exercises", "Procurement exercises", ProcurementExercise, ("reference",), "exercise",
        "Every procurement exercise: its route, when it started and when it was awarded. Feeds the cycle-time measure.",
    ),
    Register(
        "exemptions", "Exemptions", Exemption, ("reference",), "exemption",
        "Every request to be exempted from the contract procedure rules and its decision.",
    ),
    Register(
        "events", "Meet-the-buyer events", Event, ("event_date", "title"), "event",
        "Every meet-the-buyer event the council ran, with attendance.",
    ),
    Register(
        "savings", "Savings", Saving, ("financial_year", "saving_date", "description", "saving_type", "amount"), "saving",
        "Every saving achieved through procurement, in £.",
    ),
    Register(
        "quick_quotes", "Quick quotes", QuickQuoteInvite, ("reference", "supplier_name"), "quick",
        "Every quick quote and each supplier it invited, one row per invited supplier.",
    ),
    Register(
        "social_value", "Social value", SocialValueCommitment,
        ("contract_reference", "supplier", "theme", "toms_code", "measure", "unit", "record_date"), "social",
        "Social value committed and delivered under each contract, by the strategy's three themes.",
    ),
]}


# --------------------------------------------------------------------------- messages


def _shown(value: Any) -> str:
    if value is None:
        return "''"
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, date):
        return repr(value.strftime("%d/%m/%Y"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return repr(str(value))


def format_errors(error: ValidationError, raw: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, 'field: what is wrong (got 'value')') for each error of one row."""
    out = []
    for item in error.errors(include_url=False):
        ctx = item.get("ctx") or {}
        name = str(item["loc"][0]) if item["loc"] else ctx.get("field", "row")
        got = raw.get(name) if item["type"] == "cross_field" else item.get("input")
        out.append((name, f"{name}: {item['msg']} (got {_shown(got)})"))
    return out
