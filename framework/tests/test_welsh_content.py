"""The plan's own words in Welsh: written by the national team beside the English, shown on
Welsh pages where written, and marked as English where not."""

import re

import pytest
from django.urls import reverse

from framework import authoring, bilingual, export
from framework import models as m

NOTICE = "Mae rhan o’r dudalen hon yn Saesneg"


@pytest.fixture
def admin(client, cast):
    client.force_login(cast["admin"])
    return client


def _action_page(version="3"):
    return reverse("framework:welsh-edit", args=["nvap", version, "action", "2.1.1"])


def _form(admin, url):
    page = admin.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    return {name: form.initial.get(name, "") for name in form.fields}


def test_a_national_admin_writes_an_actions_welsh_beside_its_english_and_it_is_recorded(admin, cast):
    home = admin.get(reverse("framework:welsh", args=["nvap", "3"]))
    before = home.context["total"]
    assert before.done == 0 and before.total > 100
    data = _form(admin, _action_page())
    assert "action--title" in data and "action--detail" in data
    objective_key = next(
        k for k in data if k.startswith("objective-") and k.endswith("--what_forces_are_doing")
    )
    data["action--title"] = "Ymateb i gam-drin domestig"
    data[objective_key] = "Un\n\nDau  \n"
    response = admin.post(_action_page(), data)
    assert response.status_code == 302 and response.url == reverse("framework:welsh", args=["nvap", "3"])
    action = m.Action.objects.get(version__label="3", version__framework__slug="nvap", code="2.1.1")
    assert action.welsh["title"] == {"cy": "Ymateb i gam-drin domestig", "en": action.title}
    objective = m.Objective.objects.get(pk=int(objective_key.split("--")[0].split("-")[1]))
    assert objective.welsh["what_forces_are_doing"]["cy"] == ["Un", "Dau"], "a list is one item per line"
    changes = list(m.WelshChange.objects.order_by("pk"))
    assert [(c.before, c.after, c.by) for c in changes] == [
        (None, "Ymateb i gam-drin domestig", cast["admin"]),
        (None, ["Un", "Dau"], cast["admin"]),
    ]
    after = admin.get(reverse("framework:welsh", args=["nvap", "3"])).context["total"]
    assert (after.done, after.total) == (2, before.total)
    # Saving the same again changes nothing and records nothing.
    again = _form(admin, _action_page())
    admin.post(_action_page(), again)
    assert m.WelshChange.objects.count() == 2


def test_a_welsh_page_shows_the_welsh_and_marks_the_english_it_falls_back_to(admin, client, cast):
    action = m.Action.objects.get(version__label="3", version__framework__slug="nvap", code="2.1.1")
    version = action.version
    item = bilingual.item_of(version, "action", "2.1.1")
    bilingual.save(
        version, item, {"action": {"title": "Teitl Cymraeg", "detail": "Manylion Cymraeg"}}, None, None
    )
    client.force_login(cast["viewer_a"])
    welsh = client.get("/cy/plan/nvap/actions/2.1.1/").content.decode()
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", welsh, re.S)
    assert h1 and h1.group(1).strip() == "2.1.1 Teitl Cymraeg" and 'lang="en-GB"' not in h1.group(0)
    assert '<p class="govuk-body-l">Manylion Cymraeg</p>' in welsh
    objective = action.objectives.first()
    assert f'<h3 class="govuk-heading-s" id="objective-{objective.number}" lang="en-GB">' in welsh, (
        "an objective with no Welsh is marked as English"
    )
    assert NOTICE in welsh
    english = client.get("/plan/nvap/actions/2.1.1/").content.decode()
    assert action.title in english and "Teitl Cymraeg" not in english and NOTICE not in english


