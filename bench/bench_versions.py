"""Snapshots and `cjm diff` on a 5,000-card map, each figure beside a floor from the same run.

1. Open and save a document whose map has 5,000 cards, with 50 snapshots and without:
   the snapshots were taken one workshop round apart (20 cards edited, 2 moved, one
   added and one removed between two snapshots). Floor: the same document without
   snapshots. Targets: opening as fast (ratio about 1x), saving within 1.5x.
2. `cjm diff A B` of two 5,000-card maps 500 changes apart (edits, moves, additions,
   removals, stage renames, emotion scores), run as a user runs it (a new process,
   output to a pipe), and `cjm diff A@SNAPSHOT A`. Floor: `cjm info A` the same way
   (starting Python, importing, opening one map). Target: under 1 s. In-process
   figures beside it: the comparison alone, and opening both files.

Medians of alternating runs. Run: .venv/bin/python bench/bench_versions.py [--runs 9]
[--store-runs 25]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

from app.cli import main
from app.model import commands as c
from app.model.diff import diff_maps
from app.model.document import MapDocument
from app.model.entities import Card
from app.model.journey import JourneyMap
from app.model.snapshots import take_snapshot
from app.model.store import open_document, open_map, save_document
from app.model.synthetic import synthetic_map

CARDS = 5000
SNAPSHOTS = 50
CJM = [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]


def medians(*works: Callable[[], object], runs: int) -> list[float]:
    """The median time of each work; the works take turns, so noise hits them alike."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, spent in zip(works, times, strict=True):
            started = time.perf_counter()
            result = work()
            spent.append(time.perf_counter() - started)
            del result
    return [statistics.median(spent) for spent in times]


