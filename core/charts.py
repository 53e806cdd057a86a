"""Charts as plain SVG, drawn on the server in a millisecond: no browser, no JavaScript, no
chart library. Every page that shows one also shows a table of the same numbers beside it,
so the chart is never the only way to read them.

- `distribution`: horizontal stacked bars, one bar per row, one segment per series (a
  single series gives a plain bar chart); e.g. how many forces gave each rating per action.
- `trend`: a line of values by period, with an optional target as a dashed line and an
  optional second line to compare with (e.g. the national mean beside a force's rating).
- `ranked`: a "ski slope": one bar per member, sorted highest first, the reader's own marked.
"""

import math
from xml.sax.saxutils import escape

from django.utils.translation import gettext

BLUE, RED, GREY, TEXT, WHITE = "#1d70b8", "#d4351c", "#b1b4b6", "#0b0c0c", "#ffffff"
# Light to dark blues for ordered series (e.g. rating levels), darkest for the highest.
_LIGHT, _DARK = (0xD2, 0xE2, 0xF1), (0x00, 0x30, 0x78)


def _blues(count: int) -> list[str]:
    if count == 1:
        return [BLUE]
    colours = []
    for index in range(count):
        share = index / (count - 1)
        rgb = (round(a + (b - a) * share) for a, b in zip(_LIGHT, _DARK, strict=True))
        colours.append("#" + "".join(f"{c:02x}" for c in rgb))
    return colours


