"""File > Import: a new map from a client's workbook, a cjm-json file, or the web page or
poster PDF that carries one, and Merge from Excel; and what a dropped or opened .xlsx,
.json, .html or .pdf file offers.

An imported map opens as a new, untitled map in the window (after the usual question
about unsaved changes), unsaved until the user saves it. Merge from Excel opens the
merge dialog (``app.ui.merge_dialog``): what the merge would change, applied only when
the user says so, as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.model.document import MapDocument
from app.model.journey import JourneyMap
from app.ui import dialogs, settings
from app.ui import export_targets as targets
from app.ui.document import Document

if TYPE_CHECKING:
    from app.ui.window import MainWindow

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
JSON_SUFFIXES = (".json",)
#: Files exported by CJM Studio that carry the map: a web page, a poster PDF.
CARRIER_SUFFIXES = (".html", ".htm", ".pdf")
WORKBOOK_FILTER = "Excel workbooks (*.xlsx *.xlsm)"
JSON_FILTER = "CJM Studio JSON (*.json)"
CARRIER_FILTER = "Web pages and posters from CJM Studio (*.html *.htm *.pdf)"
#: Choices offered for a dropped or opened workbook.
NEW_MAP, MERGE = "new", "merge"


def importable(path: Path) -> bool:
    return path.suffix.lower() in WORKBOOK_SUFFIXES + JSON_SUFFIXES + CARRIER_SUFFIXES


def read_carrier(path: Path) -> JourneyMap:
    """The map a web page or a poster PDF exported by CJM Studio carries (FormatError)."""
    if path.suffix.lower() == ".pdf":
        from app.export.pdf_attach import read_pdf_map

        return read_pdf_map(path)
    from app.export.html_read import read_page

    return read_page(path)


class Importing:
    """The import commands of one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def entries(self) -> list[tuple[str, str, Callable[[], object]]]:
        return [
            ("import_workbook", "New Map from &Workbook…", self.new_from_workbook),
            ("import_json", "New Map from &JSON…", self.new_from_json),
            ("import_page", "New Map from Web &Page or Poster…", self.new_from_page),
            ("merge_excel", "&Merge from Excel…", self.merge_from_excel),
        ]

    # ------------------------------------------------------------------ asking for a file
    def _ask(self, key: str, title: str, name_filter: str) -> Path | None:
        folder = targets.load(key, "folder", "")
        if not isinstance(folder, str) or not folder or not Path(folder).is_dir():
            folder = str(settings.start_folder(self.window.document.path))
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, title, folder, f"{name_filter};;All files (*)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        targets.store(key, "folder", str(path.parent))
        settings.remember_folder(path)
        return path

    # ------------------------------------------------------------------ new maps
    def new_from_workbook(self, path: Path | None = None) -> bool:
        path = path or self._ask("import", "New map from workbook", WORKBOOK_FILTER)
        if path is None:
            return False

        def read() -> MapDocument:
            from app.export.xlsx_import import read_workbook_document

            return read_workbook_document(path)  # the map and its comments

        return self._open_new(path, read)

    def new_from_json(self, path: Path | None = None) -> bool:
        path = path or self._ask("import", "New map from JSON", JSON_FILTER)
        if path is None:
            return False

        def read() -> MapDocument:
            from app.export.json_form import read_json_document

            return read_json_document(path)  # the map and its comments

        return self._open_new(path, read)

    def new_from_page(self, path: Path | None = None) -> bool:
        """The map carried by a web page or poster PDF exported by CJM Studio."""
        path = path or self._ask("import", "New map from web page or poster", CARRIER_FILTER)
        if path is None:
            return False
        chosen = path
        return self._open_new(chosen, lambda: read_carrier(chosen))

    def _open_new(self, path: Path, read: Callable[[], JourneyMap | MapDocument]) -> bool:
        if not self.window.files.confirm_close():
            return False
        journey = self._reading(path, "Cannot import map", read)
        if journey is None:
            return False
        document = Document(journey)
        document.stack.resetClean()  # unsaved: closing it asks where to keep it
        self.window.set_document(document)
        self.window.statusBar().showMessage(
            f"Imported {path.name} as a new map; save it to keep it", 8000
        )
        return True

    def _reading(
        self, path: Path, title: str, read: Callable[[], JourneyMap | MapDocument]
    ) -> JourneyMap | MapDocument | None:
        """``read()`` with a wait cursor; None after a message naming the file and problem."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return read()
        except OSError as error:
            problem = f"cannot be read ({error.strerror or error})"
        except (ValueError, MemoryError) as error:  # WorkbookError and FormatError included
            problem = str(error) or "not a map this version can read"
        finally:
            QGuiApplication.restoreOverrideCursor()
        dialogs.show_error(self.window, title, f"{path.name}: {problem}")
        return None

    # ------------------------------------------------------------------ merging
    def merge_from_excel(self, path: Path | None = None) -> bool:
        """Merge a client's edits in a workbook exported from this map, after the merge
        dialog (the report, the conflicts to decide, Apply or Cancel)."""
        window = self.window
        if window.document.read_only:
            dialogs.show_message(
                window, "Merge from Excel", "This map is read-only: nothing can be merged into it."
            )
            return False
        path = path or self._ask("import", "Merge from Excel", WORKBOOK_FILTER)
        if path is None:
            return False
        # The merge dialog (app.ui.merge_dialog) shows the report, lets the user decide each
        # conflict, and applies on Apply as one undo step; True: the dialog is open.
        from app.ui.merge_dialog import merge_from_excel

        return merge_from_excel(window, path) is not None

    # ------------------------------------------------------------------ drops and File > Open
    def offer(self, path: Path) -> bool:
        """A workbook, JSON file, web page or PDF dropped or opened: ask what to do with it."""
        if path.suffix.lower() in CARRIER_SUFFIXES:
            what = "a PDF" if path.suffix.lower() == ".pdf" else "a web page"
            if ask_choice(
                self.window,
                f"{path.name} is {what}. If CJM Studio exported it, it carries its map: open "
                "that as a new, untitled map?",
                [(NEW_MAP, "Open as New Map")],
            ):
                return self.new_from_page(path)
            return False
        if path.suffix.lower() in JSON_SUFFIXES:
            if ask_choice(
                self.window,
                f"{path.name} is a map in JSON form. Open it as a new, untitled map?",
                [(NEW_MAP, "Open as New Map")],
            ):
                return self.new_from_json(path)
            return False
        choice = ask_choice(
            self.window,
            f"{path.name} is an Excel workbook. Open it as a new, untitled map, or merge the "
            "changes made in it into the map you have open?",
            [(NEW_MAP, "Open as New Map"), (MERGE, "Merge into This Map…")],
        )
        if choice == NEW_MAP:
            return self.new_from_workbook(path)
        if choice == MERGE:
            return self.merge_from_excel(path)
        return False


def ask_choice(parent: QWidget | None, text: str, choices: list[tuple[str, str]]) -> str | None:
    """One of ``choices`` (key, button text), or None for Cancel (tests replace this)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Import")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    buttons = [
        (box.addButton(label, QMessageBox.ButtonRole.AcceptRole), key) for key, label in choices
    ]
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return next((key for button, key in buttons if button is clicked), None)
