"""The properties dock's content: the form of the focused element, kept up to date."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from app.model.commands import Command
from app.model.journey import JourneyMap
from app.ui.document import Document
from app.ui.properties.card_form import CardForm
from app.ui.properties.form import Form
from app.ui.properties.persona_form import PersonaForm
from app.ui.properties.structure_forms import LaneForm, MapForm, StageForm, StepForm
from app.ui.selection import SelectionModel


class PropertiesPanel(QWidget):
    #: The user typed in a field (the text is not committed yet): the autosave keeps it.
    typing = Signal()

    def __init__(self, selection: SelectionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("properties")
        self.selection = selection
        self.document: Document | None = None
        self.forms: dict[str, Form] = {
            "map": MapForm(),
            "card": CardForm(),
            "stage": StageForm(),
            "step": StepForm(),
            "lane": LaneForm(),
            "persona": PersonaForm(),
        }
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setStyleSheet("font-weight: bold; font-size: 11pt;")
        layout.addWidget(self.heading)
        self.stack = QStackedWidget()
        for form in self.forms.values():
            self.stack.addWidget(form)
            form.typing.connect(self.typing.emit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.stack)
        layout.addWidget(scroll, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        selection.focus_changed.connect(self.show_focus)
        selection.cards_changed.connect(self.show_focus)

    def set_document(self, document: Document) -> None:
        if self.document is not None:
            self.document.edited.disconnect(self._timer.start)
        self.document = document
        document.edited.connect(self._timer.start)
        self.show_focus()

    def current_form(self) -> Form:
        return (
            self.forms[self.selection.focus[0]]
            if self.selection.focus[0] in self.forms
            else self.forms["map"]
        )

    def show_focus(self) -> None:
        if self.document is None:
            return
        kind, element_id = self.selection.focus
        form = self.forms.get(kind, self.forms["map"])
        ids = self.selection.card_ids
        if kind == "card" and len(ids) > 1 and element_id in ids:
            # Every selected card is edited: say so, so nobody thinks only one changes.
            self.heading.setText(f"{len(ids)} cards selected: changes apply to all")
            form.load(self.document, element_id, list(ids))
        else:
            self.heading.setText(form.title)
            form.load(self.document, element_id)
        self.stack.setCurrentWidget(form)

    def pending_commands(self, journey: JourneyMap) -> list[Command]:
        """Commands applying the text typed in the shown form but not committed yet."""
        return self.current_form().pending_commands(journey)

    def refresh(self) -> None:
        """The map changed: show the new values (the element may be gone: the scene refocuses)."""
        self.current_form().refresh()
