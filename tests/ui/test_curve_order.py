"""The emotion lane paints the primary persona's curve over the others, as the poster does;
the active persona (the one being edited) stays on top of all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsScene

from app.model.layout import CurvePoint
from app.ui.fonts import register_fonts
from app.ui.items.emotion import CurveStyle, EmotionLaneItem

COLOURS = {"first": "#e4572e", "second": "#2e86ab", "third": "#7b2cbf"}


def colour_at_the_point(curves: list[CurveStyle]) -> str:
    """The persona whose colour shows where every curve's only point coincides."""
    register_fonts()
    scene = QGraphicsScene()
    item = EmotionLaneItem("lane")
    scene.addItem(item)
    item.set_geometry(QRectF(0, 0, 200, 100), {0: 50.0}, curves, [])
    image = QImage(200, 100, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 200, 100), QRectF(0, 0, 200, 100))
    painter.end()
    shown = image.pixelColor(100, 50)
    return min(
        COLOURS,
        key=lambda name: sum(
            (a - b) ** 2
            for a, b in zip(
                (shown.red(), shown.green(), shown.blue()),
                QColor(COLOURS[name]).getRgb()[:3],
                strict=True,
            )
        ),
    )


def curve(name: str, active: bool = False, primary: bool = False) -> CurveStyle:
    return CurveStyle(
        name,
        QColor(COLOURS[name]),
        (CurvePoint("step", 100.0, 50.0, 0),),
        frozenset(),
        active,
        primary,
    )


@pytest.mark.usefixtures("qapp")
def test_the_primary_personas_point_is_on_top_of_the_others() -> None:
    curves = [curve("first", primary=True), curve("second"), curve("third")]
    assert colour_at_the_point(curves) == "first"


@pytest.mark.usefixtures("qapp")
def test_the_active_personas_point_is_on_top_of_the_primary() -> None:
    curves = [curve("first", primary=True), curve("second"), curve("third", active=True)]
    assert colour_at_the_point(curves) == "third"
    curves = [curve("first", active=True), curve("second", primary=True), curve("third")]
    assert colour_at_the_point(curves) == "first"
