from framework.models import Action
from organisations.models import Organisation
from reviews import services


def a_review(by, *, slug="norfolk-constabulary", codes=("2.4.1",), proposed=False):
    """A review of `codes` for the force, as its lead (or, `proposed`, the national team) asks."""
    return services.review_request(
        organisation=Organisation.objects.get(slug=slug),
        by=by,
        actions=list(
            Action.objects.filter(version__framework__slug="nvap", version__label="3", code__in=codes)
        ),
        why="Victims tell us they are not kept informed.",
        proposed=proposed,
    )
