"""Comparing a force with its peers: the comparison groups the national team keeps, and each
action's comparison with the force's region, most similar forces and every force, over time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from benchmarking import services
from benchmarking.models import Answer, Exercise, Return, SimilarForce
from benchmarking.tests.factories import open_exercise
from core.testing import assert_good_page
from organisations.models import Organisation

NORFOLK = "norfolk-constabulary"


def _force(slug):
    return Organisation.objects.get(slug=slug)


def _returned(exercise, ratings: dict[str, int], national: dict[str, int] | None = None):
    """Every named force's return on the exercise, rated and accepted."""
    for slug, rating in ratings.items():
        record = Return.objects.get(exercise=exercise, organisation__slug=slug)
        record.answers.update(
            rating=rating,
            what_we_are_doing="Words.",
            can_share=False,
            sees_gap=False,
            national_rating=(national or {}).get(slug),
        )
        Return.objects.filter(pk=record.pk).update(status=Return.Status.ACCEPTED)


def _published(admin, ratings, national=None, **kwargs):
    exercise = open_exercise(admin, codes=("2.1.1",), **kwargs)
    _returned(exercise, ratings, national)
    services.exercise_close(exercise=exercise, by=admin)
    services.exercise_publish(exercise=exercise, by=admin, reason="Some forces only, as a test.")
    return exercise


@pytest.fixture
def two_years(cast):
    """Last year's exercise and this year's, published; Norfolk's group is Suffolk and Essex."""
    first = _published(cast["admin"], {NORFOLK: 2, "suffolk-constabulary": 3, "kent-police": 4})
    Exercise.objects.filter(pk=first.pk).update(
        opens_on=first.opens_on - timezone.timedelta(days=400),
        published_at=timezone.now() - timezone.timedelta(days=360),
    )
    second = _published(
        cast["admin"],
        {
            NORFOLK: 4,
            "suffolk-constabulary": 3,
            "essex-police": 5,
            "kent-police": 1,
            "cambridgeshire-constabulary": 2,
        },
        national={NORFOLK: 3},
    )
    services.similar_forces_set(
        organisation=_force(NORFOLK),
        by=cast["admin"],
        forces=[_force("suffolk-constabulary"), _force("essex-police")],
    )
    return first, second


def _norfolk(exercise):
    return Return.objects.get(exercise=exercise, organisation__slug=NORFOLK)


def test_the_comparison_sets_the_force_beside_its_region_group_and_every_force(client, cast, two_years):
    first, second = two_years
    record = _norfolk(second)
    client.force_login(cast["lead_a"])
    page = client.get(f"/benchmarking/returns/{record.pk}/compare/2.1.1/")
    assert_good_page(page)
    compared = page.context["compared"]
    assert compared["rating"] == 4
    region, similar, every = compared["groups"]
    # Norfolk, Suffolk, Essex and Cambridgeshire are in the East of England region; Kent is not.
    assert (region["count"], region["distribution"]) == (4, [0, 1, 1, 1, 1])
    assert (similar["count"], similar["distribution"], similar["mean"]) == (2, [0, 0, 1, 0, 1], 4.0)
    assert (every["count"], every["distribution"]) == (5, [1, 1, 1, 1, 1])
    html = page.content.decode()
    assert "Essex Police, Suffolk Constabulary" in html, "the force reads its own group"
    assert [t["own"] for t in page.context["trend"]] == [2, 4]
    assert [t["review"] for t in page.context["trend"]] == [None, 3]
    assert [t["title"] for t in page.context["trend"]] == [first.title, second.title]


def test_the_ski_slope_marks_the_force_and_names_no_other_unless_it_chose(client, cast, two_years):
    _, second = two_years
    record = _norfolk(second)
    Return.objects.filter(exercise=second, organisation__slug="essex-police").update(share_name=True)
    client.force_login(cast["lead_a"])
    slope = client.get(f"/benchmarking/returns/{record.pk}/compare/2.1.1/").context["compared"]["slope"]
    assert [r["rating"] for r in slope] == [5, 4, 3, 2, 1], "highest first"
    assert [r["label"] for r in slope if r["own"]] == ["Norfolk Constabulary"]
    assert slope[0]["label"] == "Essex Police", "named: it chose to be"
    assert all(r["label"].startswith("Force ") for r in slope if not r["own"] and r["rating"] != 5)
    client.force_login(cast["analyst"])
    national = client.get(f"/benchmarking/returns/{record.pk}/compare/2.1.1/").context["compared"]["slope"]
    assert "Kent Police" in [r["label"] for r in national], "the national team sees every name"


