"""Who hears about what in a benchmarking exercise."""

from django.urls import reverse
from django.utils import timezone

from core.notify import notify, quote
from organisations.roles import Can
from organisations.selectors import people_who_can


def return_submitted(record, by):
    url = reverse("benchmarking:review", args=[record.pk])
    notify(
        kind="returns",
        users=people_who_can(Can.REVIEW_RETURNS),
        subject=f"{record.organisation.name} submitted its return",
        message=f"{record.organisation.name} submitted its return to {record.exercise.title}. It is ready for review.",
        url=url,
    )
    notify(
        kind="returns",
        users=people_who_can(Can.LEAD_FORCE, record.organisation_id),
        subject="Your return is submitted",
        message=f"{by} submitted {record.organisation.name}'s return to {record.exercise.title}.",
        url=reverse("benchmarking:return", args=[record.pk]),
    )


def _actions(answers) -> str:
    named = [
        f"{a.action.code}{f' objective {a.objective.number}' if a.objective_id else ''}" for a in answers
    ]
    return ", ".join(named)


def answers_assigned(record, *, given: dict, relieved: dict, by) -> None:
    """Tells each person given answers to write, and each relieved of some, which (one
    message each). Nobody is told of what they did themselves."""
    where = f"{record.organisation.name}'s return to {record.exercise.title}"
    url = reverse("benchmarking:return", args=[record.pk])
    for person, answers in given.items():
        if person != by:
            notify(
                kind="assignments",
                users=[person],
                subject="You have answers to write",
                message=f"{by} gave you {_actions(answers)} in {where}.",
                url=url,
            )
    for person, answers in relieved.items():
        if person != by:
            notify(
                kind="assignments",
                users=[person],
                subject="Answers given to someone else",
                message=f"{by} gave {_actions(answers)} in {where} to someone else or nobody: "
                "they are no longer yours to write.",
                url=url,
            )


def return_sent_back(record):
    notify(
        kind="returns",
        users=people_who_can(Can.WRITE_FORCE_WORK, record.organisation_id),
        subject="Your return needs changes",
        message=f"The national team returned {record.organisation.name}'s return to {record.exercise.title}: "
        f"{quote(record.reviewer_comment)}",
        url=reverse("benchmarking:return", args=[record.pk]),
    )


def return_accepted(record):
    notify(
        kind="returns",
        users=people_who_can(Can.LEAD_FORCE, record.organisation_id),
        subject="Your return is accepted",
        message=f"The national team accepted {record.organisation.name}'s return to {record.exercise.title}.",
        url=reverse("benchmarking:return", args=[record.pk]),
    )


def deadline_reminder(record, days: int, deadline) -> int:
    when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    return notify(
        kind="deadlines",
        users=people_who_can(Can.LEAD_FORCE, record.organisation_id),
        subject=f"Your return is due {when}",
        message=f"{record.organisation.name}'s return to {record.exercise.title} is due on "
        f"{deadline:%-d %B %Y} and is not yet submitted.",
        url=reverse("benchmarking:return", args=[record.pk]),
    )


def today():
    return timezone.localdate()


def exercise_opened(exercise, returns) -> int:
    """Tells each force's leads and contributors that the exercise is open, with its deadline
    and a link to their own return. Returns how many people were told."""
    from organisations.selectors import writers_of

    told = 0
    for record in returns:
        told += notify(
            kind="returns",
            users=writers_of(record.organisation_id),
            subject=f"{exercise.title} is open: your return is due on {exercise.closes_on:%-d %B %Y}",
            message=f"{exercise.title} is open. {record.organisation.name}'s return is due on "
            f"{exercise.closes_on:%-d %B %Y}.",
            url=reverse("benchmarking:return", args=[record.pk]),
        )
    return told
