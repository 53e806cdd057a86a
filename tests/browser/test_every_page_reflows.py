"""Any width, any medium: every page of the service, opened in Chromium by the roles that can
see it, passes axe (WCAG 2.2 AA) and fits a 320 px wide screen and a 1280 px window zoomed to 400% (WCAG 1.4.10 reflow)
without the document scrolling sideways or any element reaching past the screen's edge (wide
tables scroll inside their own labelled region instead); and the national picture, a force's
report and a toolkit print on A4 with no table column cut."""

import io
import re
from datetime import date

import pytest
from django.test import Client

from tests.browser.conftest import assert_accessible
from tests.test_access import ALL_PATTERNS, _url_for, force_a_objects  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Not pages: files, JSON, health checks, steps of sign-in with outside parties, and links that
# only work from an email (their pages are the sign-in pages' own, checked in their journeys).
NOT_PAGES = re.compile(
    r"^(api/|healthz|readyz|metrics)|\.(svg|csv|xlsx|js|<slug:fmt>)$|/pdf/$|/download/$|/workbook/$"
    r"|passkeys/|accounts/sso/|sign-out/|password-reset/<|invitations/<str:key>|/progress/$"
)
# Routes whose GET is not a page for anyone (they take a POST only), and redirects.
NOT_A_GET = {"405", "302"}

# Who opens each kind of page: the force's lead and a national analyst for force pages and
# pages for anyone signed in, the national admin for the national team's, nobody for public.
WHO = {
    "public": [None],
    "plan_reader": ["lead_a", "analyst"],
    "signed_in": ["lead_a", "analyst"],
    "force_scoped": ["lead_a", "analyst"],
    "national_team": ["admin"],
    "national_admin": ["admin"],
    # The deaths repository: a force's deaths reporter and a deaths lead.
    "restricted": ["deaths_reporter", "deaths_lead"],
}