def test_the_english_changing_after_the_welsh_asks_for_a_check(admin, cast):
    draft = authoring.start_draft(m.Framework.objects.get(slug="nvap"), cast["admin"])
    action = draft.actions.get(code="2.1.1")
    item = bilingual.item_of(draft, "action", "2.1.1")
    bilingual.save(draft, item, {"action": {"title": "Teitl"}}, cast["admin"], None)
    action.refresh_from_db()
    assert bilingual.count([action]).done == 1
    action.title = "A new English title"
    action.save()
    counted = bilingual.count([action])
    assert (counted.done, counted.to_check) == (0, 1)
    page = admin.get(reverse("framework:welsh-edit", args=["nvap", draft.label, "action", "2.1.1"]))
    assert "Newidiodd y Saesneg" not in page.content.decode()  # an English page
    assert "English changed: check the Welsh" in page.content.decode()


def test_two_people_translating_the_same_item_never_overwrite_each_other(admin, cast):
    first = _form(admin, _action_page())
    second = dict(first)
    first["action--title"] = "Cyntaf"
    assert admin.post(_action_page(), first).status_code == 302
    second["action--title"] = "Ail"
    clash = admin.post(_action_page(), second)
    html = clash.content.decode()
    assert clash.status_code == 400 and "saved this after you opened it" in html
    assert "Cyntaf" in html and "Ail" in html
    action = m.Action.objects.get(version__label="3", version__framework__slug="nvap", code="2.1.1")
    assert action.welsh["title"]["cy"] == "Cyntaf"


def test_welsh_that_is_too_long_is_refused_and_nothing_is_saved(admin):
    data = _form(admin, _action_page())
    data["action--title"] = "a" * 20_001
    response = admin.post(_action_page(), data)
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    assert not m.WelshChange.objects.exists()
    assert (
        admin.get(reverse("framework:welsh-edit", args=["nvap", "3", "action", "9.9.9"])).status_code == 404
    )


def test_only_national_admins_translate(client, cast):
    for who in ("editor_a", "lead_a", "analyst"):
        client.force_login(cast[who])
        assert client.get(reverse("framework:welsh", args=["nvap", "3"])).status_code == 403, who
        assert client.get(_action_page()).status_code == 403, who


def test_the_welsh_travels_in_the_yaml_and_into_the_next_draft(cast):
    version = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    item = bilingual.item_of(version, "theme", str(version.themes.order_by("order").first().pk))
    assert item is not None
    bilingual.save(version, item, {"theme": {"title": "Thema"}}, cast["admin"], None)
    theme = version.themes.order_by("order").first()
    files = export.files_of(version)
    written = next(t for t in files["3/version.yaml"]["themes"] if t["code"] == theme.code)
    assert written["welsh"] == {"title": {"cy": "Thema", "en": theme.title}}
    draft = authoring.start_draft(version.framework, cast["admin"])
    assert draft.themes.get(code=theme.code, grouping=theme.grouping).welsh["title"]["cy"] == "Thema"


def test_a_toolkit_is_translated_beside_its_english_and_its_page_shows_the_welsh(admin, client, cast):
    url = reverse("framework:welsh-edit", args=["nvap", "3", "toolkit", "2.2.1"])
    data = _form(admin, url)
    objective_key = next(k for k in data if k.startswith("tobjective-") and k.endswith("--text"))
    row_key = next(k for k in data if k.startswith("row-") and k.endswith("--activity"))
    measure_key = next(k for k in data if k.startswith("measure-") and k.endswith("--text"))
    data.update(
        {objective_key: "Amcan Cymraeg", row_key: "Gweithgaredd Cymraeg", measure_key: "Mesur Cymraeg"}
    )
    assert admin.post(url, data).status_code == 302
    client.force_login(cast["viewer_a"])
    page = client.get("/cy/plan/nvap/actions/2.2.1/toolkit/").content.decode()
    number = m.ToolkitObjective.objects.get(pk=int(objective_key.split("--")[0].split("-")[1])).number
    assert f'<h2 class="govuk-heading-l" id="objective-{number}">Amcan Cymraeg</h2>' in page
    assert "Gweithgaredd Cymraeg" in page and "Mesur Cymraeg" in page and NOTICE in page
    assert '<p class="govuk-body-l" lang="en-GB">' in page, "the untranslated impact statement is marked"
    # The Welsh of a suggested measure travels in the YAML, whichever kind it is.
    version = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    draft = authoring.start_draft(version.framework, cast["admin"])
    copied = m.SuggestedMeasure.objects.filter(objective__toolkit__action__version=draft)
    assert [s.welsh["text"]["cy"] for s in copied if s.welsh] == ["Mesur Cymraeg"]
    rows = m.LogicModelRow.objects.filter(objective__toolkit__action__version=draft)
    assert [r.welsh["activity"]["cy"] for r in rows if r.welsh] == ["Gweithgaredd Cymraeg"]


