"""The status bar's progress of an export: what is being written, a bar and Cancel.

In the status bar rather than in a dialog: the user keeps working on the map while
a big export runs, and showing it costs the event loop next to nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ExportProgress(QWidget):
    """``canceled`` when the user clicks Cancel."""

    canceled = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # the file name is user text
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the exporter tells how far it is
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.canceled)
        for widget in (self.label, self.bar, self.cancel_button):
            row.addWidget(widget)

    def set_fraction(self, fraction: float) -> None:
        if self.bar.maximum() != 1000:
            self.bar.setRange(0, 1000)
        self.bar.setValue(round(fraction * 1000))
