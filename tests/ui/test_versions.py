"""File > Versions…: take a snapshot, preview it, compare it with now, restore it (undoable)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog
from pytestqt.qtbot import QtBot

from app.model.commands import EditCard, MoveCard
from app.ui.compare_view import CompareWindow
from app.ui.versions_dialog import VersionsDialog
from app.ui.window import MainWindow
from tests.ui.conftest import close_quietly


def open_dialog(qtbot: QtBot, window: MainWindow) -> VersionsDialog:
    window.menu_actions.all["versions"].trigger()
    dialog = window.findChild(VersionsDialog, "versions-dialog")
    assert isinstance(dialog, VersionsDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def click_row(qtbot: QtBot, dialog: VersionsDialog, row: int) -> None:
    table = dialog.table
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def take_snapshot(
    qtbot: QtBot, dialog: VersionsDialog, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: (name, True)))
    click(qtbot, dialog.take_button)


def test_take_a_snapshot_lists_it_and_undo_takes_it_back(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, window)
    assert dialog.table.rowCount() == 1  # only the map now
    take_snapshot(qtbot, dialog, monkeypatch, "After workshop 1")
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(1, 0).text() == "After workshop 1"
    assert dialog.table.item(1, 3).text() == str(window.journey.card_count)
    assert window.document.modified  # saved with the file, like any edit
    window.menu_actions.undo.trigger()
    assert window.document.map_document.snapshots == ()


def test_a_taken_name_is_refused_with_a_reason(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, window)
    take_snapshot(qtbot, dialog, monkeypatch, "Workshop")
    shown: list[str] = []
    from app.ui import dialogs

    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: shown.append(text))
    take_snapshot(qtbot, dialog, monkeypatch, "Workshop")
    assert shown and "already exists" in shown[0]
    assert len(window.document.map_document.snapshots) == 1


def test_compare_shows_what_changed_since_the_snapshot_and_steps_through_it(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, window)
    take_snapshot(qtbot, dialog, monkeypatch, "Before")
    journey = window.journey
    cards = list(journey.cards())
    edited, moved = cards[0], cards[3]
    window.document.push(EditCard(journey, edited.id, title="Pay in one tap"))
    other_step = next(s for s in journey.steps if s.id != moved.step_id)
    window.document.push(MoveCard(journey, moved.id, moved.lane_id, other_step.id, 0))
    click_row(qtbot, dialog, 1)
    click(qtbot, dialog.compare_button)
    compare = dialog.compare_window
    assert isinstance(compare, CompareWindow)
    qtbot.waitUntil(compare.isVisible)
    assert compare.outlines() == {"edited": 1, "moved": 1}
    texts = [compare.list.item(row).text() for row in range(compare.list.count())]
    assert any("Pay in one tap" in text for text in texts)
    assert any(moved.title[:20] in text for text in texts)
    compare.view.set_zoom(1.0)
    for _ in range(2):  # to the second change, each shown in view when it is chosen
        click(qtbot, compare.next)
    assert compare.list.currentRow() == 1
    shown = compare.rows[1].place()
    assert shown is not None
    visible = compare.view.mapToScene(compare.view.viewport().rect()).boundingRect()
    assert visible.contains(shown.center())
    out = tmp_path / "changes.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), ""))
    )
    click(qtbot, compare.report_button)
    assert out.read_bytes().startswith(b"%PDF")
    compare.close()


def test_restore_brings_the_version_back_in_one_undoable_step(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, window)
    take_snapshot(qtbot, dialog, monkeypatch, "Before")
    journey = window.journey
    card = next(iter(journey.cards()))
    window.document.push(EditCard(journey, card.id, title="Changed after the snapshot"))
    before_restore = journey.snapshot()
    click_row(qtbot, dialog, 1)
    click(qtbot, dialog.restore_button)
    assert journey.card(card.id).title == card.title
    window.menu_actions.undo.trigger()
    assert journey.snapshot() == before_restore
    assert journey.card(card.id).title == "Changed after the snapshot"


def test_preview_opens_the_version_read_only(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, window)
    take_snapshot(qtbot, dialog, monkeypatch, "Workshop 1")
    card = next(iter(window.journey.cards()))
    window.document.push(EditCard(window.journey, card.id, title="Newer title"))
    click_row(qtbot, dialog, 1)
    click(qtbot, dialog.preview_button)
    preview = dialog.previews[-1]
    assert isinstance(preview, MainWindow)
    qtbot.waitUntil(preview.isVisible)
    assert preview.document.read_only
    assert preview.journey.card(card.id).title == card.title
    assert "Workshop 1" in preview.windowTitle()
    close_quietly(preview)


def test_file_export_json_carries_the_snapshots(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import json

    from PySide6.QtWidgets import QDialogButtonBox

    from app.ui.export_sharing import SharingDialog

    dialog = open_dialog(qtbot, window)
    take_snapshot(qtbot, dialog, monkeypatch, "Workshop 1")
    dialog.close()
    out = tmp_path / "map.json"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), ""))
    )
    window.delivery.actions["export_json"].trigger()
    options = window.delivery.dialog
    assert isinstance(options, SharingDialog)
    click(qtbot, options.buttons.button(QDialogButtonBox.StandardButton.Ok))
    job = window.delivery.jobs[-1]
    qtbot.waitUntil(lambda: job.done, timeout=60_000)
    assert job.ok, job.message
    plain = json.loads(out.read_text("utf-8"))
    assert [snapshot["name"] for snapshot in plain["snapshots"]] == ["Workshop 1"]
