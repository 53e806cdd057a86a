"""What needs a person now, from every part of the service (each app's `needs_you`), most
urgent first: the home page's list, and the count beside "Your work" in every page's header."""

from django.utils import timezone

from core import personal
from core.work import Item, ordered
from organisations import access

# The header's count is kept this long (and until the person's own data changes): a change
# someone else makes shows in it within this time, and on the home page at once.
COUNT_SECONDS = 300


def items_for(user, now=None) -> list[Item]:
    from benchmarking import selectors as benchmarking
    from casereviews import selectors as casereviews
    from community import selectors as community
    from deaths import selectors as deaths
    from framework import selectors as plan
    from impact import selectors as impact
    from organisations import selectors as organisations
    from practice import selectors as practice
    from reviews import selectors as reviews

    now = now or timezone.now()
    today = timezone.localdate(now)
    return ordered(
        [
            *benchmarking.needs_you(user, today),
            *plan.needs_you(user, today, national=access.is_national_team(user)),
            *impact.needs_you(user, today, now),
            *practice.needs_you(user, today),
            *reviews.needs_you(user, today),
            *casereviews.needs_you(user, today),
            *deaths.needs_you(user, today),
            *community.needs_you(user, today),
            *organisations.needs_you(user, today),
        ]
    )


def count_for(user) -> int:
    """How many things need the person: counted at most once in COUNT_SECONDS, or when their
    own data changes."""
    window = int(timezone.now().timestamp()) // COUNT_SECONDS
    return personal.cached(user, f"work-count:{window}", lambda: len(items_for(user)))
