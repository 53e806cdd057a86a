import io
import re

import pytest
from pypdf import PdfReader

from benchmarking import services
from benchmarking.models import Return
from benchmarking.tests.factories import COMPLETE, open_exercise
from core.testing import assert_good_page


def _returned(exercise, slug, by, rating, gap=False, promising=False, analyst=None):
    record = Return.objects.get(exercise=exercise, organisation__slug=slug)
    for answer in record.answers.all():
        services.answer_save(
            answer=answer,
            by=by,
            revision=answer.revision,
            values={**COMPLETE, "rating": rating, "sees_gap": gap},
        )
    services.return_submit(return_record=record, by=by, declaration=True)
    if promising:
        answer = record.answers.get(action__code="2.1.1")
        services.answer_review(
            answer=answer,
            by=analyst,
            values={
                "promising_practice": True,
                "promising_practice_reason": "Evaluated",
                "reviewer_sees_gap": False,
            },
        )
    return record


@pytest.fixture
def published(cast):
    exercise = open_exercise(cast["admin"], codes=("2.1.1", "2.2.1"))
    _returned(exercise, "norfolk-constabulary", cast["lead_a"], 4, promising=True, analyst=cast["analyst"])
    _returned(exercise, "kent-police", cast["lead_b"], 2, gap=True)
    services.exercise_close(exercise=exercise, by=cast["admin"])
    return exercise


def _seen(exercise, user):
    """The picture's figures as its page shows them to `user` (the page is kept as drawn, so
    its figures are read here the way the page reads them)."""
    from benchmarking import picture
    from organisations.access import is_national_team

    own = {m.organisation_id for m in user.memberships.all()}
    return picture.for_viewer(
        picture.build(exercise), exercise, national=is_national_team(user), organisation_ids=own
    )


def _publish(exercise, by):
    services.exercise_publish(exercise=exercise, by=by, reason="Published with returns missing, as a test.")


def test_the_national_picture_counts_practice_gaps_and_ratings(client, cast, published):
    client.force_login(cast["analyst"])
    response = client.get(f"/benchmarking/exercises/{published.pk}/picture/")
    assert response.status_code == 200
    assert_good_page(response)
    picture = _seen(published, cast["analyst"])
    assert (picture["returned"], picture["total"]) == (2, 44)
    first = picture["actions"][0]
    assert first["code"] == "2.1.1"
    assert (first["promising"], first["gap_self"], first["gap_reviewer"]) == (1, 1, 0)
    assert first["distribution"] == [0, 1, 0, 1, 0]
    assert first["mean"] == 3.0
    assert picture["has_chart"]
    chart = client.get(f"/benchmarking/exercises/{published.pk}/picture/chart.svg")
    assert chart["Content-Type"] == "image/svg+xml" and chart.content.startswith(b"<svg")
    assert b"2.1.1" in chart.content
    html = response.content.decode()
    assert "2 of 44 forces returned" in html
    assert "Kent Police" in html and "Norfolk Constabulary" in html


def test_forces_see_the_picture_only_once_published_and_others_anonymised(client, cast, published):
    client.force_login(cast["lead_a"])
    url = f"/benchmarking/exercises/{published.pk}/picture/"
    assert client.get(url).status_code == 404
    assert client.get(url + "chart.svg").status_code == 404
    _publish(published, cast["admin"])
    response = client.get(url)
    html = response.content.decode()
    assert "Norfolk Constabulary" in html and "(your force)" in html
    assert "Kent Police" not in html, "other forces are anonymised"
    rows = _seen(published, cast["lead_a"])["heatmap"]
    assert rows[0]["own"] and rows[0]["label"] == "Norfolk Constabulary"
    assert all(r["label"].startswith("Force ") for r in rows[1:])
    numbers = [int(r["label"].split()[1]) for r in rows[1:]]
    assert numbers == sorted(numbers), "Force 2 before Force 10"
    assert "/picture/2.1.1/promising/" not in html, "forces cannot drill down to other forces' answers"


def test_a_force_can_choose_to_be_named(client, cast, published):
    _publish(published, cast["admin"])
    kent = Return.objects.get(exercise=published, organisation__slug="kent-police")
    client.force_login(cast["editor_a"])
    assert (
        client.post(f"/benchmarking/returns/{kent.pk}/share-name/", {"share_name": "yes"}).status_code == 404
    )
    client.force_login(cast["lead_b"])
    client.post(f"/benchmarking/returns/{kent.pk}/share-name/", {"share_name": "yes"})
    client.force_login(cast["lead_a"])
    assert "Kent Police" in client.get(f"/benchmarking/exercises/{published.pk}/picture/").content.decode()


