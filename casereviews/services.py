"""Writes to the case review repository: in transactions, attributed for history."""

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from casereviews import rules
from casereviews.models import (
    Briefing,
    BriefingResponse,
    CaseReview,
    Coding,
    LearningPoint,
    LearningState,
    LearningTheme,
    Recommendation,
    Subject,
)
from core.concurrency import create_once, lock_unchanged
from core.history import attributed

REVIEW_FIELDS = (
    "kind",
    "nation",
    "partnership",
    "force",
    "published_on",
    "incident_on",
    "report_url",
    "pseudonym",
    "summary",
    "police_contact",
)
BRIEFING_FIELDS = ("kind", "title", "period_from", "period_to", "review_kinds", "action_codes", "commentary")


class CaseReviewError(Exception):
    """A change the repository's rules refuse; its message is shown to the person."""


def _check_dates(published_on, incident_on) -> None:
    if incident_on and published_on and incident_on > published_on:
        raise CaseReviewError(_("The incident must be on or before the day the review was published"))


@transaction.atomic
def review_record(*, by, fields: dict, joint_with=(), subjects=(), once=None) -> CaseReview:
    """Records a published review (not screened yet), with its subjects and the reviews it was
    held jointly with. A repeated `once` key returns the review the first call made."""
    _check_dates(fields.get("published_on"), fields.get("incident_on"))

    def create():
        review = CaseReview(created_by=by, once_key=once, **{k: fields.get(k) for k in REVIEW_FIELDS})
        review.pseudonym = review.pseudonym or ""
        review.summary = review.summary or ""
        attributed(review, by).save()
        review.joint_with.set(joint_with)
        for age_band, sex, ethnicity in subjects:
            attributed(Subject(review=review, age_band=age_band, sex=sex, ethnicity=ethnicity), by).save()
        return review

    return create_once(CaseReview, once, create)[0]


@transaction.atomic
def review_update(
    *, review: CaseReview, by, fields: dict, joint_with=None, seen: str | None = None
) -> CaseReview:
    """Changes what is recorded of a review; raises EditConflict when someone else saved it
    after the person opened it."""
    current = lock_unchanged(review, REVIEW_FIELDS + ("joint_with",), seen)
    _check_dates(
        fields.get("published_on", current.published_on), fields.get("incident_on", current.incident_on)
    )
    if current.is_published and fields.get("kind", current.kind) != current.kind:
        raise CaseReviewError(_("The type cannot change once the review's learning is published"))
    for name in REVIEW_FIELDS:
        if name in fields:
            value = fields[name]
            if value is None and name not in ("force", "incident_on"):
                value = ""
            setattr(current, name, value)
    if (
        current.police_contact != CaseReview.Contact.YES
        and current.screening == CaseReview.Screening.INCLUDED
    ):
        raise CaseReviewError(
            _("An included review must have police contact before the incident: screen it out first")
        )
    attributed(current, by).save()
    if joint_with is not None:
        current.joint_with.set([r for r in joint_with if r.pk != current.pk])
    if current.is_published:
        _refresh_published(current)
    return current


@transaction.atomic
def review_screen(*, review: CaseReview, by, include: bool, reason: str = "") -> CaseReview:
    """Screens a review in (the inclusion rule must hold) or out (with the reason)."""
    current = CaseReview.objects.select_for_update().get(pk=review.pk)
    if current.is_published:
        raise CaseReviewError(_("This review's learning is published: it cannot be screened again"))
    if include and not rules.may_include(current.police_contact):
        raise CaseReviewError(
            _("Only reviews where police were in contact before the incident can be included")
        )
    if not include and not reason.strip():
        raise CaseReviewError(_("Say why the review is screened out"))
    current.screening = CaseReview.Screening.INCLUDED if include else CaseReview.Screening.EXCLUDED
    current.exclusion_reason = "" if include else reason.strip()
    current.screened_at = timezone.now()
    attributed(current, by).save()
    return current


@transaction.atomic
def subject_add(*, review: CaseReview, by, age_band: str, sex: str, ethnicity: str, once=None) -> Subject:
    def create():
        subject = Subject(review=review, age_band=age_band, sex=sex, ethnicity=ethnicity, once_key=once)
        attributed(subject, by).save()
        return subject

    return create_once(Subject, once, create)[0]


@transaction.atomic
def subject_remove(*, subject: Subject, by) -> None:
    attributed(subject, by).delete()


def coding_for(*, review: CaseReview, by) -> Coding:
    """The person's own coding of the review, started if they have none."""
    if not rules.codable(review):
        raise CaseReviewError(_("Only an included review whose learning is not published yet can be coded"))
    coding = Coding.objects.filter(review=review, coder=by).first()
    if coding is not None:
        return coding
    with transaction.atomic():
        coding, _created = Coding.objects.get_or_create(review=review, coder=by)
    return coding