# What the page does at each size, in the page: how wide the document is against the screen,
# and the first few elements that reach past the screen's edge outside a scrolling region.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll' || x === 'hidden') return true;
    }
    return false;
  };
  const hidden = (el) => {
    const style = getComputedStyle(el);
    return style.position === 'absolute' && (style.clip !== 'auto' || style.clipPath !== 'none');
  };
  const over = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    if (box.right <= width + 1 && box.left >= -1) continue;
    if (scrolls(el) || hidden(el)) continue;
    over.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(box.left)}–${Math.round(box.right)})`);
    if (over.length >= 3) break;
  }
  return {scroll: document.documentElement.scrollWidth, width, over};
}"""

# A 320 px screen, and a 1280 x 800 window at 400% zoom: 320 x 200 CSS pixels, four to each.
SIZES = [
    ("320 px", {"viewport": {"width": 320, "height": 800}}),
    ("1280 px at 400%", {"viewport": {"width": 320, "height": 200}, "device_scale_factor": 4}),
]


def _pages(cast, objects) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(url, who) for every page the walk finds, and the routes it could not fill."""
    record = objects["published_return"]
    values = {
        **objects,
        "framework": "nvap",
        "label": {"plan/manage/": "4", "": "3"},
        "number": 1,
        # The crosswalk pages: NVPPS (the test fixture) beside the NVAP.
        "left": {"plan/manage/": objects["nvps"].pk, "": "nvps"},
        "left_label": "1",
        "right": {"plan/manage/": objects["nvap_3"].pk, "": "nvap"},
        "right_label": "3",
        "code": {
            "plan/<slug:framework>/peel/": "6.2",
            "plan/<slug:framework>/v/<str:label>/peel/": "6.2",
            "": "2.2.1",
        },
        "slug": {"plan/": "collaborative-working", "community/": objects["space_slug"], "": objects["slug"]},
        "user_id": objects["community_member"].pk,
        "step": "warn",
        "entry_id": objects["entry"].pk,
        "show": "promising",
        "value": 3,
        "kind": {"accounts/": "totp", "plan/manage/": "action", "": "activities"},
        # A translation page of the plan: the draft's action 2.2.1 (framework.bilingual).
        "key": "2.2.1",
        "change": "close",
        # The most specific route first: the first prefix that matches is used.
        "pk": {
            "benchmarking/returns/<int:pk>/report/": record.pk,
            "benchmarking/exercises/<int:pk>/edit/": objects["draft"].pk,
            "benchmarking/exercises/": objects["published"].pk,
            "practice/library/exports/": objects["export"].pk,
            "practice/library/": objects["entry"].pk,
            "practice/calls/": objects["call"].pk,
            "impact/suggested-measures/": objects["suggested"].pk,
            "deaths/reports/": objects["deaths_report"].pk,
            "deaths/retention/": objects["deaths_record"].pk,
            "deaths/records/": objects["deaths_record"].pk,
            "community/threads/": objects["question"].pk,
            "community/posts/": objects["answer"].pk,
            "community/reports/": objects["community_report"].pk,
            "community/files/": objects["community_file"].pk,
            "accounts/api-tokens/": objects["token"].pk,
            "plan/manage/crosswalks/links/": objects["crosswalk_link"].pk,
            "plan/manage/<slug:framework>/v/<str:label>/peel/": objects["draft_peel"].pk,
            "plan/manage/<slug:framework>/v/<str:label>/perennial-issues/": objects["draft_perennial"].pk,
            "plan/manage/<slug:framework>/v/<str:label>/actions/<str:code>/toolkit/": objects["draft_row"].pk,
            "plan/manage/": objects["grouping"].pk,
            "accounts/": objects["device"].pk,
            **objects["pk"],
        },
        "attachment_pk": {
            "practice/library/": objects["entry_attachment"].pk,
            "": objects["attachment_pk"],
        },
    }
    pages, unfilled = [], []
    for route, view, _namespace, _name in ALL_PATTERNS:
        if NOT_PAGES.search(route):
            continue
        try:
            url = _url_for(route, values)
        except (AssertionError, StopIteration):
            unfilled.append(route)
            continue
        for who in WHO[view.access_policy]:
            pages.append((url, who))
    return pages, unfilled


@pytest.fixture
def everything(cast, force_a_objects):  # noqa: F811
    """Force A's objects (as the access walk has them) and what the rest of the pages need."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from benchmarking.tests.factories import open_exercise
    from practice import services as practice
    from practice.models import LibraryEntry
    from practice.tests.factories import example

    objects = dict(force_a_objects)
    entry_example = example(
        cast["lead_a"].memberships.get().organisation,
        cast["editor_a"],
        title="A published example",
        attach=True,
    )
    practice.example_submit(example=entry_example, by=cast["editor_a"])
    practice.assessment_decide(example=entry_example, by=cast["analyst"], decision="publish", note="")
    objects["entry"] = LibraryEntry.objects.get(example=entry_example)
    objects["entry_attachment"] = entry_example.attachments.get()
    objects["call"] = practice.call_save(
        call=None,
        by=cast["analyst"],
        values={
            "title": "A call for practice on referral pathways with partner agencies",
            "scope": "Referrals",
            "guidance": "",
            "opens_on": date(2026, 1, 1),
            "closes_on": date(2026, 12, 31),
        },
    )
    plan = objects["pk"]["impact/plans/"]
    from impact.models import Plan

    objects["suggested"] = (
        Plan.objects.get(pk=plan).objectives.first().toolkit_objective.suggested_measures.first()
    )
    objects["device"] = TOTPDevice.objects.create(user=cast["lead_a"], name="Phone", confirmed=True)
    from framework.models import Action

    every = Action.objects.filter(version__label="3", scope="force").values_list("code", flat=True)
    published = open_exercise(cast["admin"], codes=tuple(every))
    from benchmarking import services

    services.exercise_close(exercise=published, by=cast["admin"])
    services.exercise_publish(
        exercise=published, by=cast["admin"], reason="Published with returns missing, as a test."
    )
    objects["published"] = published
    from benchmarking.models import Exercise

    objects["draft"] = services.exercise_create(
        created_by=cast["admin"],
        version=published.version,
        title="Next year's exercise",
        opens_on=date(2027, 1, 4),
        closes_on=date(2027, 2, 26),
        actions=list(published.actions.all()),
    )
    assert objects["draft"].status == Exercise.Status.DRAFT
    objects["published_return"] = published.returns.get(organisation__slug="norfolk-constabulary")
    from accounts.services import api_token_create

    objects["token"], _ = api_token_create(user=cast["lead_a"], name="Reports")
    from practice.models import LibraryExport

    objects["export"] = LibraryExport.objects.create(key="every-page", fmt="csv", library_version=1)
    objects.update(_deaths_objects(cast))
    objects.update(_community_objects(cast))
    objects.update(_framework_objects(cast))
    return objects


def _framework_objects(cast) -> dict:
    """A draft version 4 of the NVAP, and a second framework crosswalked to version 3."""
    from framework import authoring
    from framework.loader import load_framework
    from framework.models import CrosswalkLink, Framework, FrameworkVersion
    from framework.tests.test_loader import FIXTURES

    load_framework(FIXTURES / "nvps")
    draft = authoring.start_draft(Framework.objects.get(slug="nvap"), cast["admin"])
    return {
        "nvps": FrameworkVersion.objects.get(framework__slug="nvps", label="1"),
        "nvap_3": FrameworkVersion.objects.get(framework__slug="nvap", label="3"),
        "crosswalk_link": CrosswalkLink.objects.filter(target__version__label="3").first(),
        "grouping": draft.themes.get(code="2"),
        "draft_peel": draft.peel_measures.get(code="6.2"),
        "draft_perennial": draft.perennial_issues.order_by("order").first(),
        # The first logic model row of 2.2.1's toolkit objective 1, as drafted.
        "draft_row": draft.actions.get(code="2.2.1")
        .toolkit.objectives.get(number=1)
        .logic_model_rows.first(),
    }


def _community_objects(cast) -> dict:
    """The 2.2.1 space with a question, a reply with a file, reported, and an event."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from community import services as community
    from community.models import Attachment, Space

    space = Space.objects.get(kind=Space.Kind.ACTION, framework_slug="nvap", action_code="2.2.1")
    question = community.thread_start(
        space=space,
        by=cast["editor_a"],
        kind="question",
        title="Do partners' sessions count?",
        body="**Do they?**",
    )
    pdf = SimpleUploadedFile("log.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    answer = community.reply(thread=question, by=cast["lead_b"], body="- Yes\n- We count them", upload=pdf)
    report = community.report_post(post=answer, by=cast["lead_a"], reason="other", detail="Check this")
    return {
        "space_slug": space.slug,
        "question": question,
        "answer": answer,
        "community_report": report,
        "community_file": Attachment.objects.get(post=answer),
        "community_member": cast["editor_a"],
    }


def _deaths_objects(cast) -> dict:
    """A deaths reporter of force A and a deaths lead (added to the cast), and a record with a
    person, a question, a recommendation and a report."""
    from deaths import services as deaths
    from deaths.models import Grant, Term
    from deaths.tests.factories import a_record, person

    cast["deaths_reporter"] = person(
        "reporter@force-a.test", "norfolk-constabulary", "viewer", Grant.Role.REPORTER
    )
    cast["deaths_lead"] = person("deaths.lead@vkpp.test", "vkpp", "national_analyst", Grant.Role.LEAD)
    record = a_record(cast["deaths_reporter"], died=date(2025, 6, 1))
    victim = deaths.person_add(
        record=record, by=cast["deaths_reporter"], fields={"role": "victim", "sex": "female"}
    )
    deaths.challenge_raise(
        record=record, by=cast["deaths_lead"], proposed="adult_family", reason="Was he her son?"
    )
    recommendation = deaths.recommendation_add(
        record=record, by=cast["deaths_lead"], text="Ask about non-fatal strangulation.", addressee="police"
    )
    report = deaths.report_create(
        by=cast["deaths_lead"],
        title="Year to March 2026",
        period_from=date(2025, 4, 1),
        period_to=date(2026, 3, 31),
        threshold=5,
    )
    return {
        "deaths_record": record,
        "deaths_report": report,
        "person_pk": victim.pk,
        "recommendation_pk": recommendation.pk,
        "grant_pk": Grant.objects.get(user=cast["deaths_reporter"]).pk,
        "term_pk": Term.objects.get(list="method", code="hanging").pk,
    }


def _with_a_reason(client) -> None:
    """The reason for access the deaths repository asks once a session (others ignore it)."""
    from deaths.access import REASON

    session = client.session
    session[REASON] = "audit"
    session.save()


def _signed_in(browser, live_server, user, **size):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, **size)
    if user is not None:
        client = Client()
        client.force_login(user)
        _with_a_reason(client)
        cookie = client.cookies["sessionid"]
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def test_every_page_reflows_at_320_px_and_at_400_percent_zoom(browser, live_server, cast, everything):
    pages, unfilled = _pages(cast, everything)
    assert unfilled == [], f"the walk cannot fill these routes: add their values: {unfilled}"
    assert len({url for url, _ in pages}) >= 90, "the walk reaches every area of the service"
    # Which of them are pages (a 200 with HTML) for whom: asked once, before the browser.
    clients = {}
    for who in {w for _, w in pages}:
        clients[who] = Client()
        if who is not None:
            clients[who].force_login(cast[who])
            _with_a_reason(clients[who])
    opened = []
    for url, who in pages:
        answer = clients[who].get(url)
        assert answer.status_code < 500, f"{url} as {who}: {answer.status_code}"
        if answer.status_code == 200 and "text/html" in answer.get("Content-Type", ""):
            opened.append((url, who))
    problems = []
    for label, size in SIZES:
        tabs = {
            who: _signed_in(browser, live_server, cast.get(who), **size) for who in {w for _, w in opened}
        }
        for url, who in opened:
            tabs[who].goto(url)
            if label == SIZES[0][0]:  # axe once a page, on the small screen
                try:
                    assert_accessible(tabs[who])
                except AssertionError as failed:
                    problems.append(f"axe {url} as {who}: {failed}")
            found = tabs[who].evaluate(OVERFLOW)
            if found["scroll"] > found["width"] or found["over"]:
                problems.append(
                    f"{label} {url} as {who}: document {found['scroll']} px wide; {found['over']}"
                )
        for tab in tabs.values():
            tab.context.close()
    assert problems == [], "\n".join(problems)
    assert len(opened) >= 140, f"only {len(opened)} page visits were pages"


def _table_columns_fit(tab) -> list[str]:
    """In print, each table's right edge within the printed body, and its last column's header
    text (to find in the PDF)."""
    return tab.evaluate(
        """() => {
      const width = document.body.getBoundingClientRect().right;
      return [...document.querySelectorAll('main table')].map((table) => {
        const box = table.getBoundingClientRect();
        const heads = table.querySelectorAll('thead th, thead td');
        const last = heads.length ? heads[heads.length - 1].innerText.trim() : '';
        return {right: box.right, width, last};
      });
    }"""
    )


@pytest.mark.parametrize("which", ["picture", "report", "toolkit"])
def test_the_picture_a_report_and_a_toolkit_print_on_a4_with_no_column_cut(
    browser, live_server, cast, everything, which
):
    from pypdf import PdfReader

    from benchmarking.models import Return

    record = Return.objects.get(exercise=everything["published"], organisation__slug="norfolk-constabulary")
    url = {
        "picture": f"/benchmarking/exercises/{everything['published'].pk}/picture/",
        "report": f"/benchmarking/returns/{record.pk}/report/",
        "toolkit": "/plan/nvap/actions/2.2.1/toolkit/",
    }[which]
    # A4 is 210 mm wide; less the printed margins of 12 mm each side (main.scss, @page) that
    # leaves 186 mm: 703 CSS pixels to lay the page out in.
    tab = _signed_in(browser, live_server, cast["lead_a"], viewport={"width": 703, "height": 1123})
    tab.goto(url)
    assert_accessible(tab)
    tab.emulate_media(media="print")
    tables = _table_columns_fit(tab)
    assert tables, f"{url} has tables to print"
    for table in tables:
        assert table["right"] <= table["width"] + 1, f"{url}: a table is cut at the printed edge: {table}"
    pdf = PdfReader(io.BytesIO(tab.pdf(format="A4", print_background=True)))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    for table in tables:
        if table["last"]:
            words = re.sub(r"\s+", " ", table["last"])
            assert words in text, f"{url}: the last column ({words!r}) is not in the printed page"
    tab.context.close()
