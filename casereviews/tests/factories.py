from datetime import date

from casereviews import services
from casereviews.models import LearningTheme
from framework.models import Action, PerennialIssue


def action(code):
    return Action.objects.get(version__framework__slug="nvap", version__label="3", code=code)


def perennial(slug="identifying-and-managing-risk"):
    return PerennialIssue.objects.get(version__framework__slug="nvap", version__label="3", slug=slug)


def theme(name="Identification of risk"):
    return LearningTheme.objects.get(name=name)


FIELDS = {
    "kind": "dhr",
    "nation": "england",
    "partnership": "Testshire Community Safety Partnership",
    "force": None,
    "published_on": date(2024, 5, 1),
    "incident_on": date(2023, 2, 1),
    "report_url": "https://www.example.org/reviews/dhr-1.pdf",
    "pseudonym": "Mrs T",
    "summary": "",
    "police_contact": "yes",
}


def a_review(by, *, included=True, **fields):
    review = services.review_record(by=by, fields={**FIELDS, **fields})
    if included:
        review = services.review_screen(review=review, by=by, include=True)
    return review


def coded(
    review,
    by,
    points=(
        (
            "Repeat calls were treated as single incidents.",
            "missed",
            "risk",
            ("2.2.1",),
            ("Identification of risk",),
        ),
    ),
):
    """The person's coding of the review, with the points given (text, kind, stage, action
    codes, theme names)."""
    coding = services.coding_for(review=review, by=by)
    for text, kind, stage, codes, themes in points:
        services.point_add(
            coding=coding,
            by=by,
            text=text,
            page="4",
            kind=kind,
            stage=stage,
            actions=[action(c) for c in codes],
            perennial_issues=[perennial()],
            themes=[theme(t) for t in themes],
        )
    return coding


def published(by, text="Repeat calls were treated as single incidents.", code="2.2.1", **fields):
    """An included review with one published learning point on the action."""
    review = a_review(by, **fields)
    coding = coded(review, by, ((text, "missed", "risk", (code,), ("Identification of risk",)),))
    return services.learning_publish(review=review, by=by, coding=coding)
