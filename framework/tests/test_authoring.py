"""The national team drafts, compares and publishes framework versions in the browser."""

import pytest
from django.urls import reverse

from framework import authoring, crosswalks, export
from framework import models as m
from framework.loader import load_framework
from framework.tests.test_loader import FIXTURES


@pytest.fixture
def admin(client, cast):
    client.force_login(cast["admin"])
    return client


def assert_error_summary(response, message):
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html, message


def _draft(cast):
    return authoring.start_draft(m.Framework.objects.get(slug="nvap"), cast["admin"])


def test_a_draft_starts_as_a_copy_of_the_newest_version(cast):
    draft = _draft(cast)
    assert (draft.label, draft.sequence, draft.status) == ("4", 4, "draft")
    three = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    assert list(draft.actions.values_list("code", "title")) == list(
        three.actions.values_list("code", "title")
    )
    assert m.Objective.objects.filter(action__version=draft).count() == 58
    assert m.Toolkit.objects.filter(action__version=draft).count() == 2
    assert authoring.compare(draft)["changes"] == []
    # A second click finds the same draft.
    assert _draft(cast).pk == draft.pk


def test_only_national_admins_reach_the_authoring_pages(client, cast):
    url = reverse("framework:manage")
    for who, status in (("editor_a", 403), ("lead_a", 403), ("analyst", 403), ("admin", 200)):
        client.force_login(cast[who])
        assert client.get(url).status_code == status, who


