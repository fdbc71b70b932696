"""Issue 14 polish: the persona photo, the status bar, the toolbar, read-only looks, tooltips."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QPushButton,
    QToolBar,
    QToolButton,
    QToolTip,
)
from pytestqt.qtbot import QtBot

from app.model.commands import EditMap, EditStage, RemovePersona
from app.ui.window import MainWindow
from tests.ui.helpers import at, settle

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def click_persona(qtbot: QtBot, window: MainWindow, row: int) -> None:
    panel = window.personas.list
    rect = panel.visualItemRect(panel.item(row))
    # Click the name, not the check box at the left of the row.
    qtbot.mouseClick(
        panel.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.x() + 60, rect.center().y())
    )


def test_choose_photo_sets_the_persona_photo_as_png(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    image = QImage(900, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    path = tmp_path / "face.png"
    assert image.save(str(path), "PNG")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )
    persona = window.journey.personas[1]
    click_persona(qtbot, window, 1)
    assert window.selection.focus == ("persona", persona.id)
    form = window.properties.forms["persona"]
    choose = next(b for b in form.findChildren(QPushButton) if b.text().startswith("Choose"))
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    photo = window.journey.persona(persona.id).photo
    assert photo is not None and photo.startswith(PNG_SIGNATURE)
    stored = QImage.fromData(photo)
    assert max(stored.width(), stored.height()) <= 384
    window.menu_actions.undo.trigger()
    assert window.journey.persona(persona.id).photo == persona.photo


def test_status_bar_counts_read_as_words(qtbot: QtBot, window: MainWindow) -> None:
    journey = window.journey
    for persona in journey.personas[1:]:
        window.document.push(RemovePersona(journey, persona.id))
    settle(window.view)
    text = window.counts_label.text()
    assert "1 persona" in text and "1 personas" not in text


def test_undo_label_changes_do_not_move_the_toolbar(qtbot: QtBot, window: MainWindow) -> None:
    toolbar = window.findChild(QToolBar, "main-toolbar")
    actions = window.menu_actions
    delete = toolbar.widgetForAction(actions.all["delete"])
    before = delete.x()
    stage = window.journey.stages[0]
    window.document.push(EditStage(window.journey, stage.id, name="A much longer stage name"))
    window.document.push(EditMap(window.journey, title="Renamed"))
    QApplication.processEvents()
    assert delete.x() == before
    undo_button = next(b for b in toolbar.findChildren(QToolButton) if b.text() == "Undo")
    assert "Edit map" in undo_button.toolTip()
    qtbot.mouseClick(undo_button, Qt.MouseButton.LeftButton)
    assert window.journey.info.title != "Renamed"


def test_read_only_window_shows_its_palette_disabled(qtbot: QtBot, window: MainWindow) -> None:
    window.document.read_only = True
    window.apply_read_only()
    assert not window.palette_list.isEnabled()
    window.document.read_only = False
    window.apply_read_only()
    assert window.palette_list.isEnabled()


def tooltip_at(window: MainWindow, x: float, y: float) -> str:
    viewport = window.view.viewport()
    pos = at(window.view, x, y)
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    document = QTextDocument()
    document.setHtml(QToolTip.text())  # what the tooltip shows, markup and all
    return document.toPlainText()


def test_cut_map_title_and_stage_name_show_in_full_as_tooltips(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    title = "Online checkout <b>why</b> shoppers abandon at the payment step, every time"
    window.document.push(EditMap(journey, title=title))
    stage = journey.stages[0]
    long_name = "Discover & get inspired by friends, feeds and the shop window"
    window.document.push(EditStage(journey, stage.id, name=long_name))
    settle(window.view)
    assert tooltip_at(window, 20, 20).startswith(title)  # markup shown as typed
    rect = window.scene.layout.stage_rects[stage.id]
    assert tooltip_at(window, rect.x + 20, rect.y + rect.height / 2).startswith(long_name)
