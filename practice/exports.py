"""The library as CSV and XLSX: one row per published example."""

from core import tables

HEADINGS = [
    "Title",
    "Force",
    "Region",
    "Summary",
    "Problem",
    "What was done",
    "Partners",
    "Vulnerability strands",
    "Actions",
    "Evidence stage",
    "Outcome",
    "Evaluation details",
    "Evaluation link",
    "Outcomes",
    "Resources and costs",
    "Start date",
    "Status",
    "Published",
    "Link",
]


def rows(entries, *, contacts: bool) -> list[list]:
    """Header row then one row per entry; contact columns only for signed-in users."""
    headings = HEADINGS + (["Contact name", "Contact email"] if contacts else [])
    out = [headings]
    for e in entries.select_related("organisation", "region").prefetch_related("strands", "actions"):
        row = [
            e.title,
            e.organisation.name,
            e.region.name if e.region else "",
            e.summary,
            e.problem,
            e.what_was_done,
            e.partners,
            "; ".join(s.name for s in e.strands.all()),
            "; ".join(a.code for a in e.actions.all()),
            e.get_evidence_stage_display(),
            e.get_outcome_display(),
            e.evaluation_details,
            e.evaluation_link,
            e.outcomes,
            e.resources_costs,
            e.start_date.isoformat() if e.start_date else "",
            e.get_delivery_status_display(),
            e.published_at.date().isoformat(),
            f"/practice/library/{e.pk}/",
        ]
        if contacts:
            row += [e.contact_name, e.contact_email]
        out.append(row)
    return out


def as_csv(table) -> bytes:
    return tables.as_csv(table)


def as_xlsx(table) -> bytes:
    return tables.as_xlsx(table, "Practice library")
