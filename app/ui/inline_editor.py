"""In-place editing on the canvas: a card's title, a header's name, an emotion point's note.

A plain-text editor (QPlainTextEdit never interprets rich text, and pastes
plain text only) laid over the element. Enter commits, Shift+Enter starts a new
line where the text may have several, Escape cancels, leaving the field commits.
Until then the autosave asks for the text as it stands (``pending_command``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QFrame, QPlainTextEdit

from app.model.commands import Command, EditCard, EditLane, EditStage, EditStep, SetEmotion
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.layout import TextStyle
from app.ui.fonts import ui_font

if TYPE_CHECKING:
    from app.ui.view import MapView

MULTILINE = {"card", "note"}


class InlineEditor(QPlainTextEdit):
    #: The editor closed (committed or cancelled).
    finished = Signal()
    #: Escape closed the editor on (kind, id): a card just added is then taken away.
    escaped = Signal(str, str)

    def __init__(self, view: MapView) -> None:
        super().__init__(view.viewport())
        self.view = view
        self.target: tuple[str, str] | None = None
        self.original = ""
        self.setFrameShape(QFrame.Shape.Box)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QPlainTextEdit { background: #ffffff; border: 2px solid #1a73e8; }")
        self.hide()

    @property
    def active(self) -> bool:
        return self.target is not None

    def start(self, kind: str, element_id: str) -> None:
        """Open the editor over an element; kinds: card, stage, step, lane, note."""
        self.commit()
        scene = self.view.map_scene()
        scene.flush()
        found = self._element(kind, element_id)
        if found is None:
            return
        rect, text, size = found
        self.target = (kind, element_id)
        self.original = text
        zoom = self.view.zoom
        font = ui_font(8.0, bold=kind != "note")
        font.setPixelSize(max(6, round(size * max(zoom, 0.6))))
        self.setFont(font)
        self.setPlainText(text)
        view_rect = self.view.mapFromScene(rect).boundingRect()
        view_rect.setWidth(max(view_rect.width(), 120))
        view_rect.setHeight(max(view_rect.height(), round(size * max(zoom, 0.6) * 3.2)))
        self.setGeometry(view_rect)
        self.selectAll()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _element(self, kind: str, element_id: str) -> tuple[QRectF, str, float] | None:
        scene = self.view.map_scene()
        header = scene.headers.get((kind, element_id))
        if header is not None:  # where it is drawn: headers stay pinned while scrolling
            found = self._layout_element(kind, element_id)
            if found is not None:
                rect = header.sceneBoundingRect()
                if kind == "lane":
                    rect.setHeight(min(rect.height(), 60.0))
                return rect, found[1], found[2]
        return self._layout_element(kind, element_id)

    def _layout_element(self, kind: str, element_id: str) -> tuple[QRectF, str, float] | None:
        scene = self.view.map_scene()
        journey = scene.journey
        layout = scene.layout
        if kind == "card" and element_id in scene.cards:
            self.view.ensure_card_visible(element_id)
            box = layout.cards[element_id].rect
            return (
                QRectF(box.x, box.y, box.width, box.height),
                journey.card(element_id).title,
                TextStyle.CARD_TITLE.size,
            )
        if kind == "stage" and element_id in layout.stage_rects:
            r = layout.stage_rects[element_id]
            return (
                QRectF(r.x, r.y, r.width, r.height),
                journey.stage(element_id).name,
                TextStyle.STAGE.size,
            )
        if kind == "step" and element_id in layout.step_rects:
            r = layout.step_rects[element_id]
            return (
                QRectF(r.x, r.y, r.width, r.height),
                journey.step(element_id).name,
                TextStyle.STEP.size,
            )
        if kind == "lane" and element_id in layout.lane_rects:
            r = layout.lane_rects[element_id]
            return (
                QRectF(r.x, r.y, r.width, min(r.height, 60.0)),
                journey.lane(element_id).name,
                TextStyle.LANE.size,
            )
        if kind == "note":
            persona_id, _, step_id = element_id.partition("/")
            point = journey.emotion(persona_id, step_id)
            if point is None or step_id not in layout.step_rects:
                return None
            column = layout.step_rects[step_id]
            lane_id = next(iter(layout.emotion_scale_y))
            y = layout.emotion_scale_y[lane_id][point.score]
            return (
                QRectF(column.x + 8, y + 8, max(column.width - 16, 160.0), 60.0),
                point.note,
                TextStyle.CARD_BODY.size,
            )
        return None

    def _text(self) -> str:
        text = self.toPlainText()
        if self.target is not None and self.target[0] not in MULTILINE:
            text = " ".join(text.split("\n"))
        return text

    def pending_command(self, journey: JourneyMap) -> Command | None:
        """The command the text typed so far would make, on ``journey`` (a copy of the map,
        for the autosave); None if the editor is closed or the text is unchanged."""
        if self.target is None:
            return None
        text = self._text()
        if text == self.original:
            return None
        try:
            return self._command(text, journey)
        except ModelError:  # refused: said when the user commits it
            return None

    def _command(self, text: str, journey: JourneyMap) -> Command | None:
        assert self.target is not None
        kind, element_id = self.target
        try:
            if kind == "card":
                return EditCard(journey, element_id, title=text)
            if kind == "stage":
                return EditStage(journey, element_id, name=text)
            if kind == "step":
                return EditStep(journey, element_id, name=text)
            if kind == "lane":
                return EditLane(journey, element_id, name=text)
            if kind == "note":
                persona_id, _, step_id = element_id.partition("/")
                point = journey.emotion(persona_id, step_id)
                if point is None:
                    return None
                return SetEmotion(journey, persona_id, step_id, point.score, note=text)
        except (KeyError, ValueError):  # the element went away meanwhile
            return None
        return None

    def commit(self) -> None:
        """Apply the edit (if the text changed) and close."""
        if self.target is None:
            return
        text = self._text()
        journey = self.view.map_scene().journey
        command = self._command(text, journey) if text != self.original else None
        self._close()
        if command is not None:
            self.view.map_scene().document.push(command)

    def cancel(self) -> None:
        """Close without changing anything."""
        if self.target is not None:
            self._close()

    def _close(self) -> None:
        self.target = None
        self.hide()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.finished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            target = self.target
            self.cancel()
            event.accept()
            if target is not None:
                self.escaped.emit(*target)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            multiline = self.target is not None and self.target[0] in MULTILINE
            if not (multiline and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
                self.commit()
                event.accept()
                return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.commit()

    def event(self, event: QEvent) -> bool:
        # Tab belongs to the text while editing, not to the focus chain.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self.commit()
            return True
        return super().event(event)
