"""What needs a person now: each feature app lists its own items (`needs_you` in its
selectors), and the home page shows them together, most urgent first."""

from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Item:
    title: str  # the link's words: what to do, where
    url: str  # one click to where it is done
    detail: str | Promise = ""  # a line under it: how far along, how old
    due: date | None = None  # its date (a deadline, or when it started waiting): soonest first
    tag: str | Promise = ""  # "Overdue", "3 days left", "Sent back to you"
    urgent: bool = False  # overdue or sent back: before everything dated


def ordered(items: list[Item]) -> list[Item]:
    """Urgent first, then by date (soonest first), then those without a date, each group in
    the order the apps gave them."""
    return sorted(items, key=lambda i: (not i.urgent, i.due or date.max))


def days_left(due: date, today: date) -> str:
    days = (due - today).days
    if days < 0:
        return _("Overdue")
    if days == 0:
        return _("Due today")
    return ngettext("{count} day left", "{count} days left", days).format(count=days)
