from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def plan_url(name, framework, label=None, *args):
    """The URL of a plan page, in the version being read (latest when label is empty)."""
    if label:
        return reverse(f"framework:{name}-version", args=[framework.slug, label, *args])
    return reverse(f"framework:{name}", args=[framework.slug, *args])


@register.filter
def paragraphs(text):
    """Splits text on blank lines."""
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]
