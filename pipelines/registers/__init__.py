"""The procurement team's registers and the strategy's scorecard measures built on them.

Public entry points:
- `ingest_registers(con, landing)`: LANDING/registers/ -> core.register_* (+ audit);
- `build_register_marts(con)`: core.register_* + reference data -> marts.kpi_* and marts.register_scorecard;
- `scorecard(con)`: every measure with its value, target and status, for the report;
- `write_templates(out_dir)`: reference_data/templates/;
"""

from anchorspend.pipelines.registers.ingest import ingest_registers
from anchorspend.pipelines.registers.marts import build_register_marts, scorecard
from anchorspend.pipelines.registers.models import REGISTERS, Register
from anchorspend.pipelines.registers.templates import write_templates

__all__ = [
    "REGISTERS",
    "Register",
    "build_register_marts",
    "ingest_registers",
    "scorecard",
    "write_templates",
]