def _nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines."""
    raw = span / ticks if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * power:
            return multiple * power
    return 10 * power


def number(value: float) -> str:
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="Arial, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="{WHITE}"/>',
    ]


def distribution(
    rows: list[tuple[str, list[int]]], series: list[str], *, title: str, unit: str
) -> str | None:
    """Stacked horizontal bars: `rows` are (label, a count per series); `series` names the
    segments in order, drawn light to dark with a legend. None when every count is zero."""
    if not rows or not any(any(counts) for _, counts in rows):
        return None
    left, right, top, bar, gap = 72, 24, 16, 18, 8
    legend_height = 22 * math.ceil(len(series) / 3) if len(series) > 1 else 0
    width = 640
    plot_w = width - left - right
    plot_h = len(rows) * (bar + gap)
    height = top + plot_h + 40 + legend_height
    most = max(sum(counts) for _, counts in rows)
    step = _nice_step(most)
    scale_top = math.ceil(most / step) * step or step
    colours = _blues(len(series))

    def x(value: float) -> float:
        return left + plot_w * value / scale_top

    parts = _open(width, height, title)
    tick = 0.0
    while tick <= scale_top + step / 1000:
        tx = x(tick)
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top}" y2="{top + plot_h}" stroke="{GREY}" stroke-width="0.5"/>'
            f'<text x="{tx:.1f}" y="{top + plot_h + 16}" text-anchor="middle" fill="{TEXT}">{number(tick)}</text>'
        )
        tick += step
    for index, (label, counts) in enumerate(rows):
        y = top + index * (bar + gap) + gap / 2
        parts.append(
            f'<text x="{left - 8}" y="{y + bar / 2 + 4:.1f}" text-anchor="end" fill="{TEXT}">{escape(label)}</text>'
        )
        start = 0
        for colour, name, count in zip(colours, series, counts, strict=True):
            if count:
                parts.append(
                    f'<rect x="{x(start):.1f}" y="{y:.1f}" width="{x(start + count) - x(start):.1f}" '
                    f'height="{bar}" fill="{colour}" stroke="{WHITE}" stroke-width="1">'
                    f"<title>{escape(label)}: {escape(name)}, {count}</title></rect>"
                )
            start += count
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{top + plot_h + 34}" text-anchor="middle" fill="{TEXT}">{escape(unit)}</text>'
    )
    if len(series) > 1:
        for index, (colour, name) in enumerate(zip(colours, series, strict=True)):
            lx = left + (index % 3) * (plot_w / 3)
            ly = top + plot_h + 48 + (index // 3) * 22
            parts.append(
                f'<rect x="{lx:.1f}" y="{ly - 10}" width="12" height="12" fill="{colour}" stroke="{TEXT}" stroke-width="0.5"/>'
                f'<text x="{lx + 18:.1f}" y="{ly}" fill="{TEXT}">{escape(name)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def trend(
    points: list[tuple[str, float]],
    *,
    title: str,
    unit: str,
    target: float | None = None,
    percentage: bool = False,
    label: str = "",
    compare: tuple[str, list[float | None]] | None = None,
    low_high: tuple[float, float] | None = None,
) -> str | None:
    """A line of values by period, with the target as a dashed red line and, when given,
    `compare` (a name and a value per period, None for a gap) as a dashed grey line, with a
    legend naming `label` and it. `low_high` fixes the scale (a rating scale's ends). None with
    no values."""
    if not points:
        return None
    width, height = 640, 300
    left, right, top, bottom = 64, 24, 20, 56
    values = [v for _, v in points] + [v for v in (compare[1] if compare else []) if v is not None]
    low = min(values + ([target] if target is not None else []) + [0])
    high = max(values + ([target] if target is not None else []))
    if percentage:
        low, high = max(0.0, low), min(100.0, max(high, 1.0))
    if low_high is not None:
        low, high = low_high
    step = _nice_step(high - low)
    floor = math.floor(low / step) * step
    ceiling = math.ceil(high / step) * step if high > floor else floor + step
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(index: int) -> float:
        return left + (plot_w * index / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - floor) / (ceiling - floor))

    parts = _open(width, height, title)
    tick = floor
    while tick <= ceiling + step / 1000:
        ty = y(tick)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{GREY}" stroke-width="0.5"/>'
            f'<text x="{left - 8}" y="{ty + 4:.1f}" text-anchor="end" fill="{TEXT}">{number(tick)}</text>'
        )
        tick += step
    every = max(1, math.ceil(len(points) / 10))
    for index, (period, _) in enumerate(points):
        if index % every == 0 or index == len(points) - 1:
            px = x(index)
            parts.append(
                f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{top + plot_h}" y2="{top + plot_h + 4}" stroke="{TEXT}"/>'
                f'<text x="{px:.1f}" y="{top + plot_h + 18}" text-anchor="middle" fill="{TEXT}">{escape(period)}</text>'
            )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{TEXT}"/>'
        f'<text x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle" fill="{TEXT}">{escape(gettext("Period"))}</text>'
        f'<text transform="translate(14 {top + plot_h / 2}) rotate(-90)" text-anchor="middle" fill="{TEXT}">'
        f"{escape(unit)}</text>"
    )
    if target is not None:
        ty = y(target)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{RED}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{width - right}" y="{ty - 6:.1f}" text-anchor="end" fill="{RED}">{escape(gettext("Target {target}").format(target=number(target)))}</text>'
        )
    if compare is not None:
        other = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(compare[1]) if v is not None)
        parts.append(
            f'<polyline points="{other}" fill="none" stroke="{TEXT}" stroke-width="2" stroke-dasharray="5 4"/>'
        )
        parts += [
            f'<rect x="{x(i) - 3:.1f}" y="{y(v) - 3:.1f}" width="6" height="6" fill="{TEXT}"/>'
            for i, v in enumerate(compare[1])
            if v is not None
        ]
        parts.append(
            f'<line x1="{left + 8}" x2="{left + 32}" y1="{top + 8}" y2="{top + 8}" stroke="{BLUE}" stroke-width="2.5"/>'
            f'<text x="{left + 38}" y="{top + 12}" fill="{TEXT}">{escape(label)}</text>'
            f'<line x1="{left + 8}" x2="{left + 32}" y1="{top + 26}" y2="{top + 26}" stroke="{TEXT}" '
            f'stroke-width="2" stroke-dasharray="5 4"/>'
            f'<text x="{left + 38}" y="{top + 30}" fill="{TEXT}">{escape(compare[0])}</text>'
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


def ranked(bars: list[tuple[str, float, bool]], *, title: str, unit: str, top_value: float) -> str | None:
    """A "ski slope": one bar per member (label, value, whether it is the reader's own),
    sorted highest first; the reader's own bar is blue and named, the others grey and
    unnamed (the table beside the chart names those the reader may see). None with no bars."""
    if not bars:
        return None
    bars = sorted(bars, key=lambda b: -b[1])
    width, height = 640, 280
    left, right, top, bottom = 48, 16, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / len(bars)
    parts = _open(width, height, title)
    step = _nice_step(top_value, 5) if top_value > 5 else 1
    tick = 0.0
    while tick <= top_value + step / 1000:
        ty = top + plot_h * (1 - tick / top_value)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{GREY}" stroke-width="0.5"/>'
            f'<text x="{left - 8}" y="{ty + 4:.1f}" text-anchor="end" fill="{TEXT}">{number(tick)}</text>'
        )
        tick += step
    for index, (name, value, own) in enumerate(bars):
        h = plot_h * value / top_value
        bx = left + index * slot + slot * 0.1
        parts.append(
            f'<rect x="{bx:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.8:.1f}" height="{h:.1f}" '
            f'fill="{BLUE if own else GREY}"><title>{escape(name)}: {number(value)}</title></rect>'
        )
        if own:
            parts.append(
                f'<text x="{bx + slot * 0.4:.1f}" y="{top + plot_h - h - 6:.1f}" text-anchor="middle" '
                f'font-weight="bold" fill="{TEXT}">{escape(name)}</text>'
            )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{TEXT}"/>'
        f'<text x="{left + plot_w / 2}" y="{height - 12}" text-anchor="middle" fill="{TEXT}">'
        f"Forces, highest first</text>"
        f'<text transform="translate(14 {top + plot_h / 2}) rotate(-90)" text-anchor="middle" fill="{TEXT}">'
        f"{escape(unit)}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
