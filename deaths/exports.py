"""The record-level export for the national team's analysis: codes as labels, no names (the
repository holds none)."""

from django.utils.translation import gettext as _

from deaths import selectors
from deaths.models import FLAGS, Person


def record_rows(records):
    """Header, then one row per person of each record (a record without people yet: one row).
    The header is written now, in the reader's language, not when the download is streamed."""
    return _rows(_headings(), records)


def _headings() -> list[str]:
    return [
        _("Record"),
        _("Force"),
        _("Force reference"),
        _("Date of death"),
        _("Category"),
        _("Category notified"),
        _("Method"),
        _("Location type"),
        _("Suspect arrested"),
        _("Charged offence"),
        _("Coroner's conclusion"),
        _("Review commissioned"),
        _("Status"),
        _("Validation"),
        _("Scope"),
        _("Reason for exclusion"),
        _("Person"),
        _("Sex"),
        _("Age band"),
        _("Ethnicity"),
        _("Relationship to the victim"),
        _("Police contacts (12 months)"),
        _("Police contacts (5 years)"),
        _("Highest risk level"),
        *[str(Person._meta.get_field(f).verbose_name) for f in FLAGS],
    ]


def _rows(headings, records):
    terms = selectors.all_labels()
    yield headings
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
