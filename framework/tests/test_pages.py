import io
import json

import pytest
from pypdf import PdfReader

from conftest import work_counted
from core import cache as core_cache
from core.testing import assert_good_page

PAGES = [
    "/plan/nvap/",
    "/plan/nvap/versions/",
    "/plan/nvap/v/2/",
    "/plan/nvap/actions/2.2.1/",
    "/plan/nvap/actions/1.2.1/",
    "/plan/nvap/v/2/actions/2.2.1/",
    "/plan/nvap/actions/2.2.1/toolkit/",
    "/plan/nvap/actions/2.6.1/toolkit/",
    "/plan/nvap/actions/2.2.1/history/",
    "/plan/nvap/actions/2.2.1/history/?a=2&b=3",
    "/plan/nvap/peel/6.2/",
    "/plan/nvap/perennial-issues/collaborative-working/",
    "/plan/search/",
    "/plan/search/?q=referral",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_plan_page_is_well_formed(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 200
    assert_good_page(response)


# The most queries each page may make, whatever the size of the plan (the header's "Your
# work" count already counted: its own cost is tested with the home page).
QUERY_BUDGETS = {
    "/plan/nvap/": 12,
    # The sheet, and under it the reader's force (its standing position and peer review findings
    # among it) and what is known across forces (framework.hub), and how the toolkit's
    # objectives map onto the sheet's, what case reviews tell us (its version and count), and
    # the action's community space (the space, the reader's places, its threads and answers, and
    # whether the reader's force shows a gap), and what the force's work informs in other
    # frameworks through the crosswalk.
    "/plan/nvap/actions/2.2.1/": 34,
    "/plan/nvap/actions/2.6.1/toolkit/": 16,
    "/plan/nvap/actions/2.2.1/history/?a=2&b=3-toolkit": 12,
    "/plan/nvap/peel/6.2/": 12,
    "/plan/nvap/perennial-issues/collaborative-working/": 12,
    "/plan/search/?q=referral": 12,
    "/api/v1/frameworks/nvap/": 20,
}


@pytest.mark.parametrize("url,budget", QUERY_BUDGETS.items())
def test_pages_cost_a_fixed_number_of_queries(signed_in, cast, django_assert_max_num_queries, url, budget):
    work_counted(cast["editor_a"])
    with django_assert_max_num_queries(budget):
        assert signed_in.get(url).status_code == 200


def test_query_counts_do_not_grow_with_the_number_of_actions(signed_in, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from framework.models import Action, FrameworkVersion, Objective

    def count(url):
        core_cache.clear()  # measure the build, not the cached copy
        with CaptureQueriesContext(connection) as ctx:
            signed_in.get(url)
        return len(ctx.captured_queries)

    before = {url: count(url) for url in ("/plan/nvap/", "/api/v1/frameworks/nvap/")}
    version = FrameworkVersion.objects.get(label="3")
    theme = version.themes.first()
    for i in range(40):
        action = Action.objects.create(
            version=version,
            theme=theme,
            code=f"9.9.{i}",
            title="Extra",
            detail="Extra",
            sort_key=f"9.9.{i:04}",
        )
        Objective.objects.create(action=action, number=1, text="Extra objective")
    after = {url: count(url) for url in before}
    assert after == before


def test_the_action_page_is_the_action_sheet(signed_in):
    html = signed_in.get("/plan/nvap/actions/2.2.1/").content.decode()
    for text in [
        "2.2.1 Appropriate Action",
        "Organisational impact",
        "The force appropriately uses referral pathways",
        "Objective 4: To ensure that you are satisfied with the outcome to your referral",
        "What are forces doing?",
        "Several forces reported auditing or dip sampling referrals",
        "The force provides good-quality safeguarding and support for all vulnerable people.",
        "Collaborative working",
        "Evidence overview",
        "In harm&#x27;s way: The role of the police in keeping children safe",
        "Action Impact Toolkit",
        "Interim",
    ]:
        assert text in html, text


def test_the_action_page_shows_a_sheets_own_wording_of_a_peel_measure(signed_in):
    html = signed_in.get("/plan/nvap/actions/2.5.1/").content.decode()
    assert "oversight of the control room" in html
    peel = signed_in.get("/plan/nvap/peel/4.1/").content.decode()
    assert "2.5.1 Governance" in peel
    assert "The action sheet words it" in peel


def test_the_toolkit_page_has_the_logic_model_as_tables(signed_in):
    html = signed_in.get("/plan/nvap/actions/2.6.1/toolkit/").content.decode()
    assert html.count('class="govuk-table app-table--logic-model"') == 3
    assert '<th scope="row" class="govuk-table__header">Development of a MASH role profile' in html
    assert "Unintended consequences" in html
    assert "Impact Realisation Plan template" in html
    assert "Shorrocks, S., McManus" in html


def test_a_toolkit_that_words_the_action_differently_says_so(signed_in):
    html = signed_in.get("/plan/nvap/actions/2.2.1/toolkit/").content.decode()
    assert "The plan calls this action" in html
    assert "Appropriate Referral" in html


def test_an_action_without_a_toolkit_says_so_and_its_toolkit_page_is_404(signed_in):
    html = signed_in.get("/plan/nvap/actions/2.3.1/").content.decode()
    assert "No Action Impact Toolkit for this action is in NVAP Hub yet" in html
    assert signed_in.get("/plan/nvap/actions/2.3.1/toolkit/").status_code == 404


def test_unknown_actions_versions_and_frameworks_are_404(signed_in):
    for url in [
        "/plan/nvap/actions/9.9.9/",
        "/plan/nvap/v/99/",
        "/plan/nope/",
        "/plan/nvap/peel/99/",
        "/plan/nvap/perennial-issues/nope/",
        "/plan/nvap/actions/9.9.9/history/",
    ]:
        assert signed_in.get(url).status_code == 404, url


def test_an_older_version_says_it_is_not_current(signed_in):
    html = signed_in.get("/plan/nvap/v/2/actions/2.6.2/").content.decode()
    assert "You are reading <strong>NVAP version 2 (August 2020)</strong>" in html
    assert "Officer Norms" in html
    assert "re-set so that thresholds" in html


def test_the_history_compares_two_versions_word_by_word(signed_in):
    response = signed_in.get("/plan/nvap/actions/2.2.1/history/?a=2&b=3")
    html = response.content.decode()
    assert "NVAP version 2 (August 2020): the plan" in html
    assert "NVAP version 3: Action Impact Toolkit 2.2.1 Appropriate Referral" in html
    assert "including how to access partner provisions" in html.split('class="govuk-inset-text app-diff')[1]
    pieces = response.context["comparison"]["pieces"]
    inserted = " ".join(t for op, t in pieces if op == "insert")
    assert "including how to access partner provisions" in inserted
    assert "Objective 4: To ensure that you are satisfied" in inserted


def test_comparing_a_version_with_itself_is_refused_with_a_message(signed_in):
    response = signed_in.get("/plan/nvap/actions/2.2.1/history/?a=3&b=3")
    assert response.status_code == 400
    assert "Choose two different versions to compare" in response.content.decode()
    assert signed_in.get("/plan/nvap/actions/2.2.1/history/?a=3&b=nope").status_code == 400


def test_search_finds_and_highlights_matches(signed_in):
    response = signed_in.get("/plan/search/?q=escalation")
    html = response.content.decode()
    assert response.context["total"] > 0
    assert '<mark class="app-highlight">' in html
    assert "/plan/nvap/actions/2.2.1/" in html


def test_search_filters_by_theme(signed_in):
    everything = signed_in.get("/plan/search/?q=referral").context["total"]
    theme_two = signed_in.get("/plan/search/?q=referral&theme=2")
    assert 0 < theme_two.context["total"] < everything
    assert all(r["entry"].theme.code == "2" for r in theme_two.context["results"])


def test_search_escapes_what_it_highlights(signed_in):
    html = signed_in.get("/plan/search/?q=%3Cscript%3Ereferral").content.decode()
    assert "<script>referral" not in html


@pytest.mark.parametrize(
    "query,message",
    [
        ("", "Enter a word or phrase to search for"),
        ("!!!", "Enter a word or phrase with letters or numbers in it"),
        ("x" * 201, "Search for 200 characters or fewer"),
    ],
)
def test_bad_searches_get_the_error_summary(signed_in, query, message):
    response = signed_in.get("/plan/search/", {"q": query})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html


def test_a_search_with_no_results_says_so(signed_in):
    html = signed_in.get("/plan/search/?q=zebracrossingxyz").content.decode()
    assert "0 results" in html
    assert "Nothing in the plan matches your search" in html


def test_an_unknown_theme_filter_is_refused(signed_in):
    response = signed_in.get("/plan/search/?q=referral&theme=99")
    assert response.status_code == 400
    assert "Choose a theme from the list" in response.content.decode()


@pytest.mark.parametrize("url", ["/plan/nvap/actions/2.2.1/pdf/", "/plan/nvap/actions/2.6.1/toolkit/pdf/"])
def test_pdfs_are_tagged(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-1.7")
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "the PDF is tagged"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).startswith("en")
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data(), "declares PDF/UA-1"
    assert "Appropri" in reader.pages[0].extract_text() or "Multi-Agency" in reader.pages[0].extract_text()


def test_the_plan_needs_sign_in_unless_it_is_public(client, content, settings):
    response = client.get("/plan/nvap/")
    assert response.status_code == 302 and response.url.startswith("/accounts/sign-in/")
    api = client.get("/api/v1/frameworks/nvap/")
    assert api.status_code == 401
    assert api.json()["error"]["code"] == "not_authenticated"
    settings.PLAN_IS_PUBLIC = True
    assert client.get("/plan/nvap/").status_code == 200
    assert client.get("/api/v1/frameworks/nvap/").status_code == 200


def test_the_api_returns_the_latest_published_version(signed_in):
    data = signed_in.get("/api/v1/frameworks/nvap/").json()
    assert data["version"]["label"] == "3"
    assert {"themes", "perennial_issues", "peel_measures", "actions"} <= set(data)
    action = next(a for a in data["actions"] if a["code"] == "2.6.1")
    assert set(action) >= {
        "code",
        "title",
        "detail",
        "theme",
        "owner",
        "interim",
        "objectives",
        "peel_measures",
        "perennial_issues",
        "toolkit",
    }
    assert action["peel_measures"] == ["3.2", "6.2"]
    assert action["perennial_issues"] == ["Collaborative working", "Developing the workforce"]
    objective = action["toolkit"]["objectives"][0]
    assert {"activities", "suggested_measures", "unintended_consequences"} <= set(objective)
    assert next(a for a in data["actions"] if a["code"] == "2.3.1")["toolkit"] is None


def test_the_api_returns_a_named_version_and_json_errors(signed_in):
    assert signed_in.get("/api/v1/frameworks/nvap/versions/2/").json()["version"]["partial"] is True
    missing = signed_in.get("/api/v1/frameworks/nvap/versions/9/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert "version '9'" in missing.json()["error"]["message"]
    wrong_method = signed_in.post("/api/v1/frameworks/nvap/")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["code"] == "method_not_allowed"


def test_the_openapi_description_lists_the_plan_endpoints(client, db):
    schema = json.loads(client.get("/api/v1/schema/").content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/frameworks/{framework}/" in schema["paths"]
    assert "/api/v1/frameworks/{framework}/versions/{label}/" in schema["paths"]


def test_the_api_cache_follows_changes_to_the_content(signed_in):
    from django.utils import timezone

    from framework.models import Action, FrameworkVersion

    first = signed_in.get("/api/v1/frameworks/nvap/").json()
    assert next(a for a in first["actions"] if a["code"] == "2.3.1")["title"] == "Tasking and Review Process"
    Action.objects.filter(code="2.3.1", version__label="3").update(title="Tasking and Review")
    FrameworkVersion.objects.filter(label="3").update(content_changed_at=timezone.now())
    second = signed_in.get("/api/v1/frameworks/nvap/").json()
    assert next(a for a in second["actions"] if a["code"] == "2.3.1")["title"] == "Tasking and Review"


@pytest.fixture
def draft_version(content):
    from framework.models import Framework, FrameworkVersion

    version = FrameworkVersion.objects.create(
        framework=Framework.objects.get(slug="nvap"),
        label="4",
        sequence=4,
        title="NVAP version 4",
        status="draft",
    )
    theme = version.themes.create(code="1", title="Early Intervention and Prevention")
    version.actions.create(
        theme=theme, code="2.1.1", title="Recognition and Response (draft)", detail="Draft detail"
    )
    return version


def test_draft_versions_are_for_the_national_team_only(client, cast, draft_version):
    client.force_login(cast["lead_a"])
    for url in ["/plan/nvap/v/4/", "/plan/nvap/v/4/actions/2.1.1/", "/api/v1/frameworks/nvap/versions/4/"]:
        assert client.get(url).status_code == 404, url
    assert "NVAP version 4" not in client.get("/plan/nvap/versions/").content.decode()
    assert "draft" not in client.get("/plan/nvap/actions/2.1.1/history/").content.decode().lower()
    assert client.get("/plan/nvap/").context["version"].label == "3", (
        "a draft never becomes the current version"
    )

    client.force_login(cast["analyst"])
    html = client.get("/plan/nvap/v/4/actions/2.1.1/").content.decode()
    assert "a draft that only the national team can see" in html
    assert client.get("/api/v1/frameworks/nvap/versions/4/").status_code == 200
    assert "NVAP version 4" in client.get("/plan/nvap/versions/").content.decode()
    assert client.get("/plan/nvap/").context["version"].label == "3"


def test_plan_pages_are_drawn_once_per_version_of_their_content(signed_in):
    """A page of the plan is the same for everyone: drawn once and kept, and drawn afresh
    when the version's content is loaded again or a newer version is published."""
    from django.utils import timezone

    from framework.models import FrameworkVersion

    url = "/plan/nvap/actions/2.2.1/"
    first = signed_in.get(url)
    assert "framework/_action_body.html" in [t.name for t in first.templates]
    again = signed_in.get(url)
    assert "framework/_action_body.html" not in [t.name for t in again.templates], "kept as drawn"
    assert "2.2.1" in again.content.decode() and "<title>2.2.1 " in again.content.decode()
    assert_good_page(again)
    FrameworkVersion.objects.filter(label="3").update(content_changed_at=timezone.now())
    assert "framework/_action_body.html" in [t.name for t in signed_in.get(url).templates], "drawn afresh"
    # An older version's page says so; it is kept apart from the latest version's.
    older = signed_in.get("/plan/nvap/v/2/actions/2.2.1/").content.decode()
    assert "(NVAP version 2" in older
    assert "(NVAP version 2" not in signed_in.get(url).content.decode()


def test_search_and_history_are_kept_as_drawn_until_the_content_changes(signed_in):
    """A search's results and an action's history are drawn once for each state of the plan's
    content and kept: the second asking reads no plan content; a load that changes the
    content (or a version published) shows at once; a refused form is never kept."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from framework.models import Action, FrameworkVersion, SearchEntry

    search, history = "/plan/search/?q=escalation", "/plan/nvap/actions/2.2.1/history/?a=2&b=3"
    content = ('"framework_searchentry"', '"framework_action"')
    for url in (search, history):
        with CaptureQueriesContext(connection) as reads:
            signed_in.get(url)
        assert [q for q in reads if any(table in q["sql"] for table in content)], "drawn"
        with CaptureQueriesContext(connection) as reads:
            assert signed_in.get(url).status_code == 200
        assert not [q for q in reads if any(table in q["sql"] for table in content)], "then kept"
    SearchEntry.objects.filter(version__label="3", body__icontains="escalation").update(title="Renamed entry")
    Action.objects.filter(code="2.2.1", version__label="3").update(title="Referral renamed")
    FrameworkVersion.objects.filter(label="3").update(content_changed_at=timezone.now())
    assert "Renamed entry" in signed_in.get(search).content.decode()
    assert "Referral renamed" in signed_in.get(history).content.decode()
    refused = signed_in.get("/plan/nvap/actions/2.2.1/history/?a=3&b=3")
    assert refused.status_code == 400 and "Choose two different versions" in refused.content.decode()
    assert signed_in.get("/plan/search/?q=!!!").status_code == 400


def test_useful_links_are_links_where_the_source_gives_an_address_and_say_so_where_not(signed_in):
    html = signed_in.get("/plan/nvap/actions/2.1.1/").content.decode()
    assert "Vulnerability-related Risks <span" in html
    assert "(the source gives no web address: search for the title)" in html
    linked = signed_in.get("/plan/nvap/actions/1.2.1/").content.decode()
    assert (
        '<a class="govuk-link" href="https://www.college.police.uk/guidance/vulnerability-related-risks">'
        "Vulnerability-related risks guidelines (College of Policing)</a>" in linked
    )
