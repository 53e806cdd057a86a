"""The demo's benchmarking exercise, so every demo role has something to see."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from benchmarking import services
from benchmarking.models import Exercise, Return
from framework.models import FrameworkVersion


@transaction.atomic
def demo_exercise_create():
    """An open benchmarking exercise, with Norfolk's return started, so every role has something to see."""
    if Exercise.objects.exists():
        return None
    admin = User.objects.get(email="admin@vkpp.demo")
    lead = User.objects.get(email="lead@norfolk.demo")
    today = timezone.localdate()
    exercise = services.exercise_create(
        created_by=admin,
        version=FrameworkVersion.objects.get(framework__slug="nvap", label="3"),
        title="NVAP benchmarking (demo)",
        instructions="Rate each action, say what your force is doing, and whether it can share or sees a gap.",
        opens_on=today,
        closes_on=today + timezone.timedelta(days=42),
    )
    services.exercise_open(exercise=exercise, by=admin)
    record = Return.objects.get(exercise=exercise, organisation__slug="norfolk-constabulary")
    answer = record.answers.get(action__code="2.1.1")
    services.answer_save(
        answer=answer,
        by=lead,
        revision=answer.revision,
        values={
            "rating": 3,
            "what_we_are_doing": "Call handlers use a vulnerability script; a daily review "
            "meeting checks incidents involving vulnerable people.",
            "can_share": False,
            "sees_gap": False,
        },
    )
    gap = record.answers.get(action__code="2.3.1")
    services.answer_save(
        answer=gap,
        by=lead,
        revision=gap.revision,
        values={
            "rating": 2,
            "what_we_are_doing": "Referrals to partners are made case by case; there is no shared pathway yet.",
            "can_share": False,
            "sees_gap": True,
        },
    )
    return exercise
