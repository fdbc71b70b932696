"""PDF poster export of a 5,000-card map to A0, beside a floor measured in the same run.

The floor is ReportLab alone drawing what the poster's cards boil down to: the
same number of rounded rectangles at the same places, with the same wrapped
text lines in the same fonts (one text object per card), on the same paper,
saved the same way. The export adds the layout, headers, lanes, grid, curves,
icons, badges, legend and title block. Target: within 1.5x the floor.

Run: .venv/bin/python bench/bench_pdf.py [--cards 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from app.export.fonts import BOLD, REGULAR, register_fonts
from app.export.pdf import export_poster, page_size
from app.export.pdf_poster import poster_layout
from app.model.journey import JourneyMap
from app.model.layout import Layout, TextStyle
from app.model.synthetic import synthetic_map


def floor(layout: Layout, path: Path) -> None:
    """Rounded rectangles with their wrapped lines, nothing else."""
    width, height = page_size("A0")
    canvas = Canvas(str(path), pagesize=(width, height), initialFontName=REGULAR, pageCompression=1)
    scale = min(width / layout.width, height / layout.height)
    canvas.translate(0, height)
    canvas.scale(scale, scale)
    title, body = TextStyle.CARD_TITLE, TextStyle.CARD_BODY
    for box in layout.cards.values():
        r = box.rect
        canvas.roundRect(r.x, -r.bottom, r.width, r.height, 3, stroke=1, fill=1)
        text = canvas.beginText(r.x + 5, -(r.y + 5 + title.size))
        text.setFont(BOLD, title.size, title.size * 1.3)
        for line in box.title_lines:
            text.textLine(line)
        text.setFont(REGULAR, body.size, body.size * 1.3)
        for line in box.body_lines:
            text.textLine(line)
        canvas.drawText(text)
    canvas.showPage()
    canvas.save()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    register_fonts()
    journey: JourneyMap = synthetic_map(args.cards)
    layout = poster_layout(journey)  # the floor draws the same lines (not timed for it)
    with tempfile.TemporaryDirectory() as folder:
        poster_path, floor_path = Path(folder, "poster.pdf"), Path(folder, "floor.pdf")
        # Warm up both (font subsets, caches) before timing.
        export_poster(journey, poster_path, paper="A0")
        floor(layout, floor_path)
        # Alternate the two, so that a busy moment of the machine hits both alike.
        exports, floors = [], []
        for _ in range(args.runs):
            exports.append(timed(lambda: export_poster(journey, poster_path, paper="A0")))
            floors.append(timed(lambda: floor(layout, floor_path)))
        export, base = statistics.median(exports), statistics.median(floors)
        sizes = poster_path.stat().st_size, floor_path.stat().st_size
    lines = sum(len(b.title_lines) + len(b.body_lines) for b in layout.cards.values())
    print(f"cards: {journey.card_count}, text lines: {lines}, runs: {args.runs} (medians)")
    print(f"poster export to A0:   {export:6.3f} s  ({sizes[0] / 1e6:.2f} MB)")
    print(f"floor (rects + text):  {base:6.3f} s  ({sizes[1] / 1e6:.2f} MB)")
    print(f"ratio: {export / base:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
