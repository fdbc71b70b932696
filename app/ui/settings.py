"""Persistent preferences (QSettings): window geometry, panel layout, recent files.

Always an INI file in the user scope, so tests can point it at a temporary
folder with ``QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, tmp)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from app import APP_NAME

ORGANISATION = APP_NAME
APPLICATION = APP_NAME
MAX_RECENT = 10


def settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def recent_files() -> list[str]:
    value = settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [path for path in value if isinstance(path, str)]


def add_recent_file(path: Path) -> list[str]:
    """Put ``path`` first in the recent files; returns the new list."""
    text = str(path.resolve())
    files = [text] + [other for other in recent_files() if other != text]
    files = files[:MAX_RECENT]
    settings().setValue("recent_files", files)
    return files


def clear_recent_files() -> None:
    settings().setValue("recent_files", [])


def remember_folder(path: Path) -> None:
    """Note the folder of a file the user chose (file dialogs start there next time)."""
    folder = path if path.is_dir() else path.parent
    settings().setValue("last_folder", str(folder))


def start_folder(map_path: Path | None = None) -> Path:
    """Where a file dialog starts: the open map's folder, else the last folder used, else
    the user's Documents folder, else their home; never the folder the app started from."""
    candidates = []
    if map_path is not None:
        candidates.append(str(map_path.parent))
    last = settings().value("last_folder", "")
    if isinstance(last, str) and last:
        candidates.append(last)
    candidates.append(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    )
    for candidate in candidates:
        if candidate and Path(candidate).is_absolute() and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()
