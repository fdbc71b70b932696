"""Editor fields bound both ways: ``show`` puts a model value in (signals blocked, no
feedback loop); ``committed`` fires with the new value when the user finishes an edit."""

from __future__ import annotations

from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)


class Field(QObject):
    """One bound value; ``widget`` is what goes in the form."""

    committed = Signal(object)

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.value: Any = None

    def show(self, value: Any) -> None:
        self.value = value
        blocked = self.widget.blockSignals(True)
        try:
            self._put(value)
        finally:
            self.widget.blockSignals(blocked)

    def _put(self, value: Any) -> None:
        raise NotImplementedError

    def _commit(self, value: Any) -> None:
        if value != self.value:
            self.value = value
            self.committed.emit(value)


class LineField(Field):
    def __init__(self) -> None:
        self.edit = QLineEdit()
        super().__init__(self.edit)
        self.edit.editingFinished.connect(lambda: self._commit(self.edit.text()))

    def _put(self, value: Any) -> None:
        if self.edit.text() != value:
            self.edit.setText(str(value))
            self.edit.setCursorPosition(0)


class _PlainEdit(QPlainTextEdit):
    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class TextField(Field):
    """Several lines of plain text; commits when the field loses focus."""

    def __init__(self, lines: int = 3) -> None:
        self.edit = _PlainEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(12 + 18 * lines)
        super().__init__(self.edit)
        self.edit.left.connect(lambda: self._commit(self.edit.toPlainText()))

    def _put(self, value: Any) -> None:
        if self.edit.toPlainText() != value:
            self.edit.setPlainText(str(value))


class ChoiceField(Field):
    """An enum value; with ``optional`` the first entry means none."""

    def __init__(self, enum: type[Enum], optional: bool = False, none_label: str = "—") -> None:
        self.combo = QComboBox()
        super().__init__(self.combo)
        self.options: list[Any] = ([None] if optional else []) + list(enum)
        for option in self.options:
            self.combo.addItem(none_label if option is None else option.label)  # type: ignore[attr-defined]
        self.combo.activated.connect(lambda index: self._commit(self.options[index]))

    def _put(self, value: Any) -> None:
        self.combo.setCurrentIndex(self.options.index(value) if value in self.options else 0)


class ScoreField(Field):
    """A whole number in a range, or none (the spin box's lowest entry reads "—")."""

    def __init__(self, low: int, high: int, optional: bool = True) -> None:
        self.spin = QSpinBox()
        super().__init__(self.spin)
        self.optional = optional
        self.spin.setRange(low - 1 if optional else low, high)
        if optional:
            self.spin.setSpecialValueText("—")
        self.spin.editingFinished.connect(self._done)
        self.spin.valueChanged.connect(lambda _v: None if self.spin.hasFocus() else self._done())

    def _done(self) -> None:
        value = self.spin.value()
        self._commit(None if self.optional and value == self.spin.minimum() else value)

    def _put(self, value: Any) -> None:
        self.spin.setValue(self.spin.minimum() if value is None else int(value))


class NumberField(Field):
    def __init__(self, low: float, high: float, step: float = 10.0) -> None:
        self.spin = QDoubleSpinBox()
        super().__init__(self.spin)
        self.spin.setRange(low, high)
        self.spin.setDecimals(0)
        self.spin.setSingleStep(step)
        self.spin.editingFinished.connect(lambda: self._commit(float(self.spin.value())))

    def _put(self, value: Any) -> None:
        self.spin.setValue(float(value))


class FlagField(Field):
    def __init__(self, text: str) -> None:
        self.check = QCheckBox(text)
        super().__init__(self.check)
        self.check.toggled.connect(lambda on: self._commit(bool(on)))

    def _put(self, value: Any) -> None:
        self.check.setChecked(bool(value))


class ColourField(Field):
    """A colour as '#rrggbb'; with ``allow_default`` the empty string means "the palette's"."""

    def __init__(self, allow_default: bool = True) -> None:
        box = QWidget()
        super().__init__(box)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton()
        self.button.clicked.connect(self._choose)
        layout.addWidget(self.button, 1)
        if allow_default:
            reset = QPushButton("Default")
            reset.clicked.connect(lambda: self._commit(""))
            layout.addWidget(reset)

    def _choose(self) -> None:
        initial = QColor(self.value) if self.value else QColor("#ffffff")
        colour = QColorDialog.getColor(initial, self.widget, "Choose a colour")
        if colour.isValid():
            self._commit(colour.name())

    def _put(self, value: Any) -> None:
        colour = QColor(str(value)) if value else QColor()
        self.button.setText(colour.name() if colour.isValid() else "Default")
        # Only a parsed colour's own '#rrggbb' ever reaches the style sheet.
        self.button.setStyleSheet(
            f"QPushButton {{ background: {colour.name()}; }}" if colour.isValid() else ""
        )


def plain(widget: QWidget) -> QWidget:
    """Mark a label-like widget as plain text (no rich text from user data)."""
    set_format = getattr(widget, "setTextFormat", None)
    if set_format is not None:
        set_format(Qt.TextFormat.PlainText)
    return widget
