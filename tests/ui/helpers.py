"""Real mouse input for canvas tests: events go to the view's viewport at mapped scene points."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.view import MapView

LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def at(view: MapView, x: float, y: float) -> QPoint:
    """The viewport point showing scene point (x, y)."""
    return view.mapFromScene(QPointF(x, y))


def move_with_button(
    view: MapView,
    pos: QPoint,
    button: Qt.MouseButton = LEFT,
    modifiers: Qt.KeyboardModifier = NO_MODIFIER,
) -> None:
    """A mouse move with ``button`` held, as a real drag sends it."""
    viewport = view.viewport()
    event = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(pos),
        QPointF(viewport.mapToGlobal(pos)),
        Qt.MouseButton.NoButton,
        button,
        modifiers,
    )
    QApplication.sendEvent(viewport, event)


def drag(
    qtbot: QtBot,
    view: MapView,
    start: QPoint,
    end: QPoint,
    steps: int = 8,
    modifiers: Qt.KeyboardModifier = NO_MODIFIER,
) -> None:
    """Press at ``start``, move in ``steps`` to ``end`` with the button held, release there."""
    viewport = view.viewport()
    qtbot.mousePress(viewport, LEFT, modifiers, start)
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        move_with_button(view, point, LEFT, modifiers)
    qtbot.mouseRelease(viewport, LEFT, modifiers, end)


def drag_scene(qtbot: QtBot, view: MapView, start: QPointF, end: QPointF, steps: int = 8) -> None:
    drag(qtbot, view, at(view, start.x(), start.y()), at(view, end.x(), end.y()), steps)


def settle(view: MapView) -> None:
    """Let the coalesced relayout run (it happens on the next turn of the event loop)."""
    QApplication.processEvents()
    view.map_scene().flush()
