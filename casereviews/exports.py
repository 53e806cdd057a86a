"""Published learning as a CSV or Excel file, in the import's columns: one row per learning
point, so an export from one installation imports into another."""

from casereviews.imports import COLUMNS


def rows(points):
    """The headings, then a row per point (read in batches: memory stays flat)."""
    yield COLUMNS
    listed = points.select_related("review", "review__force").prefetch_related(
        "actions", "perennial_issues", "themes"
    )
    for p in listed.iterator(chunk_size=500):
        r = p.review
        yield [
            r.pk,
            r.get_kind_display(),
            r.get_nation_display(),
            r.partnership,
            r.force.name if r.force else "",
            r.published_on.isoformat(),
            r.incident_on.isoformat() if r.incident_on else "",
            r.report_url,
            r.pseudonym,
            r.get_police_contact_display(),
            r.get_screening_display(),
            r.exclusion_reason,
            p.text,
            p.page,
            p.get_kind_display(),
            p.get_stage_display(),
            "; ".join(sorted({a.code for a in p.actions.all()})),
            "; ".join(i.slug for i in p.perennial_issues.all()),
            "; ".join(t.name for t in p.themes.all()),
        ]
