"""Charts as inline SVG strings, byte-identical from run to run."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any, Sequence

import matplotlib
from matplotlib.figure import Figure
from markupsafe import Markup

# Colours chosen to stay distinguishable for colour-blind readers (Okabe-Ito).
COLOURS = {
    "primary": "#0072B2",
    "secondary": "#E69F00",
    "target": "#444444",
    "sme": "#009E73",
    "vcs": "#CC79A7",
}


def _num(value: Decimal | None) -> float:
    # Floats only here, at the drawing: a chart is an output, never a figure anyone reads back.
    return float("nan") if value is None else float(value)


def _svg(fig: Figure, chart_id: str, title: str) -> Markup:
    buf = io.StringIO()
    # A fixed salt per chart makes clip-path ids stable across runs and distinct between charts;
    # Date=None keeps the timestamp out; text stays text so the page's font is used.
    with matplotlib.rc_context({"svg.hashsalt": f"anchorspend-{chart_id}", "svg.fonttype": "none", "svg.id": chart_id}):
        # No bbox_inches="tight": a fixed canvas keeps every chart at the same scale on the page.
        fig.savefig(buf, format="svg", metadata={"Date": None, "Title": title})
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    # Drop the fixed size so CSS scales the chart to the screen; the viewBox keeps the proportions.
    text = re.sub(r'^<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 role="img"', text, count=1)
    return Markup(text)


# Two drawings of each chart: wide for screens and print, narrow for phones (CSS shows one),
# so the lettering stays readable without the page scrolling sideways.
SIZES = {"wide": (8.0, 3.3), "narrow": (4.2, 3.8)}


def _axes(labels: Sequence[str], size: str):
    width, height = SIZES[size]
    fig = Figure(figsize=(width, height), layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_ylabel("% of total spend", fontsize=9)
    ax.tick_params(labelsize=9)
    positions = list(range(len(labels)))
    max_ticks = 12 if size == "wide" else 5
    step = max(1, -(-len(labels) // max_ticks))
    # Tick the latest month, counting back, so the report month is always labelled.
    ticks = positions[::-1][::step][::-1]
    ax.set_xticks(ticks, [labels[i] for i in ticks])
    ax.set_xlim(-0.5, max(len(labels) - 0.5, 0.5))
    return fig, ax, positions


def _legend(ax, size: str, ncol_wide: int) -> None:
    ax.figure.legend(loc="outside lower left", ncol=ncol_wide if size == "wide" else 1, frameon=False, fontsize=9)


def month_label(month) -> str:
    return month.strftime("%b %y")


def local_chart(rows: list[dict[str, Any]], primary_label: str, secondary_label: str, size: str = "wide") -> Markup:
    labels = [month_label(r["month"]) for r in rows]
    fig, ax, x = _axes(labels, size)
    ax.plot(x, [_num(r["pct_local_primary"]) for r in rows], marker="o", ms=3.5, lw=2, color=COLOURS["primary"],
            label=f"% local spend: {primary_label}")
    ax.plot(x, [_num(r["pct_local_secondary"]) for r in rows], marker="s", ms=3.5, lw=2, color=COLOURS["secondary"],
            label=f"% local spend: {secondary_label}")
    ax.step(x, [_num(r["target_pct_local"]) for r in rows], where="mid", linestyle="--", lw=1.5,
            color=COLOURS["target"], label=f"Target for {primary_label}")
    ax.set_ylim(bottom=0)
    _legend(ax, size, 3)
    return _svg(fig, f"chart-local-{size}", "% local spend by month against target")


def sme_vcs_chart(rows: list[dict[str, Any]], size: str = "wide") -> Markup:
    labels = [month_label(r["month"]) for r in rows]
    fig, ax, x = _axes(labels, size)
    ax.plot(x, [_num(r["pct_sme"]) for r in rows], marker="o", ms=3.5, lw=2, color=COLOURS["sme"], label="% SME spend")
    ax.plot(x, [_num(r["pct_vcs"]) for r in rows], marker="s", ms=3.5, lw=2, color=COLOURS["vcs"], label="% VCS spend")
    for measure, colour in (("target_pct_sme", COLOURS["sme"]), ("target_pct_vcs", COLOURS["vcs"])):
        targets = [_num(r.get(measure)) for r in rows]
        if any(t == t for t in targets):  # only when some target is set (NaN != NaN)
            ax.step(x, targets, where="mid", linestyle="--", lw=1.2, color=colour,
                    label=f"Target {'SME' if measure.endswith('sme') else 'VCS'}")
    ax.set_ylim(bottom=0)
    _legend(ax, size, 4)
    return _svg(fig, f"chart-sme-vcs-{size}", "% SME and % VCS spend by month")
