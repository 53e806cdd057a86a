"""Disclosure-safe reporting on crafted data: no table, report or API answer shows a count
under the threshold or one its totals give away; reports are frozen; forces are anonymised."""

from datetime import date

import pytest

from deaths import rules, selectors, services
from deaths.models import Category, DeathRecord, Person
from deaths.tests.factories import a_record, verified


def _crafted(reporter_a, reporter_b, counts):
    """Notified and validated records in the project year from April 2025: `counts` maps
    (force slug, category) to how many."""
    n = 0
    for (slug, category), many in counts.items():
        for _ in range(many):
            n += 1
            by = reporter_a if slug == "norfolk-constabulary" else reporter_b
            record = a_record(
                by, slug, reference=f"R{n}", died=date(2025, 4 + n % 9, 1 + n % 27), category=category
            )
            services.person_add(record=record, by=by, fields={"role": Person.Role.VICTIM, "sex": "female"})


CRAFTED = {
    ("norfolk-constabulary", Category.INTIMATE_PARTNER): 7,
    ("norfolk-constabulary", Category.SUSPECTED_SUICIDE): 3,
    ("kent-police", Category.INTIMATE_PARTNER): 6,
    ("kent-police", Category.ADULT_FAMILY): 5,
    ("kent-police", Category.CHILD): 1,
}


def _derivable(table: dict) -> list:
    """Hidden cells a reader could work out from one row or column total: a line whose total
    shows and that hides exactly one count."""
    rows = [[c["count"] for c in r["cells"]] for r in table["rows"]]
    lines = rows if table["columns"][-1] == "Total" else []
    if table["rows"] and table["rows"][-1]["label"] == "Total":
        lines += [list(col) for col in zip(*rows, strict=True)]
    return [line for line in lines if line[-1] is not None and sum(v is None for v in line[:-1]) == 1]


def test_the_dashboard_shows_no_small_count_and_none_its_totals_give_away(client, deaths_cast):
    _crafted(deaths_cast["reporter_a"], deaths_cast["reporter_b"], CRAFTED)
    tables, checks = selectors.suppressed_tables(2025, 5)
    assert all(c["passed"] for c in checks.values())
    category = next(t for t in tables if t["title"] == "Deaths by category")
    shown = {r["label"]: [c["count"] for c in r["cells"]] for r in category["rows"]}
    assert shown["Intimate partner homicide"][1] == 13, "a count of 5 or more shows"
    assert shown["Child death"][1] is None, "1 is hidden"
    for table in tables:
        for row in table["rows"]:
            for cell in row["cells"]:
                assert cell["count"] is None or cell["count"] >= 5, (table["title"], row["label"])
        assert not _derivable(table), table["title"]
    page = verified(client, deaths_cast["deaths_analyst"]).get("/deaths/dashboard/?year=2025")
    html = page.content.decode()
    assert "fewer than 5" in html and "Passed" in html


def test_the_api_never_returns_a_small_or_derivable_count(client, deaths_cast):
    _crafted(deaths_cast["reporter_a"], deaths_cast["reporter_b"], CRAFTED)
    verified(client, deaths_cast["deaths_lead"])
    for by in ("category", "month", "region"):
        body = client.get(f"/api/v1/deaths/summary/?from=2025-04-01&to=2026-03-31&by={by}").json()
        counts = [c["deaths"] for c in body["cells"]]
        assert all(v is None or v >= 5 for v in counts + [body["total"]]), by
        hidden = sum(v is None for v in counts)
        assert hidden != 1 or body["total"] is None, (
            f"{by}: one hidden count and the total would give it away"
        )
        assert body["threshold"] == 5
    body = client.get("/api/v1/deaths/summary/?from=2025-04-01&to=2026-03-31&by=category").json()
    assert {c["label"]: c["deaths"] for c in body["cells"]}["intimate_partner"] == 13
    assert body["total"] == 22


