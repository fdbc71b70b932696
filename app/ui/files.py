"""File commands of a window: New, Open, Save, Save As, recent files, the unsaved-changes question.

The store does the reading and the safe writing; a StoreError becomes a
message box and the current map stays open.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.model.store import StoreError, open_map
from app.model.store.workspace import previous_version, save_with_backup
from app.model.templates import new_map
from app.ui import dialogs, settings
from app.ui.document import Document

if TYPE_CHECKING:
    from app.ui.window import MainWindow


class FileController:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def document(self) -> Document:
        return self.window.document

    def confirm_close(self) -> bool:
        """True if the current map may be closed (saved, discarded, or unchanged)."""
        self.window.view.editor.commit()
        if not self.document.modified:
            return True
        answer = dialogs.ask_save(self.window, self.document.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new(self, template: str | None = None) -> bool:
        if not self.confirm_close():
            return False
        if template is None:
            template = dialogs.choose_template(self.window)
            if template is None:
                return False
        try:
            journey = new_map(template)
        except (KeyError, OSError, ValueError) as error:
            dialogs.show_error(
                self.window, "New map", f"Cannot use the template {template}: {error}"
            )
            return False
        self.window.set_document(Document(journey))
        return True

    def open(self, path: Path | None = None, ask: bool = True) -> bool:
        """Open ``path`` (or ask for one); False if nothing was opened."""
        if path is None:
            path = dialogs.open_path(
                self.window, str(self.document.path.parent) if self.document.path else ""
            )
            if path is None:
                return False
        if ask and not self.confirm_close():
            return False
        try:
            journey = open_map(path)
        except StoreError as error:
            dialogs.show_error(self.window, "Cannot open map", str(error))
            return False
        except OSError as error:
            dialogs.show_error(
                self.window, "Cannot open map", f"{path.name}: {error.strerror or error}"
            )
            return False
        self.window.set_document(Document(journey, path))
        self._remember(path)
        return True

    def save(self) -> bool:
        self.window.view.editor.commit()
        if self.document.path is None or self.document.read_only:
            return self.save_as()  # a read-only map is saved under another name
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        self.window.view.editor.commit()
        suggestion = (
            str(self.document.path)
            if self.document.path
            else f"{self.document.journey.info.title}.cjm"
        )
        path = dialogs.save_path(self.window, suggestion)
        if path is None:
            return False
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        lock = self.window.safety.lock_for(path)
        if lock is None:
            dialogs.show_error(
                self.window,
                "Cannot save map",
                f"{path.name} is open in another window or program; save under another name.",
            )
            return False
        try:
            save_with_backup(self.document.journey, path)
        except StoreError as error:
            self.window.safety.save_failed(lock)
            dialogs.show_error(self.window, "Cannot save map", str(error))
            return False
        except OSError as error:
            self.window.safety.save_failed(lock)
            dialogs.show_error(
                self.window, "Cannot save map", f"{path.name}: {error.strerror or error}"
            )
            return False
        self.window.safety.saved(path, lock)
        if self.document.read_only:  # saved under another name: editable now
            self.document.read_only = False
            self.window.apply_read_only()
        self.document.set_path(path)
        self.document.mark_saved()
        self._remember(path)
        self.window.statusBar().showMessage(f"Saved {path.name}", 4000)
        return True

    def restore_previous_version(self) -> bool:
        """Open the backup kept by the last save of this map, as unsaved changes to it."""
        path = self.document.path
        backup = previous_version(path) if path is not None else None
        if path is None or backup is None:
            name = path.name if path is not None else "this map"
            dialogs.show_message(
                self.window,
                "Restore previous version",
                f"There is no previous version of {name}: one is kept each time it is saved.",
            )
            return False
        if not self.confirm_close():
            return False
        try:
            journey = open_map(backup)
        except (StoreError, OSError) as error:
            dialogs.show_error(self.window, "Cannot restore previous version", str(error))
            return False
        document = Document(journey, path)
        document.stack.resetClean()  # unsaved until the user saves it over the file
        self.window.set_document(document)
        self.window.statusBar().showMessage(f"Previous version of {path.name} restored", 4000)
        return True

    def _remember(self, path: Path) -> None:
        settings.add_recent_file(path)
        self.window.menu_actions.refresh_recent()
