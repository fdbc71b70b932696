"""The future state in the app: create it, switch with the tabs, edit it alone, compare, save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.model.commands import EditCard
from app.model.document import CURRENT, FUTURE
from app.model.store import open_document
from app.ui.compare_view import CompareWindow
from app.ui.window import MainWindow


def click_tab(qtbot: QtBot, window: MainWindow, index: int) -> None:
    tabs = window.states.tabs
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(index).center())


def test_create_switch_and_edit_the_future_without_touching_the_current_map(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert not window.states.tabs.isVisible() and window.states.create.isEnabled()
    current = window.journey
    before = current.snapshot()
    window.states.create.trigger()  # Edit > Create Future State
    assert window.document.state == FUTURE and window.states.tabs.isVisible()
    assert "future state" in window.windowTitle()
    future = window.journey
    assert future is not current and future.card_count == current.card_count
    card = next(iter(future.cards()))
    window.document.push(EditCard(future, card.id, title="Checkout in one tap"))
    click_tab(qtbot, window, 0)
    assert window.document.state == CURRENT and window.journey is current
    assert current.snapshot() == before
    assert window.scene.journey is current
    click_tab(qtbot, window, 1)
    assert window.journey.card(card.id).title == "Checkout in one tap"
    window.menu_actions.undo.trigger()  # the future's own history
    assert window.journey.card(card.id).title == card.title
    assert current.snapshot() == before


def test_undoing_the_creation_takes_the_future_state_away(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.states.create.trigger()
    click_tab(qtbot, window, 0)
    window.menu_actions.undo.trigger()
    assert window.document.map_document.future is None
    assert not window.states.tabs.isVisible() and window.states.create.isEnabled()


def test_compare_current_and_future_and_save_both_in_the_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.states.create.trigger()
    future = window.journey
    card = next(iter(future.cards()))
    window.document.push(EditCard(future, card.id, title="Checkout in one tap"))
    window.states.compare.trigger()  # View > Compare Current and Future…
    compare = window.states.compare_window
    assert isinstance(compare, CompareWindow)
    qtbot.waitUntil(compare.isVisible)
    assert compare.outlines().get("edited") == 1
    texts = [compare.list.item(row).text() for row in range(compare.list.count())]
    assert any("Checkout in one tap" in text for text in texts)
    compare.close()
    path = tmp_path / "map.cjm"
    window.document.set_path(path)
    window.menu_actions.all["save"].trigger()
    assert not window.document.modified
    saved = open_document(path)
    assert saved.future is not None and saved.future.card(card.id).title == "Checkout in one tap"
    assert saved.current.card(next(iter(window.document.map_document.current.cards())).id)
