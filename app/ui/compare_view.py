"""The compare view: what changed between two maps, overlaid on the newer map's canvas.

The newer map is drawn read-only, as on the canvas; over it, added cards are
outlined in green, edited ones in orange, moved ones in blue with a dashed ghost
at their old cell and a line to where they went, and removed cards are grey
ghosts in the cell they left. Added or renamed stages, steps and lanes have their
headers outlined. A list beside the map names every change (``diff_report``'s
words); choosing one, or stepping with Previous and Next, centres the map on it.
"Report (PDF)…" writes the printable "What changed" report of the same comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.export.map_subset import copy_map
from app.model.diff import (
    ADDED,
    CARD,
    CHANGED,
    KINDS,
    LANE,
    REMOVED,
    STAGE,
    STEP,
    ElementChange,
    MapDiff,
    diff_maps,
)
from app.model.diff_report import report
from app.model.journey import JourneyMap
from app.model.layout import Rect, compute_layout
from app.ui import dialogs
from app.ui.document import Document
from app.ui.measurer import QtTextMeasurer
from app.ui.scene import MapScene
from app.ui.selection import SelectionModel
from app.ui.view import MapView

#: Outline colours of the overlay, by what happened to the element.
COLOURS = {"added": "#2e7d32", "edited": "#e08a00", "moved": "#1f6fd1", "removed": "#6b7280"}
LEGEND = (
    "On the map: green, added; orange, edited; blue, moved (dashed: where it was); "
    "grey dashed, removed."
)
#: The overlay sits above every item of the map.
OVERLAY_Z = 1000.0
_NAMES = {STAGE: "Stage", STEP: "Step", LANE: "Lane", "persona": "Persona", CARD: "Card"}


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One line of the list: its words, and where it shows on the map (None: nowhere)."""

    text: str
    place: Callable[[], QRectF | None]


def how_changed(change: ElementChange) -> str:
    """The overlay's word for a change: added, removed, moved or edited."""
    if change.action == ADDED:
        return "added"
    if change.action == REMOVED:
        return "removed"
    return "moved" if change.moved else "edited"


