"""Disclosure control: no published count under the threshold, none that totals give away."""

import itertools
import random

import pytest

from deaths import rules


def _table(counts, totals=True):
    return rules.Table(
        "t",
        [f"r{i}" for i in range(len(counts))],
        [f"c{j}" for j in range(len(counts[0]))],
        counts,
        row_totals=totals,
        column_totals=totals,
    )


def _published_values(table):
    grid = table.grid()
    return [
        [None if table.hidden[i][j] else grid[i][j] for j in range(len(grid[0]))] for i in range(len(grid))
    ]


def test_counts_under_the_threshold_are_hidden_zero_included():
    table = rules.suppress(_table([[0, 12], [7, 30]], totals=False), 5)
    assert _published_values(table) == [[None, 12], [7, 30]]
    assert table.hidden[0][0] == rules.PRIMARY


def test_a_single_hidden_count_in_a_row_takes_another_with_it():
    # 3 could be worked out as 20 - 17 from the row total: a second count in the row goes too.
    table = rules.suppress(_table([[3, 9, 8], [10, 11, 12], [13, 14, 15]]), 5)
    shown = _published_values(table)
    assert shown[0][0] is None
    assert sum(v is None for v in shown[0][:3]) >= 2
    assert sum(shown[i][0] is None for i in range(3)) >= 2, "and one in its column"
    assert rules.check(table, 5)["passed"]


def test_the_check_finds_a_count_the_totals_give_away():
    table = _table([[3, 9], [10, 11]])
    table.hidden = [[rules.PRIMARY, None, None], [None, None, None], [None, None, None]]
    result = rules.check(table, 5)
    assert result["derivable"] == 1 and not result["passed"]


def test_the_check_finds_a_small_count_left_showing():
    table = _table([[3, 9], [10, 11]], totals=False)
    table.hidden = [[None, None], [None, None]]
    assert rules.check(table, 5)["shown_under_threshold"] == 1


def test_a_table_with_only_column_totals_keeps_rows_that_give_nothing_away():
    # Two years side by side: the first year's zeros hide, the second year's counts stay.
    table = rules.Table("t", ["a", "b", "c"], ["2024", "2025"], [[0, 13], [0, 9], [0, 6]], row_totals=False)
    rules.suppress(table, 5)
    assert _published_values(table) == [[None, 13], [None, 9], [None, 6], [None, 28]]
    assert rules.check(table, 5)["passed"]


def test_the_published_table_holds_no_hidden_number():
    table = rules.suppress(_table([[2, 9], [10, 11]]), 5)
    out = rules.published(table, 5)
    hidden = [c for row in out["rows"] for c in row["cells"] if c["hidden"]]
    assert hidden and all(c["count"] is None for c in hidden)
    assert out["columns"][-1] == "Total" and out["rows"][-1]["label"] == "Total"


def _solvable(grid, hidden):
    """Brute force: a hidden cell is disclosed if every non-negative filling of the hidden
    cells that agrees with the shown totals gives it the same value."""
    rows, cols = len(grid), len(grid[0])
    cells = sorted(hidden)
    top = max(grid[-1][-1], 1)
    seen: dict = {c: set() for c in cells}
    for values in itertools.product(range(top + 1), repeat=len(cells)):
        filled = [row[:] for row in grid]
        for c, v in zip(cells, values, strict=True):
            filled[c[0]][c[1]] = v
        if all(sum(filled[i][:-1]) == filled[i][-1] for i in range(rows)) and all(
            sum(filled[i][j] for i in range(rows - 1)) == filled[-1][j] for j in range(cols)
        ):
            for c, v in zip(cells, values, strict=True):
                seen[c].add(v)
    return {c for c in cells if len(seen[c]) == 1}


@pytest.mark.parametrize("seed", range(12))
def test_no_hidden_count_can_be_worked_out_on_crafted_tables(seed):
    """Small random tables, checked by trying every filling of the hidden cells: none has only
    one possible value."""
    rng = random.Random(seed)
    counts = [[rng.choice([0, 1, 2, 3, 5, 6, 8]) for _ in range(2)] for _ in range(2)]
    table = rules.suppress(_table(counts), 5)
    grid = table.grid()
    hidden = {(i, j) for i in range(3) for j in range(3) if table.hidden[i][j]}
    if len(hidden) > 6:
        pytest.skip("too many hidden cells to try every filling")
    assert not _solvable(grid, hidden)
    assert all(grid[i][j] >= 5 for i in range(3) for j in range(3) if (i, j) not in hidden)


def test_a_table_with_no_rows_has_nothing_to_hide_and_passes():
    table = rules.suppress(rules.Table("t", [], ["2024", "2025"], [], row_totals=False), 5)
    assert table.grid() == [] and rules.check(table, 5)["passed"]
