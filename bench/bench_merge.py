"""Three-way merge of a 5,000-card workbook, beside a floor measured in the same run.

The map is exported; the client edits 500 cards in the workbook (openpyxl, not
timed) and the consultant edits 500 other cards in the map since. The merge is
timed whole: checking and reading the workbook and its base, the three-way
decisions, building the merged map and applying it to a fresh copy of the map as
one undo step. The floor is openpyxl alone reading that workbook: opened
read-only with cached values, every row of every sheet read as values. Medians
of alternating runs; target: within 1.5x the floor.

Run: .venv/bin/python bench/bench_merge.py [--cards 5000] [--edits 500] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

from app.export import xlsx_format as fmt
from app.export.xlsx_export import export_workbook
from app.export.xlsx_three_way import apply_merge, merged_map, plan_workbook_merge
from app.model.commands import EditCard
from app.model.journey import JourneyMap
from app.model.synthetic import synthetic_map


def edit_workbook(path: Path, card_ids: list[str]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[fmt.CARDS]
    columns = {cell.value: cell.column for cell in sheet[1]}
    wanted = set(card_ids)
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=columns["Id"]).value in wanted:
            sheet.cell(row=row, column=columns["Owner"]).value = "Client team"
    book.save(path)


def edited_map(seed_map: JourneyMap, card_ids: list[str]) -> JourneyMap:
    journey = JourneyMap.build(seed_map.info, seed_map.personas, seed_map.stages,
                               seed_map.steps, seed_map.lanes, seed_map.cards(),
                               seed_map.emotions())
    for card_id in card_ids:
        EditCard(journey, card_id, title="Edited by the consultant").do()
    return journey


def floor(path: Path) -> int:
    """openpyxl alone: every value of every sheet, read-only."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            count += len(row)
    book.close()
    return count


def medians(actions: list[Callable[[], object]], runs: int) -> list[tuple[float, float]]:
    """The median wall and CPU time of each action, the actions taking turns so load changes
    hit both. The CPU time (this process's) moves less with the load of a shared machine."""
    times: list[list[tuple[float, float]]] = [[] for _ in actions]
    for _ in range(runs):
        for action, record in zip(actions, times, strict=True):
            start, cpu = time.perf_counter(), time.process_time()
            action()
            record.append((time.perf_counter() - start, time.process_time() - cpu))
    return [(statistics.median(w for w, _ in record), statistics.median(c for _, c in record))
            for record in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    base = synthetic_map(args.cards)
    ids = [card.id for card in base.cards()]
    theirs_ids, ours_ids = ids[0::2][:args.edits], ids[1::2][:args.edits]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "book.xlsx")
        export_workbook(base, path, map_id="bench")
        edit_workbook(path, theirs_ids)
        copies: list[JourneyMap] = []
        result: list[int] = []

        def merge() -> None:
            journey = copies.pop()
            plan = plan_workbook_merge(path, journey, "bench")
            apply_merge(journey, merged_map(plan)).do()
            result.append(sum(len(change.taken) for change in plan.changes))

        def timed_merge() -> None:
            merge()

        copies.extend(edited_map(base, ours_ids) for _ in range(args.runs + 1))
        merge()  # warm up both
        floor(path)
        (merged, merged_cpu), (read, read_cpu) = medians([timed_merge, lambda: floor(path)],
                                                          args.runs)
        size = path.stat().st_size
    print(f"cards: {args.cards}, edits: {args.edits} in the workbook and {args.edits} in the "
          f"map, runs: {args.runs} (medians); workbook {size / 1e6:.2f} MB")
    print(f"edits taken from the workbook: {result[-1]}")
    print(f"three-way merge (read, decide, build, apply): {merged:6.3f} s")
    print(f"floor (openpyxl reading every sheet's values): {read:6.3f} s")
    print(f"ratio: {merged / read:.2f}x (target <= 1.5x)")
    print(f"CPU time: merge {merged_cpu:.3f} s, floor {read_cpu:.3f} s, ratio "
          f"{merged_cpu / read_cpu:.2f}x")


if __name__ == "__main__":
    main()
