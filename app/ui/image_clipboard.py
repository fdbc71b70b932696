"""Edit > Copy as Image: the selected cards (or the whole map) on the clipboard as a PNG
picture and an SVG drawing, to paste into PowerPoint, Word or Confluence.

The pictures come from the image exporter (``app.export.image``), so they match the
exported image and the poster; in a build without it, the canvas itself is drawn
(``QGraphicsScene.render``), which is what the user sees.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from app.export.map_subset import copy_map
from app.model import palette
from app.ui import dialogs
from app.ui.export_menu import IMAGE_MODULE, available
from app.ui.export_worker import problem_text
from app.ui.map_picture import unpinned

if TYPE_CHECKING:
    from app.ui.scene import MapScene
    from app.ui.view import MapView
    from app.ui.window import MainWindow

#: The clipboard's picture: screen resolution, as a pasted picture is usually shown.
CLIPBOARD_DPI = 144
#: Past this many pixels a side the PNG is scaled down (the SVG stays whole).
MAX_SIDE = 8000
MARGIN = 12.0


def copy_as_image(window: MainWindow) -> bool:
    """Put the selection (or the whole map) on the clipboard; False after an error message."""
    journey = window.journey
    ids = [i for i in window.selection.card_ids if journey.has_card(i)] or None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        if available(IMAGE_MODULE):
            png, svg = _exported(window, ids)
        else:
            png, svg = _drawn(window.view, ids)
    except Exception as error:  # a message, never a traceback
        QGuiApplication.restoreOverrideCursor()
        dialogs.show_error(
            window, "Copy as Image", f"The picture could not be made: {problem_text(error)}"
        )
        return False
    QGuiApplication.restoreOverrideCursor()
    mime = QMimeData()
    image = QImage.fromData(png)
    mime.setImageData(image)
    mime.setData("image/png", QByteArray(png))
    mime.setData("image/svg+xml", QByteArray(svg))
    QApplication.clipboard().setMimeData(mime)
    what = f"{len(ids)} card{'s' if len(ids) != 1 else ''}" if ids else "the map"
    window.statusBar().showMessage(f"Copied {what} as a picture", 4000)
    return True


def _exported(window: MainWindow, ids: list[str] | None) -> tuple[bytes, bytes]:
    from app.export import image  # type: ignore[attr-defined,unused-ignore]

    snapshot = copy_map(window.journey)
    with tempfile.TemporaryDirectory(prefix="cjm-copy-") as folder:
        png, svg = Path(folder) / "map.png", Path(folder) / "map.svg"
        image.export_png(snapshot, png, dpi=CLIPBOARD_DPI, card_ids=ids)
        image.export_svg(snapshot, svg, card_ids=ids)
        return png.read_bytes(), svg.read_bytes()


def _area(scene: MapScene, ids: list[str] | None) -> QRectF:
    layout = scene.layout
    if ids:
        area = QRectF()
        for card_id in ids:
            box = layout.cards.get(card_id)
            if box is not None:
                r = box.rect
                area = area.united(QRectF(r.x, r.y, r.width, r.height))
    else:
        area = QRectF(0, 0, layout.width, layout.height)
    return area.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def _drawn(view: MapView, ids: list[str] | None) -> tuple[bytes, bytes]:
    """The canvas's own drawing of the area, as PNG and SVG bytes."""
    scene = view.map_scene()
    scene.ensure_all_items()
    area = _area(scene, ids)
    scale = CLIPBOARD_DPI / 72
    scale = min(scale, MAX_SIDE / max(area.width(), area.height(), 1.0))
    size = QSize(max(1, round(area.width() * scale)), max(1, round(area.height() * scale)))
    picture = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    picture.fill(QColor(palette.PAPER))
    painter = QPainter(picture)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    with unpinned(view):
        scene.render(painter, QRectF(0, 0, size.width(), size.height()), area)
    painter.end()
    png = QBuffer()
    png.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(png, "PNG")  # type: ignore[call-overload]  # PySide wants str here
    svg = QBuffer()
    svg.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(svg)
    generator.setSize(QSize(round(area.width()), round(area.height())))
    generator.setViewBox(QRectF(0, 0, area.width(), area.height()))
    generator.setTitle("Journey map")
    painter = QPainter(generator)
    with unpinned(view):
        scene.render(painter, QRectF(0, 0, area.width(), area.height()), area)
    painter.end()
    with contextlib.suppress(RuntimeError):
        png.close()
        svg.close()
    return bytes(png.data().data()), bytes(svg.data().data())
