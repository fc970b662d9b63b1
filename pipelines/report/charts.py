"""Charts as inline SVG strings, drawn directly: byte-identical from run to run.

A trend chart is a few lines over at most data.TREND_MONTHS months, so it is written as SVG here rather than
through a plotting library: matplotlib took ~0.15 s a chart (its text layout and constrained
layout), most of a month's report. Text stays text, in the page's own font; the legend is HTML
beside the drawing (Chart.legend), so it wraps on any screen instead of needing text widths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Sequence

from markupsafe import Markup, escape

# Colours chosen to stay distinguishable for colour-blind readers (Okabe-Ito).
COLOURS = {
    "primary": "#0072B2",
    "secondary": "#E69F00",
    "target": "#444444",
    "sme": "#009E73",
    "vcs": "#CC79A7",
}

# Two drawings of each chart: wide for screens and print, narrow for phones (CSS shows one),
# so the lettering stays readable without the page scrolling sideways. Inches, drawn at 72 units
# an inch, so a line 2 units wide is a 2 pt line.
SIZES = {"wide": (8.0, 2.8), "narrow": (4.2, 3.0)}
MAX_X_TICKS = {"wide": 12, "narrow": 5}
FONT_SIZE = 9
# A digit, a minus sign or a point in a sans-serif face at FONT_SIZE is at most this wide; used
# only to leave room for the y-axis labels, which are a few characters long.
CHAR_WIDTH = 0.62 * FONT_SIZE
GRID = "#dddddd"
AXIS = "#000000"


@dataclass(frozen=True)
class Series:
    """One line of a chart: its label (HTML-escaped where shown), colour and style."""

    label: str
    colour: str
    values: list[float | None]
    marker: str | None = "o"  # "o", "s" or None
    dashed: bool = False  # a dashed step line: a target, level across each month
    width: float = 2.0

    @property
    def key(self) -> Markup:
        """The legend's sample of this line, as a small SVG."""
        dash = ' stroke-dasharray="4 2"' if self.dashed else ""
        mark = _marker(self.marker, 12, 5, self.colour) if self.marker else ""
        return Markup(
            f'<svg class="key" viewBox="0 0 24 10" width="24" height="10" aria-hidden="true" focusable="false">'
            f'<path d="M1 5H23" stroke="{self.colour}" stroke-width="{_n(self.width)}"{dash} fill="none"/>{mark}</svg>'
        )


@dataclass(frozen=True)
class Chart:
    """One chart in both sizes, and its legend (shared by both)."""

    title: str
    wide: Markup
    narrow: Markup
    legend: list[Series] = field(default_factory=list)


def _num(value: Decimal | None) -> float | None:
    # Floats only here, at the drawing: a chart is an output, never a figure anyone reads back.
    return None if value is None else float(value)


