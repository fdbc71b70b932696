"""File > Export, File > Import, File > Print and Edit > Copy as Image: the deliverables,
made from the app.

Every export asks for its options (a dialog that starts from the last choice, with the
sharing checkboxes: a client-safe copy, a DRAFT watermark), then where to write (in the
deliverable's last folder), then writes a copy of the map taken at that moment (the
client-safe copy, if chosen) in a worker thread (``app.ui.export_worker``). The PowerPoint
and image exporters are imported only when used, so the menu works in a build
without them.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu

from app.export.glyph_check import glyph_warning
from app.export.map_subset import copy_map
from app.export.sharing import ShareOptions
from app.model.document import MapDocument
from app.model.journey import JourneyMap
from app.model.paths import PathProblem
from app.ui import dialogs
from app.ui import export_targets as targets
from app.ui.export_sharing import SharingDialog
from app.ui.export_worker import ExportJob, Progress, problem_text

if TYPE_CHECKING:
    from app.ui.window import MainWindow

#: Writes the snapshot into a temporary path, reporting progress.
Export = Callable[[JourneyMap, Path, Progress], object]

PPTX_MODULE = "app.export.pptx_deck"
IMAGE_MODULE = "app.export.image"


def available(module: str) -> bool:
    """True if the optional exporter ``module`` is part of this build."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False



#: What the workbook's options dialog says under the checkboxes.
WORKBOOK_NOTE = (
    "A client-safe workbook has no Owner, Evidence or Confidence columns and no notes lanes; "
    "merged back (File > Import > Merge from Excel), it changes only what the client could see."
)

#: What the web page's options dialog says under the checkbox.
WEB_PAGE_NOTE = (
    "One file that opens in any browser, offline: the map to pan, zoom and filter, every "
    "card and persona to read. It carries the map: CJM Studio opens it again."
)

#: Exports that keep text as data (nothing drawn), so no glyph can be missing.
_KEEPS_TEXT_AS_DATA = frozenset({"json", "workbook"})

