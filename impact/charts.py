"""A measure's trend over time: Vega-Lite rendered to SVG on the server, with the target as a
rule. Pages always show a table of the same numbers beside it."""

from django.core.cache import cache
from django.db.models import Count, Max

from impact.models import Measure


def trend_svg(measure: Measure, measurements) -> str | None:
    values = [{"period": m.period, "value": float(m.value)} for m in measurements]
    if not values:
        return None
    import vl_convert

    layers = [
        {
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "period", "type": "ordinal", "title": "Period", "sort": None},
                "y": {"field": "value", "type": "quantitative", "title": measure.get_unit_display()},
            },
        }
    ]
    if measure.target is not None:
        layers.append(
            {
                "data": {"values": [{"target": float(measure.target)}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#d4351c"},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 560,
        "height": 240,
        "data": {"values": values},
        "layer": layers,
        "config": {"font": "Arial"},
    }
    return vl_convert.vegalite_to_svg(spec)


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