def _n(x: float) -> str:
    """A coordinate, short and the same on every run."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _marker(kind: str, x: float, y: float, colour: str, size: float = 3.5) -> str:
    if kind == "s":
        return f'<rect x="{_n(x - size / 2)}" y="{_n(y - size / 2)}" width="{_n(size)}" height="{_n(size)}" fill="{colour}"/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size / 2)}" fill="{colour}"/>'


def _ticks(lo: float, hi: float, max_ticks: int = 6) -> tuple[list[float], int]:
    """Round tick values covering lo..hi (steps of 1, 2, 2.5 or 5 times a power of ten), and the
    decimals their labels need."""
    span = hi - lo
    raw = span / max_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    decimals = next(d for d in range(8) if abs(round(step, d) - step) <= step * 1e-9)
    return [i * step for i in range(first, last + 1)], decimals


def _tick_text(value: float, decimals: int) -> str:
    text = f"{abs(value):.{decimals}f}"
    return ("−" + text) if value < 0 and float(text) != 0 else text


def _path(xs: list[float], ys: list[float | None], step_half: float | None = None) -> str:
    """A series as SVG path data, broken where a month has no figure: a polyline through the
    months or, with step_half, a level segment across each month's whole width (a target per
    month), joined where months meet, so a target set for one month alone still shows."""
    parts, pen_down = [], False
    for x, y in zip(xs, ys):
        if y is None:
            pen_down = False
            continue
        if step_half is None:
            parts.append(f"{'L' if pen_down else 'M'}{_n(x)} {_n(y)}")
        else:
            parts.append(f"{'V' if pen_down else 'M' + _n(x - step_half) + ' '}{_n(y)}H{_n(x + step_half)}")
        pen_down = True
    return "".join(parts)


def _draw(chart_id: str, title: str, labels: Sequence[str], series: Sequence[Series], size: str) -> Markup:
    width, height = (v * 72 for v in SIZES[size])
    values = [v for s in series for v in s.values if v is not None and not math.isnan(v)]
    lo, hi = min([0.0, *values]), max([0.0, *values])
    if hi - lo <= 0:
        hi = lo + 10.0
    ticks, decimals = _ticks(lo, hi)
    tick_labels = [_tick_text(t, decimals) for t in ticks]
    # Room for the rotated axis title, the longest tick label and the tick marks.
    left = 4 + FONT_SIZE * 1.2 + 4 + CHAR_WIDTH * max(len(t) for t in tick_labels) + 6
    right, top, bottom = 6.0, FONT_SIZE / 2 + 3, 3.5 + 3 + FONT_SIZE * 1.4
    plot_w, plot_h = width - left - right, height - top - bottom
    y_lo, y_hi = ticks[0], ticks[-1]

    n = len(labels)
    span_x = max(n, 1)  # a month of room for each, so half a month at each end
    unit = plot_w / span_x

    def x_at(i: float) -> float:
        return left + (i + 0.5) * unit

    def y_at(v: float) -> float:
        return top + plot_h * (1 - (v - y_lo) / (y_hi - y_lo))

    positions = list(range(n))
    step = max(1, -(-n // MAX_X_TICKS[size]))
    # Tick the latest month, counting back, so the report month is always labelled.
    x_ticks = positions[::-1][::step][::-1]
    axis_y = top + plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'id="{chart_id}" aria-labelledby="{chart_id}-title" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>',
    ]
    # Grid and value labels, behind the data.
    grid = "".join(f"M{_n(left)} {_n(y_at(t))}H{_n(left + plot_w)}" for t in ticks)
    out.append(f'<path d="{grid}" stroke="{GRID}" stroke-width="0.8" fill="none"/>')
    out.append('<g text-anchor="end" fill="#000000">')
    out += [f'<text x="{_n(left - 3.5 - 2)}" y="{_n(y_at(t))}" dy="0.35em">{lab}</text>' for t, lab in zip(ticks, tick_labels)]
    out.append("</g>")
    mid_y = top + plot_h / 2
    out.append(f'<text transform="translate({_n(4 + FONT_SIZE)} {_n(mid_y)}) rotate(-90)" text-anchor="middle">% of total spend</text>')
    # Axes: left and bottom lines with outward tick marks.
    marks = "".join(f"M{_n(left)} {_n(y_at(t))}h-3.5" for t in ticks)
    marks += "".join(f"M{_n(x_at(i))} {_n(axis_y)}v3.5" for i in x_ticks)
    out.append(f'<path d="M{_n(left)} {_n(top)}V{_n(axis_y)}H{_n(left + plot_w)}{marks}" stroke="{AXIS}" stroke-width="0.8" fill="none"/>')
    out.append('<g text-anchor="middle" fill="#000000">')
    out += [f'<text x="{_n(x_at(i))}" y="{_n(axis_y + 3.5 + 2)}" dy="0.8em">{escape(labels[i])}</text>' for i in x_ticks]
    out.append("</g>")
    xs = [x_at(i) for i in positions]
    for s in series:
        ys = [None if v is None or math.isnan(v) else y_at(v) for v in s.values]
        d = _path(xs, ys, unit / 2 if s.dashed else None)
        style = ' stroke-dasharray="5.5 2.4"' if s.dashed else ' stroke-linejoin="round" stroke-linecap="round"'
        if d:
            out.append(f'<path d="{d}" stroke="{s.colour}" stroke-width="{_n(s.width)}" fill="none"{style}/>')
        if s.marker:
            out += [_marker(s.marker, x, y, s.colour) for x, y in zip(xs, ys) if y is not None]
    out.append("</svg>")
    return Markup("".join(out))


def _chart(chart_id: str, title: str, rows: list[dict[str, Any]], series: list[Series]) -> Chart:
    labels = [month_label(r["month"]) for r in rows]
    return Chart(title, *(_draw(f"{chart_id}-{size}", title, labels, series, size) for size in SIZES), legend=series)


def month_label(month) -> str:
    return month.strftime("%b %y")


def local_chart(rows: list[dict[str, Any]], primary_label: str, secondary_label: str) -> Chart:
    series = [
        Series(f"% local spend: {primary_label}", COLOURS["primary"], [_num(r["pct_local_primary"]) for r in rows], "o"),
        Series(f"% local spend: {secondary_label}", COLOURS["secondary"], [_num(r["pct_local_secondary"]) for r in rows], "s"),
        Series(f"Target for {primary_label}", COLOURS["target"], [_num(r["target_pct_local"]) for r in rows], None,
               dashed=True, width=1.5),
    ]
    return _chart("chart-local", "% local spend by month against target", rows, series)


def sme_vcs_chart(rows: list[dict[str, Any]]) -> Chart:
    series = [
        Series("% SME spend", COLOURS["sme"], [_num(r["pct_sme"]) for r in rows], "o"),
        Series("% VCS spend", COLOURS["vcs"], [_num(r["pct_vcs"]) for r in rows], "s"),
    ]
    for measure, colour, name in (("target_pct_sme", COLOURS["sme"], "SME"), ("target_pct_vcs", COLOURS["vcs"], "VCS")):
        targets = [_num(r.get(measure)) for r in rows]
        if any(t is not None for t in targets):  # only when some target is set
            series.append(Series(f"Target {name}", colour, targets, None, dashed=True, width=1.2))
    return _chart("chart-sme-vcs", "% SME and % VCS spend by month", rows, series)