def test_national_users_drill_down_to_the_answers(client, cast, published):
    client.force_login(cast["analyst"])
    html = client.get(f"/benchmarking/exercises/{published.pk}/picture/2.1.1/promising/").content.decode()
    assert "Norfolk Constabulary" in html and "Kent Police" not in html
    rated = client.get(f"/benchmarking/exercises/{published.pk}/picture/2.1.1/rated/2/").content.decode()
    assert "Kent Police" in rated and "Norfolk Constabulary" not in rated
    assert client.get(f"/benchmarking/exercises/{published.pk}/picture/2.1.1/nonsense/").status_code == 404
    client.force_login(cast["lead_a"])
    assert client.get(f"/benchmarking/exercises/{published.pk}/picture/2.1.1/promising/").status_code == 403


def _findings(**fields):
    data = {"text": "", "version": "", "count": "1", "theme_1": "", "issues_1": "", "recommendations_1": ""}
    data.update(fields)
    return data


def test_key_findings_are_written_as_themes_beside_the_figures_and_reach_force_reports(
    client, cast, published
):
    client.force_login(cast["analyst"])
    url = f"/benchmarking/exercises/{published.pk}/findings/2.1.1/"
    page = client.get(url)
    assert_good_page(page)
    html = page.content.decode()
    assert "2 of" in html and "forces returned" in html, "the figures are in view"
    assert "Answers flagged (" in html and "Norfolk Constabulary" in html, "the flagged answers too"
    empty = client.post(url, _findings())
    assert empty.status_code == 400 and "Write a summary or at least one theme" in empty.content.decode()
    # Adding a theme offers one more block and saves nothing.
    more = client.post(url, _findings(theme_1="Knowledge and training", add="1"))
    assert more.status_code == 200 and 'name="theme_2"' in more.content.decode()
    assert not published.key_findings.exists()
    saved = client.post(
        url,
        _findings(
            count="2",
            text="Most forces have trauma informed training.",
            theme_1="Knowledge and training",
            issues_1="Keeping knowledge up to date\n- Lack of time for training\n",
            recommendations_1="A co-ordinated training plan",
            theme_2="",
            issues_2="",
            recommendations_2="",
        ),
    )
    assert saved.status_code == 302
    finding = published.key_findings.get()
    assert finding.themes == [
        {
            "theme": "Knowledge and training",
            "issues": ["Keeping knowledge up to date", "Lack of time for training"],
            "recommendations": ["A co-ordinated training plan"],
        }
    ]
    _publish(published, cast["admin"])
    client.force_login(cast["lead_a"])
    record = Return.objects.get(exercise=published, organisation__slug="norfolk-constabulary")
    report = client.get(f"/benchmarking/returns/{record.pk}/report/").content.decode()
    assert "Most forces have trauma informed training." in report
    assert "Knowledge and training" in report and "<li>Lack of time for training</li>" in report
    assert "<li>A co-ordinated training plan</li>" in report
    assert client.post(url, _findings(text="x")).status_code == 403


def test_bad_key_findings_are_explained_and_nothing_is_saved(client, cast, published):
    client.force_login(cast["analyst"])
    url = f"/benchmarking/exercises/{published.pk}/findings/2.1.1/"
    for data, message in [
        (
            _findings(issues_1="An issue with no theme"),
            "Name theme 1, or clear its issues and recommendations",
        ),
        (_findings(theme_1="x" * 201), "Use 200 characters or fewer for theme 1"),
        (_findings(text="x" * 10001), "Use 10,000 characters or fewer in the summary"),
        (_findings(theme_1="T", recommendations_1="x" * 5001), "Use 5,000 characters or fewer"),
    ]:
        page = client.post(url, data)
        assert page.status_code == 400, message
        assert_good_page(page)
        assert message in page.content.decode()
    assert not published.key_findings.exists()
    # A tampered count of themes is read as the number there are.
    assert client.post(url, _findings(text="Fine", count="not a number")).status_code == 302
    assert published.key_findings.get().text == "Fine"


