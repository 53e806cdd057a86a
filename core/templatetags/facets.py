"""Facet checkboxes for a search page (the practice library, case review learning), drawn in
Python: a hundred options through the template engine cost more than the search itself."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def facet_checkboxes(facet):
    return format_html(
        '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">{}</div>',
        format_html_join(
            "",
            '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="f-{0}-{1}" '
            'name="{0}" type="checkbox" value="{2}"{3}><label class="govuk-label govuk-checkboxes__label" '
            'for="f-{0}-{1}">{4} ({5})</label></div>',
            (
                (facet["key"], n, o["value"], " checked" if o["chosen"] else "", o["label"], o["count"])
                for n, o in enumerate(facet["options"], start=1)
            ),
        ),
    )
