"""File > Import > Merge from Excel…: the report in a dialog, conflicts decided per row, one undo.

The workbook is exported from the window's map, edited with openpyxl as a client's
spreadsheet would be, and chosen through a patched file dialog; everything else is
real widgets, real clicks and the real undo shortcut.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QTableWidget
from pytestqt.qtbot import QtBot

from app.export.xlsx_export import export_workbook
from app.model.commands import EditCard
from app.model.entities import Card
from app.ui import dialogs, undo
from app.ui.merge_dialog import MergeDialog
from app.ui.window import MainWindow


class Client:
    """The exported workbook, edited through openpyxl."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = openpyxl.load_workbook(path)

    def set(self, sheet: str, element_id: str, header: str, value: Any) -> None:
        ws = self.book[sheet]
        columns = {cell.value: cell.column for cell in ws[1]}
        row = next(
            r
            for r in range(2, ws.max_row + 1)
            if ws.cell(row=r, column=columns["Id"]).value == element_id
        )
        ws.cell(row=row, column=columns[header]).value = value

    def save(self) -> Path:
        self.book.save(self.path)
        return self.path


def exported(window: MainWindow, tmp_path: Path) -> Client:
    path = tmp_path / "client.xlsx"
    export_workbook(window.journey, path, map_id=window.document.map_document.uid)
    return Client(path)


def cards(window: MainWindow) -> list[Card]:
    return list(window.journey.cards())


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )


def merge_action(window: MainWindow) -> QAction:
    found = [
        a for a in window.findChildren(QAction) if a.text().replace("&", "") == "Merge from Excel…"
    ]
    assert len(found) == 1, [a.text() for a in window.findChildren(QAction)]
    return found[0]


