"""Values merged down over several rows of a worksheet, filled in as the rows are read.

A merged range shows its top-left value in every cell it covers; import reads that
value into each row the range spans. The rows are read in order, so the ranges are
swept: each becomes active at its top row and is dropped after its last, and a row
only looks at the ranges active over it. Ranges of a real workbook never overlap,
so at most one per column is active: the work is linear in rows and ranges (a
40,000-range sheet used to take minutes when every row looked at every range).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: min_col, min_row, max_col, max_row (1-based), as openpyxl's range_boundaries gives.
Range = tuple[int, int, int, int]


class MergedOverlap(Exception):
    """More ranges cover one row than it has columns: they overlap, which Excel never writes."""


class MergedDown:
    """Fills each row read with the values merged down onto it from the rows above."""

    def __init__(self, ranges: Iterable[Range], columns: int) -> None:
        self._columns = columns
        self._starting: dict[int, list[Range]] = {}
        for merged in ranges:
            # Only ranges spanning rows and reaching the columns read change anything.
            if merged[3] > merged[1] and merged[0] <= columns:
                self._starting.setdefault(merged[1], []).append(merged)
        #: The ranges covering the rows now read, each with its top row's values.
        self._active: list[tuple[Range, tuple[Any, ...]]] = []

    def fill(self, number: int, values: tuple[Any, ...]) -> tuple[Any, ...]:
        """Row ``number``'s values with the merged ones filled in (rows come in order)."""
        if self._active:
            self._active = [item for item in self._active if item[0][3] >= number]
            if self._active:
                filled = list(values)
                for (min_col, _, max_col, _), top in self._active:
                    for column in range(min_col, min(max_col, len(filled), len(top)) + 1):
                        filled[column - 1] = top[column - 1]
                values = tuple(filled)
        starting = self._starting.pop(number, None)
        if starting:
            self._active.extend((merged, values) for merged in starting)
            if len(self._active) > self._columns:
                raise MergedOverlap(number)
        return values