def test_other_areas_quote_the_plans_welsh_where_written(client, cast):
    from benchmarking.models import Return
    from benchmarking.tests.factories import open_exercise

    exercise = open_exercise(cast["admin"])
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    version = exercise.version
    bilingual.save(
        version,
        bilingual.item_of(version, "action", "2.1.1"),
        {"action": {"title": "Teitl Cymraeg"}},
        None,
        None,
    )
    client.force_login(cast["editor_a"])
    welsh = client.get(f"/cy/benchmarking/returns/{record.pk}/").content.decode()
    assert "2.1.1 Teitl Cymraeg" in welsh
    other = m.Action.objects.get(version=version, code="2.2.1")
    assert f'2.2.1 <span lang="en-GB">{other.title}</span>' in welsh, "an untranslated title is marked"
    english = client.get(f"/benchmarking/returns/{record.pk}/").content.decode()
    assert "Teitl Cymraeg" not in english


def test_a_toolkits_links_and_template_fields_are_translated_line_for_line(admin, client, cast):
    url = reverse("framework:welsh-edit", args=["nvap", "3", "toolkit", "2.2.1"])
    data = _form(admin, url)
    data["toolkit--useful_link_titles"] = "Dolen un\nDolen dau"
    refused = admin.post(url, data)
    assert refused.status_code == 400
    assert "Give one line for each of the 3 items, as the English has" in refused.content.decode()
    data["toolkit--useful_link_titles"] = "Dolen un\n\nDolen dau\nDolen tri"
    data["toolkit--plan_field_names"] = "Cyfnod adrodd"
    assert admin.post(url, data).status_code == 400, "the template's 14 fields need 14 lines"
    data["toolkit--plan_field_names"] = ""
    assert admin.post(url, data).status_code == 302
    client.force_login(cast["viewer_a"])
    page = client.get("/cy/plan/nvap/actions/2.2.1/toolkit/").content.decode()
    assert ">Dolen tri</a>" in page or ">Dolen tri</span>" in page
    toolkit = m.Toolkit.objects.get(
        action__version__label="3", action__code="2.2.1", action__version__framework__slug="nvap"
    )
    first_field = toolkit.plan_fields[0]["name"]
    assert f'<th scope="row" class="govuk-table__header" lang="en-GB">{first_field}</th>' in page


def test_an_action_sheets_own_wording_of_a_peel_measure_is_translated(admin, client, cast):
    url = reverse("framework:welsh-edit", args=["nvap", "3", "action", "2.5.1"])
    data = _form(admin, url)
    key = next(k for k in data if k.startswith("peel-link-") and k.endswith("--quoted_text"))
    data[key] = "Geiriad Cymraeg y mesur"
    assert admin.post(url, data).status_code == 302
    client.force_login(cast["viewer_a"])
    assert "Geiriad Cymraeg y mesur" in client.get("/cy/plan/nvap/actions/2.5.1/").content.decode()
    assert "Geiriad Cymraeg y mesur" not in client.get("/plan/nvap/actions/2.5.1/").content.decode()
