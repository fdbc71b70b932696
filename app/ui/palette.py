"""The palette dock: things to drag onto the canvas (cards of every kind, structure, personas)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from app.model.vocab import (
    DEFAULT_PERSONA_COLOUR,
    NEW_STAGE_NAME,
    NEW_STEP_NAME,
    CardKind,
    LaneKind,
)
from app.ui import style
from app.ui.drops import PALETTE_MIME
from app.ui.items.icons import draw_kind_icon

PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1


def palette_entries() -> list[tuple[str, str]]:
    """(payload, label) of every palette entry, in the order shown."""
    entries = [(f"card:{kind.value}", kind.label) for kind in CardKind]
    entries += [("stage", NEW_STAGE_NAME), ("step", NEW_STEP_NAME)]
    entries += [(f"lane:{kind.value}", f"Lane: {kind.label}") for kind in LaneKind]
    entries.append(("persona", "Persona"))
    return entries


def mime_data_for(payload: str) -> QMimeData:
    """The drag data of a palette entry (what a drop on the canvas receives)."""
    mime = QMimeData()
    mime.setData(PALETTE_MIME, payload.encode())
    return mime


def _icon(payload: str) -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    kind, _, detail = payload.partition(":")
    if kind == "card":
        card_kind = CardKind(detail)
        from app.model import palette

        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.qcolor(palette.CARD_COLOURS[card_kind]))
        painter.drawRoundedRect(QRectF(2, 4, 28, 24), 4, 4)
        draw_kind_icon(painter, card_kind, QRectF(9, 9, 14, 14), style.card_accent(card_kind))
    elif kind == "lane":
        from app.model import palette

        painter.fillRect(QRectF(2, 9, 28, 14), style.qcolor(palette.LANE_COLOURS[LaneKind(detail)]))
        painter.fillRect(
            QRectF(2, 9, 4, 14), style.qcolor(palette.LANE_COLOURS[LaneKind(detail)]).darker(130)
        )
    elif kind == "stage":
        painter.fillRect(QRectF(2, 10, 28, 12), style.STAGE_FILL)
    elif kind == "step":
        painter.fillRect(QRectF(8, 10, 16, 12), style.STEP_FILL)
        painter.setPen(style.GRID_LINE.darker(120))
        painter.drawRect(QRectF(8, 10, 16, 12))
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(DEFAULT_PERSONA_COLOUR))
        painter.drawEllipse(QRectF(11, 4, 10, 10))
        painter.drawRoundedRect(QRectF(7, 16, 18, 12), 5, 5)
    painter.end()
    return QIcon(pixmap)


class PaletteWidget(QListWidget):
    """A list of palette entries; dragging one starts a QDrag with ``mime_data_for``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("palette")
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(QSize(24, 24))
        self.setSpacing(1)
        self.setMinimumWidth(200)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for payload, label in palette_entries():
            item = QListWidgetItem(_icon(payload), label)
            item.setData(PAYLOAD_ROLE, payload)
            item.setToolTip(f"Drag onto the map to add: {label}")
            self.addItem(item)

    def mimeTypes(self) -> list[str]:
        return [PALETTE_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        return mime_data_for(str(items[0].data(PAYLOAD_ROLE))) if items else QMimeData()

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction
