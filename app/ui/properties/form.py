"""A form of bound fields for one element of the map.

Each row says how to read its value from the element and which command
applies a new one. ``load`` shows an element (model -> widgets, signals
blocked); a committed field pushes its command (widget -> model). A value the
model refuses is put back and the reason shown under the form; a field that
``keeps_invalid`` keeps the text instead, marked, until it is put right.

A form can edit several elements of its kind at once (``element_ids``): each field
shows the value they share, or "Mixed", and an edit applies to all of them as one
undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from app.model.commands import Command, Macro
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.ui.document import Document
from app.ui.properties.fields import MIXED, NOTHING, Field

Reader = Callable[[JourneyMap, str], Any]
Writer = Callable[[JourneyMap, str, Any], Command]


class Form(QWidget):
    """Rows of fields editing one element (``element_id``) through commands."""

    title = ""
    #: The user typed in one of the fields (not committed yet).
    typing = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.document: Document | None = None
        self.element_id = ""
        #: Every element edited (the selected cards); ``element_id`` is the focused one.
        self.element_ids: list[str] = []
        self._rows: list[tuple[Field, Reader, Writer]] = []
        self._invalid: list[Field] = []  # fields keeping refused text, marked
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.form)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b03a2e;")
        self.problem.hide()
        outer.addWidget(self.problem)
        outer.addStretch(1)
        self.build()

    def build(self) -> None:
        """Add the rows (subclasses)."""

    def row(self, label: str, field: Field, read: Reader, write: Writer) -> Field:
        self.form.addRow(label, field.widget)
        self._rows.append((field, read, write))
        field.committed.connect(lambda value, f=field, w=write: self._apply(f, w, value))
        field.typing.connect(self.typing.emit)
        return field

    def pending_commands(self, journey: JourneyMap) -> list[Command]:
        """Commands applying the text typed but not committed yet, made on ``journey``."""
        found: list[Command] = []
        if self.document is None:
            return found
        for field, _read, write in self._rows:
            value = field.pending()
            if value is NOTHING:
                continue
            try:
                found += [write(journey, element_id, value) for element_id in self.element_ids]
            except (KeyError, ModelError, ValueError):  # refused: the field says so on commit
                continue
        return found

    def load(
        self, document: Document, element_id: str, element_ids: list[str] | None = None
    ) -> None:
        self.document = document
        self.element_id = element_id
        self.element_ids = list(element_ids) if element_ids else [element_id]
        self.problem.hide()
        for field in self._invalid:
            field.mark("")
        self._invalid.clear()
        for field, _read, _write in self._rows:
            field.value = None  # another element: show every value afresh
        self.refresh()

    def refresh(self) -> None:
        """Show the element's current values (after any change to the map)."""
        if self.document is None:
            return
        journey = self.document.journey
        for field, read, _write in self._rows:
            if field in self._invalid:
                continue  # keeps what the user typed until it is put right
            try:
                values = [read(journey, element_id) for element_id in self.element_ids]
            except (KeyError, ModelError):
                return  # the element is gone; the panel will switch forms
            if any(value != values[0] for value in values[1:]):
                if field.value is not MIXED and not _editing(field):
                    field.show_mixed()
            elif values[0] != field.value or not _editing(field):
                field.show(values[0])

    def _apply(self, field: Field, write: Writer, value: Any) -> None:
        if self.document is None:
            return
        journey = self.document.journey
        try:
            commands = [write(journey, element_id, value) for element_id in self.element_ids]
            command = (
                commands[0]
                if len(commands) == 1
                else Macro(journey, f"Edit {len(commands)} {self.title.lower()}s", commands)
            )
            problem = self.document.push(command)
        except (ModelError, ValueError) as error:
            problem = str(error)
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            if field.keeps_invalid:
                field.mark(problem)
                if field not in self._invalid:
                    self._invalid.append(field)
            self.refresh()
            return
        self.problem.hide()
        if field in self._invalid:
            self._invalid.remove(field)
            field.mark("")


def _editing(field: Field) -> bool:
    return field.widget.hasFocus()
