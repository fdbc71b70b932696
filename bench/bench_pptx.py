"""PowerPoint export of a 5,000-card map beside python-pptx alone, and PNG export at 150 dpi.

The floor is python-pptx writing what the deck's stage slides boil down to: per
stage a table of lanes by steps holding the card titles and a line chart with a
series per persona, and a slide with the overview's picture (a ready PNG of the
size the deck's is), saved to a file. The export adds fitting the cells (with the
"…" marker and the notes), fonts and colours, the title, persona and backlog
slides, and making the overview's picture of the whole map (the poster's layout,
sketched for a map this big). Target: within 1.5x the floor. The PNG figure is the whole map at
150 dpi (about 8,700 x 38,900 pixels), written band by band.

Run: .venv/bin/python bench/bench_pptx.py [--cards 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from app.export.image import export_png
from app.export.pptx_deck import build_deck, export_pptx
from app.export.pptx_overview import overview_picture
from app.model.journey import JourneyMap
from app.model.synthetic import synthetic_map
from app.model.vocab import LaneKind


def floor(journey: JourneyMap, path: Path, picture: Path | None = None) -> None:
    """python-pptx alone: per stage a table of card titles and a chart, and ``picture``
    (made beforehand) on a slide of its own, saved."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    if picture is not None:
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        slide.shapes.add_picture(str(picture), Inches(0.45), Inches(1.25), height=Inches(5.9))
    lanes = [lane for lane in journey.lanes if lane.kind is not LaneKind.EMOTIONS]
    for stage in journey.stages:
        slide = deck.slides.add_slide(deck.slide_layouts[6])
        steps = journey.steps_of(stage.id)
        table = slide.shapes.add_table(
            len(lanes) + 1, len(steps) + 1, Inches(0.45), Inches(1.25), Inches(12.4), Inches(3.8)
        ).table
        for col, step in enumerate(steps, 1):
            table.cell(0, col).text = step.name
        for row, lane in enumerate(lanes, 1):
            table.cell(row, 0).text = lane.name
            for col, step in enumerate(steps, 1):
                table.cell(row, col).text = "\n".join(
                    card.title for card in journey.cards_in(lane.id, step.id)
                )
        data = CategoryChartData()
        data.categories = [step.name for step in steps]
        for persona in journey.personas:
            points = [journey.emotion(persona.id, step.id) for step in steps]
            data.add_series(persona.name, [p.score if p else None for p in points])
        slide.shapes.add_chart(
            XL_CHART_TYPE.LINE_MARKERS, Inches(0.45), Inches(5.2), Inches(10), Inches(2), data
        )
    deck.save(str(path))


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _range(times: list[float]) -> str:
    return f"range {min(times) * 1000:.0f}-{max(times) * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--png-runs", type=int, default=3)
    args = parser.parse_args()
    journey = synthetic_map(args.cards)
    with tempfile.TemporaryDirectory() as folder:
        deck, bare, png = (
            Path(folder) / "deck.pptx",
            Path(folder) / "floor.pptx",
            Path(folder) / "m.png",
        )
        export_pptx(journey, deck)  # warm: fonts registered, modules loaded
        picture = overview_picture(journey, Path(folder))  # the floor's, ready made
        ours, floors, no_picture = [], [], []
        for _ in range(args.runs):  # taking turns, so the machine's noise falls on both
            ours.append(timed(lambda: export_pptx(journey, deck)))
            floors.append(timed(lambda: floor(journey, bare, picture)))
            no_picture.append(timed(lambda: build_deck(journey, None).save(str(deck))))
        pngs = [timed(lambda: export_png(journey, png, dpi=150)) for _ in range(args.png_runs)]
        size = png.stat().st_size
    o, f, n = (statistics.median(x) for x in (ours, floors, no_picture))
    print(f"{args.cards:,} cards, {args.runs} runs, medians:")
    print(f"  PowerPoint export    {o * 1000:7.0f} ms  ({_range(ours)})")
    print(f"  python-pptx floor    {f * 1000:7.0f} ms  ({_range(floors)})")
    print(f"  ratio                {o / f:7.2f}x  (target 1.5x)")
    paired = statistics.median(a / b for a, b in zip(ours, floors, strict=True))
    print(f"  ratio run by run     {paired:7.2f}x  (median of each turn's ours / floor)")
    print(f"  deck without the overview picture {n * 1000:.0f} ms ({n / f:.2f}x the floor)")
    print(
        f"  PNG at 150 dpi       {statistics.median(pngs):7.1f} s   "
        f"(range {min(pngs):.1f}-{max(pngs):.1f}, {size / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
