"""The library as CSV and XLSX: one row per published example."""

CHUNK = 1000
SHEET = "Practice library"

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


def rows(entries, *, contacts: bool):
    """Header row then one row per entry (read from the database a chunk at a time, so an
    export of the whole library never holds it all); contact columns only for signed-in users."""
    yield HEADINGS + (["Contact name", "Contact email"] if contacts else [])
    chosen = entries.select_related("organisation", "region").prefetch_related("strands", "actions")
    for e in chosen.iterator(chunk_size=CHUNK):
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
        yield row
