"""The personas dock: the map's personas with their curve colour and visibility.

Selecting a persona makes it the active one (emotion clicks set its curve) and
shows it in the properties panel, where every field and the photo are edited.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.model.commands import AddPersona, EditPersona, RemovePersona
from app.model.comments import commented
from app.model.entities import Persona
from app.ui import asks, style
from app.ui.document import Document
from app.ui.selection import SelectionModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _swatch(colour: QColor) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(colour)
    return QIcon(pixmap)


class PersonasPanel(QWidget):
    def __init__(self, selection: SelectionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personas")
        self.selection = selection
        self.document: Document | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.list = QListWidget()
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentItemChanged.connect(self._on_current_changed)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add")
        self.add_button.clicked.connect(self.add_persona)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_persona)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        selection.active_persona_changed.connect(self.refresh)

    def set_document(self, document: Document) -> None:
        if self.document is not None:
            self.document.edited.disconnect(self._timer.start)
            self.document.comments_changed.disconnect(self._timer.start)
        self.document = document
        document.edited.connect(self._timer.start)
        document.comments_changed.connect(self._timer.start)  # the comment marker follows
        self.refresh()

    def refresh(self) -> None:
        if self.document is None:
            return
        journey = self.document.journey
        active = self.selection.active_persona(journey)
        open_threads = commented(self.document.map_document, self.document.state)
        blocked = self.list.blockSignals(True)
        try:
            self.list.clear()
            for index, persona in enumerate(journey.personas):
                label = f"{persona.name} (primary)" if persona.is_primary else persona.name
                count = open_threads.get(persona.id, 0)
                if count:  # the marker of a commented element, as on the canvas
                    label += f"  💬 {count}"
                item = QListWidgetItem(_swatch(style.persona_colour(persona, index)), label)
                item.setData(ID_ROLE, persona.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if persona.show_curve else Qt.CheckState.Unchecked
                )
                item.setToolTip("Tick to show this persona's curve")
                self.list.addItem(item)
                if persona.id == active:
                    self.list.setCurrentItem(item)
        finally:
            self.list.blockSignals(blocked)
        self.remove_button.setEnabled(bool(journey.personas))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self.document is None:
            return
        persona_id = str(item.data(ID_ROLE))
        show = item.checkState() == Qt.CheckState.Checked
        if self.document.journey.persona(persona_id).show_curve != show:
            self.document.push(EditPersona(self.document.journey, persona_id, show_curve=show))

    def _on_current_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is None:
            return
        persona_id = str(current.data(ID_ROLE))
        self.selection.set_active_persona(persona_id)
        self.selection.set_focus("persona", persona_id)

    def add_persona(self) -> None:
        if self.document is None:
            return
        journey = self.document.journey
        persona = Persona(
            f"Persona {len(journey.personas) + 1}",
            colour=style.next_persona_colour({p.colour for p in journey.personas}),
            is_primary=not journey.personas,
        )
        self.document.push(AddPersona(journey, persona))
        self.selection.set_active_persona(persona.id)
        self.selection.set_focus("persona", persona.id)

    def remove_persona(self) -> None:
        item = self.list.currentItem()
        if self.document is None or item is None:
            return
        persona_id = str(item.data(ID_ROLE))
        persona = self.document.journey.persona(persona_id)
        text = f"Delete the persona \u201c{persona.name}\u201d with its emotion curve?"
        if asks.confirm(self, "Delete persona", text, "Delete persona"):
            self.document.push(RemovePersona(self.document.journey, persona_id))
