"""Two people editing the same thing never silently overwrite each other, and a double-clicked
submit never creates two of anything.

Editing: a form carries a fingerprint of the stored values it was drawn from (`stamp`). When it
is saved, the row is locked and fingerprinted again; if someone else changed those fields in
between, the save is refused with `EditConflict`, and the page shows their version beside the
person's own (kept in the form), as the benchmarking answers always have.

Creating: a form carries a one-off key (`once`). The thing it creates stores the key under a
unique constraint, so the second of two identical submissions finds the first instead of
making another.
"""

import hashlib
import json
import uuid
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext

from core.forms import _FormBase


class EditConflict(Exception):
    """Someone else saved the thing after this person opened it."""

    def __init__(self, current, fields):
        self.current = current
        self.fields = fields
        super().__init__("Someone else saved this after you opened it.")


def _plain(obj, name):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(obj, name).values_list("pk", flat=True))
    if field.is_relation:
        return getattr(obj, field.attname)
    value = getattr(obj, name)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def stamp(obj, fields) -> str:
    """A fingerprint of the stored values of `fields`: what the person saw."""
    payload = json.dumps([_plain(obj, name) for name in fields], default=str, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:40]


def lock(model, pk) -> None:
    """Locks one row until the transaction ends (its own row only, whatever its model's
    default ordering joins)."""
    list(model.objects.select_for_update(of=("self",)).filter(pk=pk).order_by().values_list("pk", flat=True))


def lock_unchanged(obj, fields, seen: str | None):
    """Locks the row and returns it as stored now; raises EditConflict when `fields` no longer
    match the fingerprint the person's form was drawn from. Call inside a transaction."""
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if seen is not None and stamp(current, fields) != seen:
        raise EditConflict(current, list(fields))
    return current


class VersionedFormMixin(_FormBase):
    """Adds the hidden fingerprint to a form; pass version=stamp(obj, fields) when drawing it."""

    def __init__(self, *args, version: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial.setdefault("version", version)


class OnceFormMixin(_FormBase):
    """Adds a hidden one-off key to a form that creates something."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["once"] = forms.UUIDField(widget=forms.HiddenInput, required=False)
        self.initial.setdefault("once", uuid.uuid4())


def once_field():
    """The model field that holds a creating form's one-off key."""
    return models.UUIDField(null=True, blank=True, unique=True, editable=False)


def shown(value) -> str:
    """A stored or typed value as the conflict table shows it."""
    if value in (None, ""):
        return "–"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime):
        return date_format(value, "j F Y H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return "; ".join(str(i) for i in items) or "–"
    return str(value)


def conflicted(form, clash: EditConflict, yours: dict) -> dict:
    """Tells the person what happened and keeps their text in the form, now drawn from the
    stored version, so saving again is a deliberate choice. Returns what the page shows:
    who saved, and each field's saved value beside theirs."""
    current = clash.current
    latest = current.history.first() if hasattr(current, "history") else None
    who = getattr(latest, "history_user", None) if latest else None
    rows = []
    for name in clash.fields:
        if name not in yours:
            continue
        field = current._meta.get_field(name)
        theirs = getattr(current, name)
        if field.choices and not field.many_to_many:
            theirs = getattr(current, f"get_{name}_display")()
            mine = dict(field.flatchoices).get(yours.get(name), yours.get(name))
        else:
            mine = yours.get(name)
        label = form.fields[name].label if name in form.fields else field.verbose_name.capitalize()
        if shown(theirs) != shown(mine):
            rows.append({"label": label, "theirs": shown(theirs), "yours": shown(mine)})
    form.add_error(None, clash_message(who))
    form.data = form.data.copy()
    form.data["version"] = stamp(current, clash.fields)
    return {"by": who, "rows": rows}


def revision_clash(form, current, yours: dict) -> dict:
    """As `conflicted`, for a thing kept with a revision number (an answer, a standing
    position): tells the person someone else saved it, moves the form to the saved revision,
    and returns who saved and each field's saved value beside theirs."""
    form.add_error(None, clash_message(current.updated_by))
    form.data = form.data.copy()
    form.data["revision"] = current.revision
    rows = [
        {"label": form.fields[name].label, "theirs": shown(getattr(current, name)), "yours": shown(mine)}
        for name, mine in yours.items()
        if shown(getattr(current, name)) != shown(mine)
    ]
    return {"by": current.updated_by, "rows": rows}


def clash_message(who) -> str:
    if who:
        return gettext(
            "{who} saved this after you opened it. Your version has not been saved: it is below, "
            "beside theirs. Copy what you need into the form and save again."
        ).format(who=who)
    return gettext(
        "Someone saved this after you opened it. Your version has not been saved: it is below, "
        "beside theirs. Copy what you need into the form and save again."
    )


def create_once(model, once, create):
    """Runs `create` (which must store `once` in the model's once_key) unless something was
    already created with this key; returns (obj, created). Two identical submissions racing
    each other meet at the unique constraint, and the second finds the first."""
    from django.db import IntegrityError, transaction

    if once is None:
        return create(), True
    existing = model.objects.filter(once_key=once).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = model.objects.filter(once_key=once).first()
        if existing is None:
            raise
        return existing, False
