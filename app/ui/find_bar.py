"""Ctrl+F: find text anywhere in the map (case and accents ignored), highlight the cards
found and step through every match: cards, stage, step and lane headers, personas.

What matches is decided by ``app.model.search``; this bar only shows it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.model.search import Finder, Match
from app.ui.wording import counted

if TYPE_CHECKING:
    from app.ui.view import MapView


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
        self.found: list[Match] = []
        self.position = -1
        self.finder = Finder()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(QLabel("Find:"))
        self.edit = _SearchEdit(self)
        self.edit.setPlaceholderText("Cards, stages, steps, lanes, personas, tags…")
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
        self.found = self.finder.find(scene.journey, text)
        self.position = -1
        scene.set_highlighted(set(self.matches))
        self._show_count()

    @property
    def matches(self) -> list[str]:
        """The ids of the cards found, in reading order."""
        return [match.id for match in self.found if match.kind == "card"]

    def step(self, direction: int) -> None:
        if not self.found:
            return
        self.position = (self.position + direction) % len(self.found)
        self.show_match(self.found[self.position])
        self._show_count()

    def show_match(self, match: Match) -> None:
        """Select the element found and bring it into view."""
        scene = self.view.map_scene()
        if match.kind == "card":
            scene.select_cards([match.id])
            scene.selection.set_focus("card", match.id)
            item = scene.cards.get(match.id)
            if item is not None:
                self.view.centerOn(item)
            return
        scene.select_cards([])
        if match.kind == "persona":  # the personas panel and properties show it
            scene.selection.set_active_persona(match.id)
        scene.selection.set_focus(match.kind, match.id)
        header = scene.headers.get((match.kind, match.id))
        if header is not None:
            self.view.ensureVisible(header, 40, 40)

    def _show_count(self) -> None:
        if not self.edit.text().strip():
            self.count.setText("")
        elif not self.found:
            self.count.setText("Nothing found")
        elif self.position < 0:
            self.count.setText(f"{counted(len(self.found), 'match', 'matches')} found")
        else:
            match = self.found[self.position]
            self.count.setText(f"{self.position + 1} of {len(self.found)} ({match.kind})")
