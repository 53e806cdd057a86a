"""Who may see and change benchmarking exercises, returns, answers and reports.

Built on the primitives in organisations.access; every force-scoped benchmarking view
fetches its object through one of these functions."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from benchmarking.models import Answer, Evidence, Exercise, Return
from benchmarking.rules import return_is_editable
from framework.selectors import action_rows

# The shared decorators and primitives (organisations.access.__all__), so this app's views
# import one access module: their own.
from organisations.access import *


def get_return_for_user(user, pk) -> tuple[Return, bool]:
    """A return and whether the user may change its answers: the force's own people and the
    national team see it; only those who write the force's work change it, and only while
    the return is open to them (benchmarking.rules). Anyone else gets a 404."""
    record = one(Return.objects.select_related("exercise__version__framework", "organisation"), pk)
    record, can_edit = force_object_for_user(user, record)
    return record, can_edit and return_is_editable(record)


def get_answer_in_return_for_user(user, pk, answer_pk) -> tuple[Return, Answer, bool]:
    """One answer of a return, read together with its return and how many pieces of evidence
    it has (`evidence_count`) in one query, its action and objective as kept (framework
    selectors.action_rows), and whether the user may change it, as get_return_for_user
    decides. A 404 when either is missing or is not theirs to see."""
    evidence_count = (
        Evidence.objects.filter(answer=OuterRef("pk")).order_by().values("answer").annotate(n=Count("pk"))
    )
    answer = one(
        Answer.objects.select_related(
            "return_record__exercise__version__framework", "return_record__organisation"
        )
        .filter(return_record_id=pk)
        .annotate(
            evidence_count=Coalesce(Subquery(evidence_count.values("n"), output_field=IntegerField()), 0)
        ),
        answer_pk,
    )
    if answer is None:
        raise Http404("No such answer")
    answer.action, answer.objective = action_rows(
        answer.return_record.exercise.version, answer.action_id, answer.objective_id
    )
    record, can_edit = force_object_for_user(user, answer.return_record)
    return record, answer, can_edit and return_is_editable(record)


def is_force_lead_of(user, organisation_id) -> bool:
    return can_in(user, Can.LEAD_FORCE, organisation_id)


def get_exercise_picture_for_user(user, pk) -> Exercise:
    """An exercise whose national picture the user may see: the national team always, anyone
    signed in once it is published. Otherwise a 404."""
    exercise = Exercise.objects.select_related("version__framework", "previous").filter(pk=pk).first()
    if exercise is None or (exercise.status != Exercise.Status.PUBLISHED and not is_national_team(user)):
        raise Http404("No such exercise")
    return exercise


def get_report_for_user(user, pk) -> Return:
    """A force's bespoke report: its own people once the exercise is published, and the
    national team at any time. Otherwise a 404."""
    record, _unused = get_return_for_user(user, pk)
    if record.exercise.status != Exercise.Status.PUBLISHED and not is_national_team(user):
        raise Http404("No report yet")
    return record


def get_answer_for_user(user, pk) -> tuple[Answer, bool]:
    """An answer and whether the user writes its force's work: its force's people and the
    national team see it; anyone else gets a 404."""
    answer = one(Answer.objects.select_related("return_record__organisation", "action"), pk)
    if answer is None:
        raise Http404("No such answer")
    _unused, can_edit = force_object_for_user(user, answer.return_record)
    return answer, can_edit


def get_force_positions_for_user(user, slug) -> tuple:
    """A force whose standing positions the user may read, and whether they may change
    them: the force's own people read, those who write its work change (and national admins);
    the national team reads every force's. A 404 for anyone else, and for a national body."""
    organisation, can_edit = get_organisation_for_user(user, slug)
    if not organisation.is_force:
        raise Http404("No such force")
    return organisation, can_edit