def test_two_analysts_writing_one_finding_lose_nothing(client, cast, published):
    from benchmarking import services

    client.force_login(cast["analyst"])
    url = f"/benchmarking/exercises/{published.pk}/findings/2.1.1/"
    client.post(url, _findings(text="First words."))
    version = re.search(r'name="version" value="([^"]+)"', client.get(url).content.decode()).group(1)
    action = published.actions.get(code="2.1.1")
    services.key_finding_save(exercise=published, action=action, by=cast["admin"], text="The admin's words.")
    clash = client.post(url, _findings(text="My words.", version=version))
    html = clash.content.decode()
    assert (
        clash.status_code == 400 and "Their version and yours" in html and "The admin&#x27;s words." in html
    )
    assert published.key_findings.get().text == "The admin's words."


def test_the_force_report_compares_with_the_nation_and_the_region(client, cast, published):
    _publish(published, cast["admin"])
    record = Return.objects.get(exercise=published, organisation__slug="norfolk-constabulary")
    client.force_login(cast["viewer_a"])
    response = client.get(f"/benchmarking/returns/{record.pk}/report/")
    assert response.status_code == 200
    assert_good_page(response)
    row = response.context["rows"][0]
    assert (row["rating"], row["distribution"], row["regional"]) == (4, [0, 1, 0, 1, 0], [0, 0, 0, 1, 0])
    assert row["promising_practice"] is True
    pdf = client.get(f"/benchmarking/returns/{record.pk}/report/pdf/")
    reader = PdfReader(io.BytesIO(pdf.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert "Norfolk Constabulary" in reader.pages[0].extract_text()
    assert "ONS E23000024" in reader.pages[0].extract_text(), "the force's key for joining other data"


def test_the_force_report_kept_as_drawn_shows_every_change(client, cast, published):
    """The report is drawn once for each version of the exercise's answers and returns and of
    its key findings, and kept: a review or a key finding written after shows at once."""
    record = Return.objects.get(exercise=published, organisation__slug="norfolk-constabulary")
    url = f"/benchmarking/returns/{record.pk}/report/"
    client.force_login(cast["analyst"])  # the national team reads it before publication
    assert "benchmarking/_report_body.html" in [t.name for t in client.get(url).templates]
    again = client.get(url)
    assert "benchmarking/_report_body.html" not in [t.name for t in again.templates], "kept"
    assert "Gap:" not in again.content.decode()
    answer = record.answers.get(action__code="2.2.1")
    services.answer_review(
        answer=answer, by=cast["analyst"], values={"reviewer_sees_gap": True, "reviewer_comment": "No audit"}
    )
    assert "No audit" in client.get(url).content.decode()
    client.post(f"/benchmarking/exercises/{published.pk}/findings/2.2.1/", {"text": "Audits are rare."})
    assert "Audits are rare." in client.get(url).content.decode()
    _publish(published, cast["admin"])
    client.force_login(cast["viewer_a"])
    html = client.get(url).content.decode()
    assert "No audit" in html and "Audits are rare." in html


def test_the_picture_changes_since_the_previous_exercise(client, cast, published):
    _publish(published, cast["admin"])
    follow_up = open_exercise(cast["admin"], codes=("2.1.1", "2.2.1"), previous=published)
    _returned(follow_up, "norfolk-constabulary", cast["lead_a"], 5)
    client.force_login(cast["analyst"])
    html = client.get(f"/benchmarking/exercises/{follow_up.pk}/picture/").content.decode()
    picture = _seen(follow_up, cast["analyst"])
    assert picture["actions"][0]["mean"] == 5.0
    assert picture["actions"][0]["change"] == 2.0
    first_row = html[html.index('<th scope="row" class="govuk-table__header">2.1.1') :]
    first_row = first_row[: first_row.index("</tr>")]
    assert first_row.endswith(
        'numeric">5.0</td>\n      <td class="govuk-table__cell govuk-table__cell--numeric">+2.0</td>\n    '
    )


@pytest.mark.parametrize("page", ["picture", "report"])
def test_picture_pages_cost_a_fixed_number_of_queries(
    client, cast, published, django_assert_max_num_queries, page
):
    _publish(published, cast["admin"])
    record = Return.objects.get(exercise=published, organisation__slug="norfolk-constabulary")
    url = (
        f"/benchmarking/exercises/{published.pk}/picture/"
        if page == "picture"
        else f"/benchmarking/returns/{record.pk}/report/"
    )
    client.force_login(cast["lead_a"])
    client.get(url)  # fill the cache
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_force_labels_cannot_be_worked_out_from_the_ids(cast):
    """Labels of unnamed forces follow a keyed shuffle under the exercise's own secret: the
    unkeyed order anyone could compute from the ids is not the one used, and each exercise
    shuffles differently."""
    import hashlib

    from benchmarking.picture import pseudonyms
    from organisations.models import Organisation

    forces = list(Organisation.objects.filter(kind=Organisation.Kind.FORCE).values_list("pk", flat=True))
    first = open_exercise(cast["admin"], codes=("2.1.1",))
    second = open_exercise(cast["admin"], codes=("2.1.1",))
    assert first.pseudonym_key != second.pseudonym_key and len(first.pseudonym_key) == 64
    labels = pseudonyms(first, forces)
    assert labels == pseudonyms(first, forces), "the labels are stable for one exercise"
    guessable = sorted(forces, key=lambda pk: hashlib.sha256(f"{first.pk}:{pk}".encode()).hexdigest())
    assert [labels[pk] for pk in guessable] != [f"Force {i}" for i in range(1, len(forces) + 1)]
    assert labels != pseudonyms(second, forces)
    assert sorted(labels.values()) == sorted(f"Force {i}" for i in range(1, len(forces) + 1))


def test_the_picture_is_kept_per_viewer_until_the_data_changes(client, cast, published):
    import re

    from django.urls import reverse

    client.force_login(cast["analyst"])
    url = f"/benchmarking/exercises/{published.pk}/picture/"
    html = client.get(url).content.decode()
    links = set(re.findall(r'href="(/benchmarking/exercises/\d+/picture/[^"]+)"', html))
    assert reverse("benchmarking:picture-answers", args=[published.pk, "2.1.1", "promising"]) in links
    assert reverse("benchmarking:picture-answers-rated", args=[published.pk, "2.1.1", "rated", 4]) in links
    for link in links:  # every drill-down link built from the prefix leads somewhere
        assert client.get(link).status_code == 200, link
    client.post(f"/benchmarking/exercises/{published.pk}/findings/2.2.1/", {"text": "Few forces audit."})
    assert "Few forces audit." in client.get(url).content.decode(), "a new key finding shows at once"
    # A force lead sees their own tables, not the national team's cached copy.
    client.force_login(cast["lead_b"])
    _publish(published, cast["admin"])
    force_html = client.get(url).content.decode()
    assert "Kent Police (your force)" in force_html
    assert "/promising/" not in force_html, "no drill-down links for a force"
    # New data, a new page: a rating change shows at once.
    client.force_login(cast["analyst"])
    answer = Return.objects.get(exercise=published, organisation__slug="kent-police").answers.get(
        action__code="2.2.1"
    )
    answer.rating = 5
    answer.save(update_fields=["rating"])  # any save of an answer moves its return (signals)
    updated = _seen(published, cast["analyst"])
    assert updated["actions"][1]["distribution"] == [0, 0, 0, 1, 1]
    assert '<td class="govuk-table__cell app-heat app-heat--5">5</td>' in client.get(url).content.decode()


def test_forces_that_are_not_named_sort_as_people_count():
    from benchmarking.picture import natural

    labels = ["Force 10", "Force 2", "Force 1", "Force 21", "Force 3"]
    assert sorted(labels, key=natural) == ["Force 1", "Force 2", "Force 3", "Force 10", "Force 21"]
    assert sorted(["Kent Police", "avon and Somerset"], key=natural) == ["avon and Somerset", "Kent Police"]


def test_the_national_picture_downloads_as_a_tagged_pdf_naming_forces_as_the_page_does(
    client, cast, published
):
    _publish(published, cast["admin"])
    client.force_login(cast["lead_a"])
    pdf = client.get(f"/benchmarking/exercises/{published.pk}/picture/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(page.extract_text() for page in reader.pages)
    assert published.title in text and "Norfolk Constabulary" in text
    assert "Kent Police" not in text, "a force not named to other forces stays unnamed"
    client.force_login(cast["analyst"])
    national = client.get(f"/benchmarking/exercises/{published.pk}/picture/pdf/")
    assert "Kent Police" in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(national.content)).pages)
