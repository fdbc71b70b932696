"""The window's menus, toolbar and shortcuts (QKeySequence standard keys where there is one)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from app.model.vocab import LaneKind
from app.ui import settings
from app.ui.menu_text import menu_text
from app.ui.shortcuts import show_shortcuts
from app.ui.versions_dialog import open_versions

if TYPE_CHECKING:
    from app.ui.window import MainWindow

Keys = QKeySequence.StandardKey


class WindowActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.all: dict[str, QAction] = {}
        self._claimed: set[str] = set()  # key sequences an action already answers to
        w = window
        files = w.files
        editing = w.editing
        view = w.view
        self.add("new", "&New…", files.new, Keys.New)
        self.add("open", "&Open…", lambda: files.open(), Keys.Open)
        self.add("save", "&Save", files.save, Keys.Save)
        self.add("save_as", "Save &As…", files.save_as, Keys.SaveAs, fallback="Ctrl+Shift+S")
        self.add("restore_previous", "Restore &Previous Version…", files.restore_previous_version)
        self.add("versions", "&Versions…", lambda: open_versions(self.window),
                 fallback="Ctrl+Alt+V")  # fmt: skip
        self.add("new_window", "New &Window", w.new_window, fallback="Ctrl+Shift+N")
        self.add("close", "&Close Window", w.close, Keys.Close)
        self.add("quit", "&Quit", w.quit_all, Keys.Quit, fallback="Ctrl+Q")
        self.undo = w.undo_group.createUndoAction(w, "&Undo")
        self.undo.setShortcuts(QKeySequence.keyBindings(Keys.Undo))
        self.redo = w.undo_group.createRedoAction(w, "&Redo")
        redo_keys = QKeySequence.keyBindings(Keys.Redo)
        for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):
            if QKeySequence(extra) not in redo_keys:
                redo_keys.append(QKeySequence(extra))
        self.redo.setShortcuts(redo_keys)
        self.all["undo"], self.all["redo"] = self.undo, self.redo
        self.add("cut", "Cu&t", editing.cut, Keys.Cut)
        self.add("copy", "&Copy", editing.copy, Keys.Copy)
        self.add("paste", "&Paste", editing.paste, Keys.Paste)
        self.add("duplicate", "D&uplicate", editing.duplicate, fallback="Ctrl+D")
        self.add("delete", "&Delete", editing.delete, Keys.Delete)
        self.add("select_all", "Select &All Cards", editing.select_all, Keys.SelectAll)
        self.add("rename", "&Rename / Edit Title", editing.rename, fallback="F2")
        self.add("find", "&Find…", w.find_bar.open_bar, Keys.Find, fallback="Ctrl+F")
        self.add("add_card", "&Card", editing.add_card, fallback="Ctrl+Return")
        self.add("add_stage", "&Stage", editing.add_stage)
        self.add("add_step", "S&tep", editing.add_step)
        self.add("zoom_in", "Zoom &In", view.zoom_in, Keys.ZoomIn, extra=("Ctrl+=",))
        self.add("zoom_out", "Zoom &Out", view.zoom_out, Keys.ZoomOut)
        self.add("zoom_fit", "&Fit Map", view.zoom_fit, fallback="Ctrl+0")
        self.add("zoom_reset", "&Actual Size (100%)", view.zoom_reset, fallback="Ctrl+1")
        self.add(
            "shortcuts",
            "&Keyboard Shortcuts…",
            lambda: show_shortcuts(self.window, self),
            Keys.HelpContents,
            fallback="F1",
        )
        self._build_menus()
        self._build_toolbar()

    def add(
        self,
        name: str,
        text: str,
        slot: Callable[[], object],
        standard: QKeySequence.StandardKey | None = None,
        fallback: str = "",
        extra: tuple[str, ...] = (),
    ) -> QAction:
        action = QAction(text, self.window)
        keys = QKeySequence.keyBindings(standard) if standard is not None else []
        # A platform's extra binding (KDE's Delete also takes Ctrl+D) never takes a key an
        # earlier action has: two actions on one key are ambiguous and neither fires.
        keys = [k for k in keys if k.toString() not in self._claimed]
        if not keys and fallback:
            keys = [QKeySequence(fallback)]
        keys += [QKeySequence(k) for k in extra if QKeySequence(k) not in keys]
        if keys:
            action.setShortcuts(keys)
            self._claimed.update(k.toString() for k in keys)
        action.triggered.connect(lambda _checked=False: slot())
        self.all[name] = action
        return action

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        a = self.all
        file_menu = self.file_menu = bar.addMenu("&File")
        for name in ("new", "open"):
            file_menu.addAction(a[name])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.refresh_recent()
        file_menu.addSeparator()
        for name in ("save", "save_as", "restore_previous", "versions"):
            file_menu.addAction(a[name])
        file_menu.addSeparator()
        for name in ("new_window", "close", "quit"):
            file_menu.addAction(a[name])
        edit = self.edit_menu = bar.addMenu("&Edit")
        for name in (
            "undo",
            "redo",
            None,
            "cut",
            "copy",
            "paste",
            "duplicate",
            "delete",
            None,
            "select_all",
            "rename",
            "find",
        ):
            edit.addSeparator() if name is None else edit.addAction(a[name])
        edit.addSeparator()
        edit.addAction(self.window.states.create)
        insert = self.insert_menu = bar.addMenu("&Insert")
        for name in ("add_card", "add_stage", "add_step"):
            insert.addAction(a[name])
        lanes = insert.addMenu("&Lane")
        for kind in LaneKind:
            action = lanes.addAction(menu_text(kind.label))  # "Thoughts && feelings"
            action.triggered.connect(lambda _c=False, k=kind: self.window.editing.add_lane(k))
        insert.addAction("&Persona", self.window.personas.add_persona)
        view_menu = bar.addMenu("&View")
        for name in ("zoom_in", "zoom_out", "zoom_fit", "zoom_reset"):
            view_menu.addAction(a[name])
        view_menu.addSeparator()
        states = self.window.states
        for action in (states.show_current, states.show_future, states.compare):
            view_menu.addAction(action)
        view_menu.addSeparator()
        self.panels_menu = view_menu.addMenu("&Panels")
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(a["shortcuts"])
        help_menu.addAction("&About CJM Studio", self.window.about)

    #: Actions that change the map: disabled while a read-only map is shown.
    EDITING = ("cut", "paste", "duplicate", "delete", "rename", "add_card", "add_stage", "add_step")

    def set_read_only(self, read_only: bool) -> None:
        for name in self.EDITING:
            self.all[name].setEnabled(not read_only)
        self.insert_menu.setEnabled(not read_only)

    def add_panel_toggles(self, toggles: list[QAction]) -> None:
        for toggle in toggles:
            self.panels_menu.addAction(toggle)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main toolbar", self.window)
        toolbar.setObjectName("main-toolbar")
        for name in (
            "new",
            "open",
            "save",
            None,
            "undo",
            "redo",
            None,
            "delete",
            "find",
            None,
            "zoom_out",
            "zoom_reset",
            "zoom_in",
            "zoom_fit",
        ):
            if name is None:
                toolbar.addSeparator()
            elif name in ("undo", "redo"):
                toolbar.addAction(self._steady(self.all[name], name.capitalize()))
            else:
                toolbar.addAction(self.all[name])
        self.window.addToolBar(toolbar)

    def _steady(self, source: QAction, label: str) -> QAction:
        """A toolbar twin of the undo or redo action with a fixed label, so the toolbar does
        not jump sideways as "Undo Move card" becomes "Undo Edit map"; the full text (and
        the shortcut) is its tooltip."""
        twin = QAction(label, self.window)
        twin.triggered.connect(lambda _checked=False: source.trigger())

        def follow() -> None:
            twin.setEnabled(source.isEnabled())
            keys = source.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            text = source.text().replace("&", "")
            twin.setToolTip(f"{text} ({keys})" if keys else text)

        source.changed.connect(follow)
        follow()
        return twin

    def refresh_recent(self) -> None:
        menu: QMenu = self.recent_menu
        menu.clear()
        files = settings.recent_files()
        for path in files:
            # '&' would be a mnemonic in a menu text: double it so names show as they are.
            action = menu.addAction(path.replace("&", "&&"))
            action.triggered.connect(lambda _c=False, p=path: self.window.files.open(Path(p)))
        if files:
            menu.addSeparator()
            menu.addAction("Clear list", self._clear_recent)
        menu.setEnabled(bool(files))

    def _clear_recent(self) -> None:
        settings.clear_recent_files()
        self.refresh_recent()
