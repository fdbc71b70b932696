"""File > Print (to a PDF printer), Edit > Copy as Image, File > Import, dropped files,
and "&" in menu texts, each driven through the real actions and dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from app.export.json_form import export_json
from app.export.xlsx_export import export_workbook
from app.ui import dialogs, import_menu, print_map
from app.ui.window import MainWindow


def pdf_pages(path: Path) -> int:
    pypdf = pytest.importorskip("pypdf")
    return len(pypdf.PdfReader(str(path)).pages)


def print_to_pdf(monkeypatch: pytest.MonkeyPatch, out: Path) -> None:
    """The platform's print dialog, answered by choosing a PDF printer."""

    def ask(printer: QPrinter, _parent: object) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(print_map, "ask_print", ask)


@pytest.mark.parametrize("tiled", [False, True])
def test_print_to_a_pdf_printer(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiled: bool
) -> None:
    out = tmp_path / "printed.pdf"
    print_to_pdf(monkeypatch, out)
    window.delivery.actions["print"].trigger()
    setup = window.print_setup
    (setup.tile if tiled else setup.fit).setChecked(True)
    setup.print_button.click()
    qtbot.waitUntil(out.exists, timeout=60_000)
    pages = pdf_pages(out)
    assert pages > 1 if tiled else pages == 1


def test_print_preview_opens(qtbot: QtBot, window: MainWindow) -> None:
    window.delivery.actions["print"].trigger()
    window.print_setup.preview_button.click()
    preview = window.print_preview
    assert isinstance(preview, QPrintPreviewDialog)
    qtbot.waitUntil(preview.isVisible, timeout=60_000)
    preview.reject()


def test_copy_as_image_puts_png_and_svg_on_the_clipboard(window: MainWindow) -> None:
    QApplication.clipboard().clear()
    window.delivery.actions["copy_image"].trigger()
    data = QApplication.clipboard().mimeData()
    assert data.hasImage()
    assert data.hasFormat("image/svg+xml") and b"<svg" in bytes(data.data("image/svg+xml"))
    card = next(window.journey.cards())
    window.scene.select_cards([card.id])
    window.delivery.actions["copy_image"].trigger()
    assert QApplication.clipboard().mimeData().hasImage()
    assert "1 card" in window.statusBar().currentMessage()


def open_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )


def test_new_map_from_json_and_from_workbook(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = window.journey.snapshot()
    source = tmp_path / "client.json"
    export_json(window.journey, source)
    window.document.stack.setClean()
    open_file(monkeypatch, source)
    window.delivery.actions["import_json"].trigger()
    assert window.document.path is None and window.document.modified
    assert window.journey.snapshot() == original
    book = tmp_path / "client.xlsx"
    export_workbook(window.journey, book)
    window.document.stack.setClean()
    open_file(monkeypatch, book)
    window.delivery.actions["import_workbook"].trigger()
    assert window.document.path is None and window.journey.card_count > 0


def test_a_bad_file_is_a_message_naming_it(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "broken.json"
    source.write_text("{not json", encoding="utf-8")
    said: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: said.append(text))
    window.document.stack.setClean()
    open_file(monkeypatch, source)
    window.delivery.actions["import_json"].trigger()
    assert said and said[0].startswith("broken.json: not valid JSON")


def test_merge_from_excel_shows_the_changes_then_merges_as_one_undo_step(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "client.xlsx"
    export_workbook(window.journey, book, map_id=window.document.map_document.uid)
    opened = openpyxl.load_workbook(book)
    sheet = opened["Cards"]
    header = [cell.value for cell in sheet[1]]
    column = next(i for i, name in enumerate(header) if str(name).lower() == "title") + 1
    card_id_column = next(i for i, name in enumerate(header) if str(name).lower() == "id") + 1
    card_id = sheet.cell(2, card_id_column).value
    sheet.cell(2, column).value = "Edited by the client"
    opened.save(book)
    open_file(monkeypatch, book)
    window.delivery.actions["merge_excel"].trigger()
    from app.ui.merge_dialog import MergeDialog

    dialog = window.findChild(MergeDialog)
    assert dialog is not None and dialog.isVisible()  # what will change, before it does
    dialog.apply_button.click()
    assert window.journey.card(card_id).title == "Edited by the client"
    window.undo_group.undo()
    assert window.journey.card(card_id).title != "Edited by the client"


def test_dropping_or_opening_a_workbook_offers_the_import(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "client.xlsx"
    export_workbook(window.journey, book)
    asked: list[str] = []

    def choose(_parent: object, text: str, choices: list[tuple[str, str]]) -> str:
        asked.append(text)
        return import_menu.NEW_MAP

    monkeypatch.setattr(import_menu, "ask_choice", choose)
    window.document.stack.setClean()
    window.open_paths([book])  # what a drop on the window does
    assert asked and "Excel workbook" in asked[0] and window.document.path is None
    window.document.stack.setClean()
    monkeypatch.setattr(dialogs, "open_path", lambda *_: book)
    window.menu_actions.all["open"].trigger()  # File > Open of a client's workbook
    assert len(asked) == 2 and window.journey.card_count > 0


def test_ampersands_in_lane_kinds_show_in_menus(window: MainWindow) -> None:
    lane_menu = next(
        a.menu() for a in window.menu_actions.insert_menu.actions() if a.text() == "&Lane"
    )
    texts = [a.text() for a in lane_menu.actions()]
    assert "Thoughts && feelings" in texts  # shown as "Thoughts & feelings"


def test_without_the_image_exporter_the_canvas_is_drawn(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import image_clipboard, map_picture

    monkeypatch.setattr(map_picture, "available", lambda _module: False)
    monkeypatch.setattr(image_clipboard, "available", lambda _module: False)
    window.view.horizontalScrollBar().setValue(300)
    scrolled = window.view.horizontalScrollBar().value()
    out = tmp_path / "printed.pdf"
    print_to_pdf(monkeypatch, out)
    window.delivery.actions["print"].trigger()
    window.print_setup.fit.setChecked(True)
    window.print_setup.print_button.click()
    qtbot.waitUntil(out.exists, timeout=60_000)
    assert pdf_pages(out) == 1
    QApplication.clipboard().clear()
    window.delivery.actions["copy_image"].trigger()
    assert QApplication.clipboard().mimeData().hasImage()
    assert window.view.horizontalScrollBar().value() == scrolled  # the view is left as it was
