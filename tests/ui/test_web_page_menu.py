"""File > Export > Web Page…, and the map coming back from a page or a poster PDF: File >
Import, File > Open and a file dropped on the window, driven with the real actions and
events (the file dialogs answer with a temporary path)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from app.export.html_read import read_page
from app.export.pdf import export_handout, export_poster
from app.model.client_safe import client_copy
from app.model.codec import map_to_dict
from app.ui import dialogs, import_menu
from app.ui.export_sharing import SharingDialog
from app.ui.window import MainWindow

WAIT_MS = 120_000


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )


def open_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )


def drop(window: MainWindow, path: Path) -> None:
    """A file dragged from the desktop and dropped on the window, as Qt delivers it."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    point = QPointF(window.width() / 2, window.height() / 2)
    copy = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), copy, mime, buttons, modifiers)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(point, copy, mime, buttons, modifiers))


def export_page(
    qtbot: QtBot, window: MainWindow, client_safe: bool, draft: bool = False
) -> None:
    """File > Export > Web Page…, the dialog's client-safe box set, Export… clicked."""
    menu = window.delivery.export_menu
    action = window.delivery.actions["export_html"]
    assert action in menu.actions() and action.text() == "&Web Page…"
    action.trigger()
    dialog = window.delivery.dialog
    assert isinstance(dialog, SharingDialog) and dialog.isVisible()
    assert dialog.sharing.draft is not None  # a page can say DRAFT too
    if dialog.sharing.draft.isChecked() != draft:
        box = dialog.sharing.draft
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dialog.sharing.draft.isChecked() == draft
    dialog.sharing.client_safe.setChecked(client_safe)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    job = window.delivery.jobs[-1]
    qtbot.waitUntil(lambda: job.done, timeout=WAIT_MS)
    assert job.ok, job.message


def test_export_web_page_writes_the_page_of_the_map(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = tmp_path / "client copy"  # the suffix is added
    save_to(monkeypatch, typed)
    export_page(qtbot, window, client_safe=False)
    out = tmp_path / "client copy.html"
    text = out.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in text
    assert map_to_dict(read_page(out)) == map_to_dict(window.journey)
    assert f"Exported the web page to {out.name}" in window.statusBar().currentMessage()


def test_a_draft_page_from_the_app(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "draft.html"
    save_to(monkeypatch, out)
    export_page(qtbot, window, client_safe=False, draft=True)
    text = out.read_text("utf-8")
    assert 'id="draft-mark"' in text and "<title>DRAFT · " in text


def test_a_client_safe_page_from_the_app(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "safe.html"
    save_to(monkeypatch, out)
    export_page(qtbot, window, client_safe=True)
    carried = read_page(out)
    assert map_to_dict(carried) == map_to_dict(client_copy(window.journey))
    assert any(card.owner for card in window.journey.cards())
    assert not any(card.owner or card.evidence.quotes for card in carried.cards())
    assert '"clientSafe":true' in out.read_text("utf-8")


def test_import_the_map_of_a_page_and_of_a_poster(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.export.html_page import export_html

    original = map_to_dict(window.journey)
    page, poster = tmp_path / "client.html", tmp_path / "poster.pdf"
    export_html(window.journey, page)
    export_poster(window.journey, poster, "A2")
    for source in (page, poster):
        window.document.stack.setClean()
        open_file(monkeypatch, source)
        window.delivery.actions["import_page"].trigger()
        assert window.document.path is None and window.document.modified
        assert map_to_dict(window.journey) == original, source.name


def test_dropping_a_page_or_a_poster_opens_its_map(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.export.html_page import export_html

    original = map_to_dict(window.journey)
    page, poster = tmp_path / "client.html", tmp_path / "poster.pdf"
    export_html(window.journey, page)
    export_poster(window.journey, poster, "A2")
    asked: list[str] = []

    def choose(_parent: object, text: str, choices: list[tuple[str, str]]) -> str:
        asked.append(text)
        return import_menu.NEW_MAP

    monkeypatch.setattr(import_menu, "ask_choice", choose)
    for source, what in ((page, "a web page"), (poster, "a PDF")):
        window.document.stack.setClean()
        drop(window, source)
        assert what in asked[-1] and source.name in asked[-1]
        assert window.document.path is None and map_to_dict(window.journey) == original
    # File > Open of a page offers the same.
    window.document.stack.setClean()
    monkeypatch.setattr(dialogs, "open_path", lambda *_: page)
    window.menu_actions.all["open"].trigger()
    assert len(asked) == 3 and map_to_dict(window.journey) == original


def test_a_pdf_without_a_map_is_a_message_naming_it(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handout = tmp_path / "handout.pdf"
    export_handout(window.journey, handout)
    said: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(import_menu, "ask_choice", lambda *_: import_menu.NEW_MAP)
    before = map_to_dict(window.journey)
    window.document.stack.setClean()
    drop(window, handout)
    assert said == [
        "handout.pdf: holds no CJM Studio map (only posters exported by CJM Studio carry one)"
    ]
    assert map_to_dict(window.journey) == before