def _codes_check(actions, perennial_issues) -> None:
    versions = {a.version_id for a in actions} | {p.version_id for p in perennial_issues}
    if len(versions) > 1:
        raise CaseReviewError(_("Code the learning to one version of the plan"))


@transaction.atomic
def point_add(
    *,
    coding: Coding,
    by,
    text: str,
    page: str,
    kind: str,
    stage: str,
    actions=(),
    perennial_issues=(),
    themes=(),
    once=None,
) -> LearningPoint:
    """A learning point in the person's own coding of a review."""
    review = CaseReview.objects.select_for_update().get(pk=coding.review_id)
    if coding.coder_id != by.pk:
        raise CaseReviewError(_("You can add learning to your own coding only"))
    if not rules.codable(review):
        raise CaseReviewError(_("This review's learning is published: it cannot be coded further"))
    if not text.strip():
        raise CaseReviewError(_("Write the learning"))
    if any(t.retired for t in themes):
        raise CaseReviewError(_("A retired theme cannot be used"))
    _codes_check(actions, perennial_issues)

    def create():
        point = LearningPoint(
            coding=coding,
            review=review,
            text=text.strip(),
            page=page.strip(),
            kind=kind,
            stage=stage,
            review_kind=review.kind,
            year=review.published_on.year,
            once_key=once,
        )
        attributed(point, by).save()
        point.actions.set(actions)
        point.perennial_issues.set(perennial_issues)
        point.themes.set(themes)
        return point

    return create_once(LearningPoint, once, create)[0]


@transaction.atomic
def point_remove(*, point: LearningPoint, by) -> None:
    review = CaseReview.objects.select_for_update().get(pk=point.review_id)
    if point.coding.coder_id != by.pk:
        raise CaseReviewError(_("You can remove learning from your own coding only"))
    if review.is_published:
        raise CaseReviewError(_("This review's learning is published: it cannot be removed"))
    attributed(point, by).delete()


@transaction.atomic
def coding_done(*, coding: Coding, by, done: bool = True) -> Coding:
    current = Coding.objects.select_for_update().get(pk=coding.pk)
    if current.coder_id != by.pk:
        raise CaseReviewError(_("Only the coder marks their coding done"))
    current.done_at = timezone.now() if done else None
    attributed(current, by).save()
    return current


@transaction.atomic
def recommendation_add(
    *, review: CaseReview, by, text: str, addressee: str, points=(), once=None
) -> Recommendation:
    if not text.strip():
        raise CaseReviewError(_("Write the recommendation"))
    if any(p.review_id != review.pk for p in points):
        raise CaseReviewError(_("Link learning from this review only"))

    def create():
        item = Recommendation(review=review, text=text.strip(), addressee=addressee, once_key=once)
        attributed(item, by).save()
        item.points.set(points)
        return item

    return create_once(Recommendation, once, create)[0]


@transaction.atomic
def recommendation_remove(*, item: Recommendation, by) -> None:
    attributed(item, by).delete()


@transaction.atomic
def learning_publish(*, review: CaseReview, by, coding: Coding) -> CaseReview:
    """Publishes one coding's learning to forces (the coders have compared theirs first)."""
    current = CaseReview.objects.select_for_update().get(pk=review.pk)
    if current.is_published:
        raise CaseReviewError(_("This review's learning is already published"))
    if current.screening != CaseReview.Screening.INCLUDED:
        raise CaseReviewError(_("Only an included review's learning is published"))
    if coding.review_id != current.pk:
        raise CaseReviewError(_("Choose a coding of this review"))
    if not coding.points.exists():
        raise CaseReviewError(_("That coding has no learning points yet"))
    current.published_coding = coding
    current.learning_published_at = timezone.now()
    attributed(current, by).save()
    _refresh_published(current)
    return current


def _refresh_published(review: CaseReview) -> None:
    """Marks the published coding's points as what forces read, with the review's type and
    year copied on for searching, and their words indexed."""
    points = LearningPoint.objects.filter(review=review)
    chosen = points.filter(coding=review.published_coding)
    points.exclude(pk__in=chosen.values("pk")).update(published=False)
    chosen.update(published=True, review_kind=review.kind, year=review.published_on.year)
    search_vector_update(chosen)
    LearningState.changed()


def search_vector_update(points) -> None:
    """PostgreSQL: the full-text vector a search matches the learning's words against. (SQLite
    keeps its FTS5 index in step by triggers: migration 0002.)"""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    points.update(search_vector=SearchVector("text", config="english"))


