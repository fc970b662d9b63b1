"""The Dagster code location `anchorspend ui` serves: `dagster dev -m anchorspend.definitions.location`."""

from anchorspend.definitions.build import build_definitions

defs = build_definitions()
