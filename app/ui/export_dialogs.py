"""The small option dialogs of File > Export: the handout's paper and the image's format,
scope and resolution, each with the sharing checkboxes (``export_sharing``). Each starts
from the user's last choice (QSettings)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.export.sharing import ShareOptions
from app.ui import export_targets as targets
from app.ui.export_sharing import SharingBox, remember, remembered

HANDOUT_PAPERS = ("A4", "Letter")
MIN_DPI, MAX_DPI = 96, 600


class _OptionsDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.outer = QVBoxLayout(self)
        self.form = QFormLayout()
        self.outer.addLayout(self.form)

    def finish(self) -> None:
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.outer.addWidget(self.buttons)


class HandoutDialog(_OptionsDialog):
    """The handout's paper: A4 or Letter."""

    KEY = "handout"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Export handout (PDF)", parent)
        self.paper = QComboBox()
        self.paper.addItems(HANDOUT_PAPERS)
        self.paper.setCurrentText(targets.load(self.KEY, "paper", "A4"))
        self.form.addRow("Paper:", self.paper)
        #: A Comments section at the end (left out of a client-safe handout).
        self.comments = QCheckBox("Comments, with their replies, at the end")
        self.comments.setObjectName("handout-comments")
        self.comments.setChecked(targets.load(self.KEY, "comments", False))
        self.form.addRow("Include:", self.comments)
        note = QLabel(
            "The handout has a cover, the personas, every card's full text by stage and "
            "the backlog of pain points and opportunities."
        )
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        self.outer.addWidget(note)
        self.sharing = SharingBox(remembered(self.KEY))
        self.outer.addWidget(self.sharing)
        # A client-safe handout has no comments: the choice is greyed out meanwhile.
        self.sharing.client_safe.toggled.connect(lambda on: self.comments.setEnabled(not on))
        self.comments.setEnabled(not self.sharing.client_safe.isChecked())
        self.finish()

    def accept(self) -> None:
        targets.store(self.KEY, "paper", self.paper.currentText())
        targets.store(self.KEY, "comments", self.comments.isChecked())
        remember(self.KEY, self.sharing.options())
        super().accept()


@dataclass(frozen=True)
class ImageOptions:
    svg: bool
    selected_only: bool
    dpi: int
    sharing: ShareOptions = field(default_factory=ShareOptions)

    @property
    def suffix(self) -> str:
        return ".svg" if self.svg else ".png"


class ImageDialog(_OptionsDialog):
    """PNG or SVG, the whole map or the selected cards, and the PNG's resolution."""

    KEY = "image"

    def __init__(self, selected: int, parent: QWidget | None = None) -> None:
        super().__init__("Export image", parent)
        self.format = QComboBox()
        self.format.addItems(["PNG picture", "SVG drawing (text stays text)"])
        self.format.setCurrentIndex(1 if targets.load(self.KEY, "svg", False) else 0)
        self.form.addRow("Format:", self.format)
        self.whole = QRadioButton("The whole map")
        self.selection = QRadioButton(
            f"The {selected} selected card{'s' if selected != 1 else ''}"
            if selected
            else "The selected cards (none selected)"
        )
        self.selection.setEnabled(selected > 0)
        chosen = selected > 0 and targets.load(self.KEY, "selected_only", False)
        (self.selection if chosen else self.whole).setChecked(True)
        self.form.addRow("Picture of:", self.whole)
        self.form.addRow("", self.selection)
        self.dpi = QSpinBox()
        self.dpi.setRange(MIN_DPI, MAX_DPI)
        self.dpi.setSingleStep(50)
        self.dpi.setSuffix(" dpi")
        self.dpi.setValue(min(max(targets.load(self.KEY, "dpi", 150), MIN_DPI), MAX_DPI))
        self.form.addRow("Resolution:", self.dpi)
        self.format.currentIndexChanged.connect(lambda i: self.dpi.setEnabled(i == 0))
        self.dpi.setEnabled(self.format.currentIndex() == 0)
        self.sharing = SharingBox(remembered(self.KEY))
        self.outer.addWidget(self.sharing)
        self.finish()

    def options(self) -> ImageOptions:
        return ImageOptions(
            self.format.currentIndex() == 1,
            self.selection.isChecked(),
            self.dpi.value(),
            self.sharing.options(),
        )

    def accept(self) -> None:
        options = self.options()
        targets.store(self.KEY, "svg", options.svg)
        targets.store(self.KEY, "selected_only", options.selected_only)
        targets.store(self.KEY, "dpi", options.dpi)
        remember(self.KEY, options.sharing)
        super().accept()
