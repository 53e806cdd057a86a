"""The GOV.UK date input: three boxes, the pattern's messages, and a whole date still read."""

from datetime import date

import pytest
from django import forms

from core.forms import GovukDateField, GovukFormMixin


class DateForm(GovukFormMixin, forms.Form):
    when = GovukDateField(label="Target date", name="The target date", required=True)
    maybe = GovukDateField(label="Start date", name="The start date")


@pytest.mark.parametrize(
    "data,error",
    [
        ({"when_day": "", "when_month": "", "when_year": ""}, "Enter the target date"),
        ({"when_day": "31", "when_month": "", "when_year": "2026"}, "The target date must include a month"),
        (
            {"when_day": "", "when_month": "", "when_year": "2026"},
            "The target date must include a day and a month",
        ),
        ({"when_day": "31", "when_month": "2", "when_year": "2026"}, "The target date must be a real date"),
        ({"when_day": "1", "when_month": "two", "when_year": "2026"}, "The target date must be a real date"),
        (
            {"when_day": "1", "when_month": "2", "when_year": "26"},
            "The year of the target date must have 4 numbers",
        ),
        ({"when": "31/02/2026"}, "The target date must be a real date"),
    ],
)
def test_bad_dates_get_the_patterns_messages(data, error):
    form = DateForm(data)
    assert not form.is_valid()
    assert form.errors["when"] == [error]
    assert form.error_summary_items()[0] == ("#id_when_0", error)


def test_good_dates_in_boxes_or_whole_and_an_optional_date_left_empty():
    form = DateForm(
        {
            "when_day": " 7 ",
            "when_month": "03",
            "when_year": "2027",
            "maybe_day": "",
            "maybe_month": "",
            "maybe_year": "",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"when": date(2027, 3, 7), "maybe": None}
    assert DateForm({"when": "2027-03-07"}).is_valid()


def test_it_draws_the_govuk_markup_with_the_values_kept():
    html = str(DateForm(initial={"when": date(2027, 3, 7)}))
    assert 'class="govuk-date-input" id="id_when"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Target date</legend>' in html
    for box, value in (("day", "7"), ("month", "3"), ("year", "2027")):
        assert f'name="when_{box}" type="text" inputmode="numeric" value="{value}"' in html
    bad = str(DateForm({"when_day": "31", "when_month": "2", "when_year": "2026"}))
    assert "govuk-input--error" in bad and 'name="when_day" type="text" inputmode="numeric" value="31"' in bad
