"""Practice examples for tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

from framework.models import Action
from practice import services
from practice.models import Strand

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def values(**overrides) -> dict:
    base = {
        "title": "Referral quality clinic",
        "summary": "A weekly clinic where supervisors review vulnerability referrals with partners.",
        "problem": "Referrals to children's services were often missing key information.",
        "what_was_done": "Supervisors and partner agencies review a sample of referrals every week.",
        "partners": "Children's services; health",
        "contact_name": "Sam Clinic",
        "contact_email": "sam.clinic@norfolk.police.uk",
    }
    return base | overrides


def example(organisation, by, *, code="2.2.1", strand="child-protection", attach=False, **overrides):
    """A complete draft example of the force on one action and strand, ready to submit."""
    item = services.example_create(
        organisation=organisation,
        by=by,
        values=values(**overrides),
        strands=[Strand.objects.get(slug=strand)],
        actions=[Action.objects.get(version__label="3", code=code)],
    )
    if attach:
        services.attachment_add(
            example=item, by=by, title="Clinic terms of reference", upload=SimpleUploadedFile("tor.pdf", PDF)
        )
    return item


def published(organisation, by, assessor, **kwargs):
    """An example submitted by the force and published by the national team."""
    item = example(organisation, by, **kwargs)
    services.example_submit(example=item, by=by)
    services.assessment_decide(example=item, by=assessor, decision="publish", note="Clear and well evidenced")
    item.refresh_from_db()
    return item
