"""Open and save times of .cjm files beside a floor measured in the same run.

Floor for opening: raw sqlite3 reading every row of the same file (fetchall).
Floor for saving: raw sqlite3 creating the same tables and inserting the same rows
into a new file. Prints medians of several runs and the ratios.
Run: .venv/bin/python bench/bench_store.py [card counts...]
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.model import commands as c
from app.model.document import MapDocument
from app.model.store import open_map, save_map
from app.model.store.writer import _part_rows, _rows
from app.model.synthetic import synthetic_map

RUNS = 25


def median_seconds(*works: Callable[[], object], runs: int = RUNS) -> list[float]:
    """The median time of each work; the works take turns, so noise hits them alike."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, spent in zip(works, times, strict=True):
            started = time.perf_counter()
            result = work()
            spent.append(time.perf_counter() - started)
            del result  # freeing what was read is not part of reading it
    return [statistics.median(spent) for spent in times]


def raw_read(path: Path) -> list[list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    tables = [
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
    ]
    rows = [connection.execute(f"SELECT * FROM {table}").fetchall() for table in tables]
    connection.close()
    return rows


def raw_write(
    path: Path, schema: list[str], rows: list[tuple[str, list[tuple[object, ...]]]]
) -> None:
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    for statement in schema:
        connection.execute(statement)
    for table, values in rows:
        if values:
            marks = ", ".join("?" * len(values[0]))
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    connection.commit()
    connection.close()


def bench(cards: int, folder: Path) -> dict[str, float]:
    journey = synthetic_map(cards)
    path = folder / f"map-{cards}.cjm"
    save_map(journey, path)
    connection = sqlite3.connect(path)
    schema = [
        row[0] for row in connection.execute("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL")
    ]
    connection.close()
    rows = [
        (table.name, [tuple(r[column.name] for column in table.columns) for r in values])
        for table, values in (*_rows(journey), *_part_rows(MapDocument(journey)))
    ]

    first_card = next(journey.cards())
    counter = iter(range(10**6))

    def edit_and_save() -> None:
        c.EditCard(journey, first_card.id, title=f"Edited {next(counter)}").do()
        save_map(journey, path)

    open_time, open_floor = median_seconds(lambda: open_map(path), lambda: raw_read(path))
    save_one_edit, full_save, save_floor = median_seconds(
        edit_and_save,
        lambda: save_map(journey, folder / "full.cjm"),
        lambda: raw_write(folder / "raw.sqlite", schema, rows),
    )
    return {
        "open": open_time,
        "open_floor": open_floor,
        "save_one_edit": save_one_edit,
        "full_save": full_save,
        "save_floor": save_floor,
        "size_mb": path.stat().st_size / 1024**2,
    }


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 5000, 20000]
    print(
        "| cards | file MB | open ms | raw read ms | open ratio | save after 1 edit ms | "
        "full save ms | raw write ms | save ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for cards in sizes:
            r = bench(cards, Path(folder))
            print(
                f"| {cards:,} | {r['size_mb']:.1f} | {r['open'] * 1000:.0f} | "
                f"{r['open_floor'] * 1000:.0f} | {r['open'] / r['open_floor']:.2f}x | "
                f"{r['save_one_edit'] * 1000:.0f} | {r['full_save'] * 1000:.0f} | "
                f"{r['save_floor'] * 1000:.0f} | {r['full_save'] / r['save_floor']:.2f}x |",
                flush=True,
            )


if __name__ == "__main__":
    main()