def workshop_round(journey: JourneyMap, rng: random.Random, edits: int, number: int) -> None:
    """What changes between two snapshots: edits, a few moves, one card in, one out."""
    cards = list(journey.cards())
    for card in rng.sample(cards, edits):
        c.EditCard(journey, card.id, title=f"{card.title} (round {number})").do()
    lanes, steps = journey.lanes, journey.steps
    for card in rng.sample(cards, max(1, edits // 10)):
        if journey.has_card(card.id):
            c.MoveCard(journey, card.id, rng.choice(lanes).id, rng.choice(steps).id, 0).do()
    c.RemoveCard(journey, rng.choice(list(journey.cards())).id).do()
    c.AddCard(journey, Card(f"New in round {number}", lanes[1].id, steps[0].id)).do()


def changed_a_lot(journey: JourneyMap, rng: random.Random) -> None:
    """About 500 changes of every kind, for the diff of two files."""
    for number in range(10):
        workshop_round(journey, rng, 40, number)
    for stage in journey.stages[:2]:
        c.EditStage(journey, stage.id, name=f"{stage.name} (renamed)").do()
    for point in journey.emotions()[:20]:
        c.SetEmotion(journey, point.persona_id, point.step_id, -point.score).do()


def copy_of(journey: JourneyMap) -> JourneyMap:
    return JourneyMap.build(journey.info, journey.personas, journey.stages, journey.steps,
                            journey.lanes, journey.cards(), journey.emotions())  # fmt: skip


def run_cjm(*args: str) -> None:
    subprocess.run([*CJM, *args], check=True, stdout=subprocess.PIPE)


def quiet(*args: str) -> None:
    with redirect_stdout(io.StringIO()):
        assert main(list(args)) == 0


def bench_store(folder: Path, runs: int) -> None:
    rng = random.Random(1)
    journey = synthetic_map(CARDS)
    with_snapshots = MapDocument(journey)
    for number in range(SNAPSHOTS):
        workshop_round(journey, rng, 20, number)
        take_snapshot(with_snapshots, f"Round {number}")
    plain = MapDocument(journey, uid=with_snapshots.uid)
    bare, full = folder / "bare.cjm", folder / "snapshots.cjm"
    save_document(plain, bare)
    save_document(with_snapshots, full)
    stored = sum(len(s.data) for s in with_snapshots.snapshots)
    whole = sum(1 for s in with_snapshots.snapshots if s.base is None)
    sizes = [path.stat().st_size / 1024**2 for path in (bare, full)]
    print(f"{SNAPSHOTS} snapshots of {CARDS:,} cards: {stored / 1024:.0f} KB stored "
          f"({whole} whole, {SNAPSHOTS - whole} as changes); files {sizes[0]:.2f} MB "
          f"without, {sizes[1]:.2f} MB with")  # fmt: skip
    open_bare, open_full = medians(lambda: open_document(bare), lambda: open_document(full),
                                   runs=runs)  # fmt: skip
    save_bare, save_full = medians(lambda: save_document(plain, folder / "a.cjm"),
                                   lambda: save_document(with_snapshots, folder / "b.cjm"),
                                   runs=runs)  # fmt: skip
    print("| | without snapshots (floor) | with 50 snapshots | ratio | target |")
    print("|---|---:|---:|---:|---|")
    print(f"| open | {open_bare * 1000:.1f} ms | {open_full * 1000:.1f} ms | "
          f"{open_full / open_bare:.2f}x | as fast |")  # fmt: skip
    print(f"| save | {save_bare * 1000:.1f} ms | {save_full * 1000:.1f} ms | "
          f"{save_full / save_bare:.2f}x | within 1.5x |")  # fmt: skip
    # Taking one more snapshot and reading the oldest back: rarer, timed once each.
    started = time.perf_counter()
    take_snapshot(with_snapshots, "One more")
    taking = time.perf_counter() - started
    started = time.perf_counter()
    quiet("diff", f"{full}@Round 0", str(full))
    oldest = time.perf_counter() - started
    print(f"taking a snapshot: {taking * 1000:.0f} ms; `cjm diff` of the oldest snapshot "
          f"(49 changes to undo) and the map, in-process: {oldest * 1000:.0f} ms")


def bench_diff(folder: Path, runs: int) -> None:
    rng = random.Random(2)
    old = synthetic_map(CARDS)
    new = copy_of(old)
    changed_a_lot(new, rng)
    a, b = folder / "a-map.cjm", folder / "b-map.cjm"
    save_document(MapDocument(old), a)
    save_document(MapDocument(new), b)
    document = open_document(b)
    document.current = open_map(a)
    take_snapshot(document, "Before")
    document.current = open_map(b)
    snapped = folder / "snapped.cjm"
    save_document(document, snapped)
    diff = diff_maps(old, new)
    changes = sum(len(diff.of_kind(k)) for k in ("card", "stage")) + len(diff.emotions)
    print(f"\n`cjm diff` of two {CARDS:,}-card maps, {changes} elements changed:")
    floor, two_files, snapshot, as_json = medians(
        lambda: run_cjm("info", str(a)),
        lambda: run_cjm("diff", str(a), str(b)),
        lambda: run_cjm("diff", f"{snapped}@Before", str(snapped)),
        lambda: run_cjm("diff", str(a), str(b), "--json"),
        runs=runs,
    )
    compare, read_both = medians(lambda: diff_maps(old, new),
                                 lambda: (open_map(a), open_map(b)), runs=runs)  # fmt: skip
    print("| what (a new process each, as a user runs it) | time | beside `cjm info A` | target |")
    print("|---|---:|---:|---|")
    print(f"| `cjm info A` (floor) | {floor * 1000:.0f} ms | 1x | |")
    for label, spent in (("`cjm diff A B`", two_files), ("`cjm diff A@SNAPSHOT A`", snapshot),
                         ("`cjm diff A B --json`", as_json)):  # fmt: skip
        print(f"| {label} | {spent * 1000:.0f} ms | {spent / floor:.2f}x | under 1 s |")
    print(f"in-process: comparing {compare * 1000:.1f} ms, opening both files "
          f"{read_both * 1000:.1f} ms")


def main_bench() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9, help="runs of each `cjm` process")
    parser.add_argument("--store-runs", type=int, default=25, help="runs of each open, save")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bench_store(Path(folder), args.store_runs)
        bench_diff(Path(folder), args.runs)


if __name__ == "__main__":
    main_bench()
