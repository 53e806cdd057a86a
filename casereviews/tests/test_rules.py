"""The repository's rules on their own: the inclusion rule and Cohen's kappa."""

import pytest

from casereviews import rules


def test_only_reviews_with_police_contact_before_are_included():
    assert rules.may_include("yes") is True
    assert rules.may_include("no") is False
    assert rules.may_include("not_known") is False


def test_kappa_of_two_coders_over_a_code_set():
    # Ten codes: both apply a and b; only the first c; only the second d; neither the other six.
    universe = set("abcdefghij")
    both, only_first, only_second, neither, kappa = rules.kappa({"a", "b", "c"}, {"a", "b", "d"}, universe)
    assert (both, only_first, only_second, neither) == (2, 1, 1, 6)
    # observed 0.8; expected 0.3 * 0.3 + 0.7 * 0.7 = 0.58; kappa (0.8 - 0.58) / 0.42 = 0.5238
    assert kappa == 0.52


def test_kappa_is_one_for_full_agreement_and_negative_for_opposites():
    assert rules.kappa({"a"}, {"a"}, {"a", "b"})[-1] == 1.0
    assert rules.kappa({"a"}, {"b"}, {"a", "b"})[-1] == -1.0


def test_kappa_is_undefined_when_neither_coder_varies():
    # Both coders applied every code (or none): chance agreement is certain.
    assert rules.kappa({"a", "b"}, {"a", "b"}, {"a", "b"})[-1] is None
    assert rules.kappa(set(), set(), {"a", "b"})[-1] is None


def test_a_code_outside_the_universe_still_counts():
    both, only_first, only_second, neither, _ = rules.kappa({"x"}, set(), {"a"})
    assert (both, only_first, only_second, neither) == (0, 1, 0, 1)


@pytest.mark.parametrize(
    "value,word",
    [
        (None, "Not defined (no variation)"),
        (-0.1, "Poor"),
        (0.0, "Slight"),
        (0.2, "Slight"),
        (0.35, "Fair"),
        (0.5, "Moderate"),
        (0.7, "Substantial"),
        (0.81, "Almost perfect"),
        (1.0, "Almost perfect"),
    ],
)
def test_kappa_is_named_by_landis_and_koch(value, word):
    assert rules.strength(value) == word
