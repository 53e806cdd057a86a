"""Signing in and the pages every role starts from, in Welsh, in Chromium: axe (WCAG 2.2 AA)
on each page, lang="cy", no interface text left in English (the page's words checked against
the English of the catalogue), and the language link leading to the same page in English."""

import re

import polib
import pytest
from django.conf import settings
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_fits_and_prints, members, second_factor_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every piece of text on the page, with the language it is marked as being in (the nearest
# lang attribute): the language navigation names each language in itself.
TEXTS = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    const parent = node.parentElement;
    if (!text || parent.closest('script, style')) continue;
    found.push([text, parent.closest('[lang]').getAttribute('lang')]);
  }
  for (const el of document.querySelectorAll('[aria-label]')) {
    found.push([el.getAttribute('aria-label'), el.closest('[lang]').getAttribute('lang')]);
  }
  return found;
}"""


def _english_words() -> set[str]:
    """The catalogue's English wherever its Welsh says something else."""
    catalogue = polib.pofile(str(settings.LOCALE_PATHS[0] / "cy" / "LC_MESSAGES" / "django.po"))
    return {
        e.msgid for e in catalogue if not e.obsolete and e.msgstr and e.msgstr != e.msgid and len(e.msgid) > 2
    }


def assert_in_welsh(page) -> None:
    """The page says it is Welsh, passes axe, and shows no interface text in English."""
    assert page.locator("html").get_attribute("lang") == "cy", page.url
    assert_accessible(page)
    english = _english_words()
    left = [text for text, lang in page.evaluate(TEXTS) if lang == "cy" and text in english]
    assert left == [], f"{page.url} shows English: {left}"


def _sign_in_in_welsh(page, email) -> None:
    page.goto("/cy/accounts/sign-in/")
    assert_in_welsh(page)
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Mewngofnodi')")
    page.wait_for_url(re.compile(r"/cy/(accounts/verify/.*)?$"))
    if "/verify/" in page.url:
        assert_in_welsh(page)
        page.fill("#id_code", second_factor_code(email))
        page.click("button:has-text('Parhau')")
        page.wait_for_url(re.compile(r"/cy/$"))


def test_a_contributor_signs_in_and_works_in_welsh(page, live_server):
    members([("editor", "editor@force-a.test", "norfolk-constabulary", "CONTRIBUTOR")])
    page.goto("/cy/accounts/sign-in/")
    # A wrong password: the error summary, in Welsh.
    page.fill("#id_email", "editor@force-a.test")
    page.fill("#id_password", "not the password")
    page.click("button:has-text('Mewngofnodi')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Gwall:")
    assert_in_welsh(page)

    _sign_in_in_welsh(page, "editor@force-a.test")
    heading = page.locator("h1").inner_text()
    assert heading in ("Beth sydd angen eich sylw", "Nid oes dim angen eich sylw nawr")
    assert_in_welsh(page)
    assert_fits_and_prints(page, heading)

    for url in (
        "/cy/accounts/",
        "/cy/accounts/two-factor/",
        "/cy/notifications/",
        "/cy/accessibility/",
        "/cy/privacy/",
    ):
        page.goto(url)
        assert_in_welsh(page)

    # The language link: the same page in English, and back.
    page.goto("/cy/accounts/")
    page.click("a[hreflang='en-gb']")
    page.wait_for_url(re.compile(r"/accounts/$"))
    assert page.url.endswith("/accounts/") and "/cy/" not in page.url
    assert page.locator("html").get_attribute("lang") == "en-gb"
    assert page.locator("h1").inner_text() == "Your account"
    assert_accessible(page)
    page.click("a[hreflang='cy']")
    page.wait_for_url(re.compile(r"/cy/accounts/$"))
    assert page.locator("h1").inner_text() == "Eich cyfrif"


def test_a_national_admin_signs_in_with_a_second_factor_and_reviews_the_welsh(page, live_server):
    members([("admin", "admin@vkpp.test", "vkpp", "NATIONAL_ADMIN")])
    _sign_in_in_welsh(page, "admin@vkpp.test")
    assert_in_welsh(page)
    page.click("a:has-text('Cyfieithiad Cymraeg')")
    page.wait_for_url(re.compile(r"/cy/translations/$"))
    assert_in_welsh(page)
    page.fill("#q", "neidio")
    page.click("button:has-text('Dangos drafftiau')")
    expect(page.locator("td[lang='cy']:has-text('Neidio i’r prif gynnwys')")).to_be_visible()
    assert_in_welsh(page)
    assert_fits_and_prints(page, "Drafftiau i’w hadolygu")


def test_the_check_finds_english_left_on_a_welsh_page(page, live_server):
    """The check itself: an English page, claimed to be Welsh, fails it."""
    page.goto("/accessibility/")
    page.evaluate("document.documentElement.setAttribute('lang', 'cy')")
    page.evaluate("document.querySelectorAll('[lang=\"en-gb\"]').forEach(e => e.setAttribute('lang', 'cy'))")
    with pytest.raises(AssertionError, match="shows English"):
        assert_in_welsh(page)


