"""Client-safe and DRAFT from the app: the checkboxes of the export dialogs, ticked with the
mouse, and the map form's Internal tags, typed with the keyboard; the files are checked.

QFileDialog's static method is replaced to return a temporary path; every other step is
the real menu action, dialog and widget, driven with real mouse and key events.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QFileDialog, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from app.export.sharing import CLIENT_SAFE_TEXT
from app.ui.document import Document
from app.ui.export_sharing import SharingDialog
from app.ui.export_worker import ExportJob
from app.ui.fonts import register_fonts
from app.ui.poster_dialog import PosterDialog
from app.ui.window import MainWindow
from tests.export.client_safe_map import INTERNAL_TAG, internal_words, secret_document
from tests.ui.conftest import close_quietly

WAIT_MS = 120_000


@pytest.fixture
def secret_window(qtbot: QtBot) -> Iterator[MainWindow]:
    """A shown window on the map with every kind of internal content, comments too."""
    register_fonts()
    win = MainWindow(Document(secret_document()))
    win.resize(1500, 950)
    win.show()
    qtbot.waitExposed(win)
    yield win
    close_quietly(win)


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click the checkbox's box with the mouse, as a user does."""
    assert box.isVisible() and box.isEnabled()
    before = box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() != before


def click_export(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert button.text() == "Export…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def finish(qtbot: QtBot, window: MainWindow) -> ExportJob:
    job = window.delivery.jobs[-1]
    qtbot.waitUntil(lambda: job.done, timeout=WAIT_MS)
    assert job.ok, job.message
    return job


def workbook_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return html.unescape("\n".join(parts)).lower()


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split()).lower()


def test_a_client_safe_workbook_from_the_menu_and_the_choice_is_remembered(
    qtbot: QtBot, secret_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = secret_window
    out = tmp_path / "client.xlsx"
    save_to(monkeypatch, out)
    window.delivery.actions["export_workbook"].trigger()
    dialog = window.delivery.dialog
    assert isinstance(dialog, SharingDialog) and dialog.isVisible()
    box = dialog.sharing.client_safe
    assert box.text() == CLIENT_SAFE_TEXT and not box.isChecked()
    tick(qtbot, box)
    click_export(qtbot, dialog.buttons)
    finish(qtbot, window)
    text = workbook_text(out)
    words = [*internal_words(window.journey), "zqcomment"]
    assert [word for word in words if word in text] == []
    assert all(card.title.lower() in text for card in window.journey.cards()
               if not card.title.startswith("Zqnote"))  # fmt: skip
    # The map in the window keeps everything.
    assert any(card.owner for card in window.journey.cards())
    # Next time the dialog starts ticked.
    window.delivery.actions["export_workbook"].trigger()
    again = window.delivery.dialog
    assert isinstance(again, SharingDialog) and again.sharing.client_safe.isChecked()
    again.reject()


def test_a_client_safe_draft_poster_from_its_dialog(
    qtbot: QtBot, secret_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pypdf = pytest.importorskip("pypdf")
    window = secret_window
    out = tmp_path / "poster.pdf"
    save_to(monkeypatch, out)
    window.delivery.actions["export_poster"].trigger()
    dialog = window.delivery.dialog
    assert isinstance(dialog, PosterDialog)
    dialog.paper.setCurrentText("A0")
    tick(qtbot, dialog.sharing.client_safe)
    assert dialog.sharing.draft is not None
    tick(qtbot, dialog.sharing.draft)
    dialog.update_preview()
    qtbot.waitUntil(dialog.preview_ready, timeout=WAIT_MS)
    notes = [dialog.lanes.item(row) for row in range(dialog.lanes.count())
             if dialog.lanes.item(row).text() == "Research notes"]  # fmt: skip
    assert len(notes) == 1 and not notes[0].flags() & Qt.ItemFlag.ItemIsEnabled  # greyed out
    click_export(qtbot, dialog.buttons)
    finish(qtbot, window)
    text = pdf_text(out)
    assert [word for word in internal_words(window.journey) if word in text] == []
    assert " ".join(window.journey.info.title.split()).lower() in text
    assert "DRAFT" in pypdf.PdfReader(str(out)).pages[0].extract_text()


def test_the_deck_and_image_dialogs_have_both_checkboxes_and_json_only_client_safe(
    qtbot: QtBot, secret_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = secret_window
    window.delivery.actions["export_pptx"].trigger()
    deck = window.delivery.dialog
    assert isinstance(deck, SharingDialog) and deck.sharing.draft is not None
    deck.reject()
    window.delivery.actions["export_image"].trigger()
    image = window.delivery.dialog
    assert image.sharing.draft is not None and image.sharing.client_safe.isVisible()
    image.reject()
    window.delivery.actions["export_handout"].trigger()
    handout = window.delivery.dialog
    assert handout.sharing.draft is not None and handout.comments.isEnabled()
    tick(qtbot, handout.sharing.client_safe)
    assert not handout.comments.isEnabled()  # a client-safe handout has no comments
    handout.reject()
    out = tmp_path / "client.json"
    save_to(monkeypatch, out)
    window.delivery.actions["export_json"].trigger()
    dialog = window.delivery.dialog
    assert isinstance(dialog, SharingDialog) and dialog.sharing.draft is None
    tick(qtbot, dialog.sharing.client_safe)
    click_export(qtbot, dialog.buttons)
    finish(qtbot, window)
    text = out.read_text("utf-8").lower()
    words = [*internal_words(window.journey), "zqcomment"]
    assert [word for word in words if word in text] == []


def _map_field(window: MainWindow, label: str) -> QLineEdit:
    form = window.properties.forms["map"]
    layout = form.form
    for row in range(layout.rowCount()):
        caption = layout.itemAt(row, layout.ItemRole.LabelRole).widget()
        if isinstance(caption, QLabel) and caption.text() == label:
            edit = layout.itemAt(row, layout.ItemRole.FieldRole).widget()
            assert isinstance(edit, QLineEdit)
            return edit
    raise AssertionError(f"no {label!r} field in the map form")


def test_internal_tags_are_typed_in_the_map_form_and_undone(
    qtbot: QtBot, secret_window: MainWindow
) -> None:
    window = secret_window
    window.selection.set_focus("map")
    edit = _map_field(window, "Internal tags")
    assert edit.text() == INTERNAL_TAG
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, f"{INTERNAL_TAG}, zqoneoff ,")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.journey.info.internal_tags == (INTERNAL_TAG, "zqoneoff")
    window.menu_actions.all["undo"].trigger()
    assert window.journey.info.internal_tags == (INTERNAL_TAG,)
    qtbot.waitUntil(lambda: edit.text() == INTERNAL_TAG, timeout=5000)
