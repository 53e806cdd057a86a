"""A measure's trend over time, drawn by core.charts with the target as a dashed line. Pages
always show a table of the same numbers beside it."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import gettext

from core import charts, languages
from impact.models import Measure


def trend_svg(measure: Measure, measurements) -> str | None:
    return charts.trend(
        [(m.period, float(m.value)) for m in measurements],
        title=gettext("{name}: values by period").format(name=measure.name),
        unit=measure.get_unit_display(),
        target=float(measure.target) if measure.target is not None else None,
        percentage=measure.unit == Measure.Unit.PERCENTAGE,
    )


def change_since_baseline(measure: Measure, latest) -> dict | None:
    """How far the latest value has moved from the baseline, and whether that is the right way."""
    if measure.baseline is None or latest is None:
        return None
    change = latest.value - measure.baseline
    better = change > 0 if measure.direction == Measure.Direction.HIGHER else change < 0
    return {"change": change, "improving": bool(change) and better, "worsening": bool(change) and not better}


def cache_key(measure: Measure, language: str) -> str:
    return f"impact:chart:{measure.pk}:{language}"


def forget(measure: Measure) -> None:
    """Drops the measure's drawn chart in every language."""
    cache.delete_many([cache_key(measure, code) for code, _name in settings.LANGUAGES])


def trend_svg_cached(measure: Measure) -> str | None:
    """The chart in the reader's language, drawn again only when the measure's values, target
    or unit change."""
    stamp = measure.measurements.aggregate(count=Count("pk"), last=Max("updated_at"))
    version = f"{stamp['count']}:{stamp['last']}:{measure.target}:{measure.unit}:{measure.name}"
    key = cache_key(measure, languages.current())
    cached = cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    svg = trend_svg(measure, measure.measurements.all()) if stamp["count"] else None
    cache.set(key, (version, svg), 60 * 60 * 24)
    return svg
