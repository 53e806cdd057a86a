from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def plain_number(value):
    """A stored decimal as people write it: 12, 12.5, 0.25 (no trailing zeros, no exponent)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


@register.filter
def thousands(value):
    """A whole number with commas between thousands: 100000 as 100,000."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value
