"""PDF poster export of a 5,000-card map to A0, beside a floor measured in the same run.

The floor is ReportLab alone drawing what the poster's cards boil down to: the
same number of rounded rectangles at the same places, with the same wrapped
text lines in the same fonts (one text object per card), on the same paper,
saved the same way, with the map's JSON attached as the poster carries it
(``json.dumps`` of the map's plain form, made untimed like the layout, compressed
and attached by ReportLab's PDF objects). The export adds the layout, headers,
lanes, grid, curves, icons, badges, legend and title block, and making the plain
form of the map. Target: within 1.5x the floor.

``--scripts mixed`` gives every card words in Korean, Arabic, Hebrew, Hindi,
Thai, Chinese, Greek, emoji and symbols as well as English. Its floor is
ReportLab shaping and drawing the same lines itself (HarfBuzz through
ReportLab's own ``shapeStr``, run by run in the fonts of the chain); the export
adds the bidi algorithm, our shaping and placement, and ActualText spans.

Run: .venv/bin/python bench/bench_pdf.py [--cards 5000] [--runs 5] [--scripts mixed]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas

from app.export.fonts import BOLD, REGULAR, fallback, needs_shaped_lines, register_fonts
from app.export.pdf import export_poster, page_size
from app.export.pdf_attach import attach_data
from app.export.pdf_poster import poster_layout
from app.model.codec import map_to_dict
from app.model.journey import JourneyMap
from app.model.layout import Layout, TextStyle
from app.model.synthetic import synthetic_map

#: Words a multilingual workshop writes on cards.
MIXED_WORDS = (
    "결제", "고객", "여정", "رحلة", "العميل", "المتجر", "מסע", "הלקוח", "ग्राहक", "यात्रा",
    "क्षत्रिय", "การเดินทาง", "ลูกค้า", "顾客", "旅程", "お客様", "Καλημέρα", "Привет",
    "😀", "👍🏽", "≥", "→", "✓", "★", "NPS", "42%", "checkout", "app",
)  # fmt: skip


def mixed_map(journey: JourneyMap) -> JourneyMap:
    """``journey`` with every card's title and body in mixed scripts."""
    rng = random.Random(1)

    def words(count: int) -> str:
        return " ".join(rng.choice(MIXED_WORDS) for _ in range(count))

    cards = [
        card._replace(title=words(rng.randint(2, 7)), body=words(rng.randint(0, 14)))
        for card in journey.cards()
    ]
    return JourneyMap.build(
        journey.info, journey.personas, journey.stages, journey.steps, journey.lanes, cards,
        journey.emotions(),
    )  # fmt: skip


def _floor_line(text: object, line: str, size: float, bold: bool) -> None:
    """One line as ReportLab draws it on its own: run by run, shaped by ReportLab."""
    if not needs_shaped_lines(line):
        for name, run in fallback().runs(line, bold):
            text.setFont(name, size, size * 1.3)  # type: ignore[attr-defined]
            text.textOut(run)  # type: ignore[attr-defined]
    else:
        for name, run in fallback().runs(line, bold):
            text.setFont(name, size, size * 1.3)  # type: ignore[attr-defined]
            text.textOut(shapeStr(run, name, size))  # type: ignore[attr-defined]
    text.textLine("")  # type: ignore[attr-defined]


def floor(
    layout: Layout, path: Path, mixed: bool = False, carried: dict[str, object] | None = None
) -> None:
    """Rounded rectangles with their wrapped lines, and the map's JSON attached."""
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
        if not mixed:
            text.setFont(BOLD, title.size, title.size * 1.3)
            for line in box.title_lines:
                text.textLine(line)
            text.setFont(REGULAR, body.size, body.size * 1.3)
            for line in box.body_lines:
                text.textLine(line)
        else:
            for line in box.title_lines:
                _floor_line(text, line, title.size, True)
            for line in box.body_lines:
                _floor_line(text, line, body.size, False)
        canvas.drawText(text)
    canvas.showPage()
    if carried is not None:
        attach_data(canvas, json.dumps(carried, ensure_ascii=False, separators=(",", ":")).encode())
    canvas.save()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scripts", choices=("latin", "mixed"), default="latin")
    args = parser.parse_args()
    register_fonts()
    mixed = args.scripts == "mixed"
    journey: JourneyMap = synthetic_map(args.cards)
    if mixed:
        journey = mixed_map(journey)
    layout = poster_layout(journey)  # the floor draws the same lines (not timed for it)
    carried = map_to_dict(journey)  # and attaches the same JSON (not timed for it either)
    with tempfile.TemporaryDirectory() as folder:
        poster_path, floor_path = Path(folder, "poster.pdf"), Path(folder, "floor.pdf")
        # Warm up both (font subsets, caches) before timing.
        export_poster(journey, poster_path, paper="A0")
        floor(layout, floor_path, mixed, carried)
        # Alternate the two, so that a busy moment of the machine hits both alike.
        exports, floors = [], []
        for _ in range(args.runs):
            exports.append(timed(lambda: export_poster(journey, poster_path, paper="A0")))
            floors.append(timed(lambda: floor(layout, floor_path, mixed, carried)))
        export, base = statistics.median(exports), statistics.median(floors)
        sizes = poster_path.stat().st_size, floor_path.stat().st_size
    lines = sum(len(b.title_lines) + len(b.body_lines) for b in layout.cards.values())
    print(f"scripts: {args.scripts}, cards: {journey.card_count}, text lines: {lines}, "
          f"runs: {args.runs} (medians)")  # fmt: skip
    print(f"poster export to A0:   {export:6.3f} s  ({sizes[0] / 1e6:.2f} MB)")
    print(f"floor (rects + text + JSON attached):  {base:6.3f} s  ({sizes[1] / 1e6:.2f} MB)")
    print(f"ratio: {export / base:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
