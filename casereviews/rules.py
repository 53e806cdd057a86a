"""The rules of the case review repository, named and tested on their own."""

from dataclasses import dataclass

from casereviews.models import CaseReview


def may_include(police_contact: str) -> bool:
    """The inclusion rule: a review is included only where police were in contact with the
    person or family before the death or serious harm."""
    return police_contact == CaseReview.Contact.YES


def codable(review: CaseReview) -> bool:
    """Learning is coded from included reviews whose learning is not yet published."""
    return review.screening == CaseReview.Screening.INCLUDED and review.learning_published_at is None


@dataclass(frozen=True)
class Agreement:
    """Two coders' agreement on one code set: each code of the set is applied by one, both or
    neither; kappa is Cohen's, over those yes/no judgements (None when it is undefined: both
    coders said the same of every code, all yes or all no)."""

    name: str
    both: int
    only_first: int
    only_second: int
    neither: int
    kappa: float | None

    @property
    def observed(self) -> float:
        total = self.both + self.only_first + self.only_second + self.neither
        return (self.both + self.neither) / total if total else 1.0


def kappa(first: set, second: set, universe: set) -> tuple[int, int, int, int, float | None]:
    """Cohen's kappa for two coders' yes/no judgement of every code in `universe` (the codes
    each applied are `first` and `second`). Returns (both, only first, only second, neither,
    kappa)."""
    universe = universe | first | second
    total = len(universe)
    both = len(first & second)
    only_first = len(first - second)
    only_second = len(second - first)
    neither = total - both - only_first - only_second
    if not total:
        return 0, 0, 0, 0, None
    observed = (both + neither) / total
    yes_first, yes_second = len(first) / total, len(second) / total
    expected = yes_first * yes_second + (1 - yes_first) * (1 - yes_second)
    if expected >= 1:
        return both, only_first, only_second, neither, None
    return both, only_first, only_second, neither, round((observed - expected) / (1 - expected), 2)


def agreement(name: str, first: set, second: set, universe: set) -> Agreement:
    return Agreement(name, *kappa(first, second, universe))


def strength(value: float | None) -> str:
    """Landis and Koch's words for a kappa."""
    if value is None:
        return "Not defined (no variation)"
    if value < 0:
        return "Poor"
    for limit, word in ((0.2, "Slight"), (0.4, "Fair"), (0.6, "Moderate"), (0.8, "Substantial")):
        if value <= limit:
            return word
    return "Almost perfect"