def open_dialog(window: MainWindow, qtbot: QtBot) -> MergeDialog:
    merge_action(window).trigger()
    dialog = window.findChild(MergeDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def texts(table: QTableWidget, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def click(qtbot: QtBot, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press_undo(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def edit_in_map(window: MainWindow, card_id: str, **fields: Any) -> None:
    undo.push(window.document.stack, EditCard(window.journey, card_id, **fields))


def test_apply_takes_the_workbook_and_one_ctrl_z_undoes_it(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = cards(window)[:2]
    client = exported(window, tmp_path)
    client.set("Cards", first.id, "Owner", "Client team")
    client.set("Cards", second.id, "Title", "Renamed by the client")
    choose_file(monkeypatch, client.save())
    before = window.journey.snapshot()
    steps = window.document.stack.count()

    dialog = open_dialog(window, qtbot)
    changes = dialog.changes
    assert dialog.windowTitle().endswith("client.xlsx")
    assert "owner (from the workbook)" in texts(changes, 1)
    assert '"Client team"' in texts(changes, 3)
    assert '"Renamed by the client"' in texts(changes, 3)
    assert dialog.summary.text().startswith("2 changes from the workbook (2 fields edited)")
    assert dialog.conflicts.isHidden()
    assert window.journey.snapshot() == before  # nothing changes before Apply

    click(qtbot, dialog.apply_button)
    qtbot.waitUntil(lambda: window.findChild(MergeDialog) is None or not dialog.isVisible())
    assert window.journey.card(first.id).owner == "Client team"
    assert window.journey.card(second.id).title == "Renamed by the client"
    assert window.document.stack.count() == steps + 1
    assert window.document.stack.undoText() == "Merge from Excel"

    press_undo(window, qtbot)
    assert window.journey.snapshot() == before


def test_cancel_changes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cards(window)[0]
    client = exported(window, tmp_path)
    client.set("Cards", first.id, "Owner", "Client team")
    choose_file(monkeypatch, client.save())
    before = window.journey.snapshot()
    steps = window.document.stack.count()

    dialog = open_dialog(window, qtbot)
    click(qtbot, dialog.cancel_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.journey.snapshot() == before
    assert window.document.stack.count() == steps


def test_a_conflict_is_decided_per_row(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = cards(window)[:3]
    client = exported(window, tmp_path)
    client.set("Cards", first.id, "Owner", "Client owner")
    client.set("Cards", second.id, "Owner", "Client owner 2")
    client.set("Cards", third.id, "Body", "Client body")
    choose_file(monkeypatch, client.save())
    # The consultant edits the same two owners in the map after the export.
    edit_in_map(window, first.id, owner="Consultant owner")
    edit_in_map(window, second.id, owner="Consultant owner 2")
    before = window.journey.snapshot()

    dialog = open_dialog(window, qtbot)
    table = dialog.conflicts
    assert table.rowCount() == 2
    assert texts(table, 1) == ["owner", "owner"]
    assert texts(table, 2) == ['"Consultant owner"', '"Consultant owner 2"']
    assert texts(table, 3) == ['"Client owner"', '"Client owner 2"']
    assert "2 conflicts (2 kept the map's)" in dialog.summary.text()
    # Take the workbook's value for the second conflict only, with a click on its row.
    row = texts(table, 2).index('"Consultant owner 2"')
    click(qtbot, table.cellWidget(row, 5))
    assert "2 conflicts (1 kept the map's, 1 took the workbook's)" in dialog.summary.text()
    assert window.journey.snapshot() == before

    click(qtbot, dialog.apply_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.journey.card(first.id).owner == "Consultant owner"
    assert window.journey.card(second.id).owner == "Client owner 2"
    assert window.journey.card(third.id).body == "Client body"

    press_undo(window, qtbot)
    assert window.journey.snapshot() == before


def test_take_all_from_workbook(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = cards(window)[:2]
    client = exported(window, tmp_path)
    client.set("Cards", first.id, "Owner", "Client owner")
    client.set("Cards", second.id, "Impact", 1)
    choose_file(monkeypatch, client.save())
    edit_in_map(window, first.id, owner="Consultant owner")
    edit_in_map(window, second.id, impact=5)

    dialog = open_dialog(window, qtbot)
    click(qtbot, dialog.take_all)
    assert "2 conflicts (2 took the workbook's)" in dialog.summary.text()
    click(qtbot, dialog.apply_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.journey.card(first.id).owner == "Client owner"
    assert window.journey.card(second.id).impact == 1


def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    record: Callable[..., None] = lambda _parent, _title, text: shown.append(text)  # noqa: E731
    monkeypatch.setattr(dialogs, "show_error", record)
    return shown


def test_a_foreign_workbook_shows_the_error_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "other.xlsx"
    export_workbook(window.journey, path, map_id="another-map")
    choose_file(monkeypatch, path)
    shown = errors(monkeypatch)
    before = window.journey.snapshot()
    merge_action(window).trigger()
    assert len(shown) == 1
    assert "exported from another map" in shown[0] and "Nothing was changed" in shown[0]
    assert window.findChild(MergeDialog) is None
    assert window.journey.snapshot() == before


def test_a_formula_cell_shows_the_error_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cards(window)[0]
    client = exported(window, tmp_path)
    client.set("Cards", first.id, "Title", '=HYPERLINK("http://x","click me")')
    choose_file(monkeypatch, client.save())
    shown = errors(monkeypatch)
    before = window.journey.snapshot()
    merge_action(window).trigger()
    assert len(shown) == 1
    assert shown[0].startswith("client.xlsx: Cards!") and "formula" in shown[0]
    assert window.findChild(MergeDialog) is None
    assert window.journey.snapshot() == before


def test_a_workbook_without_a_base_is_merged_two_way_only_when_the_user_agrees(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import merge_dialog

    first = cards(window)[0]
    client = exported(window, tmp_path)
    del client.book["Base"]
    client.set("Cards", first.id, "Owner", "Client team")
    choose_file(monkeypatch, client.save())
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def ask(_parent: object, name: str) -> bool:
        asked.append(name)
        return answers.pop(0)

    monkeypatch.setattr(merge_dialog, "ask_two_way", ask)
    before = window.journey.snapshot()
    merge_action(window).trigger()  # the user says no: nothing happens
    assert asked == ["client.xlsx"] and window.findChild(MergeDialog) is None
    assert window.journey.snapshot() == before

    dialog = open_dialog(window, qtbot)  # the user says yes: the report, with the warning
    warnings = [dialog.warnings.item(i).text() for i in range(dialog.warnings.count())]
    assert warnings[0].startswith("the workbook has no base: merged two-way")
    click(qtbot, dialog.apply_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.journey.card(first.id).owner == "Client team"
