"""Data and accounts for the local cluster and its load test (bin/cluster, bin/loadtest).

    python bench/cluster.py prepare          # the bench data set, sign-in accounts, a token
    python bench/cluster.py deadline         # a fresh exercise on its last day, every answer done
    python bench/cluster.py deadline-check   # after the run: nothing lost, nothing twice, mail sent

Everything it writes for the load test goes to var/cluster/*.json.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nvaphub.settings")
OUT = ROOT / "var" / "cluster"
PASSWORD = "bench-password-2026"  # synthetic accounts of the bench data set only


def prepare() -> None:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from accounts.models import User
    from accounts.services import api_token_create
    from bench.generate import TOTP_KEY, bench_analyst, generate, second_factors
    from benchmarking.models import Answer, Exercise, Return
    from core import personal
    from impact.models import Measure
    from organisations.models import Membership, Organisation
    from practice.models import LibraryEntry

    call_command("migrate", verbosity=0)
    print("Data set:", generate())
    analyst = bench_analyst()
    # One password hash for every synthetic account: hashing 441 passwords would take minutes.
    User.objects.filter(email__endswith=".bench").update(password=make_password(PASSWORD))
    # Written past the model (no signal): the app servers' kept rows are forgotten here.
    personal.forget(User.objects.filter(email__endswith=".bench").values_list("pk", flat=True))
    second_factors()
    # A session carries a hash of the password: read the new one before making sessions.
    analyst.refresh_from_db()
    current = (
        Exercise.objects.filter(title__startswith="Bench exercise", status="open")
        .order_by("-opens_on")
        .first()
    )
    published = Exercise.objects.filter(status="published").order_by("-opens_on").first()
    contributors = []
    for membership in Membership.objects.filter(
        user__email__endswith=".bench", role=Membership.Role.CONTRIBUTOR, organisation__kind="force"
    ).select_related("user", "organisation"):
        record = Return.objects.get(exercise=current, organisation=membership.organisation)
        answers = list(Answer.objects.filter(return_record=record).values_list("pk", flat=True))
        measures = list(
            Measure.objects.filter(organisation=membership.organisation).values_list("pk", flat=True)[:10]
        )
        contributors.append(
            {
                "email": membership.user.email,
                "return": record.pk,
                "answers": answers,
                "published_return": Return.objects.get(
                    exercise=published, organisation=membership.organisation
                ).pk,
                "measures": measures,
            }
        )
    # BI tools: 25 analysts, each with a personal token (the API's rate limit is per person).
    tokens = []
    for n in range(25):
        person, _ = User.objects.get_or_create(
            email=f"bench-bi-{n}@vkpp.bench", defaults={"full_name": f"Bench BI {n}"}
        )
        Membership.objects.get_or_create(
            user=person,
            organisation=Organisation.objects.get(slug="vkpp"),
            role=Membership.Role.NATIONAL_ANALYST,
        )
        tokens.append(api_token_create(user=person, name="Load test")[1])
    for person in contributors:
        person["session"] = _session(User.objects.get(email=person["email"]))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "accounts.json").write_text(
        json.dumps(
            {
                "password": PASSWORD,
                "totp_key": TOTP_KEY,
                "contributors": contributors,
                "analyst": analyst.email,
                "analyst_sessions": [_session(analyst) for _ in range(40)],
                "tokens": tokens,
                "published_exercise": published.pk,
                "review_returns": list(
                    Return.objects.filter(exercise=published).values_list("pk", flat=True)[:44]
                ),
                "library_entries": list(LibraryEntry.objects.values_list("pk", flat=True)[:2000]),
            }
        )
    )
    print(f"{len(contributors)} contributors; accounts in {OUT / 'accounts.json'}")


def _session(user) -> str:
    """A signed-in session for the person, made as signing in would make it: the load test's
    steady state starts signed in, rather than spending its first minute hashing passwords
    (PBKDF2, about half a second of CPU by design; the deadline run signs its leads in)."""
    import time
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts import backends

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The code before the work on speed (bin/loadtest's comparison) knows only Django's own.
    store[BACKEND_SESSION_KEY] = os.environ.get("CLUSTER_SESSION_BACKEND", backends.PATH)
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["_touched"] = int(time.time())
    # Past their second step too, where they have one (accounts.mfa).
    store["_mfa_at"], store["_mfa_how"] = int(time.time()), "app"
    store.create()
    return store.session_key


def deadline() -> None:
    """An exercise closing today, opened on all 18 actions, with every answer of every force
    complete: its leads only have to submit."""
    from datetime import date, timedelta

    from django.db import transaction

    from accounts.models import User
    from benchmarking import services
    from benchmarking.models import Answer, Exercise, Return
    from framework.models import FrameworkVersion
    from organisations.models import Membership

    version = FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    admin = User.objects.get(email="bench-analyst@vkpp.bench")
    today = date.today()
    with transaction.atomic():
        Exercise.objects.filter(title__startswith="Deadline exercise", status="open").update(status="closed")
        exercise = services.exercise_create(
            created_by=admin,
            version=version,
            title=f"Deadline exercise {Exercise.objects.filter(title__startswith='Deadline').count() + 1}",
            opens_on=today - timedelta(days=30),
            closes_on=today,
            actions=list(version.actions.all()),
        )
        services.exercise_open(exercise=exercise, by=admin)
        Answer.objects.filter(return_record__exercise=exercise).update(
            rating=3,
            what_we_are_doing="Synthetic narrative about the force's work on this action. " * 4,
            sees_gap=False,
            can_share=False,
        )
    leads = []
    for record in Return.objects.filter(exercise=exercise).select_related("organisation"):
        lead = Membership.objects.filter(
            organisation=record.organisation, role=Membership.Role.FORCE_LEAD
        ).first()
        contributors = Membership.objects.filter(
            organisation=record.organisation, role=Membership.Role.CONTRIBUTOR
        ).values_list("user__email", flat=True)
        answers = list(Answer.objects.filter(return_record=record).values_list("pk", flat=True))
        leads.append(
            {
                "email": lead.user.email,
                "return": record.pk,
                "contributors": list(contributors),
                "answers": answers,
            }
        )
    (OUT / "deadline.json").write_text(json.dumps({"exercise": exercise.pk, "forces": leads}))
    print(f"Exercise {exercise.pk} closes today; {len(leads)} forces ready to submit")


def deadline_check() -> int:
    """Every force's return submitted exactly once; its notifications queued and sent."""
    import glob

    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    from benchmarking.models import Return

    plan = json.loads((OUT / "deadline.json").read_text())
    records = Return.objects.filter(exercise_id=plan["exercise"])
    submitted = records.filter(status=Return.Status.SUBMITTED).count()
    history = Return.history.filter(exercise_id=plan["exercise"], status=Return.Status.SUBMITTED)
    submissions = {}
    for row in history.order_by("history_date"):
        # A submission is the change into SUBMITTED; later saves of a submitted return are not.
        previous = row.prev_record
        if previous is None or previous.status != Return.Status.SUBMITTED:
            submissions[row.id] = submissions.get(row.id, 0) + 1
    twice = {pk: n for pk, n in submissions.items() if n > 1}
    waiting = DBTaskResult.objects.filter(status="READY").count()
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    mails = sum(
        Path(name).read_text(errors="replace").count("\nSubject: ")
        for name in glob.glob(str(Path(settings.EMAIL_FILE_PATH) / "*.log"))
    )
    result = {
        "forces": records.count(),
        "submitted": submitted,
        "submitted_twice": len(twice),
        "tasks_waiting": waiting,
        "tasks_failed": failed,
        "emails_sent": mails,
    }
    print(json.dumps(result))
    (OUT / "deadline-check.json").write_text(json.dumps(result))
    return 0 if submitted == records.count() and not twice and not failed else 1


if __name__ == "__main__":
    import django

    django.setup()
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "prepare":
        prepare()
    elif command == "deadline":
        deadline()
    elif command == "deadline-check":
        sys.exit(deadline_check())
    else:
        sys.exit(__doc__)
