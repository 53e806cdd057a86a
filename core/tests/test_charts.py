"""The one chart module: stacked bars whose segments add up to each row's total, light to
dark, with a legend; nothing drawn when there is nothing to draw; text escaped."""

import xml.etree.ElementTree as ET

from core import charts

NS = "{http://www.w3.org/2000/svg}"


def test_a_distribution_draws_one_segment_per_nonzero_count_in_proportion():
    svg = charts.distribution(
        [("2.1.1", [0, 2, 1, 1]), ("2.2.1", [4, 0, 0, 0])],
        ["1 Poor", "2 Fair", "3 Good", "4 Outstanding"],
        title="Ratings <by> action",
        unit="Forces",
    )
    tree = ET.fromstring(svg)
    segments = [r for r in tree.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert [r.find(f"{NS}title").text for r in segments] == [
        "2.1.1: 2 Fair, 2",
        "2.1.1: 3 Good, 1",
        "2.1.1: 4 Outstanding, 1",
        "2.2.1: 1 Poor, 4",
    ]
    widths = [float(r.get("width")) for r in segments]
    assert abs(sum(widths[:3]) - widths[3]) < 0.5, "two rows of 4 forces are equally long"
    assert abs(widths[0] - 2 * widths[1]) < 0.5, "2 forces take twice the length of 1"
    fills = [r.get("fill") for r in segments]
    assert fills[0] != fills[1] != fills[2], "each level has its own shade"
    labels = [t.text for t in tree.iter(f"{NS}text")]
    assert {"1 Poor", "4 Outstanding", "2.1.1", "Forces"} <= set(labels), "legend, rows and unit"
    assert tree.find(f"{NS}title").text == "Ratings <by> action"


def test_one_series_is_a_plain_bar_chart_without_a_legend():
    svg = charts.distribution(
        [("Norfolk", [3]), ("Kent", [5])], ["Examples"], title="Examples", unit="Examples"
    )
    tree = ET.fromstring(svg)
    bars = [r for r in tree.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert len(bars) == 2 and "Examples" not in [t.text for t in tree.iter(f"{NS}text")][:-1]


def test_nothing_is_drawn_from_nothing():
    assert charts.distribution([("2.1.1", [0, 0])], ["a", "b"], title="t", unit="u") is None
    assert charts.distribution([], ["a"], title="t", unit="u") is None
    assert charts.trend([], title="t", unit="u") is None
