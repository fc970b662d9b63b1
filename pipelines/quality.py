"""Data-quality checks: Great Expectations suites over payments, supplier extracts and KPI marts.

Each public function returns a list of `CheckOutcome`, one per group of expectations, for the
Dagster layer to turn into asset checks ('error' blocks downstream assets, 'warn' does not).

Money is never compared as a float: DuckDB hands amounts over as whole pence (BIGINT) or does
the comparison itself in DECIMAL and hands over a boolean; the frame's amount column is text.

The rules run inside DuckDB (sql/quality/) or Polars over only what a run loaded or rebuilt, and
hand back each rule's failing count and first MAX_EXAMPLES rows; Great Expectations validates
those small results. GE takes seconds to import, so it is imported only when there is something
to validate, once per process (one in-memory context, analytics off, no progress bars), and a
run with new ledgers starts it in a background thread while they are read (warm_up). It must
never touch the network.
"""

from __future__ import annotations

import os
import threading
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from anchorspend.pipelines.config import REFERENCE_DATA
from anchorspend.pipelines.warehouse import sql_text

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

Severity = Literal["error", "warn"]

MAX_EXAMPLES = 10
ROW = "_row"  # positional id GE reports for each failing row; we look the row up ourselves

# Shown with each failing payment so an analyst can find the line in the source file.
PAYMENT_EXAMPLE_COLUMNS = [
    "source_file", "source_sheet", "source_line", "body", "payment_date",
    "supplier_name", "amount", "transaction_number",
]
KPI_TABLES = {"marts.kpi_spend_by_year": "financial_year", "marts.kpi_spend_by_month": "month"}
KPI_CHECK_KINDS = ("money_is_decimal", "shares_0_to_100", "reconciles_to_ledger")

# Every check each function returns, by name, with its severity: for declaring asset checks
# up front. ('error' = blocking.) Supplier-extract names depend on the configured columns.
# Row-level rules all warn: a bad line is quarantined by the loader (audit.rejected_rows), and
# what still slips through is worth a look, never a reason to stop the county's figures.
PAYMENT_CHECKS: dict[str, Severity] = {
    "payments_required_fields": "warn",
    "payments_date_not_in_future": "warn",
    "payments_date_in_file_period": "warn",
    "payments_amount_within_bounds": "warn",
    "payments_amount_not_zero": "warn",
    "payments_transaction_number_well_formed": "warn",
}
# A share outside 0-100 can be real: credits can leave a group's net spend negative, or above a
# total that other credits shrank. It is worth a look, not a reason to stop publishing.
KPI_CHECKS: dict[str, Severity] = {
    f"{table.split('.')[1]}_{kind}": ("warn" if kind == "shares_0_to_100" else "error")
    for table in KPI_TABLES for kind in KPI_CHECK_KINDS
}


@dataclass
class CheckOutcome:
    name: str
    passed: bool
    severity: Severity
    description: str
    failing_examples: list[dict] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.severity == "error" and not self.passed


# ---------------------------------------------------------------- configuration


@dataclass(frozen=True)
class QualityConfig:
    max_abs_amount: Decimal
    period_grace_days: int
    transaction_number_max_length: int
    postcode_columns: tuple[str, ...]
    flag_columns: tuple[str, ...]
    postcode_not_given: frozenset[str]
    flag_not_known: frozenset[str]


@lru_cache
def quality_config(path: str | None = None) -> QualityConfig:
    cfg_path = Path(path or os.environ.get("ANCHORSPEND_QUALITY", REFERENCE_DATA / "quality.toml"))
    with open(cfg_path, "rb") as fh:
        raw = tomllib.load(fh)
    pay, sup = raw["payments"], raw["supplier_extract"]
    lower = lambda values: frozenset(v.strip().casefold() for v in values)  # noqa: E731
    return QualityConfig(
        max_abs_amount=Decimal(str(pay["max_abs_amount"])),
        period_grace_days=int(pay["period_grace_days"]),
        transaction_number_max_length=int(pay["transaction_number_max_length"]),
        postcode_columns=tuple(sup["postcode_columns"]),
        flag_columns=tuple(sup["flag_columns"]),
        postcode_not_given=lower(sup["postcode_not_given"]),
        flag_not_known=lower(sup["flag_not_known"]),
    )


