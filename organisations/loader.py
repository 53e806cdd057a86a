"""Loads the organisations content file (regions, forces, national bodies)."""

from pathlib import Path

from django.db import transaction

from core.content import ContentError, SyncStats, read_yaml, sync, validate
from organisations.models import Organisation, Region

SLUG = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
SCHEMA = {
    "type": "object",
    "required": ["regions", "organisations"],
    "additionalProperties": False,
    "properties": {
        "regions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "name"],
                "additionalProperties": False,
                "properties": {"slug": SLUG, "name": {"type": "string", "minLength": 1}},
            },
        },
        "organisations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "name", "kind"],
                "additionalProperties": False,
                "properties": {
                    "slug": SLUG,
                    "name": {"type": "string", "minLength": 1},
                    "short_name": {"type": "string"},
                    "kind": {"enum": ["force", "national"]},
                    "region": SLUG,
                    "country": {"enum": ["England", "Wales"]},
                },
            },
        },
    },
}


@transaction.atomic
def load_organisations(path: Path) -> SyncStats:
    path = Path(path)
    data = read_yaml(path)
    validate(data, SCHEMA, path)
    region_slugs = {r["slug"] for r in data["regions"]}
    problems = [
        f"{path}: organisations[{i}].region: no region {o['region']!r}"
        for i, o in enumerate(data["organisations"])
        if o.get("region") and o["region"] not in region_slugs
    ]
    if problems:
        raise ContentError(problems)
    stats = SyncStats()
    regions = {
        r["slug"]: sync(Region, stats, {"slug": r["slug"]}, {"name": r["name"]}) for r in data["regions"]
    }
    for item in data["organisations"]:
        sync(
            Organisation,
            stats,
            {"slug": item["slug"]},
            {
                "name": item["name"],
                "short_name": item.get("short_name", ""),
                "kind": item["kind"],
                "region": regions.get(item.get("region")),
                "country": item.get("country", ""),
            },
        )
    return stats
