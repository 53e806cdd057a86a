"""Reading reviewed YAML content files: parse, validate against a schema, and write
rows only where something changed, so that loading the same file twice changes nothing.
"""

from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml
from django.db import models


class ContentError(Exception):
    """A content file that cannot be loaded; the message names file, key path and problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def key_path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def read_yaml(path: Path):
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise ContentError([f"{path}: the file does not exist"]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError([f"{path}{where}: not valid YAML: {problem}"]) from None


def validate(data, schema: dict, path: Path) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise ContentError([f"{path}: {key_path(e.absolute_path)}: {e.message}" for e in errors])


@dataclass
class SyncStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    seen: dict = field(default_factory=dict)

    def __str__(self):
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.deleted} removed"
        )


def sync(model, stats: SyncStats, lookup: dict, values: dict):
    """Creates or updates one row, saving only when a value differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        stats.created += 1
    else:
        changed = [name for name, value in values.items() if _current(obj, name, value) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            stats.updated += 1
        else:
            stats.unchanged += 1
    stats.seen.setdefault(model, set()).add(obj.pk)
    return obj


def _current(obj, name, value):
    """The row's current value, comparing foreign keys by id to avoid fetching them."""
    if value is None or isinstance(value, models.Model):
        field = obj._meta.get_field(name)
        if field.is_relation:
            current_id = getattr(obj, field.attname)
            return (
                value
                if value is not None and current_id == value.pk
                else (None if current_id is None else object())
            )
    return getattr(obj, name)


def sync_m2m(manager, stats: SyncStats, objects) -> None:
    wanted = {obj.pk for obj in objects}
    current = set(manager.values_list("pk", flat=True))
    if wanted != current:
        manager.set(list(objects))
        stats.updated += 1


def remove_unseen(model, stats: SyncStats, **scope) -> None:
    """Deletes rows in scope that the file no longer lists."""
    stale = model.objects.filter(**scope).exclude(pk__in=stats.seen.get(model, set()))
    count = stale.count()
    if count:
        stale.delete()
        stats.deleted += count