# ---------------------------------------------------------------- Great Expectations plumbing

_GX: dict[str, Any] = {}
# One shared context: building it and validating through it are serialised, in case the
# Dagster layer runs checks in threads.
_GX_LOCK = threading.RLock()


def _gx():
    """The great_expectations module and one in-memory context, built once per process."""
    with _GX_LOCK:
        if "context" not in _GX:
            # Must be set before the import: GE reads it at import and context creation.
            os.environ["GX_ANALYTICS_ENABLED"] = "False"
            import great_expectations as gx
            from great_expectations.data_context.types.base import (
                DataContextConfig,
                InMemoryStoreBackendDefaults,
                ProgressBarsConfig,
            )

            config = DataContextConfig(
                store_backend_defaults=InMemoryStoreBackendDefaults(),
                analytics_enabled=False,
                progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
            )
            context = gx.get_context(mode="ephemeral", project_config=config)
            source = context.data_sources.add_pandas("anchorspend_quality")
            frame = source.add_dataframe_asset("frame")
            _GX.update(gx=gx, context=context, batch_definition=frame.add_batch_definition_whole_dataframe("whole"))
        return _GX["gx"], _GX["batch_definition"]


_WARM_LOCK = threading.Lock()
_WARMING: list[threading.Thread] = []


def warm_up() -> None:
    """Start building `_gx()` in a background thread, once per process, and return at once.

    For a caller that knows checks will follow (a run that loaded new lines) and has other work
    to do first: GE's import takes seconds of pure Python, and this lets it overlap work that
    runs in DuckDB or Polars. The first check waits for it (the lock), so nothing validates
    against a half-built context. If the import fails here, the check's own `_gx()` call
    raises it where the check is run.
    """
    with _WARM_LOCK:
        if _WARMING or "context" in _GX:
            return
        # Not a daemon: a process that ends before any check (a run that failed) waits for the
        # import to finish rather than tear it down half done, holding import locks.
        thread = threading.Thread(target=_warm, name="anchorspend-gx-warm-up", daemon=False)
        _WARMING.append(thread)
        thread.start()


def warm_up_if_new_ledgers(con: duckdb.DuckDBPyConnection, landing: Path) -> None:
    """warm_up() when the landing folder holds a ledger file name the warehouse has never
    recorded (a first run, a new month): checks will follow its ingestion, which then hides
    GE's import. Costs a folder listing; a run with nothing new imports nothing. A changed file
    under a known name is not seen here: its run warms up once the ledgers are read."""
    from anchorspend.pipelines.files import discover, relative_name

    names = [relative_name(p, landing) for p in discover(Path(landing), "ledgers", suffixes=None)]
    if names and con.execute(sql_text("quality/new_ledger_names"), {"names": names}).fetchone()[0]:
        warm_up()


def _warm() -> None:
    try:
        _gx()
    except Exception:  # noqa: BLE001 - raised again, in its place, by the first check's _gx()
        pass


@dataclass
class _Failure:
    expectation: str   # short label shown to analysts
    unexpected_count: int
    rows: list[int]    # _row ids of up to MAX_EXAMPLES failing rows
    success: bool


# An expectation named by its Great Expectations class and arguments, so that a check with
# nothing to validate never imports GE (seconds): (label shown to analysts, class name, kwargs).
Expect = tuple[str, str, dict[str, Any]]


def _validate(df: pd.DataFrame, expectations: list[Expect]) -> list[_Failure]:
    """Validate `df` (which must have a ROW column) against (label, expectation) specs."""
    gx, batch_definition = _gx()
    suite = gx.ExpectationSuite(name="anchorspend")
    for label, kind, kwargs in expectations:
        expectation = getattr(gx.expectations, kind)(**kwargs)
        # Expectations in an unsaved suite have no id; the label in meta ties results back.
        expectation.meta = {**(expectation.meta or {}), "anchorspend_label": label}
        suite.add_expectation(expectation)
    with _GX_LOCK:
        batch = batch_definition.get_batch(batch_parameters={"dataframe": df})
        result = batch.validate(
            suite,
            result_format={
                "result_format": "SUMMARY",
                "unexpected_index_column_names": [ROW],
                "partial_unexpected_count": MAX_EXAMPLES,
            },
        )
    by_label = {r.expectation_config.meta["anchorspend_label"]: r for r in result.results}
    if len(by_label) != len(expectations):
        raise ValueError("expectation labels must be unique within one check")
    failures = []
    for label, _, _ in expectations:
        r = by_label[label]
        if r.exception_info and r.exception_info.get("raised_exception"):
            raise RuntimeError(f"expectation {label!r} raised: {r.exception_info.get('exception_message')}")
        res = r.result or {}
        rows = [int(item[ROW]) for item in res.get("partial_unexpected_index_list") or []]
        failures.append(_Failure(label, int(res.get("unexpected_count") or 0), rows, bool(r.success)))
    return failures


