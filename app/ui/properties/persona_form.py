"""The persona form: who the persona is, their curve's colour, photo and visibility."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.model.commands import EditPersona
from app.ui import settings
from app.ui.properties.fields import ColourField, Field, FlagField, LineField, TextField
from app.ui.properties.form import Form

PHOTO_SIZE = 384  # photos are stored at most this many pixels on a side, as PNG


def photo_png(path: str) -> bytes | None:
    """The image at ``path`` scaled down and encoded as PNG, or None if it is not an image."""
    image = QImage(path)
    if image.isNull():
        return None
    if max(image.width(), image.height()) > PHOTO_SIZE:
        image = image.scaled(
            PHOTO_SIZE,
            PHOTO_SIZE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The pinned PySide6 refuses the format as bytes (ValueError): it takes a str.
    if not image.save(buffer, "PNG"):
        return None
    return bytes(data.data())


class PhotoField(Field):
    def __init__(self) -> None:
        box = QWidget()
        super().__init__(box)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setFixedSize(96, 96)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("QLabel { background: #eef1f5; border: 1px solid #c9ced6; }")
        layout.addWidget(self.preview)
        buttons = QHBoxLayout()
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose)
        remove = QPushButton("Remove")
        remove.clicked.connect(lambda: self._commit(None))
        buttons.addWidget(choose)
        buttons.addWidget(remove)
        layout.addLayout(buttons)

    def _choose(self) -> None:
        document = getattr(self.widget.window(), "document", None)  # the window's open map
        map_path = getattr(document, "path", None)
        folder = settings.start_folder(map_path if isinstance(map_path, Path) else None)
        path, _ = QFileDialog.getOpenFileName(
            self.widget,
            "Choose a photo",
            str(folder),
            "Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp)",
        )
        if path:
            settings.remember_folder(Path(path))
            data = photo_png(path)
            if data is None:  # say so rather than fail silently
                self.preview.setPixmap(QPixmap())
                self.preview.setText("Not a picture")
                return
            self._commit(data)

    def _put(self, value: Any) -> None:
        pixmap = QPixmap()
        if value and pixmap.loadFromData(value):
            self.preview.setPixmap(
                pixmap.scaled(
                    96,
                    96,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No photo")


def _get(name: str) -> Any:
    return lambda journey, persona_id: getattr(journey.persona(persona_id), name)


def _set(name: str) -> Any:
    return lambda journey, persona_id, value: EditPersona(journey, persona_id, **{name: value})


class PersonaForm(Form):
    title = "Persona"

    def build(self) -> None:
        self.row("Name", LineField(), _get("name"), _set("name"))
        self.row("Role", LineField(), _get("role"), _set("role"))
        self.row("Quote", TextField(2), _get("quote"), _set("quote"))
        self.row("Goals", TextField(3), _get("goals"), _set("goals"))
        self.row("Needs", TextField(3), _get("needs"), _set("needs"))
        self.row("Frustrations", TextField(3), _get("frustrations"), _set("frustrations"))
        self.row("Notes", TextField(3), _get("notes"), _set("notes"))
        self.row("Curve colour", ColourField(allow_default=False), _get("colour"), _set("colour"))
        self.row("Photo", PhotoField(), _get("photo"), _set("photo"))
        self.row("", FlagField("Primary persona"), _get("is_primary"), _set("is_primary"))
        self.row("", FlagField("Show curve"), _get("show_curve"), _set("show_curve"))