@pytest.mark.parametrize(
    "query,message",
    [
        ("from=2025-04-01&to=2026-03-31&by=force", "by must be category, month or region"),
        ("from=2026-04-01&to=2025-03-31&by=month", "to must be on or after from"),
        ("from=2000-01-01&to=2026-03-31&by=month", "10 years or less"),
        ("from=yesterday&to=2026-03-31&by=month", ""),
        ("by=month", ""),
    ],
)
def test_the_api_answers_bad_parameters_in_json(client, deaths_cast, query, message):
    verified(client, deaths_cast["deaths_analyst"])
    response = client.get(f"/api/v1/deaths/summary/?{query}")
    assert response.status_code in (400, 422)
    assert message in response.json()["error"]["message"]


def test_a_report_is_frozen_anonymised_and_checked(client, deaths_cast):
    _crafted(deaths_cast["reporter_a"], deaths_cast["reporter_b"], CRAFTED)
    analyst = verified(client, deaths_cast["deaths_analyst"])
    made = analyst.post(
        "/deaths/reports/new/",
        {
            "title": "Year to March 2026",
            "period_from_day": "1",
            "period_from_month": "4",
            "period_from_year": "2025",
            "period_to_day": "31",
            "period_to_month": "3",
            "period_to_year": "2026",
        },
    )
    from deaths.models import Report

    report = Report.objects.get()
    assert made.url == f"/deaths/reports/{report.pk}/"
    assert report.disclosure["passed"] and all(c["passed"] for c in report.disclosure["tables"].values())
    forces = next(t for t in report.tables if t["title"].startswith("Deaths by force"))
    assert [r["label"] for r in forces["rows"]] == ["Force 1", "Force 2", "Total"]
    assert forces["columns"][-2] == "All other categories", "rare categories are never counted force by force"
    assert "Norfolk" not in str(report.tables) and "Kent" not in str(report.tables)
    DeathRecord.objects.update(category=Category.CHILD)
    report.refresh_from_db()
    category = next(t for t in report.tables if t["title"] == "Deaths by category")
    assert category["rows"][0]["cells"][1]["count"] == 13, "later changes leave the report as it was"
    from core.testing import body

    csv = body(analyst.get(f"/deaths/reports/{report.pk}/csv/")).decode()
    assert "fewer than 5" in csv and "Force 1" in csv
    pdf = analyst.get(f"/deaths/reports/{report.pk}/pdf/")
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf.content))
    assert pdf["Content-Type"] == "application/pdf" and "/StructTreeRoot" in reader.trailer["/Root"]
    assert "fewer than 5" in reader.pages[0].extract_text()


def test_bad_report_periods_are_refused(client, deaths_cast):
    analyst = verified(client, deaths_cast["deaths_analyst"])
    base = {"title": "T", "period_from_day": "1", "period_from_month": "4", "period_from_year": "2025"}
    for change, message in (
        (
            {"period_to_day": "1", "period_to_month": "3", "period_to_year": "2025"},
            "must be on or after the first day",
        ),
        ({"period_to_day": "31", "period_to_month": "2", "period_to_year": "2026"}, "must be a real date"),
        (
            {"title": "", "period_to_day": "1", "period_to_month": "4", "period_to_year": "2026"},
            "Enter a title",
        ),
        ({"period_to_day": "1", "period_to_month": "4", "period_to_year": "2035"}, "5 years or less"),
    ):
        response = analyst.post("/deaths/reports/new/", {**base, **change})
        assert response.status_code == 400 and message in response.content.decode(), change
    from deaths.models import Report

    assert not Report.objects.exists()


