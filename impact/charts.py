"""A measure's trend over time: an SVG line chart drawn on the server, with the target as a
dashed line. Pages always show a table of the same numbers beside it."""

import math
from xml.sax.saxutils import escape

from django.core.cache import cache
from django.db.models import Count, Max

from impact.models import Measure

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 20, 56
BLUE, RED, GREY, TEXT = "#1d70b8", "#d4351c", "#b1b4b6", "#0b0c0c"


def _nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines."""
    raw = span / ticks if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def _label(value: float) -> str:
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def trend_svg(measure: Measure, measurements) -> str | None:
    """A line chart of the values by period, with the target as a dashed red line: plain SVG
    drawn here (no browser, no JavaScript), so ten years of monthly values take a millisecond."""
    points = [(m.period, float(m.value)) for m in measurements]
    if not points:
        return None
    values = [v for _, v in points]
    target = float(measure.target) if measure.target is not None else None
    low = min(values + ([target] if target is not None else []) + [0])
    high = max(values + ([target] if target is not None else []))
    if measure.unit == Measure.Unit.PERCENTAGE:
        low, high = max(0.0, low), min(100.0, max(high, 1.0))
    step = _nice_step(high - low)
    bottom = math.floor(low / step) * step
    top = math.ceil(high / step) * step if high > bottom else bottom + step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(index):
        return LEFT + (plot_w * index / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(value):
        return TOP + plot_h * (1 - (value - bottom) / (top - bottom))

    name = escape(measure.name)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="Arial, sans-serif" font-size="12">',
        f"<title>{name}: values by period</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    tick = bottom
    while tick <= top + step / 1000:
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{GREY}" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end" fill="{TEXT}">{_label(tick)}</text>'
        )
        tick += step
    every = max(1, math.ceil(len(points) / 10))
    for index, (period, _) in enumerate(points):
        if index % every == 0 or index == len(points) - 1:
            px = x(index)
            parts.append(
                f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 4}" stroke="{TEXT}"/>'
            )
            parts.append(
                f'<text x="{px:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" fill="{TEXT}">{escape(period)}</text>'
            )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="{TEXT}"/>'
    )
    parts.append(
        f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 8}" text-anchor="middle" fill="{TEXT}">Period</text>'
        f'<text transform="translate(14 {TOP + plot_h / 2}) rotate(-90)" text-anchor="middle" fill="{TEXT}">'
        f"{escape(measure.get_unit_display())}</text>"
    )
    if target is not None:
        ty = y(target)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{RED}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{WIDTH - RIGHT}" y="{ty - 6:.1f}" text-anchor="end" fill="{RED}">Target {_label(target)}</text>'
        )
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_, v) in enumerate(points))
    parts.append(f'<polyline points="{line}" fill="none" stroke="{BLUE}" stroke-width="2.5"/>')
    if len(points) <= 36:
        parts += [
            f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{BLUE}"/>'
            for i, (_, v) in enumerate(points)
        ]
    parts.append("</svg>")
    return "".join(parts)


def change_since_baseline(measure: Measure, latest) -> dict | None:
    """How far the latest value has moved from the baseline, and whether that is the right way."""
    if measure.baseline is None or latest is None:
        return None
    change = latest.value - measure.baseline
    better = change > 0 if measure.direction == Measure.Direction.HIGHER else change < 0
    return {"change": change, "improving": bool(change) and better, "worsening": bool(change) and not better}


def cache_key(measure: Measure) -> str:
    return f"impact:chart:{measure.pk}"


def trend_svg_cached(measure: Measure) -> str | None:
    """The chart, drawn again only when the measure's values, target or unit change."""
    stamp = measure.measurements.aggregate(count=Count("pk"), last=Max("updated_at"))
    version = f"{stamp['count']}:{stamp['last']}:{measure.target}:{measure.unit}:{measure.name}"
    cached = cache.get(cache_key(measure))
    if cached is not None and cached[0] == version:
        return cached[1]
    svg = trend_svg(measure, measure.measurements.all()) if stamp["count"] else None
    cache.set(cache_key(measure), (version, svg), 60 * 60 * 24)
    return svg
