from datetime import date, timedelta

from django.utils import timezone

from benchmarking import services
from framework.models import FrameworkVersion

COMPLETE = {
    "rating": 3,
    "what_we_are_doing": "A vulnerability desk triages every call.",
    "planned_activity": "",
    "planned_by": None,
    "potential_for_improvement": "",
    "can_share": False,
    "share_contact": "",
    "sees_gap": False,
}


def open_exercise(
    by, *, codes=("2.1.1", "2.2.1", "2.3.1"), granularity="action", previous=None, tell_forces=False, **dates
):
    """An open exercise on `codes`. Forces are not told unless asked (`tell_forces`): tests
    of what people are told see only what they are about."""
    version = FrameworkVersion.objects.get(framework__slug="nvap", label="3")
    today = timezone.localdate()
    exercise = services.exercise_create(
        created_by=by,
        version=version,
        title="NVAP benchmarking 2026",
        opens_on=dates.get("opens_on", today - timedelta(days=1)),
        closes_on=dates.get("closes_on", today + timedelta(days=30)),
        granularity=granularity,
        actions=list(version.actions.filter(code__in=codes)),
        previous=previous,
    )
    services.exercise_open(exercise=exercise, by=by, tell_forces=tell_forces)
    exercise.refresh_from_db()
    return exercise


def complete_return(record, by):
    for answer in record.answers.all():
        services.answer_save(answer=answer, by=by, revision=answer.revision, values=COMPLETE)


def a_date(days=0):
    return date.today() + timedelta(days=days)
