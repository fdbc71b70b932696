"""Canvas benchmark: open + first paint and drag smoothness on big maps, beside a floor.

The floor, measured in the same run: the same number of bare QGraphicsRectItems,
each with a QGraphicsSimpleTextItem child holding the card's title, created in
a scene and rendered once in a view of the same size. "Open" starts from a
JourneyMap in memory (reading the file is the store's benchmark) and ends when
the first frame is painted. A drag event is one mouse move with the button held,
sent to the viewport, plus the synchronous repaint it causes. "Drop that grows a lane":
the release + relayout + repaint of a card dropped into the tallest cell of the first
lane, so that every row below it moves. Medians throughout.

    .venv/bin/python bench/bench_canvas.py [--cards 5000 20000] [--repeats 5] [--moves 60]
        [--drops 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from app.model.journey import JourneyMap
from app.model.synthetic import synthetic_map

VIEW_SIZE = (1400, 900)
TARGET_DRAG_MS = {5000: 16.0, 20000: 33.0}


def _show(view: QGraphicsView) -> None:
    view.resize(*VIEW_SIZE)
    view.show()
    view.viewport().repaint()
    QApplication.processEvents()


def floor_open(titles: list[str]) -> float:
    started = time.perf_counter()
    scene = QGraphicsScene()
    brush = QBrush(QColor("#cfe8c9"))
    for index, title in enumerate(titles):
        rect = QGraphicsRectItem(0.0, 0.0, 186.0, 60.0)
        rect.setPos(150.0 + (index % 20) * 200.0, 56.0 + (index // 20) * 66.0)
        rect.setBrush(brush)
        text = QGraphicsSimpleTextItem(title, rect)
        text.setPos(5.0, 5.0)
        scene.addItem(rect)
    view = QGraphicsView(scene)
    _show(view)
    elapsed = time.perf_counter() - started
    view.close()
    view.deleteLater()
    scene.deleteLater()
    QApplication.processEvents()
    return elapsed


def canvas_open(journey: JourneyMap) -> tuple[float, float, object]:
    from app.ui.document import Document
    from app.ui.scene import MapScene
    from app.ui.selection import SelectionModel
    from app.ui.view import MapView

    started = time.perf_counter()
    document = Document(journey)
    scene = MapScene(document, SelectionModel())
    view = MapView(scene)
    _show(view)
    elapsed = time.perf_counter() - started
    scene.ensure_all_items()  # the rest of the cards, made over the next event-loop turns
    view.viewport().repaint()
    complete = time.perf_counter() - started
    return elapsed, complete, (document, scene, view)


def _mouse(
    view: QGraphicsView,
    kind: QEvent.Type,
    pos: QPoint,
    button: Qt.MouseButton,
    buttons: Qt.MouseButton,
) -> None:
    viewport = view.viewport()
    event = QMouseEvent(
        kind,
        QPointF(pos),
        QPointF(viewport.mapToGlobal(pos)),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, event)


def drag_events(parts: object, moves: int) -> tuple[list[float], float]:
    """Per-move times (s) while dragging one card across the view, and the release time."""
    _document, scene, view = parts  # type: ignore[misc]
    view.show_top_left()
    QApplication.processEvents()
    journey = scene.journey
    lane = journey.lanes[0]
    card = journey.cards_in(lane.id, journey.steps[0].id)[0]
    box = scene.layout.cards[card.id].rect
    start = view.mapFromScene(QPointF(box.x + 30, box.y + 10))
    left = Qt.MouseButton.LeftButton
    _mouse(view, QEvent.Type.MouseButtonPress, start, left, left)
    times = []
    for i in range(1, moves + 1):
        pos = start + QPoint(i * 9, (i % 7) * 11)
        began = time.perf_counter()
        _mouse(view, QEvent.Type.MouseMove, pos, Qt.MouseButton.NoButton, left)
        view.viewport().repaint()
        times.append(time.perf_counter() - began)
    began = time.perf_counter()
    _mouse(view, QEvent.Type.MouseButtonRelease, pos, left, Qt.MouseButton.NoButton)
    scene.flush()
    view.viewport().repaint()
    release = time.perf_counter() - began
    moved = journey.card(card.id).step_id != card.step_id or journey.card_index(card.id) != 0
    if not moved:
        print("  warning: the dragged card did not move", file=sys.stderr)
    return times, release


def grow_drops(parts: object, drops: int) -> list[float]:
    """Release + relayout times (s) of drops that make the first card lane taller.

    Each drop drags the top card of a neighbouring cell into the tallest cell of the
    first lane (real mouse events), so the lane grows and every row below it moves.
    """
    _document, scene, view = parts  # type: ignore[misc]
    journey = scene.journey
    lane = next(lane for lane in journey.lanes if lane.kind.value != "emotions")
    steps = [step.id for step in journey.steps]
    left = Qt.MouseButton.LeftButton
    times = []
    for _ in range(drops):
        scene.flush()
        layout = scene.layout
        heights = [  # the bottom of each cell's last card
            max((layout.cards[c.id].rect.bottom for c in journey.cards_in(lane.id, s)), default=0)
            for s in steps
        ]
        target = max(range(len(steps)), key=lambda i: heights[i])
        neighbours = [i for i in (target + 1, target - 1) if 0 <= i < len(steps)]
        source = min(neighbours, key=lambda i: heights[i])
        card = journey.cards_in(lane.id, steps[source])[0]
        cell = layout.cells[(lane.id, steps[target])]
        below = layout.lane_rects[lane.id].bottom
        view.centerOn(QPointF(cell.x + cell.width / 2, cell.y + 300))
        QApplication.processEvents()
        box = layout.cards[card.id].rect
        start = view.mapFromScene(QPointF(box.x + box.width / 2, box.y + 10))
        end = view.mapFromScene(
            QPointF(cell.x + cell.width / 2, cell.y + layout.metrics.cell_padding + 2)
        )
        _mouse(view, QEvent.Type.MouseButtonPress, start, left, left)
        for i in range(1, 9):
            pos = start + (end - start) * (i / 8)
            _mouse(view, QEvent.Type.MouseMove, pos, Qt.MouseButton.NoButton, left)
        view.viewport().repaint()
        began = time.perf_counter()
        _mouse(view, QEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton)
        scene.flush()
        view.viewport().repaint()
        times.append(time.perf_counter() - began)
        if journey.card(card.id).step_id != steps[target]:
            print("  warning: the dropped card did not land", file=sys.stderr)
        elif scene.layout.lane_rects[lane.id].bottom <= below:
            print("  warning: the drop did not make the lane taller", file=sys.stderr)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--moves", type=int, default=60)
    parser.add_argument("--drops", type=int, default=5)
    args = parser.parse_args()
    _app = QApplication.instance() or QApplication([])
    from app.ui.fonts import register_fonts

    register_fonts()
    print(
        f"view {VIEW_SIZE[0]}x{VIEW_SIZE[1]}, "
        f"medians of {args.repeats} opens and {args.moves} drag moves"
    )
    ok = True
    for count in args.cards:
        journeys = [synthetic_map(count, seed=i) for i in range(args.repeats)]
        titles = [card.title for card in journeys[0].cards()]
        floors, opens, completes = [], [], []
        parts = None
        for journey in journeys:
            floors.append(floor_open(titles))
            elapsed, complete, parts = canvas_open(journey)
            opens.append(elapsed)
            completes.append(complete)
        floor, opened = statistics.median(floors), statistics.median(opens)
        moves, release = drag_events(parts, args.moves)
        grows = grow_drops(parts, args.drops)
        drag_ms = statistics.median(moves) * 1000
        worst_ms = max(moves) * 1000
        target = TARGET_DRAG_MS.get(count, 33.0)
        print(
            f"{count:>6} cards: floor {floor * 1000:7.1f} ms | "
            f"open+first paint {opened * 1000:7.1f} ms "
            f"= {opened / floor:4.2f}x floor (target <= 2x)"
        )
        complete = statistics.median(completes)
        print(
            f"{'':>13} every card item made {complete * 1000:7.1f} ms "
            f"= {complete / floor:4.2f}x floor"
        )
        print(
            f"{'':>13} drag move median {drag_ms:6.2f} ms, worst {worst_ms:6.2f} ms "
            f"(target < {target:g} ms) | release + relayout {release * 1000:6.1f} ms"
        )
        grow_ms = statistics.median(grows) * 1000
        print(
            f"{'':>13} drop that grows a lane: median {grow_ms:6.1f} ms, "
            f"worst {max(grows) * 1000:6.1f} ms of {len(grows)} (target < 100 ms)"
        )
        ok = ok and opened <= 2 * floor and drag_ms < target and grow_ms < 100
    print("all targets met" if ok else "some targets missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
