"""Who hears about what in a benchmarking exercise."""

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core import languages
from core.notify import notify, quote
from organisations.roles import Can
from organisations.selectors import people_who_can


def return_submitted(record, by):
    url = reverse("benchmarking:review", args=[record.pk])
    notify(
        kind="returns",
        users=people_who_can(Can.REVIEW_RETURNS),
        subject=format_lazy(_("{name} submitted its return"), name=record.organisation.name_in_language),
        message=format_lazy(
            _("{name} submitted its return to {title}. It is ready for review."),
            name=record.organisation.name_in_language,
            title=record.exercise.title,
        ),
        url=url,
    )
    notify(
        kind="returns",
        users=people_who_can(Can.LEAD_FORCE, record.organisation_id),
        subject=_("Your return is submitted"),
        message=format_lazy(
            _("{by} submitted {name}'s return to {title}."),
            by=by,
            name=record.organisation.name_in_language,
            title=record.exercise.title,
        ),
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
                subject=_("You have answers to write"),
                message=format_lazy(
                    _("{by} gave you {actions} in {where}."), by=by, actions=_actions(answers), where=where
                ),
                url=url,
            )
    for person, answers in relieved.items():
        if person != by:
            notify(
                kind="assignments",
                users=[person],
                subject=_("Answers given to someone else"),
                message=format_lazy(
                    _(
                        "{by} gave {actions} in {where} to someone else or nobody: they are no longer yours to write."
                    ),
                    by=by,
                    actions=_actions(answers),
                    where=where,
                ),
                url=url,
            )


def return_sent_back(record):
    notify(
        kind="returns",
        users=people_who_can(Can.WRITE_FORCE_WORK, record.organisation_id),
        subject=_("Your return needs changes"),
        message=format_lazy(
            _("The national team returned {name}'s return to {title}: {quote}"),
            name=record.organisation.name_in_language,
            title=record.exercise.title,
            quote=quote(record.reviewer_comment),
        ),
        url=reverse("benchmarking:return", args=[record.pk]),
    )


def return_accepted(record):
    notify(
        kind="returns",
        users=people_who_can(Can.LEAD_FORCE, record.organisation_id),
        subject=_("Your return is accepted"),
        message=format_lazy(
            _("The national team accepted {name}'s return to {title}."),
            name=record.organisation.name_in_language,
            title=record.exercise.title,
        ),
        url=reverse("benchmarking:return", args=[record.pk]),
    )


def deadline_reminder(record, days: int, deadline) -> int:
    when = (
        _("today")
        if days == 0
        else _("tomorrow")
        if days == 1
        else format_lazy(ngettext_lazy("in {count} day", "in {count} days", "count"), count=days)
    )
    return notify(
        kind="deadlines",
        users=people_who_can(Can.LEAD_FORCE, record.organisation_id),
        subject=format_lazy(_("Your return is due {when}"), when=when),
        message=format_lazy(
            _("{name}'s return to {title} is due on {date} and is not yet submitted."),
            name=record.organisation.name_in_language,
            title=record.exercise.title,
            date=languages.date_for_reader(deadline),
        ),
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
            subject=format_lazy(
                _("{title} is open: your return is due on {date}"),
                title=exercise.title,
                date=languages.date_for_reader(exercise.closes_on),
            ),
            message=format_lazy(
                _("{title} is open. {name}'s return is due on {date}."),
                title=exercise.title,
                name=record.organisation.name_in_language,
                date=languages.date_for_reader(exercise.closes_on),
            ),
            url=reverse("benchmarking:return", args=[record.pk]),
        )
    return told
