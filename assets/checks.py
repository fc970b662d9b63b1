"""Turning data-quality outcomes from `pipelines.quality` into Dagster check results."""

from collections.abc import Iterable

import dagster as dg

from anchorspend.assets.metadata import records

# The metadata key the CLI reads to name a failed check's first failing example in one line.
FIRST_FAILING_EXAMPLE = "first_failing_example"


def example_text(example: dict) -> str:
    """One failing example as one line: where it is, then what was wrong."""
    where = example.get("source_file")
    if where and example.get("source_line") is not None:
        where = f"{where} line {example['source_line']}"
    rest = ", ".join(f"{k}={v}" for k, v in example.items() if k not in ("source_file", "source_line", "problem") and v is not None)
    problem = example.get("problem")
    return "; ".join(part for part in (where, problem, rest) if part)


def check_result(check_name: str, outcomes: Iterable, asset_key: dg.AssetKey | None = None, blocking: bool = True) -> dg.AssetCheckResult:
    """One Dagster check result summarising several expectation outcomes."""
    outcomes = list(outcomes)
    failed = [o for o in outcomes if not o.passed]
    metadata: dict[str, dg.MetadataValue] = {
        "expectations_run": dg.MetadataValue.int(len(outcomes)),
        "expectations_failed": dg.MetadataValue.int(len(failed)),
    }
    for o in outcomes:
        status = "passed" if o.passed else "FAILED"
        metadata[o.name] = dg.MetadataValue.text(f"{status}: {o.description}")
        for key, value in o.metadata.items():
            if isinstance(value, bool) or not isinstance(value, int):
                continue
            metadata[f"{o.name}: {key}"] = dg.MetadataValue.int(value)
    for o in failed:
        metadata[f"{o.name} failing examples"] = records(o.failing_examples)
    first = next((o for o in failed if o.failing_examples), None)
    if first is not None:
        metadata[FIRST_FAILING_EXAMPLE] = dg.MetadataValue.text(f"{first.name}: {example_text(first.failing_examples[0])}")
    elif failed:
        metadata[FIRST_FAILING_EXAMPLE] = dg.MetadataValue.text(f"{failed[0].name}: {failed[0].description}")
    return dg.AssetCheckResult(
        check_name=check_name,
        asset_key=asset_key,
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        metadata=metadata,
    )


def split_by_severity(outcomes: Iterable) -> tuple[list, list]:
    outcomes = list(outcomes)
    return [o for o in outcomes if o.severity == "error"], [o for o in outcomes if o.severity != "error"]
