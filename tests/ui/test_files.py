"""Files: save, reopen and compare; the modified marker; store errors; unsaved-changes questions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from app.model.commands import EditMap
from app.model.store import open_map
from app.ui import dialogs, settings
from app.ui.document import Document
from app.ui.main import main
from app.ui.window import MainWindow
from tests.ui.conftest import close_quietly
from tests.ui.helpers import drag_scene, settle


def test_save_then_reopen_shows_the_same_map(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    lane = journey.lanes[0].id
    card = journey.cards_in(lane, journey.steps[0].id)[0]
    box = scene.layout.cards[card.id].rect
    cell = scene.layout.cells[(lane, journey.steps[2].id)]
    drag_scene(qtbot, view, QPointF(box.x + 20, box.y + 8), QPointF(cell.x + 30, cell.bottom - 6))
    settle(view)
    assert window.isWindowModified()
    path = tmp_path / "workshop.cjm"
    monkeypatch.setattr(dialogs, "save_path", lambda *_: path)
    assert window.menu_actions.all["save"].isEnabled()
    window.menu_actions.all["save"].trigger()  # untitled: Save asks where, like Save As
    assert path.exists() and not window.isWindowModified()
    assert "workshop.cjm" in window.windowTitle()
    assert settings.recent_files()[0] == str(path.resolve())
    assert open_map(path).snapshot() == journey.snapshot()

    told: list[str] = []  # the file is open here: the second window shows it read-only
    monkeypatch.setattr(dialogs, "show_message", lambda _parent, _title, text: told.append(text))
    other = MainWindow()
    try:
        assert other.files.open(path)
        other.scene.flush()
        assert other.journey.snapshot() == journey.snapshot()
        assert other.scene.layout == scene.layout  # and it looks the same
        assert other.document.path == path and not other.isWindowModified()
        assert other.document.read_only and len(told) == 1
    finally:
        close_quietly(other)


def test_a_store_error_shows_a_message_and_keeps_the_map_open(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "notes.cjm"
    bad.write_text("this is not a map", "utf-8")
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, text: shown.append(text))
    before = window.journey
    assert not window.files.open(bad)
    assert len(shown) == 1 and "notes.cjm" in shown[0] and "\n" not in shown[0]
    assert window.journey is before


@pytest.mark.parametrize(("answer", "closes"), [("discard", True), ("cancel", False)])
def test_unsaved_changes_are_asked_about_before_another_map_opens(
    window: MainWindow,
    saved_retail: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    closes: bool,
) -> None:
    window.document.push(EditMap(window.journey, title="Changed in the workshop"))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_save", lambda _parent, name: asked.append(name) or answer)
    before = window.journey
    assert window.files.open(saved_retail) is closes
    assert asked == ["Untitled"]
    assert (window.journey is not before) is closes


def test_new_map_from_a_template(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "choose_template", lambda _parent: "saas-onboarding")
    window.menu_actions.all["new"].trigger()
    assert window.document.path is None and window.journey.card_count > 0
    assert window.scene.journey is window.journey
    assert len(window.scene.cards) + len(window.scene._pending_cards) == window.journey.card_count


def test_modified_marker_follows_the_undo_stack(window: MainWindow) -> None:
    assert not window.isWindowModified()
    window.document.push(EditMap(window.journey, title="Renamed"))
    assert window.isWindowModified()
    window.menu_actions.undo.trigger()
    assert not window.isWindowModified()


def test_self_test_renders_an_example_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test"]) == 0
    assert "self-test ok" in capsys.readouterr().out


def test_window_geometry_and_recent_files_persist(qtbot: QtBot, saved_retail: Path) -> None:
    first = MainWindow(Document(open_map(saved_retail), saved_retail))
    first.resize(731, 517)
    first.show()
    settings.add_recent_file(saved_retail)
    first.close()
    second = MainWindow()
    try:
        assert (second.width(), second.height()) == (731, 517)
        recent = [a.text() for a in second.menu_actions.recent_menu.actions()]
        assert str(saved_retail.resolve()).replace("&", "&&") in recent
    finally:
        close_quietly(second)