def test_the_dashboard_costs_the_same_queries_whatever_the_number_of_records(
    client, deaths_cast, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import work_counted

    analyst = verified(client, deaths_cast["deaths_analyst"])

    def cost():
        work_counted(deaths_cast["deaths_analyst"])
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert analyst.get("/deaths/dashboard/?year=2025").status_code == 200
        return len(queries)

    _crafted(
        deaths_cast["reporter_a"], deaths_cast["reporter_b"], {("kent-police", Category.ADULT_FAMILY): 3}
    )
    cost()  # the session's first page also does once-a-session work
    few = cost()
    _crafted(deaths_cast["reporter_a"], deaths_cast["reporter_b"], CRAFTED)
    assert cost() == few <= 12


def test_quick_time_counts_are_always_current(deaths_cast):
    today = date.today()
    before = selectors.quick_counts(today)["total"]
    a_record(deaths_cast["reporter_a"], died=today)
    assert selectors.quick_counts(today)["total"] == before + 1
    a_record(deaths_cast["reporter_a"], reference="D", died=today, send=False)
    assert selectors.quick_counts(today)["total"] == before + 1, "a draft does not count yet"


def test_the_monthly_access_report_counts_each_persons_reads(client, deaths_cast):
    from django.utils import timezone

    record = a_record(deaths_cast["reporter_a"])
    verified(client, deaths_cast["deaths_analyst"]).get(f"/deaths/records/{record.pk}/")
    client.get(f"/deaths/records/{record.pk}/")
    lead = verified(client, deaths_cast["deaths_lead"])
    page = lead.get(f"/deaths/access/monthly/?month={timezone.localdate():%Y-%m}").content.decode()
    assert "2 entries in the log this month" in page
    assert "Deaths.Analyst" in page
    assert lead.get("/deaths/access/monthly/?month=garbage").status_code == 200


def test_suppression_applies_the_configured_threshold(deaths_cast, settings):
    _crafted(deaths_cast["reporter_a"], deaths_cast["reporter_b"], CRAFTED)
    table = selectors.summary(date(2025, 4, 1), date(2026, 3, 31), "category", 8)
    assert rules.check(table, 8)["passed"]
    grid = table.grid()
    assert all(grid[i][0] >= 8 for i in range(len(grid)) if not table.hidden[i][0])


def test_the_dashboard_shows_the_most_frequent_themes_and_recommendations_by_action(client, deaths_cast):
    from deaths.models import Term
    from framework.models import Action

    _crafted(deaths_cast["reporter_a"], deaths_cast["reporter_b"], CRAFTED)
    analyst = deaths_cast["deaths_analyst"]
    control = Term.objects.get(list="theme", code="coercive_control")
    separation = Term.objects.get(list="theme", code="separation")
    action = Action.objects.get(code="2.2.1", version__label="3")
    for n, record in enumerate(DeathRecord.objects.order_by("pk")):
        services.themes_set(record=record, by=analyst, themes=[control] + ([separation] if n < 2 else []))
        if n < 6:
            services.recommendation_add(
                record=record, by=analyst, text="Ask.", addressee="police", action=action
            )
    tables, checks = selectors.suppressed_tables(2025, 5)
    assert all(c["passed"] for c in checks.values())
    themes = next(t for t in tables if t["title"].startswith("Themes most often coded"))
    assert [r["label"] for r in themes["rows"]][:2] == ["Coercive and controlling behaviour", "Separation"]
    assert themes["rows"][0]["cells"][1]["count"] == 22 and themes["rows"][1]["cells"][1]["count"] is None
    by_action = next(t for t in tables if t["title"] == "Recommendations by the plan's action")
    first = by_action["rows"][0]
    assert first["label"].startswith("2.2.1 ") and first["cells"][1]["count"] == 6
    assert first["link"] == "/plan/nvap/actions/2.2.1/"
    page = verified(client, analyst).get("/deaths/dashboard/?year=2025").content.decode()
    assert 'href="/plan/nvap/actions/2.2.1/"' in page


def test_a_report_for_any_period_has_every_table_but_the_months(deaths_cast):
    _crafted(deaths_cast["reporter_a"], deaths_cast["reporter_b"], CRAFTED)
    report = services.report_create(
        by=deaths_cast["deaths_analyst"],
        title="A quarter",
        period_from=date(2025, 7, 1),
        period_to=date(2025, 9, 30),
        threshold=5,
    )
    titles = [t["title"] for t in report.tables]
    assert "Victims by sex" in titles and "Risk factors recorded (people may have several)" in titles
    assert "Deaths by month of death" not in titles
    category = next(t for t in report.tables if t["title"] == "Deaths by category")
    assert category["columns"] == ["31 Mar 2025 to 30 Jun 2025", "1 Jul 2025 to 30 Sep 2025"]
    assert report.disclosure["passed"]
