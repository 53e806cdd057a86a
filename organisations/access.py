"""The access primitives every app builds on.

Every view declares who may reach it with one of the decorators below; a test walks
every URL pattern and fails if a view has none. What a person may do comes from the one
roles table (organisations.roles) through `can` and `can_in`. Each feature app writes its
own `get_<thing>_for_user` functions in its `access.py` on top of `force_object_for_user`,
which answers 404 outside the user's organisation (so "does not exist" and "not yours"
look the same) and reports whether the user may write.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core import personal
from organisations.models import Membership, Organisation
from organisations.roles import Can, holds

Role = Membership.Role

# What each feature app's access.py re-exports (`from organisations.access import *`), so a
# feature's views import one access module: their own.
__all__ = [
    "Can",
    "can",
    "can_manage_team",
    "can_in",
    "force_object_for_user",
    "force_scoped",
    "forces_of",
    "get_organisation_for_user",
    "is_national_team",
    "memberships_of",
    "national_team",
    "one",
    "plan_reader",
    "public",
    "require",
    "require_write",
    "restricted",
    "signed_in",
]

# Names of the access policies views declare (read by the URL walking test).
PUBLIC = "public"
SIGNED_IN = "signed_in"
PLAN_READER = "plan_reader"
FORCE_SCOPED = "force_scoped"
NATIONAL_ADMIN = "national_admin"
NATIONAL_TEAM = "national_team"
# Restricted data (the deaths repository): only the people its own app names; a 404 for
# everyone else, whatever their role, so the pages do not even show that they exist.
RESTRICTED = "restricted"


def _mark(view, policy):
    view.access_policy = policy
    return view


def public(view):
    """Anyone may reach this view, signed in or not."""
    return _mark(view, PUBLIC)


def restricted(view):
    """Marks a view of restricted data: the app's own decorator does the checking, and the
    app's own access walk proves every other role gets a 404."""
    return _mark(view, RESTRICTED)


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
    """The user's memberships with their organisations: kept in the cache between requests
    until any of them (or their organisations) changes (core.personal), and on the user for
    the rest of the request."""
    if not user.is_authenticated:
        return []
    found = getattr(user, "_memberships_cache", None)
    if found is None:
        found = personal.cached(
            user,
            "memberships",
            lambda: list(user.memberships.select_related("organisation", "organisation__region")),
        )
        user._memberships_cache = found
    return found


def roles_of(user) -> set[str]:
    return {m.role for m in memberships_of(user)}


def can(user, capability: Can) -> bool:
    """Whether the user holds a national capability (through any of their memberships)."""
    if capability == Can.ADMINISTER and getattr(user, "is_superuser", False):
        return True
    return holds(roles_of(user), capability)


def can_in(user, capability: Can, organisation_id) -> bool:
    """Whether the user holds a force capability in that organisation."""
    return holds(force_roles_in(user, organisation_id), capability)


def require(allowed: bool) -> None:
    """A 403 when the person's role does not allow what they asked for."""
    if not allowed:
        raise PermissionDenied("Your role does not allow this.")


def forces_of(user) -> list[int]:
    """The ids of the forces the user belongs to (national bodies left out)."""
    return [m.organisation_id for m in memberships_of(user) if m.organisation.is_force]


def is_national_team(user) -> bool:
    """National admins, analysts and peer reviewers see every force's work."""
    return can(user, Can.SEE_EVERY_FORCE)


def is_national_admin(user) -> bool:
    return user.is_authenticated and can(user, Can.ADMINISTER)


def get_organisation_for_user(user, slug: str) -> tuple[Organisation, bool]:
    """The organisation and whether the user may change its work.

    A user sees their own organisations; the national team sees every organisation.
    Anything else is a 404, exactly as if the organisation did not exist.
    """
    for membership in memberships_of(user):
        if membership.organisation.slug == slug:
            organisation = membership.organisation
            return organisation, can_in(user, Can.WRITE_FORCE_WORK, organisation.pk) or is_national_admin(
                user
            )
    if is_national_team(user):
        try:
            organisation = Organisation.objects.select_related("region").get(slug=slug)
        except Organisation.DoesNotExist:
            raise Http404("No such organisation") from None
        return organisation, is_national_admin(user)
    raise Http404("No such organisation")


def can_manage_team(user, organisation: Organisation) -> bool:
    """Who invites people to an organisation, changes their roles and removes them: a force's
    own leads, and national admins for any organisation."""
    return is_national_admin(user) or (
        organisation.is_force and can_in(user, Can.LEAD_FORCE, organisation.pk)
    )


def require_write(can_edit: bool) -> None:
    """Read-only users get a 403 when they try to change something."""
    if not can_edit:
        raise PermissionDenied("You can read this but not change it.")


def force_roles_in(user, organisation_id) -> set[str]:
    return {m.role for m in memberships_of(user) if m.organisation_id == organisation_id}


def one(queryset, pk):
    """The row with this key, or None. Read without the model's default ordering: ordering
    by a related table's column would join that table only to sort a single row."""
    return queryset.filter(pk=pk).order_by("pk").first()


def force_object_for_user(user, obj):
    """(obj, can_edit) for an object of a force (anything with an `organisation_id`): its
    people and the national team see it; those who write the force's work change it; anyone
    else gets a 404."""
    if obj is None:
        raise Http404("Not found")
    roles = force_roles_in(user, obj.organisation_id)
    if not roles and not is_national_team(user):
        raise Http404("Not found")
    return obj, holds(roles, Can.WRITE_FORCE_WORK)
