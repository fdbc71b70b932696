"""Defects a workshop tour found in the real app, each held by real mouse and key input:
a card's kind changed in the properties panel redraws it, the shortcuts sheet is a window
of its own, a map opens showing its top-left corner at a zoom that fits, and file
dialogs start in a sensible folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QWheelEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app.model.templates import new_map
from app.model.vocab import CardKind
from app.ui import dialogs
from app.ui.card_ops import new_card
from app.ui.document import Document
from app.ui.fonts import register_fonts
from app.ui.items.card_item import CardItem
from app.ui.properties.fields import ChoiceField
from app.ui.shortcuts import ShortcutsSheet
from app.ui.view import MapView
from app.ui.window import MainWindow
from tests.ui.conftest import close_quietly
from tests.ui.helpers import settle
from tests.ui.test_polish_panels import click_persona
from tests.ui.test_properties_bulk import click_card, field

#: The real questions (the fixtures replace them with a failure): this test answers them.
REAL_SAVE_PATH, REAL_OPEN_PATH = dialogs.save_path, dialogs.open_path


def test_changing_a_cards_kind_in_the_panel_redraws_its_item(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    card = next(c for c in journey.cards() if c.kind is not CardKind.NOTE and not c.colour)
    settle(window.view)
    click_card(qtbot, window, card.id)
    assert window.selection.card_ids == [card.id]
    kind = field(window.properties.forms["card"], "Kind")
    assert isinstance(kind, ChoiceField)
    kind.combo.setFocus()
    qtbot.keyClick(kind.combo, Qt.Key.Key_End)  # the last kind (Note), as a user picks it
    QApplication.processEvents()
    settle(window.view)
    changed = journey.card(card.id)
    assert changed.kind is CardKind.NOTE
    item = window.scene.cards[card.id]
    fresh = CardItem(changed, window.scene.layout.cards[card.id], window.scene.layout.metrics)
    assert item.card == changed
    old = CardItem(card, item.box, item.metrics)
    assert item.fill_colour == fresh.fill_colour != old.fill_colour
    assert item.accent_colour == fresh.accent_colour


def test_the_shortcuts_sheet_is_a_window_of_its_own_naming_undo_plainly(
    qtbot: QtBot, window: MainWindow
) -> None:
    card = next(iter(window.journey.cards()))
    settle(window.view)
    click_card(qtbot, window, card.id)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert not window.journey.has_card(card.id)
    assert window.menu_actions.undo.text() != "&Undo"  # it names the change to undo
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F1)
    sheet = window.findChild(ShortcutsSheet)
    assert sheet is not None and sheet.isVisible()
    assert sheet.isWindow()  # not drawn inside the main window, and movable
    assert sheet.autoFillBackground()
    texts = sheet.texts()
    undo_keys = window.menu_actions.undo.shortcuts()[0].toString(
        QKeySequence.SequenceFormat.NativeText
    )
    row = next(i for i, text in enumerate(texts) if text.split(" or ")[0] == undo_keys)
    assert texts[row + 1] == "Undo"
    assert not any(text.startswith("Undo ") for text in texts)
    sheet.close()


def _wheel(view: MapView, notches: int, modifiers: Qt.KeyboardModifier) -> None:
    """Turn the mouse wheel over the middle of the view."""
    middle = view.viewport().rect().center()
    event = QWheelEvent(
        QPointF(middle), QPointF(view.viewport().mapToGlobal(middle)), QPoint(0, 0),
        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, modifiers,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(view.viewport(), event)


def _corner_in_view(window: MainWindow, fits: bool = True) -> None:
    """The map's top-left corner shows, the first stage and lane clear of the pinned
    headers, and with ``fits`` the whole map is in the view (the opening zoom fits it)."""
    view = window.view
    settle(view)
    layout = window.scene.layout
    shown = view.visible_scene_rect()
    assert shown.left() <= 0.0 and shown.top() <= 0.0  # nothing of the map scrolled away
    if fits:
        assert shown.right() >= layout.width and shown.bottom() >= layout.height
    first_stage = layout.stage_rects[window.journey.stages[0].id]
    lane_names_right = view.mapFromScene(
        window.scene.headers[("lane", window.journey.lanes[0].id)].sceneBoundingRect().topRight()
    ).x()
    assert view.mapFromScene(first_stage.x, first_stage.y).x() >= lane_names_right - 1
    stage_item = window.scene.headers[("stage", window.journey.stages[0].id)]
    assert stage_item.pos().y() == first_stage.y  # the header band sits at its own place


def test_a_new_map_opens_fitted_at_its_top_left_corner(qtbot: QtBot) -> None:
    register_fonts()
    win = MainWindow()  # as at start-up: a blank map, the window laid out after showing
    try:
        win.show()
        qtbot.waitExposed(win)
        win.resize(1500, 950)  # the window manager gives it its real size
        qtbot.waitUntil(lambda: win.view.viewport().width() > 600)
        _corner_in_view(win)
        # Reopening a bigger map after the user scrolled and zoomed starts at its corner too.
        qtbot.mouseClick(win.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        win.view.zoom_in()
        win.set_document(Document(new_map("retail-checkout")))
        _corner_in_view(win, fits=False)  # too big to fit at a readable zoom
        # Once the user zooms, resizing the window keeps their zoom.
        _wheel(win.view, -1, Qt.KeyboardModifier.ControlModifier)
        zoom = win.view.zoom
        first = win.view.viewport().size()
        win.resize(win.width() - 100, win.height() - 60)
        qtbot.waitUntil(lambda: win.view.viewport().size() != first)
        assert win.view.zoom == zoom
    finally:
        close_quietly(win)


def test_the_empty_map_hint_stays_at_the_bottom_clear_of_the_lane_names(
    qtbot: QtBot,
) -> None:
    register_fonts()
    win = MainWindow()
    try:
        win.resize(1300, 860)
        win.show()
        qtbot.waitExposed(win)
        view = win.view
        hint = view.findChild(QLabel, "empty-map-hint")
        assert hint is not None and hint.isVisible()
        view.setFocus()
        _wheel(view, 3, Qt.KeyboardModifier.ControlModifier)  # zoom in, then scroll down
        settle(view)

        def placed() -> None:
            viewport = view.viewport().geometry()
            assert viewport.contains(hint.geometry())
            assert viewport.bottom() - hint.geometry().bottom() < 3 * hint.height()
            lane = win.scene.headers[("lane", win.journey.lanes[0].id)]
            lane_right = view.mapFromScene(lane.sceneBoundingRect().topRight()).x()
            assert hint.geometry().left() >= viewport.left() + lane_right

        placed()
        before = hint.geometry()
        assert view.verticalScrollBar().maximum() > 0
        _wheel(view, -2, Qt.KeyboardModifier.NoModifier)
        assert view.verticalScrollBar().value() > 0
        assert hint.geometry() == before  # pinned: it does not scroll with the map
        placed()
    finally:
        close_quietly(win)


def test_file_dialogs_start_in_the_maps_folder_never_where_the_app_started(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.chdir(Path(__file__).resolve().parents[2])  # started from the install folder
    monkeypatch.setattr(dialogs, "save_path", REAL_SAVE_PATH)
    monkeypatch.setattr(dialogs, "open_path", REAL_OPEN_PATH)
    maps = tmp_path / "maps"
    maps.mkdir()
    asked: list[str] = []

    def save_name(_parent: object, _title: str, start: str, *_rest: object) -> tuple[str, str]:
        asked.append(start)
        return str(maps / "workshop.cjm"), ""

    def open_name(_parent: object, _title: str, start: str, *_rest: object) -> tuple[str, str]:
        asked.append(start)
        return "", ""  # cancelled

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_name))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Save
    assert window.document.path == maps / "workshop.cjm"
    first = Path(asked[0])
    assert first.parent == home / "Documents"  # a new map: the user's documents
    assert first.name.endswith(".cjm")
    # The saved map's folder from now on: the photo chooser and Open start there.
    window.personas.list.setCurrentRow(-1)
    click_persona(qtbot, window, 0)
    form = window.properties.forms["persona"]
    choose = next(b for b in form.findChildren(QPushButton) if b.text().startswith("Choose"))
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # Open
    assert [Path(start) for start in asked[1:]] == [maps, maps]
    assert not any(Path(start).resolve().is_relative_to(Path.cwd()) for start in asked)


def test_a_new_kpi_card_is_titled_with_the_acronym(window: MainWindow) -> None:
    journey = window.journey
    lane, step = journey.lanes[0].id, journey.steps[0].id
    assert new_card(journey, lane, step, CardKind.KPI).title == "New KPI"
    assert new_card(journey, lane, step, CardKind.PAIN_POINT).title == "New pain point"
