from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from framework import bilingual

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


@register.filter
def shown(obj, name):
    """A translated field in the page's language: its Welsh on a Welsh page where written,
    else its English (framework.bilingual)."""
    return bilingual.shown(obj, name)


@register.simple_tag
def english_lang(obj, name):
    """` lang="en-GB"` for an element whose text is a field shown in English on a Welsh page."""
    return mark_safe(' lang="en-GB"') if bilingual.in_english(obj, name) else ""


@register.simple_tag
def plan_text(obj, name):
    """A translated field's text in the page's language, marked as English where a Welsh page
    falls back to it: for text inside an element that holds other words too."""
    if bilingual.in_english(obj, name):
        return format_html('<span lang="en-GB">{}</span>', bilingual.english(obj, name))
    return bilingual.shown(obj, name)


@register.simple_tag
def line_by_line(obj, name, items):
    """`items` (a toolkit's useful links, its template's fields) each with its line of the
    line-for-line list `name` in the page's language: (item, text, shown in English)."""
    return [
        (item, text, english)
        for item, (text, english) in zip(items, bilingual.line_by_line(obj, name), strict=False)
    ]
