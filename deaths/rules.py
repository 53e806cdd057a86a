"""Disclosure control for every table the deaths repository publishes: named rules with their
own tests.

Primary suppression: a count under the threshold (DEATHS_SUPPRESSION_THRESHOLD, default 5) is
never shown, zero included, and reads "fewer than 5". Secondary suppression: where a table
shows totals, more cells are hidden until no hidden count can be worked out from what is
shown. "Worked out" is decided exactly, not by rule of thumb: the shown cells and totals give
one linear equation per row and per column; a hidden count is disclosed when those equations
fix its value, which is tested by reducing its unit vector against the equations' row space
(exact fractions). A table passes the disclosure check when no shown count is under the
threshold and no hidden one is fixed."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass
class Table:
    """Counts by row and column, with the totals a published table shows."""

    title: str | Promise
    rows: Sequence[str | Promise]
    columns: Sequence[str | Promise]
    counts: list[list[int]]
    # A total for each row (a column of totals), and for each column (a row of totals).
    row_totals: bool = True
    column_totals: bool = True
    # Set by `suppress`: None where shown, else PRIMARY or SECONDARY; one more row and column
    # for the totals when the table has them.
    hidden: list[list[str | None]] = field(default_factory=list)
    # An address for each row's label (or ""), when rows are things with pages of their own.
    links: list[str] = field(default_factory=list)

    def grid(self) -> list[list[int]]:
        """The counts with the total column and total row the table has."""
        grid = [list(r) + ([sum(r)] if self.row_totals else []) for r in self.counts]
        if self.column_totals and self.counts:  # no rows: no total row either
            width = len(self.columns) + (1 if self.row_totals else 0)
            grid.append([sum(r[j] for r in grid) for j in range(width)])
        return grid


def _equations(table: Table, size: tuple[int, int]) -> list[list[tuple[int, int]]]:
    """Each row and column that has a total, as the entries that sum to it (the last)."""
    rows, cols = size
    lines = []
    if table.row_totals:
        lines += [[(i, j) for j in range(cols)] for i in range(rows)]
    if table.column_totals:
        lines += [[(i, j) for i in range(rows)] for j in range(cols)]
    return lines


def fixed_cells(grid: list[list[int]], hidden: set[tuple[int, int]], lines) -> set[tuple[int, int]]:
    """The hidden entries whose value the shown entries fix through the equations of `lines`
    (each: its entries but the last sum to the last)."""
    unknowns = sorted(hidden)
    index = {cell: k for k, cell in enumerate(unknowns)}
    rows = []
    for line in lines:
        vector = [Fraction(0)] * len(unknowns)
        *parts, total = line
        for cell in parts:
            if cell in index:
                vector[index[cell]] += 1
        if total in index:
            vector[index[total]] -= 1
        if any(vector):
            rows.append(vector)
    # Reduced row echelon form, exactly.
    pivots: list[tuple[int, list[Fraction]]] = []
    for vector in rows:
        for col, pivot_row in pivots:
            if vector[col]:
                factor = vector[col]
                vector = [a - factor * b for a, b in zip(vector, pivot_row, strict=True)]
        lead = next((c for c, a in enumerate(vector) if a), None)
        if lead is None:
            continue
        vector = [a / vector[lead] for a in vector]
        reduced = []
        for col, pivot_row in pivots:
            if pivot_row[lead]:
                factor = pivot_row[lead]
                pivot_row = [a - factor * b for a, b in zip(pivot_row, vector, strict=True)]
            reduced.append((col, pivot_row))
        pivots = reduced + [(lead, vector)]
    found = set()
    for cell, k in index.items():
        unit = [Fraction(0)] * len(unknowns)
        unit[k] = Fraction(1)
        for col, pivot_row in pivots:
            if unit[col]:
                factor = unit[col]
                unit = [a - factor * b for a, b in zip(unit, pivot_row, strict=True)]
        if not any(unit):
            found.add(cell)
    return found


def suppress(table: Table, threshold: int) -> Table:
    """Hides every count under `threshold` (primary), then, while a hidden count can be worked
    out from the totals, hides the smallest shown count of a line that gives it away,
    preferring counts to totals (secondary)."""
    grid = table.grid()
    size = (len(grid), len(grid[0]) if grid else 0)
    lines = _equations(table, size)
    primary = {(i, j) for i, row in enumerate(grid) for j, value in enumerate(row) if value < threshold}
    hidden = set(primary)
    while True:
        exposed = fixed_cells(grid, hidden, lines) if lines else set()
        if not exposed:
            break
        candidates = sorted(
            {c for cell in exposed for line in lines if cell in line for c in line if c not in hidden}
        )
        if not candidates:  # their own lines are hidden: widen to any line with a hidden entry
            candidates = sorted({c for line in lines if set(line) & hidden for c in line if c not in hidden})
        if not candidates:
            break
        interior = [c for c in candidates if c[0] < size[0] - 1 and c[1] < size[1] - 1]
        pool = interior or candidates
        hidden.add(min(pool, key=lambda c: (grid[c[0]][c[1]], c)))
    table.hidden = [
        [PRIMARY if (i, j) in primary else SECONDARY if (i, j) in hidden else None for j in range(size[1])]
        for i in range(size[0])
    ]
    return table


def check(table: Table, threshold: int) -> dict:
    """The disclosure check of a suppressed table: what it hides, and whether anything shown
    is under the threshold or anything hidden can be worked out."""
    grid = table.grid()
    size = (len(grid), len(grid[0]) if grid else 0)
    hidden = {(i, j) for i in range(size[0]) for j in range(size[1]) if table.hidden[i][j]}
    shown_small = sum(
        1 for i in range(size[0]) for j in range(size[1]) if (i, j) not in hidden and grid[i][j] < threshold
    )
    lines = _equations(table, size)
    derivable = len(fixed_cells(grid, hidden, lines)) if lines else 0
    flat = [h for row in table.hidden for h in row]
    return {
        "primary": flat.count(PRIMARY),
        "secondary": flat.count(SECONDARY),
        "shown_under_threshold": shown_small,
        "derivable": derivable,
        "passed": shown_small == 0 and derivable == 0,
    }


def published(table: Table, threshold: int) -> dict:
    """The table as it may leave the service: hidden counts are gone, not just marked."""
    grid = table.grid()
    cells = [
        [
            {"count": None if table.hidden[i][j] else grid[i][j], "hidden": table.hidden[i][j]}
            for j in range(len(grid[i]))
        ]
        for i in range(len(grid))
    ]
    # Words are made in the reader's language here: a frozen report keeps them as written.
    columns = [str(c) for c in table.columns] + ([gettext("Total")] if table.row_totals else [])
    rows = [str(r) for r in table.rows] + ([gettext("Total")] if table.column_totals and table.counts else [])
    return {
        "title": str(table.title),
        "threshold": threshold,
        "columns": columns,
        "rows": [
            {"label": label, "cells": cells[i], "link": table.links[i] if i < len(table.links) else ""}
            for i, label in enumerate(rows)
        ],
    }
