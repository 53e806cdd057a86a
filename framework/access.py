"""Who may read and change the plan.

Every signed-in reader (and, where the service is set so, anyone) reads published versions;
the national team also reads drafts; national admins (`Can.AUTHOR_FRAMEWORKS`) draft,
publish and crosswalk frameworks and carry forces' work to a successor. Built on the
primitives in organisations.access."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

# The shared decorators and primitives (organisations.access.__all__), so this app's views
# import one access module: their own.
from organisations.access import *
from organisations.access import NATIONAL_ADMIN, _mark


def reads_drafts(user) -> bool:
    """Draft versions are for the national team until they are published."""
    return is_national_team(user)


def authors_frameworks(user) -> bool:
    return user.is_authenticated and can(user, Can.AUTHOR_FRAMEWORKS)


def authors(view):
    """National admins only: signed-out people sign in; everyone else gets a 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not authors_frameworks(request.user):
            raise PermissionDenied("Frameworks are drafted and published by the national team's admins.")
        return view(request, *args, **kwargs)

    return _mark(wrapper, NATIONAL_ADMIN)
