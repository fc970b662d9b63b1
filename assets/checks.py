"""Turning data-quality outcomes from `pipelines.quality` into Dagster check results."""


from collections.abc import Iterable

import dagster as dg


def _examples_markdown(rows: list[dict]) -> str:
    if not rows:
        return "(none)"
    cols = list(rows[0].keys())
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in rows[:10]:
        lines.append("| " + " | ".join(str(row.get(c, "")).replace("|", "\\|") for c in cols) + " |")
    return "\n".join(lines)


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
    for o in failed:
        metadata[f"{o.name} failing examples"] = dg.MetadataValue.md(_examples_markdown(o.failing_examples))
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
