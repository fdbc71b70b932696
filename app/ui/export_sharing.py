"""The sharing checkboxes of every export dialog, and the small dialog of the exports that
have no other options (workbook, JSON, deck, web page).

"Client-safe copy" writes the map's client-safe copy (``app.model.client_safe``);
"DRAFT watermark" marks the deliverable (not offered for JSON, which has nothing
to mark). Both are remembered per deliverable, like the other settings, under
``export/<key>/client_safe`` and ``export/<key>/draft``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.export.sharing import CLIENT_SAFE_TEXT, DRAFT_TEXT, ShareOptions
from app.ui import export_targets as targets

#: What the client-safe checkbox's tooltip explains.
CLIENT_SAFE_TIP = (
    "Leaves out every card's owner, evidence (quotes, source, confidence), the notes lanes "
    "with their cards, comments, and the tags marked internal in the map's properties. "
    "A client-safe workbook still merges back into the full map."
)


def remembered(key: str) -> ShareOptions:
    """The deliverable's last sharing choices."""
    return ShareOptions(targets.load(key, "client_safe", False), targets.load(key, "draft", False))


def remember(key: str, options: ShareOptions) -> None:
    targets.store(key, "client_safe", options.client_safe)
    targets.store(key, "draft", options.draft)


class SharingBox(QWidget):
    """The checkboxes "Client-safe copy" and (unless ``with_draft`` is False) "DRAFT
    watermark"."""

    def __init__(
        self, start: ShareOptions, with_draft: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.client_safe = QCheckBox(CLIENT_SAFE_TEXT)
        self.client_safe.setObjectName("client-safe")
        self.client_safe.setToolTip(CLIENT_SAFE_TIP)
        self.client_safe.setChecked(start.client_safe)
        layout.addWidget(self.client_safe)
        self.draft: QCheckBox | None = None
        if with_draft:
            self.draft = QCheckBox(DRAFT_TEXT)
            self.draft.setObjectName("draft")
            self.draft.setChecked(start.draft)
            layout.addWidget(self.draft)

    def options(self) -> ShareOptions:
        draft = self.draft is not None and self.draft.isChecked()
        return ShareOptions(self.client_safe.isChecked(), draft)


class SharingDialog(QDialog):
    """The options of an export that has no others: how it is shared."""

    def __init__(
        self, key: str, title: str, note: str, with_draft: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.setWindowTitle(title)
        outer = QVBoxLayout(self)
        self.sharing = SharingBox(remembered(key), with_draft)
        outer.addWidget(self.sharing)
        if note:
            label = QLabel(note)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            outer.addWidget(label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    def options(self) -> ShareOptions:
        return self.sharing.options()

    def accept(self) -> None:
        remember(self.key, self.options())
        super().accept()
