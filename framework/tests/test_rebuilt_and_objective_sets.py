"""Content a reader can trust: wording rebuilt from a damaged source shows as plain text with
a note (never raw square brackets) wherever it appears, and every page that offers objectives
says which set it uses where the toolkit's differ from the action sheet's."""

import io
import re

import pytest
from django.test import Client
from django.utils.html import escape

from core.testing import assert_good_page
from framework import rebuilt
from framework.models import LogicModelRow, ToolkitObjective

pytestmark = pytest.mark.django_db
NOTE = "Wording rebuilt from a damaged source"


@pytest.mark.parametrize(
    "source,shown",
    [
        (
            "To ensure that the [quality and] appropriateness",
            "To ensure that the quality and appropriateness",
        ),
        (
            "[De]velopment and [regular review of escalation policies]",
            "Development and regular review of escalation policies",
        ),
        ("Working Together (2018) […] in practice", "Working Together (2018) … in practice"),
        ("Nothing lost here", "Nothing lost here"),
    ],
)
def test_plain_takes_out_the_brackets_and_keeps_the_words(source, shown):
    assert rebuilt.plain(source) == shown


def test_the_loader_stores_rebuilt_items_plain_and_flagged(content):
    rows = LogicModelRow.objects.filter(
        objective__toolkit__action__code="2.2.1", objective__toolkit__action__version__label="3"
    )
    flagged = rows.filter(rebuilt=True)
    assert flagged.count() == rows.count() == 8, "every row of 2.2.1's cut logic model was rebuilt"
    assert not LogicModelRow.objects.filter(objective__toolkit__action__code="2.6.1", rebuilt=True).exists()
    for row in rows:
        texts = [
            row.activity,
            *row.evidence,
            *row.outputs,
            *row.short_medium_term_impacts,
            *row.impact_assessment_questions,
        ]
        assert not any("[" in t or "]" in t for t in texts), row.activity
    assert flagged.filter(activity="Development and regular review of escalation policies").exists()
    objectives = ToolkitObjective.objects.filter(toolkit__action__code="2.2.1", rebuilt=True)
    assert sorted(objectives.values_list("number", flat=True)) == [1, 3]
    assert (
        "Information sharing agreements are in place and officers/staff know what can be shared and when"
        in objectives.get(number=1).what_we_need
    )


def test_a_bracket_on_an_unmarked_item_is_refused(content, tmp_path):
    import shutil

    from core.content import ContentError
    from framework.loader import load_framework

    folder = tmp_path / "nvap"
    shutil.copytree("content/frameworks/nvap", folder)
    path = folder / "3" / "toolkits" / "2.6.1.yaml"
    text = path.read_text()
    assert "[Training rolled out, Dip sample" in text
    path.write_text(
        text.replace("[Training rolled out, Dip sample", '["[Stray] Training rolled out", Dip sample', 1)
    )
    with pytest.raises(ContentError, match="square brackets mark words rebuilt"):
        load_framework(folder)
    assert not any("[Stray]" in str(o.progress_examples) for o in ToolkitObjective.objects.all())


def test_the_toolkit_page_and_its_pdf_show_plain_words_and_the_note(signed_in):
    page = signed_in.get("/plan/nvap/actions/2.2.1/toolkit/")
    assert_good_page(page)
    html = page.content.decode()
    body = html.split('id="impact-statement"', 1)[1]
    references = body.split('id="supporting-information"', 1)[0]
    assert "[" not in re.sub(r"<[^>]+>", "", references), "no raw bracket before the references"
    assert html.count(NOTE) >= 8 + 2
    assert escape("Development and regular review of escalation policies") in html


def test_the_plan_builder_journey_and_workbook_show_the_note(cast):
    from openpyxl import load_workbook

    from impact.tests.factories import plan_with_everything

    plan, _ = plan_with_everything(cast["editor_a"].memberships.get().organisation, cast["editor_a"])
    item = plan.objectives.get()
    used = item.activities.get(logic_model_row__isnull=False).logic_model_row
    assert used.rebuilt, "the factory's toolkit activity is one whose wording was rebuilt"
    client = Client()
    client.force_login(cast["editor_a"])
    for url in (f"/impact/plans/{plan.pk}/", f"/impact/plans/{plan.pk}/journey/"):
        page = client.get(url)
        assert_good_page(page)
        assert NOTE in page.content.decode(), url
    adding = client.get(f"/impact/plans/{plan.pk}/objectives/{item.pk}/activities/")
    assert_good_page(adding)
    others = LogicModelRow.objects.filter(objective=item.toolkit_objective, rebuilt=True).exclude(pk=used.pk)
    for row in others:
        assert escape(f"{row.activity} (wording rebuilt from a damaged source)") in adding.content.decode()
    workbook = load_workbook(io.BytesIO(client.get(f"/impact/plans/{plan.pk}/template.xlsx").content))
    notes = {c.value: c.comment.text for r in workbook.active.iter_rows() for c in r if c.comment}
    title = f"1: {item.toolkit_objective.text}"
    assert notes == {used.activity: NOTE, title: NOTE}, "the activity, and the objective rebuilt in part"


def test_pages_that_offer_objectives_say_which_set_and_show_the_mapping(signed_in, cast):
    sheet = signed_in.get("/plan/nvap/actions/2.2.1/")
    assert_good_page(sheet)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", sheet.content.decode()))
    assert (
        "These are the action sheet's 4 objectives for 2.2.1. Its Action Impact Toolkit words them differently, as 3."
        in text
    )
    assert "serves the action sheet's objectives 2 and 4." in text
    toolkit = signed_in.get("/plan/nvap/actions/2.2.1/toolkit/")
    assert "These are the Action Impact Toolkit's 3 objectives for 2.2.1." in toolkit.content.decode()
    client = Client()
    client.force_login(cast["lead_a"])
    start = client.get("/impact/forces/norfolk-constabulary/start/2.2.1/")
    assert_good_page(start)
    assert "These are the Action Impact Toolkit's 3 objectives for 2.2.1." in start.content.decode()
    # An action whose toolkit agrees with its sheet says nothing of it.
    other = signed_in.get("/plan/nvap/actions/2.6.1/")
    assert "words them differently" not in other.content.decode()
