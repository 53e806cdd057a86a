"""Coding learning, two coders' agreement, publishing, and what forces may read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereviews.models import LearningPoint
from casereviews.tests.factories import a_review, action, coded, perennial, published, theme
from core.testing import assert_good_page, body


def _point(**overrides):
    data = {
        "step": "point",
        "text": "Officers did not speak to the child alone.",
        "page": "12",
        "kind": "gap",
        "stage": "first_contact",
        "actions": [action("2.4.1").pk],
        "perennial_issues": [perennial("victim-engagement-and-care").pk],
        "themes": [theme("Voice of the child or adult").pk],
        "once": "7d1c4a52-9a51-4c1e-9a57-2f1f0f3f8b11",
    }
    data.update(overrides)
    return data


def test_an_analyst_codes_learning_once_and_bad_codes_are_refused(client, cast):
    review = a_review(cast["analyst"])
    client.force_login(cast["analyst"])
    url = f"/case-reviews/reviews/{review.pk}/coding/"
    assert_good_page(client.get(url))
    assert client.post(url, _point()).status_code == 302
    assert client.post(url, _point()).status_code == 302
    point = LearningPoint.objects.get()
    assert (point.kind, point.stage, point.published, point.coding.coder) == (
        "gap",
        "first_contact",
        False,
        cast["analyst"],
    )
    assert [a.code for a in point.actions.all()] == ["2.4.1"]
    for overrides, message in [
        ({"text": ""}, "Write the learning"),
        ({"kind": "maybe"}, "Choose the kind of learning"),
        ({"stage": ""}, "Choose the practice stage"),
        ({"actions": ["999999"]}, "Choose actions from the list"),
        (
            {"actions": [], "perennial_issues": [], "themes": []},
            "Code the learning to at least one action, perennial issue or theme",
        ),
        ({"page": "p" * 41}, "Use 40 characters or fewer"),
    ]:
        page = client.post(url, _point(once="", **overrides))
        assert page.status_code == 400 and message in page.content.decode(), overrides
    assert LearningPoint.objects.count() == 1


def test_a_review_not_included_cannot_be_coded(client, cast):
    review = a_review(cast["analyst"], included=False)
    client.force_login(cast["analyst"])
    page = client.post(f"/case-reviews/reviews/{review.pk}/coding/", _point())
    assert page.status_code == 400
    assert "Only an included review whose learning is not published yet can be coded" in page.content.decode()
    assert not LearningPoint.objects.exists()


def test_two_coders_see_where_they_disagree_and_their_kappa(client, cast):
    review = a_review(cast["analyst"])
    coded(
        review,
        cast["analyst"],
        [
            ("Repeat calls treated singly.", "missed", "risk", ("2.2.1",), ("Identification of risk",)),
            ("Child not seen alone.", "gap", "first_contact", ("2.4.1",), ("Voice of the child or adult",)),
        ],
    )
    coded(
        review,
        cast["admin"],
        [
            ("Pattern of calls missed.", "missed", "risk", ("2.2.1",), ("Identification of risk",)),
            ("No referral to the MASH.", "missed", "referral", ("2.1.1",), ("Information sharing",)),
        ],
    )
    client.force_login(cast["analyst"])
    page = client.get(f"/case-reviews/reviews/{review.pk}/agreement/")
    assert_good_page(page)
    compared = {c["result"].name: c for c in page.context["compared"]}
    actions = compared["NVAP actions"]
    assert actions["both"] == ["2.2.1 " + action("2.2.1").title]
    assert actions["only_first"] == ["2.4.1 " + action("2.4.1").title]
    assert actions["only_second"] == ["2.1.1 " + action("2.1.1").title]
    from casereviews import rules

    universe = set(action("2.2.1").version.actions.values_list("code", flat=True))
    assert actions["result"].kappa == rules.kappa({"2.2.1", "2.4.1"}, {"2.2.1", "2.1.1"}, universe)[-1]
    kinds = compared["Kind of learning"]
    assert (kinds["only_first"], kinds["only_second"]) == (["Practice gap"], [])
    html = page.content.decode()
    assert "Only Admin" in html or f"Only {cast['admin']}" in html


def test_published_learning_reaches_forces_and_coding_in_progress_never_does(client, cast):
    published(cast["analyst"], text="Shown: repeat calls were treated as single incidents.")
    draft = a_review(cast["analyst"], partnership="Drafting partnership")
    coded(
        draft,
        cast["analyst"],
        [("Hidden: coding in progress.", "missed", "risk", ("2.2.1",), ("Identification of risk",))],
    )
    client.force_login(cast["viewer_a"])
    page = client.get("/case-reviews/")
    assert_good_page(page)
    html = page.content.decode()
    assert "Shown: repeat calls" in html and "Hidden: coding" not in html
    assert page.context["total"] == 1
    facets = {f["key"]: {o["value"]: o["count"] for o in f["options"]} for f in page.context["facets"]}
    assert facets["action"] == {"2.2.1": 1} and facets["type"] == {"dhr": 1}
    searched = client.get("/case-reviews/", {"q": "coding progress"})
    assert searched.context["total"] == 0
    found = client.get("/case-reviews/", {"q": "incidents", "action": "2.2.1"})
    assert found.context["total"] == 1
    csv = body(client.get("/case-reviews/export/csv/")).decode()
    assert "Shown: repeat calls" in csv and "Hidden: coding" not in csv
    xlsx = client.get("/case-reviews/export/xlsx/")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    api = client.get("/api/v1/case-review-learning/", {"action": "2.2.1"}).json()
    assert [i["text"] for i in api["results"]] == ["Shown: repeat calls were treated as single incidents."]
    item = api["results"][0]
    assert item["review"]["type"] == "dhr" and item["review"]["year"] == 2024 and item["actions"] == ["2.2.1"]
    assert item["themes"] == ["Identification of risk"] and item["perennial_issues"] == [
        "identifying-and-managing-risk"
    ]
    plan = client.get("/plan/nvap/actions/2.2.1/")
    assert (
        "What case reviews tell us" in plan.content.decode() and "Hidden: coding" not in plan.content.decode()
    )
    assert client.get(f"/case-reviews/reviews/{draft.pk}/").status_code in (403, 404)


def test_the_api_refuses_unknown_filters_with_json(client, cast):
    client.force_login(cast["viewer_a"])
    bad = client.get("/api/v1/case-review-learning/", {"type": "gossip"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_filter"
    theme_bad = client.get("/api/v1/case-review-learning/", {"theme": "No such theme"})
    assert theme_bad.status_code == 400 and theme_bad.json()["error"]["code"] == "bad_filter"
    assert client.get("/case-reviews/export/pdf/").status_code == 404


def test_publishing_takes_one_coding_and_asks_first(client, cast):
    review = a_review(cast["analyst"])
    first = coded(review, cast["analyst"])
    coded(
        review,
        cast["admin"],
        [("Second coder's view.", "gap", "risk", ("2.2.1",), ("Identification of risk",))],
    )
    client.force_login(cast["analyst"])
    url = f"/case-reviews/reviews/{review.pk}/publish/"
    assert_good_page(client.get(url))
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"coding": str(first.pk)}).status_code == 302
    assert set(LearningPoint.objects.filter(published=True).values_list("coding_id", flat=True)) == {first.pk}
    again = client.post(url, {"coding": str(first.pk)})
    assert again.status_code == 400 and "already published" in again.content.decode()


@pytest.mark.parametrize("reviews", [1, 6])
def test_the_action_pages_learning_panel_does_not_grow_with_data(client, cast, reviews):
    for n in range(reviews):
        published(cast["analyst"], text=f"Learning {n}", report_url=f"https://www.example.org/{n}.pdf")
    client.force_login(cast["viewer_a"])
    client.get("/plan/nvap/actions/2.2.1/")  # warm the plan's kept sheet
    from casereviews import selectors
    from core import cache

    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        found = selectors.on_action("2.2.1")
    assert found["points"] == reviews
    assert len(cold) == 5, [q["sql"] for q in cold]  # the version, then four counts and lists
    with CaptureQueriesContext(connection) as warm:
        assert selectors.on_action("2.2.1")["points"] == reviews
    assert len(warm) == 1, "kept until the published learning changes: one read of its version"
    published(cast["analyst"], text="One more.", report_url="https://www.example.org/more.pdf")
    assert selectors.on_action("2.2.1")["points"] == reviews + 1, "a publication moves the version"


def test_the_theme_list_is_kept_as_data_with_history(client, cast):
    from casereviews.models import LearningTheme

    client.force_login(cast["analyst"])
    assert_good_page(client.get("/case-reviews/themes/"))
    empty = client.post("/case-reviews/themes/", {"name": " "})
    assert empty.status_code == 400 and "Name the theme" in empty.content.decode()
    same = client.post("/case-reviews/themes/", {"name": "identification of RISK"})
    assert same.status_code == 400 and "There is already a theme with that name" in same.content.decode()
    assert client.post("/case-reviews/themes/", {"name": "Honour-based abuse"}).status_code == 302
    added = LearningTheme.objects.get(name="Honour-based abuse")
    url = f"/case-reviews/themes/{added.pk}/"
    from core.testing import with_version

    data = with_version(client, url, {"name": "Honour-based abuse", "description": "", "retired": "on"})
    assert client.post(url, data).status_code == 302
    added.refresh_from_db()
    assert added.retired
    page = client.get(url)
    assert_good_page(page)
    assert "Retired" in page.content.decode()
    # A retired theme is no longer offered when coding.
    review = a_review(cast["analyst"])
    coding_page = client.get(f"/case-reviews/reviews/{review.pk}/coding/").content.decode()
    assert "Honour-based abuse" not in coding_page
    client.force_login(cast["lead_a"])
    assert client.post("/case-reviews/themes/", {"name": "By a force"}).status_code in (403, 404)
    assert not LearningTheme.objects.filter(name="By a force").exists()


def test_a_coder_removes_their_own_point_after_being_asked(client, cast):
    review = a_review(cast["analyst"])
    point = coded(review, cast["analyst"]).points.get()
    client.force_login(cast["admin"])
    assert client.get(f"/case-reviews/reviews/{review.pk}/coding/{point.pk}/remove/").status_code == 404
    client.force_login(cast["analyst"])
    url = f"/case-reviews/reviews/{review.pk}/coding/{point.pk}/remove/"
    assert_good_page(client.get(url))
    assert LearningPoint.objects.filter(pk=point.pk).exists()
    assert client.post(url).status_code == 302
    assert not LearningPoint.objects.filter(pk=point.pk).exists()
