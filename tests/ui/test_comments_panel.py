"""The Comments dock, the markers and the context-menu entry, driven with real mouse and keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from app.model.commands.comments import AddThread
from app.model.store import open_document
from app.ui.comment_markers import CommentMarker
from app.ui.preferences import AUTHOR_KEY, PreferencesDialog
from app.ui.settings import settings
from app.ui.window import MainWindow
from tests.ui.helpers import at, settle
from tests.ui.test_workshop import action, click_card, right_click

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def signed_as_ana() -> None:
    settings().setValue(AUTHOR_KEY, "Ana Analyst")


def panel_of(window: MainWindow):  # type: ignore[no-untyped-def]
    window.commenting.show_panel()
    QApplication.processEvents()
    return window.commenting.panel


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, LEFT, pos=widget.rect().center())


def click_row(qtbot: QtBot, threads: QListWidget, row: int) -> None:
    rect = threads.visualItemRect(threads.item(row))
    qtbot.mouseClick(threads.viewport(), LEFT, pos=rect.center())


def type_and_send(qtbot: QtBot, field: QWidget, text: str) -> None:
    click(qtbot, field)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return, CTRL)


def markers(window: MainWindow) -> dict[tuple[str, str], CommentMarker]:
    settle(window.view)
    return {key: m for key, m in window.commenting.markers.markers.items() if m.scene()}


def test_write_reply_resolve_and_reopen_from_the_panel(qtbot: QtBot, window: MainWindow) -> None:
    journey, document = window.journey, window.document
    card = next(journey.cards())
    click_card(qtbot, window, card.id)
    panel = panel_of(window)
    assert panel.target.text() == f'New comment on: Card "{card.title}"'
    type_and_send(qtbot, panel.new_edit, "Is this <b>needed</b>?")
    (thread,) = document.map_document.threads
    assert thread.element_id == card.id
    assert [(c.author, c.text) for c in thread.comments] == [
        ("Ana Analyst", "Is this <b>needed</b>?")]
    assert panel.new_edit.toPlainText() == ""
    assert panel.list.count() == 1
    assert panel.list.item(0).text() == (f'Card "{card.title}"\n'
                                         "Ana Analyst: Is this <b>needed</b>?")
    assert "Is this <b>needed</b>?" in panel.conversation.toPlainText()  # shown as typed
    assert "Is this &lt;b&gt;needed&lt;/b&gt;?" in panel.list.item(0).toolTip()  # escaped
    assert panel.count.text() == "1 open thread"
    assert set(markers(window)) == {("card", card.id)}
    assert document.modified

    type_and_send(qtbot, panel.reply_edit, "Yes, the till needs it.")
    assert [c.text for c in document.map_document.threads[0].comments][-1] == \
        "Yes, the till needs it."
    assert panel.list.item(0).text().endswith(" · 1 reply")

    click(qtbot, panel.resolve_button)
    assert document.map_document.threads[0].resolved
    assert panel.list.count() == 0 and panel.count.text() == "0 open threads"
    assert markers(window) == {}  # no open thread: no marker
    click(qtbot, panel.show_resolved)
    assert panel.list.count() == 1 and "· resolved" in panel.list.item(0).text()
    click_row(qtbot, panel.list, 0)
    assert panel.resolve_button.text() == "Reopen"
    click(qtbot, panel.resolve_button)
    assert not document.map_document.threads[0].resolved
    assert set(markers(window)) == {("card", card.id)}

    # Undo walks it all back, one step at a time, and the panel and markers follow.
    window.view.setFocus()
    for _ in range(4):
        qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Z, CTRL)
    settle(window.view)
    assert document.map_document.threads == ()
    assert panel.list.count() == 0 and markers(window) == {}


def test_an_empty_comment_is_refused_with_the_reason(qtbot: QtBot, window: MainWindow) -> None:
    panel = panel_of(window)
    type_and_send(qtbot, panel.new_edit, "   ")
    assert window.document.map_document.threads == ()
    assert panel.problem.text() == "A comment needs some text."
    assert not window.document.modified


def test_choosing_a_thread_selects_and_centres_its_element(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, document = window.journey, window.document
    far = list(journey.cards())[-1]
    lane = journey.lanes[2]
    for element_id, text in ((far.id, "far away card"), (lane.id, "lane remark"),
                             ("", "whole map")):
        document.push(AddThread(document.map_document, element_id, "Bob", text))
    panel = panel_of(window)
    assert [panel.list.item(r).text().split("\n")[0] for r in range(3)] == [
        f'Card "{far.title}"', f'Lane "{lane.name}"', "The map"]
    window.view.show_top_left()
    settle(window.view)
    assert not window.view.any_card_visible([far.id])
    click_row(qtbot, panel.list, 0)
    assert window.selection.focus == ("card", far.id)
    assert window.selection.card_ids == [far.id]
    box = window.scene.layout.cards[far.id].rect
    shown = window.view.visible_scene_rect()
    assert shown.contains(box.x + box.width / 2, box.y + box.height / 2)  # in view, whole
    assert "far away card" in panel.conversation.toPlainText()
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)  # the arrow keys walk the threads too
    assert window.selection.focus == ("lane", lane.id)
    assert "lane remark" in panel.conversation.toPlainText()
    click_row(qtbot, panel.list, 2)
    assert window.selection.focus == ("map", "")
    assert set(markers(window)) == {("card", far.id), ("lane", lane.id)}


def test_add_comment_from_the_context_menu_of_a_card_a_header_and_the_canvas(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey, scene, view = window.journey, window.scene, window.view
    document = window.document.map_document
    card = next(journey.cards())
    rect = scene.layout.cards[card.id].rect
    menu = right_click(qtbot, window, at(view, rect.x + 20, rect.y + 8))
    action(menu, "Add comment").trigger()
    menu.close()
    panel = window.commenting.panel
    assert window.commenting.dock.isVisible()
    assert panel.new_edit.hasFocus()
    assert panel.target.text() == f'New comment on: Card "{card.title}"'
    qtbot.keyClicks(panel.new_edit, "From the menu")
    qtbot.keyClick(panel.new_edit, Qt.Key.Key_Return, CTRL)
    assert (document.threads[-1].element_id, document.threads[-1].comments[0].text) == (
        card.id, "From the menu")

    stage = journey.stages[0]
    box = scene.layout.stage_rects[stage.id]
    menu = right_click(qtbot, window, at(view, box.x + 20, box.y + 10))
    action(menu, "Add comment").trigger()
    menu.close()
    type_and_send(qtbot, panel.new_edit, "On the stage")
    assert document.threads[-1].element_id == stage.id
    assert set(markers(window)) == {("card", card.id), ("stage", stage.id)}

    menu = right_click(qtbot, window, at(view, scene.layout.width + 20, 20))
    action(menu, "Comment on the map").trigger()
    menu.close()
    assert panel.target.text() == "New comment on: The map"
    type_and_send(qtbot, panel.new_edit, "On the whole map")
    assert document.threads[-1].element_id == ""


def test_preferences_set_the_name_comments_are_signed_with(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.commenting.preferences_action.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    field = dialog.findChild(QLineEdit, "preferences-author")
    assert field.text() == "Ana Analyst"
    field.selectAll()
    qtbot.keyClicks(field, "Zoe Consultant")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert settings().value(AUTHOR_KEY) == "Zoe Consultant"
    panel = panel_of(window)
    type_and_send(qtbot, panel.new_edit, "Signed")
    assert window.document.map_document.threads[-1].comments[0].author == "Zoe Consultant"


def test_comments_survive_the_apps_save(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import dialogs

    panel = panel_of(window)
    type_and_send(qtbot, panel.new_edit, "Keep me through the save")
    path = tmp_path / "saved.cjm"
    monkeypatch.setattr(dialogs, "save_path", lambda *_args: path)
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_S, CTRL)
    assert not window.document.modified
    (thread,) = open_document(path).threads
    assert thread.comments[0].text == "Keep me through the save"
    assert window.files.open(path, ask=False)
    assert window.commenting.panel.list.count() == 1  # and they show when it opens again


def test_a_read_only_map_cannot_be_commented(qtbot: QtBot, window: MainWindow) -> None:
    window.document.read_only = True
    window.apply_read_only()
    panel = panel_of(window)
    assert not panel.new_edit.isEnabled() and not panel.comment_button.isEnabled()
    assert not window.commenting.comment_action.isEnabled()
    card = next(window.journey.cards())
    rect = window.scene.layout.cards[card.id].rect
    menu = right_click(qtbot, window, at(window.view, rect.x + 20, rect.y + 8))
    assert not action(menu, "Add comment").isEnabled()
    menu.close()
