"""The monthly KPI report: one self-contained HTML page and an XLSX workbook, from the warehouse only.

`render_report(con, month, out_dir)` reads marts.* and audit.* through the SQL in sql/report/
(and the procurement registers' scorecard through pipelines.registers.scorecard, when the
warehouse has marts.register_scorecard), renders reports/report.html.j2 (Jinja2, autoescape
always on) and writes
anchorspend-report-YYYY-MM.html and .xlsx into out_dir. The same warehouse gives the same bytes.
"""

from anchorspend.pipelines.report.render import render_report

__all__ = ["render_report"]
