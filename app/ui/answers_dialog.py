"""Answers Pain Points…: which current pain points a card of the future state answers.

In the future state, a card's context menu opens a list of the current map's pain
points, each with a box; the ones ticked are the pain points the card answers
(``SetAnswers``, one undoable step). The links are saved in the file, carried by
the JSON form, and stay when either map changes (a link whose card is gone is
shown nowhere).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.model.commands.versions import SetAnswers
from app.model.document import MapDocument
from app.model.vocab import CardKind
from app.ui.document import Document


class AnswersDialog(QDialog):
    """The current pain points, ticked where the future card answers them."""

    def __init__(self, document: Document, card_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answers-dialog")
        self.setWindowTitle("Answers pain points")
        self.document, self.card_id = document, card_id
        whole: MapDocument = document.map_document
        assert whole.future is not None
        title = whole.future.card(card_id).title
        label = QLabel(f"The current pain points “{title}” answers:")
        label.setTextFormat(Qt.TextFormat.PlainText)  # a card title is user text
        label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("answers-list")
        answered = set(whole.answered_by(card_id))
        journey = whole.current
        for card in journey.cards():
            if card.kind is not CardKind.PAIN_POINT:
                continue
            step = journey.step(card.step_id)
            item = QListWidgetItem(f"{card.title}  ({step.name})")  # list items are plain text
            item.setData(Qt.ItemDataRole.UserRole, card.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = card.id in answered
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(520, 420)

    def chosen(self) -> list[str]:
        """The ids of the ticked pain points, in the map's order."""
        return [
            str(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        self.document.push(SetAnswers(self.document.map_document, self.card_id, self.chosen()))
        super().accept()


def open_answers(document: Document, card_id: str, parent: QWidget) -> AnswersDialog:
    """Show the dialog for the future card ``card_id``."""
    dialog = AnswersDialog(document, card_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