@transaction.atomic
def theme_add(*, by, name: str, description: str = "") -> LearningTheme:
    name = " ".join(name.split())
    if not name:
        raise CaseReviewError(_("Name the theme"))
    if LearningTheme.objects.filter(name__iexact=name).exists():
        raise CaseReviewError(_("There is already a theme with that name"))
    theme = LearningTheme(name=name, description=description.strip())
    attributed(theme, by).save()
    LearningState.changed()
    return theme


@transaction.atomic
def theme_update(
    *, theme: LearningTheme, by, name: str, description: str, retired: bool, seen=None
) -> LearningTheme:
    current = lock_unchanged(theme, ("name", "description", "retired"), seen)
    name = " ".join(name.split())
    if not name:
        raise CaseReviewError(_("Name the theme"))
    if LearningTheme.objects.filter(name__iexact=name).exclude(pk=current.pk).exists():
        raise CaseReviewError(_("There is already a theme with that name"))
    current.name, current.description, current.retired = name, description.strip(), retired
    attributed(current, by).save()
    LearningState.changed()
    return current


def _check_briefing(fields: dict) -> None:
    start, end = fields.get("period_from"), fields.get("period_to")
    if start and end and end < start:
        raise CaseReviewError(_("The period must end on or after the day it starts"))
    if not (fields.get("title") or "").strip():
        raise CaseReviewError(_("Give the briefing a title"))


@transaction.atomic
def briefing_create(*, by, fields: dict, themes=(), once=None) -> Briefing:
    _check_briefing(fields)

    def create():
        briefing = Briefing(created_by=by, once_key=once, **{k: fields[k] for k in BRIEFING_FIELDS})
        attributed(briefing, by).save()
        briefing.themes.set(themes)
        return briefing

    return create_once(Briefing, once, create)[0]


@transaction.atomic
def briefing_update(*, briefing: Briefing, by, fields: dict, themes=(), seen=None) -> Briefing:
    current = lock_unchanged(briefing, BRIEFING_FIELDS + ("themes",), seen)
    if current.is_published:
        raise CaseReviewError(_("A published briefing cannot change"))
    _check_briefing(fields)
    for name in BRIEFING_FIELDS:
        setattr(current, name, fields[name])
    attributed(current, by).save()
    current.themes.set(themes)
    return current


@transaction.atomic
def briefing_publish(*, briefing: Briefing, by) -> Briefing:
    """Fixes the briefing's counts and learning as they stand, publishes it and tells every
    force's people."""
    from casereviews import selectors
    from core.notify import notify
    from organisations.roles import Can
    from organisations.selectors import people_who_can

    current = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if current.is_published:
        raise CaseReviewError(_("This briefing is already published"))
    points = list(selectors.briefing_learning(current).values_list("pk", flat=True))
    if not points:
        raise CaseReviewError(_("No published learning matches the briefing's filters: change them first"))
    current.counts = selectors.briefing_counts(current)
    current.published_at = timezone.now()
    current.published_by = by
    attributed(current, by).save()
    current.points.set(points)
    from django.urls import reverse

    notify(
        users=people_who_can(Can.READ_FORCE_WORK),
        subject=format_lazy(_("New briefing: {title}"), title=current.title),
        message=(
            format_lazy(
                _(
                    "The national team has published a briefing on learning from safeguarding case reviews: {title}."
                ),
                title=current.title,
            )
        ),
        kind="casereviews",
        url=reverse("casereviews:briefing", args=[current.pk]),
    )
    return current


@transaction.atomic
def response_add(
    *, briefing: Briefing, organisation, action, by, text: str, as_activity: bool = False, once=None
):
    """A force's record of how it has acted on a briefing's learning against an action; it
    can become an activity in the force's impact plan for the action."""
    from impact import services as impact

    if not briefing.is_published:
        raise CaseReviewError(_("Only a published briefing can be answered"))
    if not text.strip():
        raise CaseReviewError(_("Say what the force has done or will do"))

    def create():
        response = BriefingResponse(
            briefing=briefing,
            organisation=organisation,
            action=action,
            text=text.strip(),
            created_by=by,
            once_key=once,
        )
        if as_activity:
            try:
                response.impact_activity = impact.activity_for(
                    organisation=organisation,
                    action=action,
                    objective=None,
                    by=by,
                    text=f"{text.strip()} (acting on the briefing: {briefing.title})",
                )
            except impact.ImpactError as problem:
                raise CaseReviewError(str(problem)) from None
        attributed(response, by).save()
        return response

    return create_once(BriefingResponse, once, create)[0]


@transaction.atomic
def response_update(*, response: BriefingResponse, by, text: str, seen=None) -> BriefingResponse:
    current = lock_unchanged(response, ("text",), seen)
    if not text.strip():
        raise CaseReviewError(_("Say what the force has done or will do"))
    current.text = text.strip()
    attributed(current, by).save()
    return current
