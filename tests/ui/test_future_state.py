"""The future state in the app: create it, switch with the tabs, edit it alone, compare, save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
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


def test_a_future_card_says_which_current_pain_points_it_answers(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from app.export.json_form import document_dumps, read_json_document
    from app.model.vocab import CardKind
    from app.ui.answers_dialog import AnswersDialog
    from tests.ui.helpers import at
    from tests.ui.test_workshop import action, right_click

    window.states.create.trigger()
    whole = window.document.map_document
    future, current = window.journey, whole.current
    solution = next(c for c in future.cards() if c.kind is CardKind.OPPORTUNITY)
    box = window.scene.layout.cards[solution.id].rect
    window.view.centerOn(box.x + box.width / 2, box.y + box.height / 2)
    menu = right_click(qtbot, window, at(window.view, box.x + 10, box.y + 6))
    entry = action(menu, "Answers Pain Points")
    assert entry is not None
    entry.trigger()
    menu.close()
    dialog = window.view.findChild(AnswersDialog, "answers-dialog")
    assert isinstance(dialog, AnswersDialog)
    pains = [c for c in current.cards() if c.kind is CardKind.PAIN_POINT]
    assert dialog.list.count() == len(pains)
    for row in (0, 2):  # tick the first and the third pain point's box
        rect = dialog.list.visualItemRect(dialog.list.item(row))
        qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.topLeft() + QPoint(10, rect.height() // 2))  # fmt: skip
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert whole.answered_by(solution.id) == [pains[0].id, pains[2].id]
    json_path = tmp_path / "map.json"
    json_path.write_text(document_dumps(whole), encoding="utf-8")
    assert read_json_document(json_path).answers == whole.answers
    path = tmp_path / "map.cjm"
    window.document.set_path(path)
    window.menu_actions.all["save"].trigger()
    assert open_document(path).answers == whole.answers
    window.menu_actions.undo.trigger()
    assert whole.answered_by(solution.id) == []


def test_a_commented_persona_shows_the_comment_marker_in_the_personas_panel(
    qtbot: QtBot, window: MainWindow
) -> None:
    from app.model.commands.comments import AddThread

    persona = window.journey.personas[1]
    window.document.push(AddThread(window.document.map_document, persona.id, "Ana", "Too vague?"))
    panel = window.personas.list
    qtbot.waitUntil(lambda: "💬 1" in panel.item(1).text())
    assert panel.item(0).text().count("💬") == 0
    window.menu_actions.undo.trigger()
    qtbot.waitUntil(lambda: "💬" not in panel.item(1).text())
