"""Who may open the deaths repository, and the log of everyone who does.

Only people granted a deaths role (`Grant`) reach any page of it: a force's named reporters
open their own force's records; deaths analysts and leads of the national team open every
record; deaths leads also read the access log. Nobody else can, whatever their role,
national admins included: for them every page is a 404, as if it did not exist. National
admins grant the roles (on the grants page, which shows no records).

Every page of the repository also needs a session that has passed a second factor, and a
reason for access chosen once per session; every read, search, export and print of a record
is written to the access log with that reason."""

from functools import wraps

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts import mfa
from deaths.models import AccessLog, DeathRecord, Grant

# The shared decorators and primitives (organisations.access.__all__), so this app's views
# import one access module: their own.
from organisations.access import *
from organisations.access import is_national_admin

REASON = "_deaths_reason"  # the session's reason for access, chosen on its first page


def grants_of(user) -> list[Grant]:
    """The person's deaths roles, read once a request."""
    if not user.is_authenticated:
        return []
    found = getattr(user, "_deaths_grants", None)
    if found is None:
        found = list(Grant.objects.filter(user=user).select_related("organisation"))
        user._deaths_grants = found
    return found


def is_national(user) -> bool:
    """A deaths analyst or lead: opens every record, validates, codes and reports."""
    return any(g.role in (Grant.Role.ANALYST, Grant.Role.LEAD) for g in grants_of(user))


def is_lead(user) -> bool:
    """A deaths lead: also reads the access log and reviews records for deletion."""
    return any(g.role == Grant.Role.LEAD for g in grants_of(user))


def reporting_forces(user) -> list[int]:
    """The forces the person notifies deaths for."""
    return sorted({g.organisation_id for g in grants_of(user) if g.role == Grant.Role.REPORTER})


def has_any(user) -> bool:
    return bool(grants_of(user))


def grants_roles(user) -> bool:
    """National admins grant and remove deaths roles, and so do deaths leads."""
    return is_national_admin(user) or is_lead(user)


def _gate(request, *, reason: bool):
    """None when the person may go on; else where they go first (second factor, reason)."""
    if not mfa.is_verified(request):
        if not mfa.enrolled(request.user):
            return redirect(
                reverse("accounts:two-factor") + "?" + urlencode({"next": request.get_full_path()})
            )
        return redirect(reverse("accounts:verify") + "?" + urlencode({"next": request.get_full_path()}))
    if reason and request.session.get(REASON) not in AccessLog.Reason.values:
        return redirect(reverse("deaths:reason") + "?" + urlencode({"next": request.get_full_path()}))
    return None


def deaths_page(view=None, *, reason: bool = True, allowed=has_any):
    """A page of the repository: signed in, `allowed` (any deaths role unless said), a second
    factor passed this session, and (unless `reason=False`) a reason for access chosen."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise Http404("Not found")
            gate = _gate(request, reason=reason)
            if gate is not None:
                return gate
            # What the repository's own navigation offers this person (deaths/_nav.html).
            request.deaths_nav = {"national": is_national(request.user), "lead": is_lead(request.user)}
            return view(request, *args, **kwargs)

        return restricted(wrapper)

    return decorate(view) if view is not None else decorate


def reason_of(request) -> str:
    return request.session.get(REASON, "")


def log(request, kind: str, what: str, record: DeathRecord | None = None) -> None:
    """Writes one line of the access log."""
    AccessLog.objects.create(
        user=request.user,
        kind=kind,
        reason=reason_of(request) or AccessLog.Reason.AUDIT,
        record=record,
        what=what[:300],
    )


def records_for(user):
    """The records the person may open: every record for analysts and leads, their own
    forces' for reporters."""
    found = DeathRecord.objects.all()
    if is_national(user):
        return found
    return found.filter(organisation_id__in=reporting_forces(user))


def get_record_for_user(user, pk) -> tuple[DeathRecord, bool]:
    """A record and whether the person may change what the force notified (its own force's
    reporters only: the national team questions and validates instead). A 404 for anyone
    who may not open it."""
    record = one(records_for(user).select_related("organisation", "organisation__region", "created_by"), pk)
    if record is None:
        raise Http404("Not found")
    return record, record.organisation_id in reporting_forces(user)
