"""``cjm-studio --self-test``: open a map, render it once offscreen, report and exit."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPainter

from app.model.journey import JourneyMap


def _journey(path: Path | None) -> JourneyMap:
    if path is not None:
        from app.model.store import open_map

        return open_map(path)
    from app.model.templates import new_map, template_names

    examples = [name for name in template_names() if name != "blank"]
    return new_map(examples[0] if examples else "blank")


def run_self_test(path: Path | None) -> int:
    started = time.perf_counter()
    try:
        journey = _journey(path)
    except Exception as error:
        print(f"self-test failed: cannot open the map: {error}", file=sys.stderr)
        return 1
    from app.ui.document import Document
    from app.ui.window import MainWindow

    document = Document(journey, path)
    document.read_only = True  # a throwaway look: no lock, no working copy, no question
    window = MainWindow(document)
    window.persist_settings = False
    window.resize(1400, 900)
    window.show()
    scene = window.scene
    scene.flush()
    image = QImage(1200, 800, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    scene.render(painter)
    painter.end()
    colours = {image.pixel(x, y) for x in range(0, 1200, 37) for y in range(0, 800, 29)}
    window.document.stack.setClean()
    window.close()
    if len(colours) < 3:
        print("self-test failed: the map rendered blank", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(
        f"self-test ok: {journey.info.title!r}: {journey.card_count} cards, "
        f"{len(journey.steps)} steps, {len(journey.lanes)} lanes rendered in {elapsed:.2f} s"
    )
    return 0