def test_the_admin_changes_an_objective_adds_an_action_and_publishes(admin, cast):
    response = admin.post(reverse("framework:start-draft", args=["nvap"]))
    draft = m.FrameworkVersion.objects.get(framework__slug="nvap", label="4")
    assert response.url == reverse("framework:draft", args=["nvap", "4"])
    assert admin.get(response.url).status_code == 200

    objective = m.Objective.objects.get(action__version=draft, action__code="2.2.1", number=1)
    url = reverse("framework:objective-edit", args=["nvap", "4", "2.2.1", 1])
    page = admin.get(url)
    fingerprint = page.context["form"].initial["version"]
    response = admin.post(
        url,
        {
            "text": "Referrals reach the right partner first time.",
            "what_we_mean": "",
            "what_we_need": "",
            "version": fingerprint,
        },
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.text == "Referrals reach the right partner first time."
    assert objective.history.first().history_user == cast["admin"]

    theme = draft.themes.get(code="2")
    response = admin.post(
        reverse("framework:action-new", args=["nvap", "4"]),
        {
            "code": "2.8.1",
            "theme": theme.pk,
            "title": "Online harm",
            "detail": "Forces respond to harm online.",
            "scope": "force",
            "peel_measures": "",
        },
    )
    assert response.status_code == 302
    assert draft.actions.filter(code="2.8.1").exists()

    # Forces do not see the draft; its search entries are there for the national team.
    admin.logout()
    admin.force_login(cast["editor_a"])
    assert admin.get(reverse("framework:action-version", args=["nvap", "4", "2.8.1"])).status_code == 404
    admin.force_login(cast["admin"])

    changes = authoring.compare(draft)
    assert [(c.code, c.kind) for c in changes["changes"]] == [("2.2.1", "changed"), ("2.8.1", "new")]
    page = admin.get(reverse("framework:publish", args=["nvap", "4"]))
    assert b"2.8.1 Online harm: new" in page.content
    assert admin.post(reverse("framework:publish", args=["nvap", "4"])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"
    admin.force_login(cast["editor_a"])
    assert admin.get(reverse("framework:action", args=["nvap", "2.8.1"])).status_code == 200


def test_a_published_version_cannot_be_changed(admin):
    url = reverse("framework:action-edit", args=["nvap", "3", "2.2.1"])
    assert admin.get(url).status_code == 404
    assert admin.post(url, {"code": "2.2.1"}).status_code == 404


def test_bad_input_on_an_action_is_answered_in_the_error_summary(admin, cast):
    draft = _draft(cast)
    response = admin.post(
        reverse("framework:action-new", args=["nvap", draft.label]),
        {
            "code": "2.2.1",
            "theme": "999999",
            "title": "",
            "detail": "x",
            "scope": "force",
            "peel_measures": "4.2, 99.9",
        },
    )
    assert response.status_code == 400
    assert_error_summary(response, "This version already has 2.2.1")
    assert_error_summary(response, "Choose a grouping from the list")
    assert_error_summary(response, "Enter title")
    assert_error_summary(response, "This version has no PEEL measure 99.9")
    assert draft.actions.count() == 18


def test_two_people_changing_one_objective_do_not_overwrite_each_other(admin, cast):
    draft = _draft(cast)
    url = reverse("framework:objective-edit", args=["nvap", draft.label, "2.2.1", 1])
    seen = admin.get(url).context["form"].initial["version"]
    objective = m.Objective.objects.get(action__version=draft, action__code="2.2.1", number=1)
    authoring.save_objective(objective.action, objective, {"text": "Theirs"}, cast["admin"])
    response = admin.post(url, {"text": "Mine", "what_we_mean": "", "what_we_need": "", "version": seen})
    assert response.status_code == 400
    assert b"Their version and yours" in response.content
    objective.refresh_from_db()
    assert objective.text == "Theirs"


def test_a_version_published_in_the_browser_exports_to_yaml_that_loads_with_identical_pages(
    admin, cast, tmp_path
):
    from framework.tests.test_export import _pages

    draft = _draft(cast)
    action = draft.actions.get(code="2.2.1")
    authoring.save_action(draft, action, {"title": "Right referral first time"}, {}, cast["admin"])
    draft = authoring.publish(draft, cast["admin"])
    before = _pages(admin, "nvap", draft)
    export.write_folder(draft, tmp_path / "nvap")
    m.CrosswalkLink.objects.all().delete()
    m.Action.objects.all().delete()
    m.Framework.objects.all().delete()
    load_framework(tmp_path / "nvap")
    from django.core.cache import cache

    cache.clear()
    reloaded = m.FrameworkVersion.objects.get(framework__slug="nvap", label="4")
    assert reloaded.actions.get(code="2.2.1").title == "Right referral first time"
    assert _pages(admin, "nvap", reloaded) == before


def test_re_versioning_flags_crosswalk_links_for_review(cast):
    load_framework(FIXTURES / "nvps")
    link = m.CrosswalkLink.objects.get(source__code="P1.1", target__code="2.2.1")
    assert not link.needs_review
    draft = _draft(cast)
    carried = m.CrosswalkLink.objects.get(source__code="P1.1", target__version=draft)
    assert carried.needs_review and "Carried from" in carried.review_reason
    authoring.publish(draft, cast["admin"])
    link.refresh_from_db()
    assert link.needs_review and "NVAP version 4 is published" in link.review_reason
    crosswalks.confirm(link, cast["admin"])
    link.refresh_from_db()
    assert not link.needs_review and link.reviewed_by == cast["admin"]


def test_publishing_says_what_work_forces_have_on_a_removed_action(admin, cast):
    from impact.tests.factories import plan_with_everything
    from organisations.models import Organisation

    plan, _measure = plan_with_everything(
        Organisation.objects.get(slug="norfolk-constabulary"), cast["editor_a"]
    )
    draft = _draft(cast)
    authoring.remove_action(draft.actions.get(code=plan.action.code), cast["admin"])
    removed = authoring.compare(draft)["removed"]
    assert [(c.code, c.work) for c in removed] == [(plan.action.code, [{"what": "impact plans", "count": 1}])]
    page = admin.get(reverse("framework:publish", args=["nvap", draft.label]))
    assert "Forces' work on it: 1 impact plans" in page.content.decode()


def _new_framework(cast, word):
    framework = authoring.create_framework(
        {
            "slug": "nvpps",
            "name": "Successor strategy",
            "short_name": "NVPPS",
            "theme_label": "Pillar",
            "action_label": "Commitment",
        },
        cast["admin"],
    )
    draft = framework.versions.get()
    theme = authoring.save_theme(
        draft, None, {"grouping": "Pillar", "code": "1", "title": "Suspect focus"}, cast["admin"]
    )
    authoring.save_action(
        draft,
        None,
        {"code": "1.1", "theme": theme, "title": "Investigation", "detail": f"Every {word} is investigated."},
        {},
        cast["admin"],
    )
    return draft


def test_search_finds_a_term_only_the_second_framework_has_once_it_is_published(client, cast):
    draft = _new_framework(cast, "zygomorphic")
    client.force_login(cast["editor_a"])
    # A draft never reaches a force: not in search, not by its pages, not in the API.
    assert client.get("/plan/search/?q=zygomorphic").context["total"] == 0
    assert client.get("/plan/search/?q=zygomorphic&framework=nvpps:1").status_code == 400
    assert client.get("/plan/nvpps/v/1/actions/1.1/").status_code == 404
    assert client.get("/api/v1/frameworks/nvpps/versions/1/").status_code == 404
    assert "nvpps" not in client.get("/api/v1/frameworks/").content.decode()
    client.force_login(cast["admin"])
    assert client.get("/plan/search/?q=zygomorphic&framework=nvpps:1").context["total"] == 1

    authoring.publish(draft, cast["admin"])
    client.force_login(cast["editor_a"])
    page = client.get("/plan/search/?q=zygomorphic")
    assert page.context["total"] == 1
    result = page.context["results"][0]
    assert result["url"] == "/plan/nvpps/actions/1.1/"
    assert "NVPPS (NVPPS version 1) · Action" in page.content.decode()
    only_nvap = client.get("/plan/search/?q=zygomorphic&framework=nvap")
    assert only_nvap.context["total"] == 0
    assert client.get("/plan/search/?q=referral&framework=nvap:2").context["total"] > 0


def test_the_admin_writes_a_toolkit_with_its_logic_model_and_measures(admin, cast):
    draft = _draft(cast)
    base = f"/plan/manage/nvap/v/{draft.label}/actions/2.1.1/toolkit/"
    response = admin.post(
        base, {"title": "Toolkit 2.1.1", "action_title": "Recognition", "action_detail": "Spot it."}
    )
    assert response.status_code == 302
    refused = admin.post(
        base + "objectives/new/",
        {
            "text": "Staff spot [vulnerability]",
            "peel_measures": "99.9 A measure the version lacks\nno-code",
            "other_measures": "",
        },
    )
    assert refused.status_code == 400
    assert_error_summary(refused, "Use round brackets")
    assert_error_summary(refused, "Start each line with a measure")
    assert not m.ToolkitObjective.objects.filter(
        toolkit__action__version=draft, toolkit__action__code="2.1.1"
    ).exists()
    response = admin.post(
        base + "objectives/new/",
        {
            "short_title": "First contact",
            "text": "Staff recognise vulnerability at first contact",
            "unintended_consequences": "More referrals than partners can take\n\nStaff fatigue",
            "peel_measures": "6.2 The force identifies vulnerability",
            "other_measures": "Staff survey",
        },
    )
    assert response.status_code == 302
    objective = m.ToolkitObjective.objects.get(toolkit__action__version=draft, toolkit__action__code="2.1.1")
    assert objective.unintended_consequences == ["More referrals than partners can take", "Staff fatigue"]
    measures = list(objective.suggested_measures.values_list("kind", "code", "peel_measure__code"))
    assert measures == [("peel", "6.2", "6.2"), ("other", "", None)]
    response = admin.post(
        base + f"objectives/{objective.number}/rows/new/",
        {
            "activity": "Training in the vulnerability script",
            "evidence": "Training records",
            "outputs": "",
            "short_medium_term_impacts": "",
            "impact_assessment_questions": "Do staff use it?",
        },
    )
    assert response.status_code == 302
    row = objective.logic_model_rows.get()
    assert (row.activity, row.evidence, row.impact_assessment_questions) == (
        "Training in the vulnerability script",
        ["Training records"],
        ["Do staff use it?"],
    )
    # The draft's toolkit page shows it, and the version's files carry it.
    page = admin.get(f"/plan/nvap/v/{draft.label}/actions/2.1.1/toolkit/").content.decode()
    assert "Training in the vulnerability script" in page and "Staff fatigue" in page
    files = export.files_of(draft)
    assert files[f"{draft.label}/toolkits/2.1.1.yaml"]["objectives"][0]["logic_model"][0]["evidence"] == [
        "Training records"
    ]


def test_the_side_by_side_crosswalk_shows_both_trees_and_follows_every_change(client, cast):
    load_framework(FIXTURES / "nvps")
    url = "/plan/crosswalks/nvps/1/nvap/3/"
    client.force_login(cast["lead_a"])
    page = client.get(url).content.decode()
    assert "2 links between" in page
    # Each side reads the link from its own end: broader one way, narrower the other.
    assert 'Is broader than <a class="govuk-link" href="#nvap-3-2.1.1">NVAP 2.1.1</a>' in page
    assert 'Is narrower than <a class="govuk-link" href="#nvps-1-P2.1">NVPPS P2.1</a>' in page
    assert 'id="nvap-3-2.1.1"' in page and "/plan/manage/" not in page
    assert "NVPPS P2.1" in client.get("/plan/nvap/actions/2.1.1/").content.decode()
    client.force_login(cast["admin"])
    assert "/plan/manage/crosswalks/links/" in client.get(url).content.decode()
    link = m.CrosswalkLink.objects.get(source__code="P2.1")
    crosswalks.remove(link, cast["admin"])
    client.force_login(cast["lead_a"])
    page = client.get(url).content.decode()
    assert "1 link between" in page and "NVAP 2.1.1</a>" not in page
    assert "NVPPS P2.1" not in client.get("/plan/nvap/actions/2.1.1/").content.decode()


@pytest.mark.parametrize(
    "data,message",
    [
        (
            {"slug": "NVAP Two", "name": "X", "short_name": "X", "theme_label": "P", "action_label": "A"},
            "Use lower-case",
        ),
        (
            {"slug": "nvap", "name": "X", "short_name": "X", "theme_label": "P", "action_label": "A"},
            "already has that",
        ),
        (
            {"slug": "manage", "name": "X", "short_name": "X", "theme_label": "P", "action_label": "A"},
            "used by the service",
        ),
        (
            {"slug": "new-one", "name": "", "short_name": "X", "theme_label": "P", "action_label": "A"},
            "Enter name",
        ),
    ],
)
def test_bad_input_creating_a_framework_makes_nothing(admin, data, message):
    before = m.Framework.objects.count()
    response = admin.post(reverse("framework:framework-new"), data)
    assert response.status_code == 400
    assert_error_summary(response, message)
    assert m.Framework.objects.count() == before


def test_a_new_framework_starts_with_an_empty_draft_that_cannot_be_published_empty(admin):
    data = {
        "slug": "vawg",
        "name": "VAWG framework",
        "short_name": "VAWG",
        "theme_label": "Pillar",
        "action_label": "Commitment",
    }
    response = admin.post(reverse("framework:framework-new"), data)
    assert response.url == "/plan/manage/vawg/v/1/"
    page = admin.get(response.url).content.decode()
    assert "Add at least one pillar" in page and "Add at least one commitment" in page
    refused = admin.post(reverse("framework:publish", args=["vawg", "1"]))
    assert refused.status_code == 400
    assert m.FrameworkVersion.objects.get(framework__slug="vawg").status == "draft"


def test_bad_input_on_a_crosswalk_link_is_answered_and_a_double_click_makes_one_link(admin, cast):
    load_framework(FIXTURES / "nvps")
    left = m.FrameworkVersion.objects.get(framework__slug="nvps")
    right = m.FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    assert admin.get(reverse("framework:crosswalks"), {"left": left.pk, "right": left.pk}).status_code == 400
    url = reverse("framework:crosswalk-new", args=[left.pk, right.pk])
    foreign = right.actions.get(code="2.4.1").pk  # not an element of the left version
    response = admin.post(url, {"source": foreign, "relation": "sideways", "target": "", "note": ""})
    assert response.status_code == 400
    assert_error_summary(response, "Choose the element to map from")
    assert_error_summary(response, "Choose how the two relate")
    assert_error_summary(response, "Choose the element to map to")
    data = {
        "source": left.actions.get(code="P2.1").pk,
        "relation": "related",
        "target": right.actions.get(code="2.4.1").pk,
    }
    before = m.CrosswalkLink.objects.count()
    admin.post(url, data)
    admin.post(url, data)
    assert m.CrosswalkLink.objects.count() == before + 1
    link = m.CrosswalkLink.objects.get(source__code="P2.1", target__code="2.4.1")
    assert (link.author, link.reviewed_by, link.needs_review) == (cast["admin"], cast["admin"], False)


def test_a_draft_keeps_its_own_peel_measures_and_perennial_issues(admin, cast):
    draft = _draft(cast)
    base = f"/plan/manage/nvap/v/{draft.label}/"
    refused = admin.post(base + "peel/new/", {"code": "6.2", "text": "Twice"})
    assert refused.status_code == 400
    assert_error_summary(refused, "This version already has PEEL measure 6.2")
    assert (
        admin.post(base + "peel/new/", {"code": "6.2.9", "text": "A new measure within 6.2"}).status_code
        == 302
    )
    measure = draft.peel_measures.get(code="6.2.9")
    assert measure.parent.code == "6.2"
    assert (
        admin.post(base + "perennial-issues/new/", {"name": "Online harm", "diagnosis": ""}).status_code
        == 302
    )
    assert draft.perennial_issues.get(name="Online harm").slug == "online-harm"
    # The published version it was copied from keeps its own.
    assert not m.PeelMeasure.objects.filter(version__label="3", code="6.2.9").exists()
    within = draft.peel_measures.get(code="6.2")
    links = within.actions.count()
    page = admin.get(base + f"peel/{within.pk}/remove/").content.decode()
    assert f"Links to it from {links} elements of this draft go with it" in page
    refused = admin.post(base + f"peel/{within.pk}/remove/")
    assert refused.status_code == 400
    assert_error_summary(refused, "PEEL measure 6.2 has measures within it: remove them first")
    admin.post(base + f"peel/{measure.pk}/remove/")
    assert not draft.peel_measures.filter(code="6.2.9").exists()
    assert draft.peel_measures.filter(code="6.2").exists()


def test_confirming_a_link_goes_back_only_to_a_page_of_the_plan(admin, cast):
    load_framework(FIXTURES / "nvps")
    link = m.CrosswalkLink.objects.get(source__code="P1.1")
    m.CrosswalkLink.objects.filter(pk=link.pk).update(needs_review=True)
    url = reverse("framework:crosswalk-confirm", args=[link.pk])
    assert (
        admin.post(url, {"next": "/plan/manage/crosswalks/#waiting"}).url
        == "/plan/manage/crosswalks/#waiting"
    )
    assert (
        admin.post(url, {"next": "https://elsewhere.example/plan/"}).url == "/plan/crosswalks/nvps/1/nvap/3/"
    )
    assert admin.post(url, {"next": "//elsewhere.example/plan/"}).url == "/plan/crosswalks/nvps/1/nvap/3/"
    link.refresh_from_db()
    assert not link.needs_review and link.reviewed_by == cast["admin"]
