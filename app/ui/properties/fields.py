"""Editor fields bound both ways: ``show`` puts a model value in (signals blocked, no
feedback loop); ``committed`` fires with the new value when the user finishes an edit.

Text fields also say when the user types (``typing``) and what they typed but have not
committed yet (``pending``), so the autosave can keep it.

A field can show several elements at once: ``show_mixed`` says their values differ (blank,
"Mixed"), and only a value the user then chooses or types is committed. ``mark`` flags
text the form refused, with the reason as tooltip."""

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

#: ``Field.pending`` when nothing typed is waiting to be committed.
NOTHING = object()
#: ``Field.value`` while the field shows several elements whose values differ.
MIXED = object()
MIXED_TEXT = "Mixed"


class Field(QObject):
    """One bound value; ``widget`` is what goes in the form."""

    committed = Signal(object)
    #: The user typed in the field (the text is not committed yet).
    typing = Signal()

    #: Keep text the form refuses (marked, the reason shown) instead of putting the old
    #: value back: for text the user would otherwise have to type again.
    keeps_invalid = False

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.value: Any = None
        self._typed = False  # the user typed since the value was shown

    def show(self, value: Any) -> None:
        self.value = value
        self._typed = False
        blocked = self.widget.blockSignals(True)
        try:
            self._put(value)
        finally:
            self.widget.blockSignals(blocked)

    def show_mixed(self) -> None:
        """Show that the elements edited together have different values."""
        self.value = MIXED
        self._typed = False
        blocked = self.widget.blockSignals(True)
        try:
            self._put_mixed()
        finally:
            self.widget.blockSignals(blocked)

    def _put(self, value: Any) -> None:
        raise NotImplementedError

    def _put_mixed(self) -> None:
        """Show no value, saying the elements differ (each kind of field its own way)."""

    def mark(self, problem: str) -> None:
        """Mark the field as holding refused text, ``problem`` saying why ("" clears it)."""
        from app.ui.wording import plain_tip

        target = getattr(self, "edit", self.widget)
        target.setProperty("invalid", bool(problem))
        selector = "QLineEdit" if isinstance(target, QLineEdit) else "QPlainTextEdit"
        target.setStyleSheet(
            f"{selector} {{ border: 2px solid #c0392b; background: #fdf0ee; }}" if problem else ""
        )
        target.setToolTip(plain_tip(problem) if problem else "")

    def pending(self) -> Any:
        """The value typed but not committed yet; ``NOTHING`` if there is none."""
        return NOTHING

    def _commit(self, value: Any) -> None:
        if value != self.value:
            self.value = value
            self.committed.emit(value)


class LineField(Field):
    def __init__(self) -> None:
        self.edit = QLineEdit()
        super().__init__(self.edit)
        self.edit.editingFinished.connect(self._finish)
        self.edit.textEdited.connect(self._on_typed)

    def _on_typed(self, _text: str) -> None:
        self._typed = True
        self.typing.emit()

    def _finish(self) -> None:
        if self.value is MIXED and not self._typed:
            return  # only passed through: the elements keep their own values
        self._commit(self.edit.text())

    def _put(self, value: Any) -> None:
        self.edit.setPlaceholderText("")
        if self.edit.text() != value:
            self.edit.setText(str(value))
            self.edit.setCursorPosition(0)

    def _put_mixed(self) -> None:
        self.edit.clear()
        self.edit.setPlaceholderText(MIXED_TEXT)

    def pending(self) -> Any:
        text = self.edit.text()
        if self.value is MIXED:
            return text if self._typed else NOTHING
        return text if self.value is not None and text != self.value else NOTHING


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
        # Tall enough for ``lines`` lines of this font (and the placeholder's example lines).
        spacing = self.edit.fontMetrics().lineSpacing()
        self.edit.setFixedHeight(2 * self.edit.frameWidth() + 12 + spacing * lines)
        super().__init__(self.edit)
        self.placeholder = ""
        self.edit.left.connect(self._finish)
        self.edit.textChanged.connect(self._on_typed)  # blocked while ``show`` puts text

    def _on_typed(self) -> None:
        self._typed = True
        self.typing.emit()

    def _finish(self) -> None:
        if self.value is MIXED and not self._typed:
            return  # only passed through: the elements keep their own values
        self._commit(self.edit.toPlainText())

    def set_placeholder(self, text: str) -> None:
        """The text shown while the field is empty (e.g. the form expected)."""
        self.placeholder = text
        if self.value is not MIXED:
            self.edit.setPlaceholderText(text)

    def _put(self, value: Any) -> None:
        self.edit.setPlaceholderText(self.placeholder)
        if self.edit.toPlainText() != value:
            self.edit.setPlainText(str(value))

    def _put_mixed(self) -> None:
        self.edit.clear()
        self.edit.setPlaceholderText(MIXED_TEXT)

    def pending(self) -> Any:
        text = self.edit.toPlainText()
        if self.value is MIXED:
            return text if self._typed else NOTHING
        return text if self.value is not None and text != self.value else NOTHING


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

    def _put_mixed(self) -> None:
        self.combo.setPlaceholderText(MIXED_TEXT)  # shown while no entry is current
        self.combo.setCurrentIndex(-1)


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
        if self.value is MIXED and value == self.spin.minimum():
            return  # still showing "Mixed": nothing chosen
        self._commit(None if self.optional and value == self.spin.minimum() else value)

    def _put(self, value: Any) -> None:
        self.spin.setSpecialValueText("—" if self.optional else "")
        self.spin.setValue(self.spin.minimum() if value is None else int(value))

    def _put_mixed(self) -> None:
        self.spin.setSpecialValueText(MIXED_TEXT)  # the lowest entry reads "Mixed"
        self.spin.setValue(self.spin.minimum())


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
        # From "mixed" (partly checked) a click checks it without a toggle: commit that too.
        self.check.clicked.connect(
            lambda _on: self._commit(self.check.checkState() == Qt.CheckState.Checked)
        )

    def _put(self, value: Any) -> None:
        self.check.setTristate(False)
        self.check.setChecked(bool(value))

    def _put_mixed(self) -> None:
        self.check.setTristate(True)
        self.check.setCheckState(Qt.CheckState.PartiallyChecked)


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
            reset = QPushButton("Reset")
            reset.setToolTip("Use the palette's colour for this kind")
            reset.clicked.connect(lambda: self._commit(""))
            layout.addWidget(reset)

    def _choose(self) -> None:
        initial = (
            QColor(self.value) if isinstance(self.value, str) and self.value else QColor("#ffffff")
        )
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

    def _put_mixed(self) -> None:
        self.button.setText(MIXED_TEXT)
        self.button.setStyleSheet("")


def plain(widget: QWidget) -> QWidget:
    """Mark a label-like widget as plain text (no rich text from user data)."""
    set_format = getattr(widget, "setTextFormat", None)
    if set_format is not None:
        set_format(Qt.TextFormat.PlainText)
    return widget
