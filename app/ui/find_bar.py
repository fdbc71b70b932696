"""Ctrl+F: find cards by text, highlight every match and step through them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.model.entities import Card
from app.model.journey import JourneyMap

if TYPE_CHECKING:
    from app.ui.view import MapView


def card_matches(card: Card, needle: str) -> bool:
    needle = needle.casefold()
    haystack = (
        card.title,
        card.body,
        card.owner,
        " ".join(card.tags),
        " ".join(card.evidence.quotes),
    )
    return any(needle in text.casefold() for text in haystack)


def find_cards(journey: JourneyMap, text: str) -> list[str]:
    """The ids of the cards containing ``text`` (any case), in reading order."""
    if not text.strip():
        return []
    return [card.id for card in journey.cards() if card_matches(card, text.strip())]


class _SearchEdit(QLineEdit):
    def __init__(self, bar: FindBar) -> None:
        super().__init__()
        self.bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.bar.close_bar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.bar.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            return
        super().keyPressEvent(event)


class FindBar(QWidget):
    def __init__(self, view: MapView) -> None:
        super().__init__()
        self.setObjectName("find-bar")
        self.view = view
        self.matches: list[str] = []
        self.position = -1
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(QLabel("Find:"))
        self.edit = _SearchEdit(self)
        self.edit.setPlaceholderText("Text on cards")
        self.edit.textChanged.connect(self.search)
        layout.addWidget(self.edit, 1)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.count)
        for text, step in (("Previous", -1), ("Next", 1)):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, s=step: self.step(s))
            layout.addWidget(button)
        close = QPushButton("Close")
        close.clicked.connect(self.close_bar)
        layout.addWidget(close)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self.search(self.edit.text())

    def close_bar(self) -> None:
        self.hide()
        self.view.map_scene().set_highlighted(set())
        self.view.setFocus()

    def search(self, text: str) -> None:
        scene = self.view.map_scene()
        scene.flush()
        self.matches = find_cards(scene.journey, text)
        self.position = -1
        scene.set_highlighted(set(self.matches))
        self._show_count()

    def step(self, direction: int) -> None:
        if not self.matches:
            return
        self.position = (self.position + direction) % len(self.matches)
        card_id = self.matches[self.position]
        scene = self.view.map_scene()
        scene.select_cards([card_id])
        scene.selection.set_focus("card", card_id)
        item = scene.cards.get(card_id)
        if item is not None:
            self.view.centerOn(item)
        self._show_count()

    def _show_count(self) -> None:
        if not self.edit.text().strip():
            self.count.setText("")
        elif not self.matches:
            self.count.setText("No cards found")
        elif self.position < 0:
            self.count.setText(f"{len(self.matches)} found")
        else:
            self.count.setText(f"{self.position + 1} of {len(self.matches)}")
