"""The report's charts as PNG bytes (matplotlib's object API with the Agg canvas: no pyplot, no
global state, no display needed). Pure: views in, image bytes out.

An empty series draws a "no data" chart instead of an empty axis, so the reader sees why.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from annexa.isms.scoring import level, score
from annexa.reports.metrics import WeekStats
from annexa.reports.views import RiskRow

__all__ = ["bar_chart", "findings_chart", "freshness_chart", "heat_map", "usage_chart"]

LEVEL_COLOURS = {"low": "#8fd19e", "medium": "#ffe08a", "high": "#f7a35c", "critical": "#e8504f"}
FRESH_COLOURS = {"fresh": "#8fd19e", "stale": "#ffe08a", "missing": "#f28b82"}
PALETTE = ("#1f3864", "#4472c4", "#70ad47", "#ffc000", "#ed7d31", "#a5a5a5", "#5b9bd5", "#264478")
DPI = 110


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, bbox_inches="tight")
    return out.getvalue()


def _no_data(ax: Axes, title: str) -> None:
    ax.set_title(title)
    ax.text(0.5, 0.5, "no data", ha="center", va="center", fontsize=14, color="#777777")
    ax.set_axis_off()


def heat_map(risks: Sequence[RiskRow], *, residual: bool = False) -> bytes:
    """A 5×5 likelihood × impact grid coloured by level band, each cell listing its risk ids."""
    fig = Figure(figsize=(4.6, 4.2))
    ax = fig.add_subplot()
    cells: dict[tuple[int, int], list[str]] = {}
    for r in risks:
        li, im = (
            (r.residual_likelihood, r.residual_impact) if residual else (r.likelihood, r.impact)
        )
        if li is not None and im is not None:
            cells.setdefault((li, im), []).append(r.id)
    for li in range(1, 6):
        for im in range(1, 6):
            colour = LEVEL_COLOURS[level(score(li, im))]
            ax.add_patch(_square(im - 0.5, li - 0.5, colour))
            ids = cells.get((li, im), [])
            label = "\n".join(ids[:3]) + (f"\n+{len(ids) - 3}" if len(ids) > 3 else "")
            ax.text(im, li, label, ha="center", va="center", fontsize=7)
    ax.set_xlim(0.5, 5.5)
    ax.set_ylim(0.5, 5.5)
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))
    ax.set_xlabel("Impact")
    ax.set_ylabel("Likelihood")
    ax.set_title("Residual risk" if residual else "Inherent risk")
    ax.set_aspect("equal")
    return _png(fig)


def _square(x: float, y: float, colour: str) -> Rectangle:
    return Rectangle((x, y), 1, 1, facecolor=colour, edgecolor="white", linewidth=2)


def usage_chart(weeks: Sequence[WeekStats]) -> bytes:
    """Requests and blocked requests per ISO week."""
    fig = Figure(figsize=(7, 3))
    ax = fig.add_subplot()
    title = "AI requests per week"
    if not weeks:
        _no_data(ax, title)
        return _png(fig)
    labels = [w.week for w in weeks]
    ax.bar(labels, [w.requests for w in weeks], color=PALETTE[1], label="requests")
    ax.bar(labels, [w.blocked for w in weeks], color=LEVEL_COLOURS["critical"], label="blocked")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8, bbox_to_anchor=(1.0, 1.0))
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    return _png(fig)


def findings_chart(weeks: Sequence[WeekStats]) -> bytes:
    """Sensitive-data findings per ISO week, stacked by entity type."""
    fig = Figure(figsize=(7, 3.2))
    ax = fig.add_subplot()
    title = "Sensitive-data findings per week, by entity type"
    entities = sorted({e for w in weeks for e in w.findings})
    if not entities:
        _no_data(ax, title)
        return _png(fig)
    labels = [w.week for w in weeks]
    bottom = [0] * len(weeks)
    for i, entity in enumerate(entities):
        values = [w.findings.get(entity, 0) for w in weeks]
        ax.bar(labels, values, bottom=bottom, color=PALETTE[i % len(PALETTE)], label=entity)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_title(title)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    return _png(fig)


def bar_chart(
    values: Mapping[str, int], title: str, colours: Mapping[str, str] | None = None
) -> bytes:
    """Horizontal bars of ``values`` (label → count), in the given order."""
    fig = Figure(figsize=(6, 0.5 + 0.35 * max(len(values), 2)))
    ax = fig.add_subplot()
    if not values or not any(values.values()):
        _no_data(ax, title)
        return _png(fig)
    labels = list(values)
    colour = [(colours or {}).get(k, PALETTE[1]) for k in labels]
    ax.barh(labels, [values[k] for k in labels], color=colour)
    ax.invert_yaxis()
    ax.set_title(title)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return _png(fig)


def freshness_chart(freshness: Mapping[str, Mapping[str, int]]) -> bytes:
    """Evidence freshness per Annex A theme: controls fresh, stale or missing, stacked."""
    fig = Figure(figsize=(7, 2.6))
    ax = fig.add_subplot()
    themes = list(freshness)
    if not themes:
        _no_data(ax, "Evidence freshness by theme")
        return _png(fig)
    left = [0] * len(themes)
    for state, colour in FRESH_COLOURS.items():
        values = [freshness[t].get(state, 0) for t in themes]
        ax.barh(themes, values, left=left, color=colour, label=state)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("controls")
    ax.set_title("Evidence freshness by theme")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    return _png(fig)
