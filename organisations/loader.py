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
                    "welsh_name": {"type": "string", "minLength": 1},
                    "short_name": {"type": "string"},
                    "kind": {"enum": ["force", "national"]},
                    "region": SLUG,
                    "country": {"enum": ["England", "Wales"]},
                    # The ONS police force area code: E23000001-E23000039, W15000001-W15000004.
                    "ons_code": {"type": "string", "pattern": r"^(E23|W15)0000[0-9]{2}$"},
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
    seen: dict[str, str] = {}
    for i, o in enumerate(data["organisations"]):
        code = o.get("ons_code")
        if code and o["kind"] != "force":
            problems.append(f"{path}: organisations[{i}].ons_code: only police forces have one")
        elif code in seen:
            problems.append(f"{path}: organisations[{i}].ons_code: {code} is already {seen[code]}'s")
        elif code:
            seen[code] = o["slug"]
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
                "welsh_name": item.get("welsh_name", ""),
                "short_name": item.get("short_name", ""),
                "kind": item["kind"],
                "region": regions.get(item.get("region")),
                "country": item.get("country", ""),
                "ons_code": item.get("ons_code", ""),
            },
        )
    return stats
