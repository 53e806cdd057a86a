"""The record-level export for the national team's analysis: codes as labels, no names (the
repository holds none)."""

from deaths import selectors
from deaths.models import FLAGS, Person


def record_rows(records):
    """Header, then one row per person of each record (a record without people yet: one row)."""
    terms = selectors.all_labels()
    yield [
        "Record",
        "Force",
        "Force reference",
        "Date of death",
        "Category",
        "Category notified",
        "Method",
        "Location type",
        "Suspect arrested",
        "Charged offence",
        "Coroner's conclusion",
        "Review commissioned",
        "Status",
        "Validation",
        "Scope",
        "Reason for exclusion",
        "Person",
        "Sex",
        "Age band",
        "Ethnicity",
        "Relationship to the victim",
        "Police contacts (12 months)",
        "Police contacts (5 years)",
        "Highest risk level",
        *[str(Person._meta.get_field(f).verbose_name) for f in FLAGS],
    ]
    for record in records.prefetch_related("people").iterator(chunk_size=500):
        base = [
            record.pk,
            record.organisation.name,
            record.force_reference,
            record.died_on.isoformat(),
            record.get_category_display(),
            record.get_category_notified_display(),
            terms["method"].get(record.method, record.method),
            terms["location"].get(record.location, record.location),
            record.get_suspect_arrested_display(),
            terms["charge"].get(record.charge, record.charge),
            terms["conclusion"].get(record.conclusion, record.conclusion),
            record.get_review_commissioned_display(),
            record.get_status_display(),
            record.get_validation_display(),
            record.get_scope_display(),
            terms["exclusion"].get(record.exclusion, record.exclusion),
        ]
        people = list(record.people.all()) or [None]
        for person in people:
            if person is None:
                yield base + [""] * (8 + len(FLAGS))
                continue
            yield base + [
                person.get_role_display(),
                person.get_sex_display(),
                terms["age_band"].get(person.age_band, person.age_band),
                terms["ethnicity"].get(person.ethnicity, person.ethnicity),
                terms["relationship"].get(person.relationship, person.relationship),
                "" if person.contacts_12m is None else person.contacts_12m,
                "" if person.contacts_5y is None else person.contacts_5y,
                person.get_risk_level_display(),
                *[getattr(person, f"get_{f}_display")() for f in FLAGS],
            ]
