"""A form of bound fields for one element of the map.

Each row says how to read its value from the element and which command
applies a new one. ``load`` shows an element (model -> widgets, signals
blocked); a committed field pushes its command (widget -> model). A value the
model refuses is put back and the reason shown under the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from app.model.commands import Command
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.ui.document import Document
from app.ui.properties.fields import Field

Reader = Callable[[JourneyMap, str], Any]
Writer = Callable[[JourneyMap, str, Any], Command]


class Form(QWidget):
    """Rows of fields editing one element (``element_id``) through commands."""

    title = ""

    def __init__(self) -> None:
        super().__init__()
        self.document: Document | None = None
        self.element_id = ""
        self._rows: list[tuple[Field, Reader, Writer]] = []
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
        return field

    def load(self, document: Document, element_id: str) -> None:
        self.document = document
        self.element_id = element_id
        self.problem.hide()
        self.refresh()

    def refresh(self) -> None:
        """Show the element's current values (after any change to the map)."""
        if self.document is None:
            return
        journey = self.document.journey
        for field, read, _write in self._rows:
            try:
                value = read(journey, self.element_id)
            except (KeyError, ModelError):
                return  # the element is gone; the panel will switch forms
            if value != field.value or not _editing(field):
                field.show(value)

    def _apply(self, field: Field, write: Writer, value: Any) -> None:
        if self.document is None:
            return
        try:
            problem = self.document.push(write(self.document.journey, self.element_id, value))
        except (ModelError, ValueError) as error:
            problem = str(error)
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            self.refresh()
            return
        self.problem.hide()


def _editing(field: Field) -> bool:
    return field.widget.hasFocus()