class Delivery:
    """The window's export, import, print and copy-as-image commands and their menus."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        #: Exports in flight (and finished ones, until the next starts): tests look here.
        self.jobs: list[ExportJob] = []
        self.actions: dict[str, QAction] = {}
        from app.ui.import_menu import Importing

        self.importing = Importing(window)
        self._build_menus()

    # ------------------------------------------------------------------ menus
    def _action(self, name: str, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(f"action-{name}")
        action.triggered.connect(lambda _checked=False: slot())
        self.actions[name] = action
        return action

    def _build_menus(self) -> None:
        file_menu: QMenu = self.window.menu_actions.file_menu
        before = self.window.menu_actions.all["new_window"]
        imports = QMenu("&Import", file_menu)
        for name, text, slot in self.importing.entries():
            imports.addAction(self._action(name, text, slot))
        exports = QMenu("&Export", file_menu)
        for name, text, slot in (
            ("export_poster", "&Poster (PDF)…", self.export_poster),
            ("export_handout", "&Handout (PDF)…", self.export_handout),
            ("export_workbook", "E&xcel Workbook…", self.export_workbook),
            ("export_json", "&JSON…", self.export_json),
            ("export_pptx", "Power&Point Deck…", self.export_pptx),
            ("export_image", "&Image (PNG or SVG)…", self.export_image),
            ("export_html", "&Web Page…", self.export_html),
        ):
            exports.addAction(self._action(name, text, slot))
        file_menu.insertMenu(before, imports)
        file_menu.insertMenu(before, exports)
        from app.ui.print_map import print_map

        printing = self._action("print", "&Print…", lambda: print_map(self.window))
        printing.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Print))
        file_menu.insertAction(before, printing)
        file_menu.insertSeparator(before)
        self.import_menu, self.export_menu = imports, exports
        from app.ui.image_clipboard import copy_as_image

        copy_image = self._action(
            "copy_image", "Copy as &Image", lambda: copy_as_image(self.window)
        )
        copy_image.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.window.menu_actions.edit_menu.insertAction(
            self.window.menu_actions.all["paste"], copy_image
        )

    # ------------------------------------------------------------------ the deliverables
    def export_poster(self) -> None:
        from app.ui.poster_dialog import PosterDialog, write_poster

        dialog = PosterDialog(self.window.journey, self.window)

        def chosen() -> None:
            options = dialog.options()
            self.run(
                "poster",
                "the poster",
                "PDF documents (*.pdf)",
                (".pdf",),
                lambda j, temp, _p: write_poster(j, options, temp),
                suffix_name=" poster",
                sharing=options.sharing,
            )

        self._open(dialog, chosen)

    def export_handout(self) -> None:
        from app.export.pdf import export_handout
        from app.ui.export_dialogs import HandoutDialog

        dialog = HandoutDialog(self.window)

        def chosen() -> None:
            paper = dialog.paper.currentText()
            sharing = dialog.sharing.options()
            wanted = dialog.comments.isChecked() and not sharing.client_safe
            comments = self.window.document.map_document.threads if wanted else None
            self.run(
                "handout",
                "the handout",
                "PDF documents (*.pdf)",
                (".pdf",),
                lambda j, temp, _p: export_handout(
                    j, temp, paper, draft=sharing.draft, comments=comments
                ),
                suffix_name=" handout",
                sharing=sharing,
            )

        self._open(dialog, chosen)

    def export_workbook(self) -> None:
        from app.export.xlsx_export import export_workbook

        uid = self.window.document.map_document.uid
        dialog = SharingDialog(
            "workbook", "Export Excel workbook", WORKBOOK_NOTE, True, self.window
        )

        def chosen() -> None:
            sharing = dialog.options()
            threads = self.window.document.map_document.threads  # the Comments column
            self.run(
                "workbook",
                "the workbook",
                "Excel workbooks (*.xlsx)",
                (".xlsx",),
                lambda j, temp, _p: export_workbook(
                    j, temp, map_id=uid, client_safe=sharing.client_safe, draft=sharing.draft,
                    comments=threads,
                ),
                sharing=sharing,
            )

        self._open(dialog, chosen)

    def export_json(self) -> None:
        """The whole document as cjm-json (the map alone when client-safe)."""
        from app.export.json_form import export_document_json, export_json

        dialog = SharingDialog("json", "Export JSON", "", False, self.window)

        def chosen() -> None:
            sharing = dialog.options()
            whole = self.window.document.map_document
            # The file's other parts as they are now (the map itself comes as ``j``).
            future = copy_map(whole.future) if whole.future is not None else None
            parts = (whole.uid, future, whole.counterparts, whole.snapshots, whole.threads,
                     whole.answers)  # fmt: skip

            def write(j: JourneyMap, temp: Path, _progress: Progress) -> None:
                if sharing.client_safe:  # the map alone: no comments, no snapshots
                    export_json(j, temp)
                    return
                uid, future_map, links, snapshots, threads, answers = parts
                document = MapDocument(j, uid=uid, future=future_map, counterparts=links,
                                       snapshots=snapshots, threads=threads,
                                       answers=answers)  # fmt: skip
                export_document_json(document, temp)

            self.run(
                "json", "the JSON file", "JSON files (*.json)", (".json",), write, sharing=sharing
            )

        self._open(dialog, chosen)

    def export_pptx(self) -> None:
        if not self._have(PPTX_MODULE, "PowerPoint deck"):
            return

        dialog = SharingDialog("pptx", "Export PowerPoint deck", "", True, self.window)

        def chosen() -> None:
            sharing = dialog.options()

            def write(journey: JourneyMap, temp: Path, progress: Progress) -> object:
                from app.export.pptx_deck import export_pptx  # type: ignore[import-not-found,unused-ignore]

                export_pptx(journey, temp, progress=progress, draft=sharing.draft)
                return None

            self.run(
                "pptx", "the deck", "PowerPoint presentations (*.pptx)", (".pptx",), write,
                sharing=sharing,
            )  # fmt: skip

        self._open(dialog, chosen)

    def export_html(self) -> None:
        """One offline HTML file a client opens in any browser (app.export.html_page)."""
        from app.export.html_page import HtmlOptions, export_html

        dialog = SharingDialog("html", "Export web page", WEB_PAGE_NOTE, True, self.window)

        def chosen() -> None:
            sharing = dialog.options()
            options = HtmlOptions(client_safe=sharing.client_safe, draft=sharing.draft)

            def write(journey: JourneyMap, temp: Path, progress: Progress) -> object:
                export_html(journey, temp, options, progress)
                return None

            self.run(
                "html", "the web page", "Web pages (*.html *.htm)", (".html", ".htm"), write,
                sharing=sharing,
            )  # fmt: skip

        self._open(dialog, chosen)

    def export_image(self) -> None:
        if not self._have(IMAGE_MODULE, "image"):
            return
        from app.ui.export_dialogs import ImageDialog

        selected = self.selected_cards()
        dialog = ImageDialog(len(selected), self.window)

        def chosen() -> None:
            options = dialog.options()
            ids = selected if options.selected_only else None

            def write(journey: JourneyMap, temp: Path, progress: Progress) -> object:
                from app.export import image  # type: ignore[attr-defined,unused-ignore]

                draft = options.sharing.draft
                if options.svg:
                    image.export_svg(journey, temp, card_ids=ids, progress=progress, draft=draft)
                else:
                    image.export_png(
                        journey, temp, options.dpi, ids, progress=progress, draft=draft
                    )
                return None

            name_filter = "SVG drawings (*.svg)" if options.svg else "PNG pictures (*.png)"
            self.run(
                "image", "the picture", name_filter, (options.suffix,), write,
                sharing=options.sharing,
            )  # fmt: skip

        self._open(dialog, chosen)

    # ------------------------------------------------------------------ shared steps
    def selected_cards(self) -> list[str]:
        journey = self.window.journey
        return [i for i in self.window.selection.card_ids if journey.has_card(i)]

    def _have(self, module: str, what: str) -> bool:
        if available(module):
            return True
        dialogs.show_message(
            self.window, "Export", f"This build of CJM Studio cannot export a {what} yet."
        )
        return False

    def _open(self, dialog: QDialog, chosen: Callable[[], None]) -> None:
        """Show ``dialog`` without blocking; ``chosen`` runs once it is accepted."""
        dialog.setModal(True)
        dialog.accepted.connect(chosen)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()

    def run(
        self,
        key: str,
        what: str,
        name_filter: str,
        suffixes: tuple[str, ...],
        export: Export,
        suffix_name: str = "",
        sharing: ShareOptions | None = None,
    ) -> ExportJob | None:
        """Ask where, then write ``export`` of a snapshot of the map there off the GUI thread;
        ``sharing``: the snapshot is the client-safe copy when it says so."""
        window = self.window
        window.view.editor.commit()  # text being typed belongs in the export
        suggestion = targets.safe_file_name(window.journey.info.title) + suffix_name + suffixes[0]
        title = f"Export {what.removeprefix('the ')}"
        path = targets.choose_target(
            window, key, title, suggestion, name_filter, suffixes, window.document.path
        )
        if path is None:
            return None
        snapshot = copy_map(window.journey)  # edits made during the export do not reach it
        if sharing is not None:
            snapshot = sharing.map_for(snapshot)  # before any exporter runs
        job = ExportJob(window, path, what, lambda temp, progress: export(snapshot, temp, progress))
        if key not in _KEEPS_TEXT_AS_DATA:
            job.glyph_warning = glyph_warning(snapshot)
        job.finished.connect(lambda ok: self._done(job, ok))
        try:
            job.start()
        except PathProblem as problem:
            dialogs.show_error(window, "Export failed", f"{path.name}: {problem_text(problem)}")
            return None
        self.jobs.append(job)
        return job

    def _done(self, job: ExportJob, ok: bool) -> None:
        if ok and job.glyph_warning:
            # Characters no bundled font has are drawn as U+FFFD: say which, never silently.
            message = f"Exported {job.what} to {job.target.name}. Note: {job.glyph_warning}"
            self.window.statusBar().showMessage(message, 20000)
        elif ok:
            self.window.statusBar().showMessage(f"Exported {job.what} to {job.target.name}", 6000)
        elif job.cancelled:
            self.window.statusBar().showMessage("Export cancelled; no file was written", 6000)
        else:
            dialogs.show_error(self.window, "Export failed", job.message)
