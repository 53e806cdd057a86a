"""Reading django-simple-history records as "who changed what, from what, to what"."""

from collections.abc import Mapping

from django.utils.functional import Promise


def _shown(value, choices):
    if value in (None, "", []):
        return ""
    if isinstance(value, list) and all(isinstance(row, dict) for row in value):
        # a many-to-many field: rows of {owner: id, target: id}
        return "; ".join(str(choices.get(list(row.values())[-1], list(row.values())[-1])) for row in value)
    if isinstance(value, list):  # a list kept as JSON
        return "; ".join(str(choices.get(v, v)) for v in value)
    return choices.get(value, value)


def changes(
    records, fields: Mapping[str, str | Promise], describe, choices: dict[str, dict] | None = None
) -> list[dict]:
    """Entries for a list of historical records (of one or many objects), oldest first within
    each object: an addition, each change of the named fields (label, before, after), and a
    removal. `describe(record)` names the object; `choices` maps a field to its display labels."""
    choices = choices or {}
    by_object: dict[int, list] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        by_object.setdefault(record.id, []).append(record)
    entries = []
    for versions in by_object.values():
        previous = None
        for record in versions:
            entry = {"who": record.history_user, "when": record.history_date, "what": describe(record)}
            if record.history_type == "+" or previous is None:
                entry["kind"] = "added"
                entry["changes"] = []
            elif record.history_type == "-":
                entry["kind"] = "removed"
                entry["changes"] = []
            else:
                delta = record.diff_against(previous, included_fields=list(fields))
                entry["kind"] = "changed"
                entry["changes"] = [
                    {
                        "field": fields[c.field],
                        "before": _shown(c.old, choices.get(c.field, {})),
                        "after": _shown(c.new, choices.get(c.field, {})),
                    }
                    for c in delta.changes
                ]
                if not entry["changes"]:
                    previous = record
                    continue
            entries.append(entry)
            previous = record
    return sorted(entries, key=lambda e: e["when"], reverse=True)


def attributed(obj, user):
    """Marks who is making the change, for the history record the next save or delete writes."""
    obj._history_user = user
    return obj
