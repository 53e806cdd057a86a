"""Benchmark: builds a national-scale synthetic data set, then fetches every page as a
signed-in user and reports p50/p95 server time and query count per page.

    DATABASE_URL=... python bench/run.py [--requests 40]

Server time is measured in-process through Django's full request handling (middleware,
views, templates), without network or browser time. Each page is fetched a few times to
warm up, then timed --requests times.
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nvaphub.settings")
os.environ.setdefault("DEBUG", "1")


FLOOR = "Floor: the base layout (accessibility page)"
FLOOR_URL = "/accessibility/"


def timed(name, url, request, runs, *, expected=200, before=None, floor=None):
    """Runs `request()` `runs` times and returns the figures: p50 and p95 server time in ms
    and the most queries any run made. `before()` runs ahead of each request (a cache clear).
    With `floor` (a request for the floor page), the floor is fetched and timed just before
    each run, so the page and the floor it is compared with meet the same state of the
    machine: its p50 is reported beside the page's as `floor_p50_ms`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries, floor_timings = [], set(), []
    for _ in range(runs):
        if floor is not None:
            start = time.perf_counter()
            floor()
            floor_timings.append((time.perf_counter() - start) * 1000)
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = request()
            timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != expected:
            shown = re.findall(r'<li><a href="[^"]*">([^<]*)', response.content.decode(errors="replace"))
            raise AssertionError(f"{url}: {response.status_code}, expected {expected}: {shown[:5]}")
        queries.add(len(ctx.captured_queries))
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    figures = {
        "page": name,
        "url": url,
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95, 1),
        "queries": max(queries),
        "requests": runs,
    }
    if floor_timings:
        # Kept unrounded for the share below: the floor is about a millisecond.
        figures["floor_p50_ms"] = statistics.median(floor_timings)
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--output", default=None, help="write the figures as JSON here")
    parser.add_argument("--prepare", action="store_true", help="build the data set, measure nothing")
    parser.add_argument(
        "--only",
        default="",
        help="time only the pages whose names contain one of these (comma-separated), and the floor; "
        "no documents, uploads or exports",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.generate import bench_admin, bench_analyst, generate, second_factors
    from bench.generate import signed_in as _signed_in

    # No test instrumentation (it copies every template's context as it renders, which a
    # server does not): the test client only needs its host allowed.
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    summary = generate()
    second_factors()
    if connection.vendor == "postgresql":
        # As autovacuum would after a bulk load: fresh statistics, no dead rows.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"Data set on {connection.vendor}: {summary}")
    if args.prepare:
        return

    from accounts.models import User
    from benchmarking.models import Exercise, Return

    client = Client()
    _signed_in(client, User.objects.get(email="bench-user-0@norfolk-constabulary.bench"))
    national = Client()
    analyst = bench_analyst()
    _signed_in(national, analyst)
    authors = Client()
    _signed_in(authors, bench_admin())
    published = Exercise.objects.filter(status="published").order_by("-opens_on").first()
    current = (
        Exercise.objects.filter(title__startswith="Bench exercise", status="open")
        .order_by("-opens_on")
        .first()
    )
    own = Return.objects.get(exercise=published, organisation__slug="norfolk-constabulary")
    own_open = Return.objects.get(exercise=current, organisation__slug="norfolk-constabulary")

    from impact.models import Measure, Plan

    plan = Plan.objects.get(
        organisation__slug="norfolk-constabulary", action__code="2.2.1", action__version__label="3"
    )
    measure = Measure.objects.filter(plan_objective__plan=plan).order_by("pk").first()
    suggested = Measure.objects.filter(
        suggested_measure__isnull=False, organisation__slug="norfolk-constabulary"
    ).first()
    from practice.models import LibraryEntry

    entry_pk = LibraryEntry.objects.order_by("pk").values_list("pk", flat=True)[500]
    from practice.models import Example

    own_example = Example.objects.filter(organisation__slug="norfolk-constabulary").order_by("pk").first()
    owner = Client()
    _signed_in(owner, User.objects.get(email="bench-user-1@norfolk-constabulary.bench"))
    # Someone who reads in Welsh (their floor is the Welsh one: a person switching language
    # on every request would be timing the switch).
    welsh = Client()
    _signed_in(welsh, User.objects.get(email="bench-user-2@norfolk-constabulary.bench"))

    from reviews.models import PeerReview

    bench_review = (
        PeerReview.objects.filter(organisation__slug="norfolk-constabulary", status="follow_up")
        .order_by("pk")
        .first()
        .pk
    )
    pages = [
        # The floor: the base layout around a page of static text, signed in (the cheapest page
        # the service serves). Every other page's figures are compared with it.
        (FLOOR, FLOOR_URL),
        ("Home", "/"),  # a force lead's: what needs them
        ("Plan overview (NVAP, 18 actions)", "/plan/nvap/"),
        ("Plan overview (synthetic, 210 actions)", "/plan/bench/"),
        ("Versions", "/plan/nvap/versions/"),
        (
            "Action sheet 2.2.1 (a force lead: the sheet, their force and across forces)",
            "/plan/nvap/actions/2.2.1/",
        ),
        (
            "Action sheet 2.2.1 (national analyst: the sheet and across forces)",
            (national, "/plan/nvap/actions/2.2.1/"),
        ),
        ("Action sheet (synthetic 7.30.1)", "/plan/bench/actions/7.30.1/"),
        ("Older version of an action", "/plan/nvap/v/2/actions/2.2.1/"),
        ("Toolkit 2.6.1", "/plan/nvap/actions/2.6.1/toolkit/"),
        ("Toolkit (synthetic 7.30.1)", "/plan/bench/actions/7.30.1/toolkit/"),
        ("Action history and comparison", "/plan/nvap/actions/2.2.1/history/?a=2&b=3-toolkit"),
        ("PEEL measure 6.2", "/plan/nvap/peel/6.2/"),
        ("PEEL measure (synthetic, linked to 210 actions)", "/plan/bench/peel/1.1/"),
        ("Perennial issue", "/plan/nvap/perennial-issues/collaborative-working/"),
        ("Search: referral", "/plan/search/?q=referral"),
        ("Search: referral, theme 2", "/plan/search/?q=referral&theme=2"),
        ("Search every framework: synthetic (three frameworks)", "/plan/search/?q=synthetic"),
        (
            "Crosswalk: two 200-element frameworks side by side (200 links)",
            "/plan/crosswalks/bench-next/1/bench/1/",
        ),
        (
            "Crosswalk: two 200-element frameworks side by side, cold (drawn every time)",
            (client, "/plan/crosswalks/bench-next/1/bench/1/", "cold"),
        ),
        (
            "Crosswalk as a national admin, cold (a change link on each of the 200 links)",
            (authors, "/plan/crosswalks/bench-next/1/bench/1/", "cold"),
        ),
        ("Frameworks (national admin)", (authors, "/plan/manage/")),
        ("Crosswalks and links waiting for review (national admin)", (authors, "/plan/manage/crosswalks/")),
        (
            "Carry work to a successor: preview for 44 forces (704 positions)",
            (authors, "/plan/manage/bench-next/v/1/carry/"),
        ),
        (
            "Carry work to a successor: one force's preview",
            (authors, "/plan/manage/bench-next/v/1/carry/?force=norfolk-constabulary"),
        ),
        (
            "Compare a version with the one before (NVAP 3 with 2)",
            (authors, "/plan/manage/nvap/v/3/compare/"),
        ),
        (
            "Team page (Norfolk, as its lead: people, what they own, invitations, changes)",
            "/organisations/norfolk-constabulary/",
        ),
        ("Home (contributor and impact owner)", (owner, "/")),
        ("Home (national analyst: reviews, closing exercises, practice to assess)", (national, "/")),
        ("Your account", "/accounts/"),
        ("Home in Welsh (another contributor)", (welsh, "/cy/")),
        ("Your account in Welsh", (welsh, "/cy/accounts/")),
        ("Welsh translation status (national admin)", (authors, "/translations/")),
        ("Plan overview in Welsh (synthetic, 210 actions, half in Welsh)", (welsh, "/cy/plan/bench/")),
        ("Action sheet in Welsh (synthetic 7.29.1, in Welsh)", (welsh, "/cy/plan/bench/actions/7.29.1/")),
        ("Toolkit in Welsh (synthetic 7.29.1)", (welsh, "/cy/plan/bench/actions/7.29.1/toolkit/")),
        (
            "The plan's Welsh: what to translate (synthetic version, 210 actions and toolkits)",
            (authors, "/plan/manage/bench/v/1/welsh/"),
        ),
        (
            "The plan's Welsh: what to translate, cold (counted afresh, as after each save)",
            (authors, "/plan/manage/bench/v/1/welsh/", "cold"),
        ),
        (
            "The plan's Welsh: a toolkit side by side (synthetic 7.29.1, 87 texts)",
            (authors, "/plan/manage/bench/v/1/welsh/toolkit/7.29.1/"),
        ),
        ("Welsh translation: drafts matching a search (national admin)", (authors, "/translations/?q=the")),
        ("Second factors (Your account)", "/accounts/two-factor/"),
        ("Sign-in second step (asked again)", "/accounts/verify/"),
        ("API: NVAP", "/api/v1/frameworks/nvap/"),
        ("API: synthetic, 210 actions", "/api/v1/frameworks/bench/"),
        ("Action sheet PDF (a document, not a page)", "/plan/nvap/actions/2.2.1/pdf/"),
        ("Benchmarking home (force)", "/benchmarking/"),
        ("Return page (18 actions)", f"/benchmarking/returns/{own_open.pk}/"),
        ("Answer page", f"/benchmarking/returns/{own_open.pk}/answers/{own_open.answers.first().pk}/"),
        ("Check your answers before submitting (18 answers)", f"/benchmarking/returns/{own_open.pk}/submit/"),
        (
            "National picture + heatmap, force view (cached)",
            f"/benchmarking/exercises/{published.pk}/picture/",
        ),
        ("Force report (cached picture)", f"/benchmarking/returns/{own.pk}/report/"),
        ("National: exercise page", (national, f"/benchmarking/exercises/{current.pk}/")),
        (
            "National: picture + heatmap (cached)",
            (national, f"/benchmarking/exercises/{published.pk}/picture/"),
        ),
        (
            "National: picture + heatmap (cold, no cache)",
            (national, f"/benchmarking/exercises/{published.pk}/picture/", "cold"),
        ),
        (
            "National: picture + heatmap in Welsh, forces named in Welsh (cold, no cache)",
            (national, f"/cy/benchmarking/exercises/{published.pk}/picture/", "cold"),
        ),
        (
            "National: review screen (18 answers, evidence, last time, position history)",
            (national, f"/benchmarking/returns/{own.pk}/review/"),
        ),
        (
            "National: key findings beside the figures (2.2.1)",
            (national, f"/benchmarking/exercises/{published.pk}/findings/2.2.1/"),
        ),
        ("Standing positions: Norfolk's 18", "/benchmarking/positions/norfolk-constabulary/"),
        (
            "Standing position 2.2.1 with its history (10 saves)",
            "/benchmarking/positions/norfolk-constabulary/2.2.1/",
        ),
        ("Standing positions: live picture, force view (cached)", "/benchmarking/positions/live/"),
        (
            "National: live picture of standing positions (cached)",
            (national, "/benchmarking/positions/live/"),
        ),
        (
            "National: live picture of standing positions (cold, no cache)",
            (national, "/benchmarking/positions/live/", "cold"),
        ),
        ("National: one action's positions, 44 forces", (national, "/benchmarking/positions/live/2.2.1/")),
        (
            "Peer comparison 2.2.1 (region, group, every force, ski slope, 10-exercise trend)",
            f"/benchmarking/returns/{own.pk}/compare/2.2.1/",
        ),
        (
            "Peer comparison 2.2.1 (cold, no cache)",
            (client, f"/benchmarking/returns/{own.pk}/compare/2.2.1/", "cold"),
        ),
        (
            "Peer review page (a review of 2 actions, 25 findings, of 200)",
            f"/reviews/{bench_review}/",
        ),
        ("Peer review findings (25, with what is behind them)", f"/reviews/{bench_review}/findings/"),
        ("Peer review report (25 findings)", f"/reviews/{bench_review}/report/"),
        ("National: findings across 200 reviews (5,000 findings)", (national, "/reviews/findings/")),
        ("National: findings across reviews, cold (no cache)", (national, "/reviews/findings/", "cold")),
        ("Peer comparison chart SVG (groups)", f"/benchmarking/returns/{own.pk}/compare/2.2.1/groups.svg"),
        ("Peer comparison chart PNG (ski slope)", f"/benchmarking/returns/{own.pk}/compare/2.2.1/slope.png"),
        ("API: exercise answers, page of 100", (national, f"/api/v1/exercises/{published.pk}/answers/")),
        ("Practice library (landing; facet counts cached)", "/practice/"),
        ("Practice library, cold (facets counted every time)", (client, "/practice/", "cold")),
    ]
    # Each search as people meet it (its results kept until the library changes), then cold:
    # the first asking after a publication, with nothing kept.
    for label, query in [
        ("search 'missing children' + facets", "?q=missing+children"),
        ("search + two facets", "?q=referral&strand=mental-health&stage=independent"),
        ("facets only (action 2.2.1, region)", "?action=2.2.1&region=south-east"),
        ("page 20 of a broad search (half the library)", "?q=safeguarding&page=20"),
    ]:
        pages += [
            (f"Practice library: {label}", (client, f"/practice/{query}")),
            (f"Practice library: {label}, cold", (client, f"/practice/{query}", "cold")),
        ]
    # Learning from case reviews: 2,000 reviews, 18,000 published learning points.
    from casereviews.models import LearningTheme

    theme_pk = LearningTheme.objects.order_by("pk").values_list("pk", flat=True).first()
    for label, query in [
        ("landing (every facet counted)", ""),
        ("search 'risk' + facets", "?q=risk"),
        ("search + two facets", "?q=referral&type=dhr&action=2.2.1"),
        ("facets only (action 2.2.1, theme)", f"?action=2.2.1&theme={theme_pk}"),
        ("page 20 of a broad search", "?q=safeguarding&page=20"),
    ]:
        pages.append((f"Case review learning: {label}", (client, f"/case-reviews/{query}")))
        pages.append((f"Case review learning: {label}, cold", (client, f"/case-reviews/{query}", "cold")))
    pages += [
        ("Case review learning: meta-analysis (by action, theme, year)", (client, "/case-reviews/analysis/")),
        (
            "Case review learning: meta-analysis, cold",
            (client, "/case-reviews/analysis/", "cold"),
        ),
        (
            "Action sheet 2.2.1, cold (case review panel counted)",
            (client, "/plan/nvap/actions/2.2.1/", "cold"),
        ),
        (
            "API: case review learning, action 2.2.1, page of 100",
            (national, "/api/v1/case-review-learning/?action=2.2.1&page_size=100"),
        ),
    ]
    # The deaths repository: 5,000 records over ten years, read by a deaths lead.
    from bench.generate import bench_deaths_people
    from deaths.models import DeathRecord, DeathsState

    deaths_lead, _reporter = bench_deaths_people()
    restricted = Client()
    _signed_in(restricted, deaths_lead)
    session = restricted.session
    session["_deaths_reason"] = "analysis"
    session.save()
    death = DeathRecord.objects.filter(force_reference__startswith="BENCH-").order_by("pk").first()
    from datetime import date, timedelta

    today = date.today()
    ten_years_ago = today - timedelta(days=3650)
    pages += [
        ("Deaths: dashboard (14 suppressed tables, two years of 5,000)", (restricted, "/deaths/dashboard/")),
        (
            "Deaths: dashboard after a change (figures counted, suppressed and checked again)",
            (restricted, "/deaths/dashboard/", DeathsState.changed),
        ),
        (
            "Deaths: dashboard, cold (counted, suppressed and checked)",
            (restricted, "/deaths/dashboard/", "cold"),
        ),
        ("Deaths: overview (quick-time counts, queue to validate)", (restricted, "/deaths/")),
        ("Deaths: records, page 1 of 5,000 (logged)", (restricted, "/deaths/records/")),
        (
            "Deaths: a record (people, questions, history; logged)",
            (restricted, f"/deaths/records/{death.pk}/"),
        ),
        ("Deaths: access log (20,000 lines), page 1", (restricted, "/deaths/access/")),
        (
            "Deaths: API summary by month, 10 years (suppressed)",
            (restricted, f"/api/v1/deaths/summary/?from={ten_years_ago}&to={today}&by=month"),
        ),
    ]
    # The community: the 2.2.1 space (2,000 threads) and its 500-post thread.
    from community.models import Space, Thread

    space = Space.objects.get(kind=Space.Kind.ACTION, framework_slug="nvap", action_code="2.2.1")
    long_thread = Thread.objects.filter(space=space).order_by("-post_count", "pk").first()
    pages += [
        ("Community: front page (every space, waiting questions)", (national, "/community/")),
        ("Community: space of 2,000 threads, page 1", f"/community/spaces/{space.slug}/"),
        ("Community: space of 2,000 threads, page 80", f"/community/spaces/{space.slug}/?page=80"),
        (
            "Community: space of 2,000 threads, questions only",
            f"/community/spaces/{space.slug}/?type=question",
        ),
        ("Community: thread of 500 posts, page 1", f"/community/threads/{long_thread.pk}/"),
        ("Community: thread of 500 posts, last page", f"/community/threads/{long_thread.pk}/?page=10"),
        (
            "Community: thread of 500 posts, as a facilitator",
            (national, f"/community/threads/{long_thread.pk}/"),
        ),
        ("Community: search 'training partners' (ranked)", "/community/search/?q=training+partners"),
        ("Community: moderation queue", (national, "/community/moderation/")),
    ]
    pages += [
        ("Practice library entry + related", f"/practice/library/{entry_pk}/"),
        ("Find help (Norfolk's gaps, fallbacks, its questions)", "/practice/help/norfolk-constabulary/"),
        ("National: questions from forces (440, 176 waiting)", (national, "/practice/help-requests/")),
    ]
    if own_example is not None:
        pages += [
            ("Practice example (the force's own, with its owner)", f"/practice/examples/{own_example.pk}/"),
            ("Practice example: who owns it", f"/practice/examples/{own_example.pk}/owner/"),
        ]
    pages += [
        ("API: practice, page of 100", (national, "/api/v1/practice/?q=referral&page_size=100")),
        ("Practice library: the whole library offered as a file (counted)", "/practice/library/export.csv"),
        ("Impact: force dashboard (18 plans, 90 measures)", "/impact/forces/norfolk-constabulary/"),
        ("Impact: plan page (2.2.1)", f"/impact/plans/{plan.pk}/"),
        ("Impact: journey to good", f"/impact/plans/{plan.pk}/journey/"),
        (
            "Impact: measure page (120 monthly values, the latest 24 listed)",
            f"/impact/measures/{measure.pk}/",
        ),
        ("Impact: 10-year chart SVG (cached)", f"/impact/measures/{measure.pk}/chart.svg"),
        (
            "Impact: 10-year chart SVG (drawn, no cache)",
            (client, f"/impact/measures/{measure.pk}/chart.svg", "cold"),
        ),
        ("Impact: objectives I own (35 across 18 plans)", (owner, "/impact/mine/")),
        (
            "National: one suggested measure across 44 forces",
            (national, f"/impact/suggested-measures/{suggested.suggested_measure_id}/"),
        ),
    ]
    # As a server's worker does once the app is loaded (gunicorn.conf.py, post_worker_init):
    # what exists now is never scanned by the garbage collector again.
    import gc

    from core import cache as core_cache

    gc.collect()
    gc.freeze()
    results = []
    if args.only:
        wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
        pages = [
            (name, target)
            for name, target in pages
            if name == FLOOR or any(w in name.lower() for w in wanted)
        ]
    for name, target in pages:
        who, url, cold = (
            (client, target, False) if isinstance(target, str) else (target[0], target[1], len(target) > 2)
        )
        # "cold" clears the whole cache before each request; a callable instead does only what
        # it says (a repository's version moved, as after a change).
        before = (target[2] if callable(target[2]) else core_cache.clear) if cold else None
        for _ in range(3):
            response = who.get(url)
            assert response.status_code == 200, (url, response.status_code)
        count = args.requests if not url.endswith("/pdf/") else max(5, args.requests // 8)
        results.append(
            timed(
                name,
                url,
                lambda who=who, url=url: who.get(url),
                count,
                before=before,
                # Every page is timed side by side with the floor, fetched by the same person
                # (not the cold ones: clearing the cache before each would make it cold too).
                floor=None
                if name == FLOOR or cold
                else lambda who=who, url=url: who.get(("/cy" if url.startswith("/cy/") else "") + FLOOR_URL),
            )
        )
    if args.only:
        if any(w in "open an exercise for 44 forces from standing positions" for w in wanted):
            results += opening_exercises(admin=analyst)
        return _report(results, args, summary)
    # Documents: whole-exercise export and a force's PDF report (5 runs each, cold cache).
    for name, who, url in [
        (
            "Exercise export XLSX (44 forces x 18 actions)",
            national,
            f"/benchmarking/exercises/{published.pk}/export.xlsx",
        ),
        ("Force report PDF", client, f"/benchmarking/returns/{own.pk}/report/pdf/"),
        ("Impact plan XLSX (template layout)", client, f"/impact/plans/{plan.pk}/template.xlsx"),
        ("Impact plan PDF", client, f"/impact/plans/{plan.pk}/pdf/"),
    ]:
        results.append(timed(name, url, lambda who=who, url=url: who.get(url), 5, before=core_cache.clear))
    results += opening_exercises(admin=analyst)
    # Uploads, each read whole and checked whole through the one safe reader (10 runs each).
    # Unchanged files write nothing, so every run does the same work; hostile files are
    # refused by the reader before anything is parsed.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.test_hostile_uploads import _sheet, _zip_bomb, xlsx

    workbook = client.get(f"/benchmarking/returns/{own_open.pk}/workbook/").content
    template = client.get(f"/impact/plans/{plan.pk}/template.xlsx").content
    values = "Period,Value,Note\n" + "".join(
        f"{m.period},{m.value},{m.note}\n" for m in measure.measurements.order_by("period")
    )
    huge = xlsx(_sheet([(1, ["Period", "Value"]), (1048576, ["x"])], dimension="A1:XFD1048576"))
    uploads = [
        (
            "Upload: return workbook, unchanged (18 answers)",
            f"/benchmarking/returns/{own_open.pk}/workbook/upload/",
            workbook,
            302,
        ),
        ("Upload: impact plan template, unchanged", f"/impact/plans/{plan.pk}/import/", template, 302),
        (
            "Upload: 120 measure values (CSV), unchanged",
            f"/impact/measures/{measure.pk}/upload/",
            values.encode(),
            302,
        ),
        ("Upload refused: a cell at row 1,048,576", f"/impact/measures/{measure.pk}/upload/", huge, 400),
        (
            "Upload refused: a 300 MB zip bomb",
            f"/impact/measures/{measure.pk}/upload/",
            _zip_bomb(["Period", "Value"], "Sheet1"),
            400,
        ),
    ]
    for name, url, data, expected in uploads:
        results.append(
            timed(
                name,
                url,
                lambda url=url, data=data: client.post(url, {"file": SimpleUploadedFile("upload", data)}),
                10,
                expected=expected,
            )
        )
    results += export_memory()
    _report(results, args, summary)


def opening_exercises(*, admin) -> list[dict]:
    """Opening an exercise for every force from its standing positions: the draft made and
    opened (44 returns, an answer per action or objective, each started from the force's
    position), then rolled back, so every run does the same work (5 runs each)."""
    from django.db import transaction

    from benchmarking import services
    from framework.models import FrameworkVersion

    version = FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    actions = list(version.actions.filter(scope="force"))
    rows = []

    class Opened:
        status_code = 200

    for granularity, label in (("action", "per action, 792 answers"), ("objective", "per objective")):

        def run(granularity=granularity):
            with transaction.atomic():
                exercise = services.exercise_create(
                    created_by=admin,
                    version=version,
                    title="Bench opening",
                    opens_on=__import__("datetime").date(2026, 2, 1),
                    closes_on=__import__("datetime").date(2026, 3, 1),
                    granularity=granularity,
                    actions=actions,
                )
                services.exercise_open(exercise=exercise, by=admin, tell_forces=True)
                transaction.set_rollback(True)
            return Opened()

        rows.append(timed(f"Open an exercise for 44 forces from standing positions ({label})", "-", run, 5))
    return rows


def _report(results, args, summary) -> None:
    """Each row's share of the floor, the table printed, and the figures written."""
    from django.db import connection

    floor = next(r for r in results if r["page"] == FLOOR)["p50_ms"]
    for r in results:
        # Throughput as a share of the floor's, from the median server times: a page's own
        # floor, timed beside it, where there is one (documents and uploads use the floor's row).
        beside = r.pop("floor_p50_ms", None)
        r["floor_pct"] = round(100 * (beside or floor) / r["p50_ms"]) if r.get("p50_ms") else None
    print()
    print(f"| Page ({connection.vendor}) | p50 ms | p95 ms | queries | % of floor |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['page']} | {r['p50_ms']} | {r['p95_ms']} | {r['queries']} | {r['floor_pct']} |")
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(
            json.dumps({"vendor": connection.vendor, "data": summary, "pages": results}, indent=2)
        )


def export_memory() -> list[dict]:
    """The whole library exported as CSV and as XLSX, each in a fresh process of its own: the
    request that asks for it, then the worker's job that writes it, with the job's time and
    the process's peak memory (resident set)."""
    import subprocess

    out = []
    for fmt in ("csv", "xlsx"):
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "export_memory.py"), fmt],
            capture_output=True,
            text=True,
            timeout=1800,
            env=os.environ,
        )
        if done.returncode:
            raise AssertionError(done.stderr)
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        out.append(
            {
                "page": (
                    f"Library export in the background, the whole library ({figures['entries']:,} "
                    f"examples), {fmt.upper()}; asked for in {figures['request_ms']} ms"
                ),
                "url": f"/practice/library/export.{fmt}",
                "p50_ms": figures["ms"],
                "p95_ms": figures["ms"],
                "queries": figures["queries"],
                "requests": 1,
                "peak_mb": figures["peak_mb"],
                "bytes": figures["bytes"],
            }
        )
    return out


if __name__ == "__main__":
    main()
