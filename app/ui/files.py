"""File commands of a window: New, Open, Save, Save As, Reload, recent files, the
unsaved-changes question.

The store does the reading and the safe writing; a StoreError becomes a
message box and the current map stays open. A save never replaces, unasked, a file
another program changed since this window read it (``app.ui.file_watch``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.model.commands import StampModified
from app.model.document import MapDocument
from app.model.store import StoreError, open_document
from app.model.store.errors import ReadOnlyError
from app.model.store.workspace import (
    BEFORE_RESTORE,
    DocumentLock,
    backups_of,
    keep_backup,
    save_with_backup,
)
from app.model.templates import new_map
from app.ui import dialogs, settings
from app.ui.document import Document
from app.ui.file_watch import Fingerprint, fingerprint

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
            path = dialogs.open_path(self.window, str(settings.start_folder(self.document.path)))
            if path is None:
                return False
            settings.remember_folder(path)
        from app.ui.import_menu import importable

        if importable(path):  # a client's workbook or a JSON map: offer to import it
            return bool(self.window.delivery.importing.offer(path))
        if ask and not self.confirm_close():
            return False
        content, read = self._read(path, "Cannot open map")
        if content is None:
            return False
        self.window.set_document(Document(content, path))
        self.window.safety.watch.follow(path, read)
        self._remember(path)
        return True

    def reload(self) -> bool:
        """Open this window's file anew (it changed on disk); unsaved edits are set aside."""
        path = self.document.path
        if path is None:
            return False
        content, read = self._read(path, "Cannot reload map")
        if content is None or not self.window.safety.set_aside():
            return False
        document = Document(content, path)
        # Still read-only if it was: the other holder has not let go, so no second notice.
        document.read_only = self.document.read_only
        self.window.set_document(document)
        self.window.safety.watch.follow(path, read)
        self.window.statusBar().showMessage(f"Reloaded {path.name} from disk", 4000)
        return True

    def _read(self, path: Path, title: str) -> tuple[MapDocument | None, Fingerprint | None]:
        """The document in ``path`` and the file's fingerprint taken before reading it (so a
        change made while reading is noticed later); (None, None) after an error message."""
        read = fingerprint(path)
        try:
            return open_document(path), read
        except StoreError as error:
            dialogs.show_error(self.window, title, str(error))
        except OSError as error:
            dialogs.show_error(self.window, title, f"{path.name}: {error.strerror or error}")
        return None, None

    def save(self) -> bool:
        self.window.view.editor.commit()
        if self.document.path is None or self.document.read_only:
            return self.save_as()  # a read-only map is saved under another name
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        from app.ui.export_targets import safe_file_name

        self.window.view.editor.commit()
        suggestion = (
            str(self.document.path)
            if self.document.path
            else str(
                settings.start_folder()
                / (safe_file_name(self.document.journey.info.title) + ".cjm")
            )
        )
        path = dialogs.save_path(self.window, suggestion)
        if path is None:
            return False
        settings.remember_folder(path)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        if not self.window.safety.watch.may_overwrite(path):
            return False  # changed on disk by another program, and the user said Cancel
        lock = self.window.safety.lock_for(path)
        if lock is None:
            holder = DocumentLock(path).describe_holder()
            dialogs.show_error(
                self.window,
                "Cannot save map",
                f"{path.name} is {holder}; save under another name.",
            )
            return False
        if self.document.modified:  # a real change: posters print this as "Version of"
            StampModified(self.document.journey).do()
        try:
            if not self._save_asking(path):
                self.window.safety.save_failed(lock)
                return False  # read-only, and the user kept it
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

    def _save_asking(self, path: Path) -> bool:
        """Save to ``path``; a read-only file only if the user says so (False if not)."""
        try:
            save_with_backup(self.document.map_document, path)
        except ReadOnlyError:
            if not dialogs.ask_replace_read_only(self.window, path.name):
                return False
            save_with_backup(self.document.map_document, path, replace_read_only=True)
        return True

    def restore_previous_version(self) -> bool:
        """Let the user choose a kept version of this map and open it as unsaved changes to
        it; the map as it was is kept as a backup first, so the restore can be taken back."""
        from app.ui.backups_dialog import choose_backup

        self.window.view.editor.commit()
        path = self.document.path
        backups = backups_of(path) if path is not None else []
        if path is None or not backups:
            name = path.name if path is not None else "this map"
            dialogs.show_message(
                self.window,
                "Restore previous version",
                f"There is no previous version of {name}: one is kept each time it is saved.",
            )
            return False
        backup = choose_backup(self.window, path.name, backups)
        if backup is None:
            return False
        try:
            restored = open_document(backup.path)
        except (StoreError, OSError) as error:
            dialogs.show_error(self.window, "Cannot restore previous version", str(error))
            return False
        try:  # the map as it is now, so this restore can be taken back the same way
            keep_backup(self.document.map_document, path, BEFORE_RESTORE)
        except (StoreError, OSError) as error:
            dialogs.show_error(
                self.window,
                "Cannot restore previous version",
                f"The map as it is now could not be kept first, so nothing was restored: "
                f"{error}",
            )
            return False
        read_only = self.document.read_only
        document = Document(restored, path)
        document.read_only = read_only
        document.stack.resetClean()  # unsaved until the user saves it over the file
        self.window.set_document(document)
        self.window.statusBar().showMessage(
            f"Restored an earlier version of {path.name}; the map as it was is kept under "
            "File > Restore Previous Version",
            8000,
        )
        return True

    def _remember(self, path: Path) -> None:
        settings.add_recent_file(path)
        self.window.menu_actions.refresh_recent()
