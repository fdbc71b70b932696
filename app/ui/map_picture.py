"""The map drawn onto any QPainter (a printer, a picture): the poster's own drawing when
the image exporter is part of the build, else the canvas.

The poster's drawing comes as SVG from ``app.export.image`` (the poster's painter and
layout, text as text) and is drawn by QSvgRenderer, so a print matches the PDF poster.
The canvas fallback draws the scene with its frozen headers put back in place first:
pinned to the view's scroll position they would land in the middle of the picture.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRectF, QSizeF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgRenderer

from app.export.map_subset import copy_map
from app.ui.export_menu import IMAGE_MODULE, available

if TYPE_CHECKING:
    from app.ui.view import MapView


class MapPicture:
    """The whole map, drawable in parts: ``size`` in points, ``draw(painter, target, source)``."""

    def __init__(self, view: MapView) -> None:
        self.view = view
        self.scene = view.map_scene()
        self.renderer: QSvgRenderer | None = None
        if available(IMAGE_MODULE):
            from app.export import image  # type: ignore[attr-defined,unused-ignore]

            svg = image.svg_text(copy_map(self.scene.journey))
            renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
            if renderer.isValid():
                renderer.setAspectRatioMode(Qt.AspectRatioMode.IgnoreAspectRatio)
                self.renderer = renderer
        if self.renderer is not None:
            box = self.renderer.viewBoxF()
            self.size = QSizeF(box.width(), box.height())
            self._origin = box.topLeft()
        else:
            self.scene.ensure_all_items()
            layout = self.scene.layout
            self.size = QSizeF(layout.width, layout.height)

    def draw(self, painter: QPainter, target: QRectF, source: QRectF | None = None) -> None:
        """Draw ``source`` (points of the map, the whole map if None) into ``target``."""
        source = source or QRectF(0, 0, self.size.width(), self.size.height())
        if self.renderer is not None:
            self.renderer.setViewBox(source.translated(self._origin))
            self.renderer.render(painter, target)
            return
        with unpinned(self.view):
            self.scene.render(painter, target, source, Qt.AspectRatioMode.IgnoreAspectRatio)


@contextmanager
def unpinned(view: MapView) -> Iterator[None]:
    """Headers and the title corner at their places in the layout while drawing the scene."""
    bars = view.horizontalScrollBar(), view.verticalScrollBar()
    kept = [bar.value() for bar in bars]
    for bar in bars:
        bar.setValue(bar.minimum())
    view.pins.apply()
    try:
        yield
    finally:
        for bar, value in zip(bars, kept, strict=True):
            bar.setValue(value)
        view.pins.apply()