def test_every_comparison_chart_downloads_as_svg_and_png(client, cast, two_years):
    _, second = two_years
    record = _norfolk(second)
    client.force_login(cast["viewer_a"])
    base = f"/benchmarking/returns/{record.pk}/compare/2.1.1/"
    for chart in ("groups", "slope", "trend"):
        svg = client.get(f"{base}{chart}.svg")
        assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
        assert svg.content.startswith(b"<svg") and b"<title>" in svg.content
        assert f'filename="{NORFOLK}-2.1.1-{chart}.svg"' in svg["Content-Disposition"]
        png = client.get(f"{base}{chart}.png")
        assert png.status_code == 200 and png["Content-Type"] == "image/png"
        assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"{base}nonsense.svg").status_code == 404
    assert client.get(f"{base}groups.gif").status_code == 404
    assert client.get(f"/benchmarking/returns/{record.pk}/compare/9.9.9/").status_code == 404
    client.force_login(cast["lead_b"])
    assert client.get(f"{base}groups.svg").status_code == 404, "another force's comparison"


def test_the_force_report_shows_both_ratings_the_change_and_the_group(client, cast, two_years):
    _, second = two_years
    record = _norfolk(second)
    client.force_login(cast["lead_a"])
    page = client.get(f"/benchmarking/returns/{record.pk}/report/")
    html = page.content.decode()
    assert (
        "Self-assessed: <strong>4 Established</strong>. National review: <strong>3 Developing</strong>."
        in html
    )
    assert f"Since {two_years[0].title}: up 2." in html
    assert "Your most similar forces" in html
    assert f"/benchmarking/returns/{record.pk}/compare/2.1.1/groups.svg" in html


def test_the_comparison_reads_the_same_number_of_queries_however_many_exercises(client, cast, two_years):
    from django.core.cache import cache

    _, second = two_years
    record = _norfolk(second)
    client.force_login(cast["lead_a"])
    url = f"/benchmarking/returns/{record.pk}/compare/2.1.1/"

    def count():
        cache.clear()
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for _ in range(3):
        earlier = _published(cast["admin"], {NORFOLK: 3, "kent-police": 2})
        Exercise.objects.filter(pk=earlier.pk).update(
            opens_on=earlier.opens_on - timezone.timedelta(days=900)
        )
    assert count() == before


def test_the_national_team_keeps_each_forces_comparison_group(client, cast):
    norfolk, suffolk, essex = _force(NORFOLK), _force("suffolk-constabulary"), _force("essex-police")
    client.force_login(cast["analyst"])
    assert_good_page(client.get("/benchmarking/similar-forces/"))
    url = f"/benchmarking/similar-forces/{NORFOLK}/"
    assert_good_page(client.get(url))
    assert client.post(url, {"forces": [suffolk.pk, essex.pk]}).status_code == 302
    assert set(SimilarForce.objects.filter(organisation=norfolk).values_list("similar__slug", flat=True)) == {
        "suffolk-constabulary",
        "essex-police",
    }
    assert client.post(url, {"forces": [suffolk.pk, essex.pk]}).status_code == 302, "again: nothing doubles"
    assert SimilarForce.objects.filter(organisation=norfolk).count() == 2
    client.post(url, {"forces": [essex.pk]})
    page = client.get(url).content.decode()
    assert "Removed Suffolk Constabulary" in page and "Added Essex Police" in page
    listing = client.get("/benchmarking/similar-forces/").content.decode()
    assert "Essex Police" in listing


def test_bad_comparison_groups_are_explained_and_nothing_is_saved(client, cast):
    norfolk = _force(NORFOLK)
    client.force_login(cast["analyst"])
    url = f"/benchmarking/similar-forces/{NORFOLK}/"
    many = list(
        Organisation.objects.filter(kind="force").exclude(pk=norfolk.pk).values_list("pk", flat=True)[:11]
    )
    for data, message in [
        ({"forces": [norfolk.pk]}, "Choose forces from the list"),
        ({"forces": [999999]}, "Choose forces from the list"),
        ({"forces": ["x"]}, "Choose forces from the list"),
        ({"forces": [_force("vkpp").pk]}, "Choose forces from the list"),
        ({"forces": many}, "Choose at most 10 forces."),
    ]:
        page = client.post(url, data)
        assert page.status_code == 400, message
        assert_good_page(page)
        assert message in page.content.decode()
    assert not SimilarForce.objects.exists()
    assert client.get("/benchmarking/similar-forces/vkpp/").status_code == 404
    client.force_login(cast["lead_a"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"forces": []}).status_code == 403


def test_opening_an_exercise_from_standing_positions_takes_a_fixed_number_of_queries(
    cast, django_assert_max_num_queries
):
    """However many forces keep positions, opening reads them in one query and writes in bulk."""
    from benchmarking.models import StandingPosition
    from framework.models import Action

    action = Action.objects.get(version__label="3", version__framework__slug="nvap", code="2.1.1")
    StandingPosition.objects.bulk_create(
        StandingPosition(
            organisation=f,
            action=action,
            rating=3,
            what_we_are_doing="Kept.",
            reviewed_on=timezone.localdate(),
        )
        for f in Organisation.objects.filter(kind="force")
    )
    with django_assert_max_num_queries(40):
        exercise = open_exercise(cast["admin"], codes=("2.1.1",), granularity="objective")
    assert not Answer.objects.filter(return_record__exercise=exercise, rating__isnull=True).exists()