def _jsonable(value: Any) -> Any:
    import pandas as pd

    if value is None or (not isinstance(value, (str, bytes)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _examples(df: pd.DataFrame, failures: list[_Failure], columns: list[str]) -> list[dict]:
    """Up to MAX_EXAMPLES failing rows, each naming which expectation(s) it broke."""
    problems: dict[int, list[str]] = {}
    for f in failures:
        for row in f.rows:
            problems.setdefault(row, []).append(f.expectation)
    rows = sorted(problems)[:MAX_EXAMPLES]
    if not rows:
        return []
    present = [c for c in columns if c in df.columns]
    picked = df.set_index(ROW).loc[rows, present]
    out = []
    for row_id, record in zip(rows, picked.to_dict(orient="records")):
        example = {k: _jsonable(v) for k, v in record.items()}
        example["problem"] = "; ".join(problems[row_id])
        out.append(example)
    return out


@dataclass
class _Group:
    """One CheckOutcome's worth of expectations over a frame."""

    name: str
    severity: Severity
    description: str
    expectations: list[Expect]
    example_columns: list[str]
    metadata: dict[str, Any] = field(default_factory=dict)


def _run_groups(df: pd.DataFrame, groups: list[_Group]) -> list[CheckOutcome]:
    # One validation for all groups: GE fingerprints the whole frame on every get_batch,
    # which costs more than the expectations themselves on large frames.
    everything = [e for g in groups for e in g.expectations]
    failures = {f.expectation: f for f in _validate(df, everything)} if len(df) and everything else {}
    outcomes = []
    for g in groups:
        mine = [failures[label] for label, _, _ in g.expectations if label in failures]
        outcomes.append(CheckOutcome(
            name=g.name,
            passed=all(f.success for f in mine),
            severity=g.severity,
            description=g.description,
            failing_examples=_examples(df, mine, g.example_columns),
            metadata={
                "rows_checked": len(df),
                **{f"failing_rows: {f.expectation}": f.unexpected_count for f in mine},
                **g.metadata,
            },
        ))
    return outcomes


def _outcome(
    name: str,
    severity: Severity,
    description: str,
    df: pd.DataFrame,
    expectations: list[Expect],
    example_columns: list[str],
    **metadata: Any,
) -> CheckOutcome:
    return _run_groups(df, [_Group(name, severity, description, expectations, example_columns, metadata)])[0]


def _with_row_ids(df: pd.DataFrame) -> pd.DataFrame:
    df = df.reset_index(drop=True)
    df[ROW] = range(len(df))
    return df


# ---------------------------------------------------------------- payments


def _today_in_london() -> date:
    return datetime.now(ZoneInfo("Europe/London")).date()


# The payment rules, by check: each label is one rule of sql/quality/payment_rules.sql.
PAYMENT_RULES: dict[str, list[str]] = {
    "payments_required_fields": [
        "body missing", "body blank", "payment_date missing", "supplier_name missing",
        "supplier_name blank", "amount missing", "source_file missing", "source_file blank",
        "source_line missing",
    ],
    "payments_date_not_in_future": ["payment_date in the future"],
    "payments_date_in_file_period": ["payment_date before the file's period", "payment_date after the file's period"],
    "payments_amount_within_bounds": ["amount beyond the sane bound"],
    "payments_amount_not_zero": ["amount is zero"],
    "payments_transaction_number_well_formed": [
        "transaction_number empty or too long", "transaction_number has surrounding spaces",
        "transaction_number has control characters", "transaction_number starts like a formula",
        "transaction_number in scientific notation",
    ],
}


def _failed_rules(labels: list[str], counts: dict[str, int]) -> set[str]:
    """The rules with failing lines, as Great Expectations finds them in the rule counts."""
    import pandas as pd

    # One row per rule with its failing count, and one expectation over them: GE's cost is per
    # expectation, so the summary is validated in one go (the _row id names the rule).
    summary = pd.DataFrame({"failing_count": [counts.get(label, 0) for label in labels]})
    summary[ROW] = range(len(labels))
    [result] = _validate(summary, [("rules with failing lines", "ExpectColumnValuesToBeBetween",
                                    {"column": "failing_count", "min_value": 0, "max_value": 0})])
    # GE lists at most MAX_EXAMPLES failing ids; the counts say the rest.
    failed = {labels[i] for i in result.rows} | {label for label in labels if counts.get(label, 0)}
    if result.success != (not failed):
        raise RuntimeError("Great Expectations and the SQL rule counts disagree")
    return failed


def check_payments(
    con: duckdb.DuckDBPyConnection,
    month: date | None = None,
    today: date | None = None,
    months: list[date] | None = None,
    files: list[str] | None = None,
) -> list[CheckOutcome]:
    """The row-level rules on core.fct_payment, for one month (first-of-month date), several
    months, the lines of some file versions (`files`: their sha256), or all of it.

    The rules run as SQL inside DuckDB (sql/quality/payment_rules.sql), which hands back only
    each rule's failing count and its first MAX_EXAMPLES lines; Great Expectations validates
    that small summary. No copy of the fact table leaves the database. Every rule warns rather
    than blocks: a bad line is the loader's to reject (with file, line and reason), and one
    line must never stop a whole warehouse from publishing. `today` defaults to the date in
    Europe/London; tests pass their own.
    """
    cfg = quality_config()
    today = today or _today_in_london()
    if month is not None:
        months = [month]
    scope_params = {"files": files, "months": months}
    params = {
        **scope_params, "today": today, "grace_days": cfg.period_grace_days,
        "max_abs_amount": str(cfg.max_abs_amount), "tn_max": cfg.transaction_number_max_length,
        "max_examples": MAX_EXAMPLES,
    }
    cur = con.execute(sql_text("quality/payment_rules"), params)
    columns = [d[0] for d in cur.description]
    failing = [dict(zip(columns, row)) for row in cur.fetchall()]
    rows_checked, without_tn = con.execute(sql_text("quality/payment_scope"), scope_params).fetchall()[0]
    counts: dict[str, int] = {}
    for row in failing:
        counts[row["rule"]] = int(row["failing_count"])

    labels = [label for group in PAYMENT_RULES.values() for label in group]
    if not rows_checked:
        failed_rules: set[str] = set()  # nothing in scope (a run that loaded nothing): nothing to validate
    else:
        failed_rules = _failed_rules(labels, counts)

    scope = {"month": month.isoformat() if month else (f"{len(months)} months" if months else "all")}
    if files is not None:
        scope["file_versions"] = len(files)
    tn_max = cfg.transaction_number_max_length
    descriptions = {
        "payments_required_fields": "Every payment has a body, payment date, supplier name, amount, source file and line.",
        "payments_date_not_in_future": f"No payment is dated after today ({today.isoformat()}, Europe/London).",
        "payments_date_in_file_period": (
            "Each payment falls in its file's period: the financial year most of the file's lines "
            f"fall in, give or take {cfg.period_grace_days} days."
        ),
        "payments_amount_within_bounds": (
            f"No single payment is larger than £{cfg.max_abs_amount:,} either way; bigger ones are "
            "almost always a parse error (a reference number read as the amount)."
        ),
        "payments_amount_not_zero": "No payment line is for £0.00 (a zero line in a spend-over-£500 file is usually a blank amount).",
        "payments_transaction_number_well_formed": (
            f"Where given, a transaction number is 1-{tn_max} printable characters with no "
            "surrounding spaces, does not start like a spreadsheet formula (= + - @) and is not "
            "an Excel scientific-notation number (1.23E+05, digits lost)."
        ),
    }
    extra = {
        "payments_date_not_in_future": {"today": today.isoformat()},
        "payments_amount_within_bounds": {"max_abs_amount": str(cfg.max_abs_amount)},
        "payments_transaction_number_well_formed": {"rows_without_transaction_number": int(without_tn)},
    }
    example_columns = PAYMENT_EXAMPLE_COLUMNS + ["file_financial_year"]
    outcomes = []
    for name, group in PAYMENT_RULES.items():
        examples: dict[tuple, dict] = {}
        for row in failing:
            if row["rule"] not in group:
                continue
            where = (row["source_file"], row["source_sheet"] or "", row["source_line"])
            example = examples.setdefault(where, {c: row.get(c) for c in example_columns if c in row})
            example["problem"] = "; ".join(filter(None, [example.get("problem"), row["rule"]]))
        if name != "payments_date_in_file_period":
            for example in examples.values():
                example.pop("file_financial_year", None)
        outcomes.append(CheckOutcome(
            name=name,
            passed=not (failed_rules & set(group)),
            severity=PAYMENT_CHECKS[name],
            description=descriptions[name],
            failing_examples=[examples[k] for k in sorted(examples)][:MAX_EXAMPLES],
            metadata={
                "rows_checked": int(rows_checked),
                **{f"failing_rows: {label}": counts[label] for label in group if label in counts},
                **extra.get(name, {}),
                **scope,
            },
        ))
    return outcomes


LEDGER_RECONCILIATION = (
    "For every ledger file, lines read = loaded + rejected + duplicate, and core.fct_payment "
    "holds the loaded lines and amount, audit.rejected_rows the rejected ones (exact DECIMAL)."
)


def check_ledger_reconciliation(con: duckdb.DuckDBPyConnection, files: list[str] | None = None) -> CheckOutcome:
    """Blocking: every line of each current ledger file version (`files`: their sha256; None =
    all) is loaded, rejected or a duplicate, and core.fct_payment holds exactly the lines and
    the money audit.ingest_files says were loaded, to the penny."""
    if files is not None and not files:
        # A run that loaded no ledger: nothing to compare, and no pandas or GE to import for it.
        return CheckOutcome("ledger_lines_reconcile", True, "error", LEDGER_RECONCILIATION,
                            metadata={"rows_checked": 0, "files_compared": 0})
    frame = _with_row_ids(con.execute(sql_text("quality/ledger_reconciliation"), {"files": files}).df())
    return _outcome(
        "ledger_lines_reconcile", "error", LEDGER_RECONCILIATION,
        frame,
        [("file's lines or money do not reconcile", "ExpectColumnValuesToBeInSet",
          {"column": "reconciles", "value_set": [True]})],
        ["source_file", "rows_read", "rows_loaded", "rows_rejected", "rows_duplicate",
         "payments_in_warehouse", "rejected_in_audit", "amount_loaded", "amount_in_warehouse"],
        files_compared=len(frame),
    )


# ---------------------------------------------------------------- supplier extracts


def supplier_extract_checks() -> dict[str, Severity]:
    """Every check check_supplier_extract can return (for a frame with all configured columns)."""
    cfg = quality_config()
    return {
        **{f"supplier_extract_{c}_valid": "warn" for c in cfg.postcode_columns},
        **{f"supplier_extract_{c}_y_n": "warn" for c in cfg.flag_columns},
    }


_EXTRACT_DESCRIPTIONS = {
    "valid": ("Where given, {column} is a valid UK postcode once spaces and case are normalised "
              "(placeholders such as '-' count as not given)."),
    "y_n": ("{column} holds only values that read as Y or N (Yes/No, True/False, 1/0, ...) or "
            "say the flag is not known (blank, '-', 'n/a', ...)."),
}


def check_supplier_extracts(con: duckdb.DuckDBPyConnection, files: list[str] | None = None) -> list[CheckOutcome]:
    """check_supplier_extract over the supplier extracts staged in the warehouse, for the file
    versions in `files` (their sha256; None = every staged extract): the ones a run loaded.
    With none, nothing is validated and Great Expectations is not imported."""
    frame = con.sql(sql_text("quality/supplier_extract_values"), params={"files": files}).pl()
    outcomes = check_supplier_extract(frame)
    for o in outcomes:
        o.metadata["file_versions"] = len(files) if files is not None else frame["source_file"].n_unique()
    return outcomes


def check_supplier_extract(df: Any) -> list[CheckOutcome]:
    """Checks on one supplier extract as read (pandas or Polars frame, raw values).

    Checks the postcode and flag columns named in reference_data/quality.toml that the frame has;
    failing examples carry source_file/source_line when the frame has them, else `row` (1-based).
    Polars finds each rule's failing rows and first MAX_EXAMPLES of them; Great Expectations
    validates the per-rule counts, as for the payment rules (no pandas copy of the extract).
    """
    import polars as pl

    from anchorspend.pipelines.parse import VALID_POSTCODE, parse_flag, postcode_spaced

    cfg = quality_config()
    if not isinstance(df, pl.DataFrame):
        # Arrow cannot take a pandas object column of mixed types (1, 'Y', None): as text first.
        mixed = [c for c in (*cfg.postcode_columns, *cfg.flag_columns) if c in df.columns and df[c].dtype == object]
        df = pl.from_pandas(df.astype({c: "string" for c in mixed}) if mixed else df)
    frame = df.with_row_index("row", offset=1)
    ids = [c for c in ("source_file", "source_line") if c in frame.columns] or ["row"]

    def text(column: str) -> pl.Expr:
        # Raw cell values as trimmed text; numbers lose a trailing '.0' (1.0 from a float column is '1').
        return pl.col(column).cast(pl.String).str.strip_chars().str.replace(r"^(\d+)\.0+$", "${1}")

    checks: list[tuple[str, str, str, pl.Expr, dict[str, pl.Expr]]] = []  # column, kind, label, failing, extra counts
    for column in (c for c in cfg.postcode_columns if c in frame.columns):
        given = pl.when(~text(column).str.to_lowercase().is_in(list(cfg.postcode_not_given))).then(text(column))
        # "lu12ab" and " LU1  2AB " are the same postcode: validate the kernel's spaced form.
        failing = given.is_not_null() & ~postcode_spaced(given).str.contains(VALID_POSTCODE).fill_null(False)
        checks.append((column, "valid", f"{column} not a UK postcode", failing,
                       {"rows_with_postcode": given.is_not_null().sum()}))
    for column in (c for c in cfg.flag_columns if c in frame.columns):
        # "Only Y/N after normalisation" means: the supplier pipeline's own parser understands it.
        not_known = text(column).is_null() | text(column).str.to_lowercase().is_in(list(cfg.flag_not_known))
        failing = parse_flag(text(column)).is_null() & ~not_known
        checks.append((column, "y_n", f"{column} not a Y/N value", failing, {}))
    if not checks:
        return []

    flagged = frame.with_columns([failing.alias(f"__failing_{i}") for i, (*_, failing, _) in enumerate(checks)])
    counts = flagged.select(
        *[pl.col(f"__failing_{i}").sum().alias(label) for i, (_, _, label, _, _) in enumerate(checks)],
        *[expr.alias(f"{column}: {key}") for column, _, _, _, extra in checks for key, expr in extra.items()],
    ).row(0, named=True)
    failed = _failed_rules([label for _, _, label, _, _ in checks], counts) if frame.height else set()
    outcomes = []
    for i, (column, kind, label, _, extra) in enumerate(checks):
        bad = flagged.filter(pl.col(f"__failing_{i}")).select(ids + [column]).head(MAX_EXAMPLES)
        outcomes.append(CheckOutcome(
            name=f"supplier_extract_{column}_{kind}",
            passed=label not in failed,
            severity="warn",
            description=_EXTRACT_DESCRIPTIONS[kind].format(column=column),
            failing_examples=[row | {"problem": label} for row in bad.to_dicts()],
            metadata={"rows_checked": frame.height, f"failing_rows: {label}": int(counts[label]),
                      **{key: int(counts[f"{column}: {key}"]) for key in extra}},
        ))
    return outcomes


# ---------------------------------------------------------------- KPI marts


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    schema, name = table.split(".")
    rows = con.execute(sql_text("ops/table_columns"), {"schema": schema, "table": name}).fetchall()
    return {column: data_type for column, data_type, _comment, _nullable in rows}


def check_kpis(
    con: duckdb.DuckDBPyConnection, month: date | None = None, months: list[date] | None = None
) -> list[CheckOutcome]:
    """Checks on marts.kpi_spend_by_year and marts.kpi_spend_by_month (all blocking).

    With `month` or `months` (first of the month), only those months' rows of the month table
    and their financial years' rows of the year table are checked: the scope a run rebuilt.
    DuckDB does the comparisons (in DECIMAL); the small per-row verdicts are validated by Great
    Expectations in one go, since its cost is per expectation and per batch.
    """
    import re

    import pandas as pd

    from anchorspend.pipelines.parse import financial_year

    if month is not None:
        months = [month]
    values_of = {
        "financial_year": sorted({financial_year(m) for m in months}) if months is not None else None,
        "month": [m.isoformat() for m in months] if months is not None else None,
    }
    outcomes: list[CheckOutcome] = []
    parts: list[tuple[CheckOutcome, pd.DataFrame, pd.Series, list[str], str]] = []
    for table, period in KPI_TABLES.items():
        short = table.split(".")[1]
        values = values_of[period]
        scope = {"period_values": values}
        label = "all" if values is None else (values[0] if len(values) == 1 else ", ".join(values[:3]) + (" ..." if len(values) > 3 else ""))
        columns = _table_columns(con, table)
        if not columns:
            # Same names as always, so that statically declared asset checks still get a result.
            outcomes += [
                CheckOutcome(f"{short}_{check}", False, "error", f"{table} does not exist; the KPI marts were not built.")
                for check in KPI_CHECK_KINDS
            ]
            continue

        money = pd.DataFrame([(c, t) for c, t in columns.items() if c.endswith("_spend")], columns=["column", "data_type"])
        parts.append((
            CheckOutcome(f"{short}_money_is_decimal", True, "error",
                         f"Every *_spend column of {table} is DECIMAL with 2 places, never a float."),
            money, money["data_type"].map(lambda t: bool(re.fullmatch(r"DECIMAL\(\d+,\s*2\)", t))), ["column", "data_type"],
            "spend column not DECIMAL(p,2)",
        ))
        outcomes.append(parts[-1][0])
        shares = con.execute(sql_text("quality/kpi_shares", kpi_table=table, period=period), scope).df()
        parts.append((
            CheckOutcome(f"{short}_shares_0_to_100", True, KPI_CHECKS[f"{short}_shares_0_to_100"],
                         f"Every share in {table} (pct_*, fytd_pct_*, target_pct_*) is between 0 and 100.",
                         metadata={period: label}),
            shares, shares["value"].between(0, 100), ["body", "period", "share", "value"],
            "share outside 0-100",
        ))
        outcomes.append(parts[-1][0])
        recon = con.execute(sql_text("quality/kpi_reconciliation", kpi_table=table, period=period), scope).df()
        parts.append((
            CheckOutcome(f"{short}_reconciles_to_ledger", True, "error",
                         f"total_spend in {table}, summed per (body, {period}), equals the sum of "
                         "core.fct_payment.amount to the penny (compared in DECIMAL).",
                         metadata={"periods_compared": len(recon), period: label}),
            recon, recon["reconciles"].astype(bool), ["body", "period", "ledger_total", "kpi_total", "difference"],
            "total_spend differs from the ledger",
        ))
        outcomes.append(parts[-1][0])

    verdicts = pd.DataFrame({
        "part": [i for i, (_, frame, _, _, _) in enumerate(parts) for _ in range(len(frame))],
        "ok": [bool(v) for _, _, ok, _, _ in parts for v in ok.tolist()],
    })
    verdicts[ROW] = range(len(verdicts))
    if len(verdicts):
        [result] = _validate(verdicts, [("rows failing a KPI check", "ExpectColumnValuesToBeInSet",
                                         {"column": "ok", "value_set": [True]})])
        failing_rows = int((~verdicts["ok"]).sum())
        if result.unexpected_count != failing_rows:
            raise RuntimeError("Great Expectations and the KPI verdicts disagree")
    for outcome, frame, ok, example_columns, problem in parts:
        bad = frame[~ok.to_numpy()]
        outcome.passed = bad.empty
        outcome.failing_examples = [
            {c: _jsonable(v) for c, v in row.items()} | {"problem": problem}
            for row in bad[example_columns].head(MAX_EXAMPLES).to_dict(orient="records")
        ]
        outcome.metadata = {"rows_checked": len(frame), **outcome.metadata}
        if not bad.empty:
            outcome.metadata[f"failing_rows: {problem}"] = len(bad)
    return outcomes
