"""Choosing where an export goes: the save dialog in the deliverable's last folder, and the
checks before anything is written (never the open map or any map, replace only when the
user confirms).

Each deliverable keeps its own last folder and settings in QSettings under
``export/<key>/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.model.store.validate import is_map_file
from app.ui import dialogs, settings


def load(key: str, name: str, default: Any) -> Any:
    """The deliverable's last value of ``name`` (of the default's type), or the default."""
    value = settings.settings().value(f"export/{key}/{name}", default)
    if isinstance(default, bool):
        return value in (True, "true", "1", 1)
    if isinstance(default, (int, float)):
        try:  # an INI file gives the text back
            number = float(str(value))
        except ValueError:
            return default
        return int(number) if isinstance(default, int) else number
    if isinstance(default, list):
        if isinstance(value, str):
            return [value]
        return list(value) if isinstance(value, (list, tuple)) else default
    return value if isinstance(value, type(default)) else default


def store(key: str, name: str, value: Any) -> None:
    settings.settings().setValue(f"export/{key}/{name}", value)


def safe_file_name(title: str) -> str:
    """The map's title as a file name: no folder separators or characters Windows refuses."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", title).strip(" .")
    return name[:120] or "Journey map"


def choose_target(
    parent: QWidget,
    key: str,
    title: str,
    suggestion: str,
    name_filter: str,
    suffixes: tuple[str, ...],
    open_map: Path | None,
) -> Path | None:
    """Ask where to write; None if the user cancelled or the choice was refused.

    The file gets the first of ``suffixes`` unless it has one of them. The open map,
    or any map, is refused; an existing file is replaced only if the user confirms.
    """
    # The open map's folder, else where this export last went, else the last folder used.
    folder = str(open_map.parent) if open_map else load(key, "folder", "")
    if not isinstance(folder, str) or not folder or not os.path.isdir(folder):
        folder = str(settings.start_folder(open_map))
    start = str(Path(folder) / suggestion)
    chosen, _ = QFileDialog.getSaveFileName(
        parent, title, start, name_filter, "", QFileDialog.Option.DontConfirmOverwrite
    )
    if not chosen:
        return None
    given = Path(chosen)
    path = given if given.suffix.lower() in suffixes else given.with_name(given.name + suffixes[0])
    store(key, "folder", str(path.parent))
    settings.remember_folder(path)
    # The name as typed is checked too: choosing the map itself is a mistake to point out,
    # not a reason to write "map.cjm.pdf" beside it.
    problem = refusal(given, open_map) or refusal(path, open_map)
    if problem:
        dialogs.show_error(parent, title, problem)
        return None
    if path.exists() and not ask_replace(parent, path.name):
        return None
    return path


def refusal(path: Path, open_map: Path | None) -> str:
    """Why ``path`` may not be written by an export, or ""."""
    if open_map is not None and _same_file(path, open_map):
        return f"{path.name} is the map you have open; an export never replaces it."
    if path.is_dir():
        return f"{path.name} is a folder; choose a file name."
    if is_map_file(path):
        return f"{path.name} is a CJM Studio map; an export never replaces a map."
    return ""


def _same_file(first: Path, second: Path) -> bool:
    if first.resolve() == second.resolve():
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def ask_replace(parent: QWidget | None, name: str) -> bool:
    """True to replace an existing file (tests replace this function)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Replace file?")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"{name} already exists. Replace it with the export?")
    replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is replace
