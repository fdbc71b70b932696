"""Excel export of a 5,000-card map, beside a floor measured in the same run.

The floor is openpyxl alone writing what the export's workbook boils down to:
the same cells with the same values and the same named styles (font, fill,
border, alignment), column widths, row heights and merged ranges on the same
sheets, saved the same way. It is read out of the export's own workbook (not
timed), so both write exactly the same cells. The export adds walking the map,
formatting values, text sanitising, print set-up, tables, drop-down lists and
the chart. Target: within 1.5x the floor.

Run: .venv/bin/python bench/bench_xlsx.py [--cards 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import NamedStyle

from app.export.xlsx_export import build_workbook, export_workbook
from app.model.synthetic import synthetic_map


@dataclass
class SheetPlan:
    """One sheet's cells as plain data: (row, column, value, style name)."""

    title: str
    cells: list[tuple[int, int, Any, str]] = field(default_factory=list)
    widths: dict[str, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)


def plan_of(book: Workbook) -> tuple[list[NamedStyle], list[SheetPlan]]:
    styles = [
        NamedStyle(s.name, font=s.font, fill=s.fill, border=s.border, alignment=s.alignment)
        for s in book._named_styles  # the export's own styles, copied
        if s.name != "Normal"
    ]
    sheets = []
    for sheet in book.worksheets:
        plan = SheetPlan(sheet.title)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None or cell.style != "Normal":
                    plan.cells.append((cell.row, cell.column, cell.value, cell.style))
        plan.widths = {k: d.width for k, d in sheet.column_dimensions.items() if d.width}
        plan.heights = {k: d.height for k, d in sheet.row_dimensions.items() if d.height}
        plan.merged = [str(r) for r in sheet.merged_cells.ranges]
        sheets.append(plan)
    return styles, sheets


def floor(styles: list[NamedStyle], sheets: list[SheetPlan], path: Path) -> None:
    """openpyxl on its own: the same cells, named styles, widths, heights and merges."""
    book = Workbook()
    book.remove(book.active)
    for style in styles:
        book.add_named_style(
            NamedStyle(style.name, font=style.font, fill=style.fill, border=style.border,
                       alignment=style.alignment)
        )
    for plan in sheets:
        sheet = book.create_sheet(plan.title)
        for row, column, value, style in plan.cells:
            cell = sheet.cell(row=row, column=column, value=value)
            cell.style = style
        for letter, width in plan.widths.items():
            sheet.column_dimensions[letter].width = width
        for number, height in plan.heights.items():
            sheet.row_dimensions[number].height = height
        for cells in plan.merged:
            sheet.merge_cells(cells)
    book.save(path)


def medians(actions: list[Callable[[], object]], runs: int) -> list[float]:
    """The median time of each action, the actions taking turns so load changes hit both."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(runs):
        for action, record in zip(actions, times, strict=True):
            start = time.perf_counter()
            action()
            record.append(time.perf_counter() - start)
    return [statistics.median(record) for record in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    journey = synthetic_map(args.cards)
    styles, sheets = plan_of(build_workbook(journey))
    with tempfile.TemporaryDirectory() as folder:
        book_path, floor_path = Path(folder, "export.xlsx"), Path(folder, "floor.xlsx")
        export_workbook(journey, book_path)  # warm up both
        floor(styles, sheets, floor_path)
        export, base = medians([lambda: export_workbook(journey, book_path),
                                lambda: floor(styles, sheets, floor_path)], args.runs)
        sizes = book_path.stat().st_size, floor_path.stat().st_size
    cells = sum(len(plan.cells) for plan in sheets)
    print(f"cards: {journey.card_count}, cells: {cells}, runs: {args.runs} (medians)")
    print(f"workbook export:          {export:6.3f} s  ({sizes[0] / 1e6:.2f} MB)")
    print(f"floor (openpyxl, same cells and styles): {base:6.3f} s  ({sizes[1] / 1e6:.2f} MB)")
    print(f"ratio: {export / base:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
