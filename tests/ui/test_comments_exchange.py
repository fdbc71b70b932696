"""Comments through the app's exports, imports and Merge from Excel, with real clicks and keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from app.export.json_form import dumps
from app.export.xlsx_export import export_workbook
from app.model.commands.comments import AddThread
from app.ui.export_dialogs import HandoutDialog
from app.ui.window import MainWindow
from tests.export.test_pdf_handout import texts
from tests.ui.test_export_menu import finish, save_to
from tests.ui.test_merge_dialog import Client, choose_file, click, open_dialog, press_undo

CTRL = Qt.KeyboardModifier.ControlModifier


def comment(window: MainWindow, element_id: str, text: str) -> None:
    document = window.document
    assert document.push(AddThread(document.map_document, element_id, "Ana", text)) is None


def test_the_handout_dialog_adds_the_comments_section(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    comment(window, "", "A remark for the handout")
    out = tmp_path / "handout.pdf"
    save_to(monkeypatch, out)
    window.delivery.actions["export_handout"].trigger()
    dialog = window.delivery.dialog
    assert isinstance(dialog, HandoutDialog) and not dialog.comments.isChecked()
    qtbot.mouseClick(dialog.comments, Qt.MouseButton.LeftButton,
                     pos=dialog.comments.rect().center())
    assert dialog.comments.isChecked()
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    finish(qtbot, window)
    assert "Aremarkforthehandout" in "".join(texts(out))


def test_json_export_and_import_in_the_app_keep_the_comments(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = next(window.journey.cards())
    comment(window, card.id, "Travels in the JSON")
    out = tmp_path / "map.json"
    save_to(monkeypatch, out)
    window.delivery.actions["export_json"].trigger()
    click(qtbot, window.delivery.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    finish(qtbot, window)
    plain = json.loads(out.read_text(encoding="utf-8"))
    assert plain["comments"][0]["comments"][0]["text"] == "Travels in the JSON"
    threads = window.document.map_document.threads
    window.document.stack.setClean()  # no unsaved-changes question
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(out), "")))
    window.delivery.actions["import_json"].trigger()
    assert window.document.map_document.threads == threads
    assert window.commenting.panel.list.count() == 1
    assert dumps(window.journey, window.document.map_document.threads) == out.read_text(
        encoding="utf-8")


def test_merge_from_excel_brings_a_clients_comment_in_the_same_undo_step(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = list(window.journey.cards())[:2]
    comment(window, first.id, "Why this step?")
    path = tmp_path / "client.xlsx"
    document = window.document.map_document
    export_workbook(window.journey, path, map_id=document.uid, comments=document.threads)
    client = Client(path)
    ws = client.book["Cards"]
    columns = {c.value: c.column for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(row=r, column=columns["Id"]).value == first.id)
    cell = ws.cell(row=row, column=columns["Comments"])
    cell.value += "\nCarol: because the till asks for it"
    client.set("Cards", second.id, "Title", "Renamed by the client")
    choose_file(monkeypatch, client.save())
    steps = window.document.stack.count()
    dialog = open_dialog(window, qtbot)
    rows = [[dialog.changes.item(r, c).text() for c in range(4)]
            for r in range(dialog.changes.rowCount())]
    assert [f'Card "{first.title}"', "new comment from the workbook", "",
            "Carol: because the till asks for it"] in rows
    assert dialog.summary.text().endswith(" 1 new comment from the workbook.")
    click(qtbot, dialog.apply_button)
    threads = window.document.map_document.threads
    assert [(c.author, c.text) for c in threads[-1].comments] == [
        ("Carol", "because the till asks for it")]
    assert window.journey.card(second.id).title == "Renamed by the client"
    assert window.document.stack.count() == steps + 1
    qtbot.waitUntil(lambda: window.commenting.panel.list.count() == 2)  # the panel follows
    press_undo(window, qtbot)
    assert len(window.document.map_document.threads) == 1  # the one step took both back
    qtbot.waitUntil(lambda: window.commenting.panel.list.count() == 1)
    assert window.journey.card(second.id).title == second.title
