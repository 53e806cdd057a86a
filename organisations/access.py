"""The access rules, in one place.

Every view declares who may reach it with one of the decorators below; a test walks
every URL pattern and fails if a view has none. Force-scoped reads go through
get_organisation_for_user (and, as features arrive, its siblings), which answer 404
outside the user's organisation, so "does not exist" and "not yours" look the same,
and report whether the user may write.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from organisations.models import Membership, Organisation

Role = Membership.Role

# Names of the access policies views declare (read by the URL walking test).
PUBLIC = "public"
SIGNED_IN = "signed_in"
PLAN_READER = "plan_reader"
FORCE_SCOPED = "force_scoped"
NATIONAL_ADMIN = "national_admin"
NATIONAL_TEAM = "national_team"


def _mark(view, policy):
    view.access_policy = policy
    return view


def public(view):
    """Anyone may reach this view, signed in or not."""
    return _mark(view, PUBLIC)


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, SIGNED_IN)


def plan_reader(view):
    """The plan: any signed-in user, or anyone when PLAN_IS_PUBLIC is on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (settings.PLAN_IS_PUBLIC or request.user.is_authenticated):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _mark(wrapper, PLAN_READER)


def force_scoped(view):
    """Signed-in only; the view must fetch its object through an access function below."""
    return _mark(signed_in(view), FORCE_SCOPED)


def national_team(view):
    """Signed-in national admins, analysts and peer reviewers only; others get a 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_national_team(request.user):
            raise PermissionDenied("This page is for the national team.")
        return view(request, *args, **kwargs)

    return _mark(wrapper, NATIONAL_TEAM)


def memberships_of(user) -> list[Membership]:
    """The user's memberships, fetched once per request and cached on the user."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_memberships_cache", None)
    if cached is None:
        cached = list(user.memberships.select_related("organisation", "organisation__region"))
        user._memberships_cache = cached
    return cached


def roles_of(user) -> set[str]:
    return {m.role for m in memberships_of(user)}


def is_national_team(user) -> bool:
    """National admins, analysts and peer reviewers see every force's work."""
    return bool(roles_of(user) & Membership.NATIONAL_TEAM_ROLES)


def is_national_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or Role.NATIONAL_ADMIN in roles_of(user))


def get_organisation_for_user(user, slug: str) -> tuple[Organisation, bool]:
    """The organisation and whether the user may change its work.

    A user sees their own organisations; the national team sees every organisation.
    Anything else is a 404, exactly as if the organisation did not exist.
    """
    for membership in memberships_of(user):
        if membership.organisation.slug == slug:
            can_edit = any(
                m.role in Membership.FORCE_EDITOR_ROLES or m.role == Role.NATIONAL_ADMIN
                for m in memberships_of(user)
                if m.organisation.slug == slug
            )
            return membership.organisation, can_edit
    if is_national_team(user):
        try:
            organisation = Organisation.objects.select_related("region").get(slug=slug)
        except Organisation.DoesNotExist:
            raise Http404("No such organisation") from None
        return organisation, is_national_admin(user)
    raise Http404("No such organisation")


def require_write(can_edit: bool) -> None:
    """Read-only users get a 403 when they try to change something."""
    if not can_edit:
        raise PermissionDenied("You can read this but not change it.")


def force_roles_in(user, organisation_id) -> set[str]:
    return {m.role for m in memberships_of(user) if m.organisation_id == organisation_id}


def get_return_for_user(user, pk) -> tuple:
    """A benchmarking return and whether the user may change its answers.

    The force's own people and the national team see a return; anyone else gets a 404.
    Only the force's lead and contributors may write, and only while the return is open to
    them (see Return editing rules in benchmarking.rules).
    """
    from benchmarking.models import Return
    from benchmarking.rules import return_is_editable

    try:
        record = Return.objects.select_related("exercise__version__framework", "organisation").get(pk=pk)
    except (Return.DoesNotExist, ValueError):
        raise Http404("No such return") from None
    roles = force_roles_in(user, record.organisation_id)
    if not roles and not is_national_team(user):
        raise Http404("No such return")
    can_edit = bool(roles & Membership.FORCE_EDITOR_ROLES) and return_is_editable(record)
    return record, can_edit


def is_force_lead_of(user, organisation_id) -> bool:
    return Role.FORCE_LEAD in force_roles_in(user, organisation_id)


def get_exercise_picture_for_user(user, pk):
    """An exercise whose national picture the user may see: the national team always, anyone
    signed in once it is published. Otherwise a 404."""
    from benchmarking.models import Exercise

    try:
        exercise = Exercise.objects.select_related("version__framework", "previous").get(pk=pk)
    except (Exercise.DoesNotExist, ValueError):
        raise Http404("No such exercise") from None
    if exercise.status != Exercise.Status.PUBLISHED and not is_national_team(user):
        raise Http404("No such exercise")
    return exercise


def get_report_for_user(user, pk):
    """A force's bespoke report: its own people once the exercise is published, and the
    national team at any time. Otherwise a 404."""
    from benchmarking.models import Exercise

    record, _ = get_return_for_user(user, pk)
    if record.exercise.status != Exercise.Status.PUBLISHED and not is_national_team(user):
        raise Http404("No report yet")
    return record


def _force_object_for_user(user, obj):
    """(obj, can_edit) for an object of a force: its people and the national team see it;
    its leads and contributors change it; anyone else gets a 404."""
    roles = force_roles_in(user, obj.organisation_id)
    if not roles and not is_national_team(user):
        raise Http404("Not found")
    return obj, bool(roles & Membership.FORCE_EDITOR_ROLES)


def get_plan_for_user(user, pk, plans=None) -> tuple:
    """An impact realisation plan (from `plans`, a queryset with what the caller needs
    prefetched, when given) and whether the user may change it."""
    from impact.models import Plan

    plans = (
        plans
        if plans is not None
        else Plan.objects.select_related("organisation", "action__version__framework")
    )
    plan = plans.filter(pk=pk).first()
    if plan is None:
        raise Http404("No such plan")
    return _force_object_for_user(user, plan)


def get_measure_for_user(user, pk) -> tuple:
    from impact.models import Measure

    measure = Measure.objects.select_related("organisation").filter(pk=pk).first()
    if measure is None:
        raise Http404("No such measure")
    return _force_object_for_user(user, measure)


def get_example_for_user(user, pk) -> tuple:
    """A force's practice example (its working copy, whatever its status) and whether the user
    may change it: the force's people and the national team see it; its leads and contributors
    change it. Anyone else gets a 404, published or not: the library shows published examples."""
    from practice.models import Example

    example = (
        Example.objects.select_related("organisation", "call", "source_answer__return_record")
        .filter(pk=pk)
        .first()
    )
    if example is None:
        raise Http404("No such practice example")
    return _force_object_for_user(user, example)


def get_answer_for_user(user, pk) -> tuple:
    """A benchmarking answer and whether the user is one of its force's editors: its force's
    people and the national team see it; anyone else gets a 404."""
    from benchmarking.models import Answer

    answer = Answer.objects.select_related("return_record__organisation", "action").filter(pk=pk).first()
    if answer is None:
        raise Http404("No such answer")
    _, can_edit = _force_object_for_user(user, answer.return_record)
    return answer, can_edit