class CompareWindow(QMainWindow):
    """``new`` drawn read-only with ``old``'s differences overlaid, and the list of them."""

    def __init__(
        self,
        old: JourneyMap,
        new: JourneyMap,
        old_label: str,
        new_label: str,
        parent: QWidget | None = None,
        diff: MapDiff | None = None,
        links: Mapping[str, str] | None = None,
    ) -> None:
        """``diff``: the comparison to show (by ids when not given); ``links``: old ids
        to new ones (counterparts), to place ghosts of removed cards in their cells."""
        super().__init__(parent)
        self.setObjectName("compare-window")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"Compare: {old_label} → {new_label}")
        self.old, self.new = old, new
        self.old_label, self.new_label = old_label, new_label
        self.diff: MapDiff = diff if diff is not None else diff_maps(old, new)
        self.links = dict(links or {})
        document = Document(copy_map(new), parent=self)
        document.read_only = True
        self.selection = SelectionModel(self)
        self.scene = MapScene(document, self.selection)
        self.view = MapView(self.scene)
        self.overlay: list[QGraphicsItem] = []
        self.rows: list[ChangeRow] = []
        self._sizes: dict[str, tuple[float, float]] | None = None  # card sizes in ``old``
        self._ghosts_in_cell: dict[tuple[str, str], list[str]] = {}
        self.list = QListWidget()
        self.list.setObjectName("compare-changes")
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self.show_row)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # titles are user text
        self.summary.setWordWrap(True)
        self.previous = QPushButton("Previous")
        self.next = QPushButton("Next")
        self.report_button = QPushButton("Report (PDF)…")
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        self.report_button.clicked.connect(self.save_report)
        self._build_layout()
        self._fill_list()
        self.scene.layout_changed.connect(self._place_overlay)
        self.scene.relayout()
        self._place_overlay()
        self.resize(1400, 850)

    def _build_layout(self) -> None:
        side = QWidget()
        column = QVBoxLayout(side)
        column.addWidget(self.summary)
        column.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for button in (self.previous, self.next, self.report_button):
            buttons.addWidget(button)
        column.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)

    # ------------------------------------------------------------------ the list
    def _fill_list(self) -> None:
        sections = report(self.diff, self.old, self.new, one_line=60, arrow="→")
        words = {section.kind: section for section in sections}
        count = sum(len(section.entries) for section in sections)
        if not count:
            self.summary.setText(f"No differences between {self.old_label} and {self.new_label}.")
        else:
            parts = [f"{s.heading}: {s.summary}" for s in sections if s.summary]
            self.summary.setText(
                f"{self.old_label} → {self.new_label}\n" + "\n".join(parts) + "\n" + LEGEND
            )
        for kind in KINDS:
            for change in self.diff.of_kind(kind):
                self.rows.append(ChangeRow(change_text(kind, change), self._place_of(kind, change)))
        for kind in ("map", "emotion"):
            section = words.get(kind)
            for entry in section.entries if section is not None else ():
                label = "Map" if kind == "map" else "Emotion"
                details = "; ".join(f"{d.label}: {d.old} → {d.new}" for d in entry.details)
                text = f"{label} {entry.text}" + (f" ({details})" if details else "")
                self.rows.append(ChangeRow(text, lambda: None))
        for row in self.rows:
            self.list.addItem(QListWidgetItem(row.text))

    def _place_of(self, kind: str, change: ElementChange) -> Callable[[], QRectF | None]:
        def place() -> QRectF | None:
            layout = self.scene.layout
            rect: Rect | None = None
            if kind == CARD and change.action != REMOVED:
                box = layout.cards.get(change.id)
                rect = box.rect if box is not None else None
            elif kind == CARD:
                rect = self._ghost_rect(change)
            elif kind in (STAGE, STEP, LANE):
                headers = {STAGE: layout.stage_rects, STEP: layout.step_rects}
                rect = headers.get(kind, layout.lane_rects).get(change.id)
            return _qrect(rect) if rect is not None else None

        return place

    def show_row(self, row: int) -> None:
        """Centre the map on the change of list row ``row``."""
        if 0 <= row < len(self.rows):
            rect = self.rows[row].place()
            if rect is not None:
                self.view.centerOn(rect.center())

    def step(self, offset: int) -> None:
        """Go to the next (1) or previous (-1) change, round the list."""
        if not self.rows:
            return
        self.list.setCurrentRow((self.list.currentRow() + offset) % len(self.rows))

    # ------------------------------------------------------------------ the overlay
    def _place_overlay(self) -> None:
        for item in self.overlay:
            self.scene.removeItem(item)
        self.overlay.clear()
        layout = self.scene.layout
        for change in self.diff.cards:
            how = how_changed(change)
            if how == "removed":
                self._ghost(change, "removed")
                continue
            box = layout.cards.get(change.id)
            if box is None:
                continue
            self._outline(_qrect(box.rect).adjusted(-2, -2, 2, 2), how)
            if how == "moved":
                ghost = self._ghost(change, "moved")
                if ghost is not None:
                    self._line(ghost.center(), _qrect(box.rect).center(), how)
        for kind, rects in ((STAGE, layout.stage_rects), (STEP, layout.step_rects),
                            (LANE, layout.lane_rects)):  # fmt: skip
            for change in self.diff.of_kind(kind):
                rect = rects.get(change.id)
                if rect is not None and change.action in (ADDED, CHANGED):
                    self._outline(_qrect(rect).adjusted(1, 1, -1, -1), how_changed(change))

    def _ghost_rect(self, change: ElementChange) -> Rect | None:
        """Where a card that left its cell is shown: at the foot of that cell, if it still is."""
        if change.old_place is None or len(change.old_place.parent) != 2:
            return None
        lane_id, step_id = (self.links.get(part, part) for part in change.old_place.parent)
        cell = self.scene.layout.cells.get((lane_id, step_id))
        if cell is None:
            return None
        size = self._old_sizes().get(change.id)
        width, height = size if size is not None else (cell.width - 12, 30.0)
        stacked = self._ghosts_in_cell.setdefault((lane_id, step_id), [])
        if change.id not in stacked:
            stacked.append(change.id)
        level = stacked.index(change.id)
        top = max(cell.y + 4, cell.bottom - 4 - (level + 1) * (height + 4))
        return Rect(cell.x + 6, top, min(width, cell.width - 12), height)

    def _old_sizes(self) -> dict[str, tuple[float, float]]:
        """Each card's size as it was in the old map (a ghost has its old size)."""
        if self._sizes is None:
            old_layout = compute_layout(self.old, QtTextMeasurer())
            self._sizes = {key: (box.rect.width, box.rect.height)
                           for key, box in old_layout.cards.items()}  # fmt: skip
        return self._sizes

    def _ghost(self, change: ElementChange, how: str) -> QRectF | None:
        rect = self._ghost_rect(change)
        if rect is None:
            return None
        box = _qrect(rect)
        ghost = QGraphicsRectItem(box)
        colour = QColor(COLOURS[how])
        fill = QColor(colour)
        fill.setAlpha(40)
        ghost.setBrush(QBrush(fill))
        ghost.setPen(QPen(colour, 1.2, Qt.PenStyle.DashLine))
        self._add(ghost)
        label = QGraphicsSimpleTextItem(_shortened(change.old_title or change.title))
        label.setBrush(QBrush(colour))
        font = label.font()
        font.setPointSizeF(6.5)
        label.setFont(font)
        label.setPos(box.x() + 4, box.y() + 3)
        self._add(label)
        return box

    def _outline(self, rect: QRectF, how: str) -> None:
        item = QGraphicsRectItem(rect)
        item.setPen(QPen(QColor(COLOURS[how]), 2.2))
        item.setBrush(Qt.BrushStyle.NoBrush)
        item.setData(0, how)
        self._add(item)

    def _line(self, start: QPointF, end: QPointF, how: str) -> None:
        line = QGraphicsLineItem(start.x(), start.y(), end.x(), end.y())
        line.setPen(QPen(QColor(COLOURS[how]), 1.2, Qt.PenStyle.DashLine))
        self._add(line)

    def _add(self, item: QGraphicsItem) -> None:
        item.setZValue(OVERLAY_Z)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.scene.addItem(item)
        self.overlay.append(item)

    def outlines(self) -> dict[str, int]:
        """How many outlines of each kind the overlay shows (added, edited, moved...)."""
        counts: dict[str, int] = {}
        for item in self.overlay:
            how = item.data(0)
            if how:
                counts[how] = counts.get(how, 0) + 1
        return counts

    # ------------------------------------------------------------------ the report
    def save_report(self) -> None:
        from app.export.pdf_changes import export_changes

        path, _ = QFileDialog.getSaveFileName(
            self, "Save the report of changes", "what-changed.pdf", "PDF documents (*.pdf)"
        )
        if not path:
            return
        try:
            export_changes(self.diff, self.old, self.new, Path(path), self.old_label,
                           self.new_label)  # fmt: skip
        except (OSError, ValueError) as error:
            dialogs.show_error(self, "Report not saved", f"{Path(path).name}: {error}")
            return
        self.statusBar().showMessage(f"Saved the report of changes to {Path(path).name}", 6000)


def change_text(kind: str, change: ElementChange) -> str:
    """One line of the list: what happened to the element, by title, and its fields."""
    how = how_changed(change)
    if how == "edited" and not change.fields and change.reordered:
        how = "reordered"
    elif how == "edited" and change.renamed and not change.edited:
        how = "renamed"
    text = f"{_NAMES[kind]} {how}: “{_shortened(change.title)}”"
    if change.renamed and change.old_title != change.title:
        text += f" (was “{_shortened(change.old_title)}”)"
    details = [
        f"{field.name}: {_shortened(str(field.old), 24)} → {_shortened(str(field.new), 24)}"
        for field in change.fields
        if field.name not in ("title", "name")
    ]
    return text + (" — " + "; ".join(details) if details else "")


def _qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.width, rect.height)


def _shortened(text: str, limit: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
