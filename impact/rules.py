"""Named rules for measures: how periods are written, and which values a unit allows."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from core.rows import decimal_number
from impact.models import Measure

_PERIODS = {
    Measure.Frequency.MONTHLY: (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), _("YYYY-MM, for example 2026-01")),
    Measure.Frequency.QUARTERLY: (re.compile(r"^(\d{4})-Q([1-4])$"), _("YYYY-Qn, for example 2026-Q1")),
    Measure.Frequency.ANNUAL: (re.compile(r"^(\d{4})$"), _("YYYY, for example 2026")),
}


class RuleBroken(ValueError):
    pass


def period_parse(frequency: str, text) -> str:
    """The period in its one written form, or RuleBroken saying how to write it."""
    value = (
        str(text or "").strip().upper()
        if frequency == Measure.Frequency.QUARTERLY
        else str(text or "").strip()
    )
    pattern, example = _PERIODS[frequency]
    match = pattern.match(value)
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise RuleBroken(_("Write the period as {example}").format(example=example))
    return value


def value_parse(unit: str, text) -> Decimal:
    """The value as a number allowed for the unit, or RuleBroken saying why not."""
    if text in (None, ""):
        raise RuleBroken(_("Enter a number"))
    try:
        value = decimal_number(text, max_digits=14, decimal_places=4)
    except ValueError:
        try:
            finite = Decimal(str(text).strip().replace(",", "")).is_finite()
        except InvalidOperation:
            finite = False
        if finite:
            raise RuleBroken(_("Enter a number between -9,999,999,999 and 9,999,999,999")) from None
        raise RuleBroken(_("Enter a number")) from None
    if unit == Measure.Unit.PERCENTAGE and not 0 <= value <= 100:
        raise RuleBroken(_("Enter a percentage from 0 to 100"))
    if unit in (Measure.Unit.COUNT, Measure.Unit.RATE, Measure.Unit.DAYS) and value < 0:
        raise RuleBroken(_("Enter a number that is 0 or more"))
    if unit == Measure.Unit.COUNT and value != value.to_integral_value():
        raise RuleBroken(_("Enter a whole number"))
    return value


def last_period(frequency: str, today) -> str:
    """The latest period that has ended by `today`, written as its measures write it: last
    month ("2026-10"), last quarter ("2026-Q3") or last year ("2025")."""
    if frequency == Measure.Frequency.QUARTERLY:
        quarter = (today.month - 1) // 3  # the quarter before this one, 0 meaning last year's Q4
        return f"{today.year - 1}-Q4" if quarter == 0 else f"{today.year}-Q{quarter}"
    if frequency == Measure.Frequency.ANNUAL:
        return str(today.year - 1)
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return f"{year}-{month:02d}"