def test_a_contributor_asks_a_question_in_the_community_in_welsh(page, live_server):
    """The community in Welsh: its front page, an action's space, a thread started (its error
    summary first), and the thread; then the facilitator's moderation page."""
    from community.services import spaces_for_plan

    members(
        [
            ("cai", "contributor@force-a.test", "dyfed-powys-police", "CONTRIBUTOR"),
            ("ann", "analyst@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
        ]
    )
    spaces_for_plan("nvap")
    _sign_in_in_welsh(page, "contributor@force-a.test")
    page.click(".govuk-service-navigation a:has-text('Cymuned')")
    page.wait_for_url(re.compile(r"/cy/community/$"))
    assert_in_welsh(page)
    page.click("a:has-text('2.2.1')")
    page.wait_for_url(re.compile(r"/cy/community/spaces/"))
    assert_in_welsh(page)
    page.click("text=Dechrau edefyn")
    page.wait_for_url(re.compile(r"/cy/community/spaces/.*/new/$"))
    assert_in_welsh(page)
    page.click("button:has-text('Postio')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_in_welsh(page)
    page.check("input[name=kind][value=question]")
    page.fill("#id_title", "Hyfforddiant ar y cyd")
    page.fill("#id_body", "Sut mae cyfrif hyfforddiant gyda phartneriaid?")
    page.click("button:has-text('Postio')")
    page.wait_for_url(re.compile(r"/cy/community/threads/\d+/$"))
    expect(page.locator(".govuk-tag:has-text('Yn aros am ateb')")).to_be_visible()
    assert_in_welsh(page)
    assert_fits_and_prints(page, "Hyfforddiant ar y cyd")

    page.context.clear_cookies()
    _sign_in_in_welsh(page, "analyst@vkpp.test")
    page.goto("/cy/community/moderation/")
    assert_in_welsh(page)
    expect(page.locator("a:has-text('Hyfforddiant ar y cyd')").first).to_be_visible()


def test_a_force_lead_runs_the_team_in_welsh(page, live_server):
    """The team page, an invitation refused and sent, in Welsh."""
    members([("lowri", "lead@force-a.test", "dyfed-powys-police", "FORCE_LEAD")])
    _sign_in_in_welsh(page, "lead@force-a.test")
    page.goto("/cy/organisations/dyfed-powys-police/")
    assert_in_welsh(page)
    page.click("a:has-text('Gwahodd rhywun')")
    page.wait_for_url(re.compile(r"/cy/organisations/dyfed-powys-police/invite/$"))
    assert_in_welsh(page)
    page.click("main button:has-text('Anfon y gwahoddiad')")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_in_welsh(page)
    page.fill("#id_email", "new@force-a.test")
    page.check("input[name=role][value=contributor]")
    page.click("main button:has-text('Anfon y gwahoddiad')")
    page.wait_for_url(re.compile(r"/cy/organisations/dyfed-powys-police/$"))
    expect(
        page.locator(".govuk-notification-banner:has-text('Gwahoddiad wedi’i anfon at new@force-a.test')")
    ).to_be_visible()
    assert_in_welsh(page)


@pytest.mark.parametrize(
    "who, pages",
    [
        (
            ("lowri", "lead@force-a.test", "dyfed-powys-police", "FORCE_LEAD"),
            [
                "/cy/reviews/",
                "/cy/reviews/request/",
                "/cy/practice/",
                "/cy/practice/examples/",
                "/cy/practice/examples/new/",
                "/cy/practice/calls/",
                "/cy/practice/help/dyfed-powys-police/",
                "/cy/practice/help/dyfed-powys-police/ask/",
                "/cy/case-reviews/",
                "/cy/impact/",
                "/cy/impact/mine/",
                "/cy/impact/forces/dyfed-powys-police/",
                "/cy/impact/forces/dyfed-powys-police/start/2.2.1/",
                "/cy/benchmarking/",
                "/cy/benchmarking/positions/dyfed-powys-police/",
                "/cy/benchmarking/positions/dyfed-powys-police/2.2.1/",
                "/cy/plan/nvap/",
                "/cy/plan/nvap/actions/2.2.1/",
                "/cy/plan/nvap/peel/6.2/",
                "/cy/plan/nvap/perennial-issues/collaborative-working/",
            ],
        ),
        (
            ("ann", "analyst@vkpp.test", "vkpp", "NATIONAL_ANALYST"),
            [
                "/cy/reviews/propose/",
                "/cy/reviews/findings/",
                "/cy/practice/help-requests/",
                "/cy/practice/import/",
                "/cy/case-reviews/reviews/",
                "/cy/case-reviews/reviews/new/",
                "/cy/case-reviews/briefings/",
                "/cy/case-reviews/themes/",
                "/cy/case-reviews/analysis/",
                "/cy/benchmarking/",
                "/cy/benchmarking/positions/live/",
                "/cy/benchmarking/similar-forces/",
                "/cy/benchmarking/exercises/new/",
            ],
        ),
        (
            ("ada", "admin@vkpp.test", "vkpp", "NATIONAL_ADMIN"),
            [
                "/cy/plan/manage/",
                "/cy/plan/manage/new/",
                "/cy/plan/manage/crosswalks/",
                "/cy/plan/manage/nvap/",
                "/cy/plan/manage/nvap/v/3/welsh/",
                "/cy/plan/manage/nvap/v/3/welsh/action/2.2.1/",
            ],
        ),
    ],
    ids=["force lead", "national analyst", "national admin"],
)
def test_each_roles_pages_of_every_area_are_in_welsh(page, live_server, who, pages):
    members([who])
    _sign_in_in_welsh(page, who[1])
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        assert_in_welsh(page)
