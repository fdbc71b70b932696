"""Persistent preferences (QSettings): window geometry, panel layout, recent files.

Always an INI file in the user scope, so tests can point it at a temporary
folder with ``QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, tmp)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

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
