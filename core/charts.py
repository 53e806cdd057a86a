"""Charts as plain SVG, drawn on the server in a millisecond: no browser, no JavaScript, no
chart library. Every page that shows one also shows a table of the same numbers beside it,
so the chart is never the only way to read them.

- `distribution`: horizontal stacked bars, one bar per row, one segment per series (a
  single series gives a plain bar chart); e.g. how many forces gave each rating per action.
- `trend`: a line of values by period, with an optional target as a dashed line.
"""

import math
from xml.sax.saxutils import escape

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
) -> str | None:
    """A line of values by period, with the target as a dashed red line. None with no values."""
    if not points:
        return None
    width, height = 640, 300
    left, right, top, bottom = 64, 24, 20, 56
    values = [v for _, v in points]
    low = min(values + ([target] if target is not None else []) + [0])
    high = max(values + ([target] if target is not None else []))
    if percentage:
        low, high = max(0.0, low), min(100.0, max(high, 1.0))
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
        f'<text x="{left + plot_w / 2}" y="{height - 8}" text-anchor="middle" fill="{TEXT}">Period</text>'
        f'<text transform="translate(14 {top + plot_h / 2}) rotate(-90)" text-anchor="middle" fill="{TEXT}">'
        f"{escape(unit)}</text>"
    )
    if target is not None:
        ty = y(target)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{RED}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{width - right}" y="{ty - 6:.1f}" text-anchor="end" fill="{RED}">Target {number(target)}</text>'
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
