"""File > Export driven through the real menu actions and dialogs; the files are checked.

QFileDialog's static methods are replaced to return a temporary path; each option
dialog is filled and accepted as a user would. Waits are on conditions, not time.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from app.export.json_form import read_json
from app.model.synthetic import synthetic_map
from app.ui import dialogs
from app.ui import export_targets as targets
from app.ui.document import Document
from app.ui.export_menu import IMAGE_MODULE, PPTX_MODULE, available
from app.ui.export_worker import ExportJob
from app.ui.poster_dialog import PosterDialog
from app.ui.window import MainWindow
from tests.ui.conftest import close_quietly

WAIT_MS = 120_000  # generous: the machine is shared


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )


def finish(qtbot: QtBot, window: MainWindow) -> ExportJob:
    job = window.delivery.jobs[-1]
    qtbot.waitUntil(lambda: job.done, timeout=WAIT_MS)
    assert job.ok, job.message
    return job


def ok_button(dialog: PosterDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def accept_options(window: MainWindow) -> None:
    """Export… in the options dialog (the sharing checkboxes) the export opened."""
    dialog = window.delivery.dialog
    assert dialog.isVisible()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def pdf_pages(path: Path) -> list[tuple[float, float]]:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(path))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def words(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def open_poster_dialog(window: MainWindow) -> PosterDialog:
    window.delivery.actions["export_poster"].trigger()
    dialog = window.delivery.dialog
    assert isinstance(dialog, PosterDialog) and dialog.isVisible()
    return dialog


# ---------------------------------------------------------------------- poster and tiles
def test_poster_has_every_card_title_on_the_chosen_paper(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "poster.pdf"
    save_to(monkeypatch, out)
    dialog = open_poster_dialog(window)
    dialog.paper.setCurrentText("A0")
    dialog.orientation.setCurrentIndex(0)
    dialog.tiled.setChecked(False)
    dialog.update_preview()
    promised = re.search(r"(\d+\.\d) pt", dialog.text_size.text())
    assert promised and dialog.pages.text().startswith("1 page")
    ok_button(dialog)
    finish(qtbot, window)
    (width, height), *rest = pdf_pages(out)
    assert not rest and round(width) == 3370 and round(height) == 2384  # A0 landscape
    text = words(pdf_text(out))
    assert f"card titles are {promised.group(1)} pt" in text  # the preview told the truth
    missing = [c.title for c in window.journey.cards() if words(c.title)[:25] not in text]
    assert not missing


def test_tiles_on_a4_with_the_page_count_the_dialog_showed(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "tiles.pdf"
    save_to(monkeypatch, out)
    dialog = open_poster_dialog(window)
    dialog.paper.setCurrentText("A2")
    dialog.tiled.setChecked(True)
    dialog.tile.setCurrentText("A4")
    dialog.overlap.setValue(12)
    dialog.update_preview()
    count = int(dialog.pages.text().split()[0])
    assert dialog.preview.plan is not None and count == dialog.preview.plan.facts.pages
    ok_button(dialog)
    finish(qtbot, window)
    pages = pdf_pages(out)
    assert len(pages) == count > 2
    assert all(sorted(round(side) for side in page) == [595, 842] for page in pages)
    # Settings are remembered for next time.
    assert targets.load("poster", "tile", "") == "A4"
    assert targets.load("poster", "overlap_mm", 0.0) == 12.0
    again = open_poster_dialog(window)
    assert again.paper.currentText() == "A2" and again.tiled.isChecked()
    again.reject()


def test_poster_leaves_out_unticked_stages_and_warns_of_tiny_text(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "part.pdf"
    save_to(monkeypatch, out)
    journey = window.journey
    dialog = open_poster_dialog(window)
    dialog.paper.setCurrentText("A4")
    dialog.update_preview()
    assert "hard to read" in dialog.warning.text()  # the whole map on A4 is too small
    dialog.paper.setCurrentText("A0")
    left_out = journey.stages[0]
    dialog.stages.item(0).setCheckState(Qt.CheckState.Unchecked)
    dialog.update_preview()
    ok_button(dialog)
    finish(qtbot, window)
    text = words(pdf_text(out))
    gone = {s.id for s in journey.steps_of(left_out.id)}
    kept = [c for c in journey.cards() if c.step_id not in gone]
    dropped = [c for c in journey.cards() if c.step_id in gone]
    assert all(words(c.title)[:25] in text for c in kept)
    assert any(words(c.title)[:25] not in text for c in dropped)


def _mean_colour(
    data: bytes, stride: int, rect: tuple[int, int, int, int]
) -> tuple[float, float, float]:
    """The mean RGB of ``rect`` (x, y, width, height) in an RGB888 picture."""
    x, y, w, h = rect
    sums = [0, 0, 0]
    for row in range(y, y + h):
        line = data[row * stride + x * 3 : row * stride + (x + w) * 3]
        for channel in range(3):
            sums[channel] += sum(line[channel::3])
    return sums[0] / (w * h), sums[1] / (w * h), sums[2] / (w * h)


def _darkest(data: bytes, stride: int, rect: tuple[int, int, int, int]) -> int:
    x, y, w, h = rect
    return min(
        min(data[row * stride + x * 3 : row * stride + (x + w) * 3]) for row in range(y, y + h)
    )


def test_the_preview_is_the_printed_poster_and_counts_the_tiled_pages(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview is the page the PDF prints (lane names, emotion curve and all), and
    with tiles it counts the pages the tiled PDF has."""
    pdfium = pytest.importorskip("pypdfium2")
    from PySide6.QtGui import QImage

    from app.export import pdf
    from app.export.pdf_poster import poster_layout
    from app.model.vocab import LaneKind

    out = tmp_path / "poster.pdf"
    save_to(monkeypatch, out)
    dialog = open_poster_dialog(window)
    dialog.paper.setCurrentText("A2")
    dialog.orientation.setCurrentIndex(0)
    dialog.tiled.setChecked(False)
    dialog.update_preview()
    qtbot.waitUntil(dialog.preview_ready, timeout=WAIT_MS)
    page = dialog.options().page()
    assert dialog.preview.page == page
    picture = dialog.preview.image
    assert picture is not None
    picture = picture.convertToFormat(QImage.Format.Format_RGB888)
    width, height = picture.width(), picture.height()
    assert width > 400 and abs(width / height - page[0] / page[1]) < 0.01
    shown = bytes(picture.constBits())[: picture.bytesPerLine() * height]
    stride = picture.bytesPerLine()
    # The emotion lane's row (its name column and its curve) in pixels.
    journey = window.journey
    layout = poster_layout(journey)
    _facts, (bx, by, bw, _bh) = pdf.poster_map_box(journey, *page, layout)
    lane = next(x for x in journey.lanes if x.kind is LaneKind.EMOTIONS)
    header = layout.lane_rects[lane.id]
    s, px = bw / layout.width, width / page[0]
    row = (
        round((bx + header.x * s) * px) + 1,
        round((by + header.y * s) * px) + 1,
        round(layout.width * s * px) - 2,
        round(header.height * s * px) - 2,
    )
    assert row[2] > 100 and row[3] > 5
    assert _darkest(shown, stride, row) < 150  # lane name and curve, not blank paper
    whole = (0, 0, width, height)
    assert min(_mean_colour(shown, stride, whole)) < 245  # not a blank page
    ok_button(dialog)
    finish(qtbot, window)
    document = pdfium.PdfDocument(str(out))
    try:
        bitmap = document[0].render(scale=px, rev_byteorder=True)
        printed, printed_stride = bytes(bitmap.buffer), bitmap.stride
        assert abs(bitmap.width - width) <= 1 and abs(bitmap.height - height) <= 1
    finally:
        document.close()
    for rect in (row, whole):
        rect = (
            rect[0],
            rect[1],
            min(rect[2], bitmap.width - rect[0]),
            min(rect[3], bitmap.height - rect[1]),
        )
        preview_colour = _mean_colour(shown, stride, rect)
        pdf_colour = _mean_colour(printed, printed_stride, rect)
        assert all(abs(a - b) < 6 for a, b in zip(preview_colour, pdf_colour, strict=True)), (
            rect,
            preview_colour,
            pdf_colour,
        )

    # Tiles: the tester's A1 landscape on A4 with 10 mm overlap. Each sheet shows part of
    # the poster (none lies wholly past its edge), and the count is the PDF's.
    tiles = tmp_path / "tiles.pdf"
    save_to(monkeypatch, tiles)
    dialog = open_poster_dialog(window)
    dialog.paper.setCurrentText("A1")
    dialog.orientation.setCurrentIndex(0)
    dialog.tiled.setChecked(True)
    dialog.tile.setCurrentText("A4")
    dialog.overlap.setValue(10)
    dialog.update_preview()
    plan = dialog.preview.plan
    assert plan is not None and dialog.preview.page == plan.poster
    assert (
        (plan.columns - 1) * plan.step[0]
        < plan.poster[0]
        <= ((plan.columns - 1) * plan.step[0] + plan.content[0])
    )
    assert (
        (plan.rows - 1) * plan.step[1]
        < plan.poster[1]
        <= ((plan.rows - 1) * plan.step[1] + plan.content[1])
    )
    count = int(dialog.pages.text().split()[0])
    assert f"{plan.columns} × {plan.rows} sheets" in dialog.pages.text()
    qtbot.waitUntil(dialog.preview_ready, timeout=WAIT_MS)
    ok_button(dialog)
    finish(qtbot, window)
    document = pdfium.PdfDocument(str(tiles))
    try:
        assert len(document) == count == plan.columns * plan.rows + 1
    finally:
        document.close()


# ---------------------------------------------------------------------- the other deliverables
def test_handout_workbook_and_json(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handout = tmp_path / "handout.pdf"
    save_to(monkeypatch, handout)
    window.delivery.actions["export_handout"].trigger()
    dialog = window.delivery.dialog
    dialog.paper.setCurrentText("Letter")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    finish(qtbot, window)
    pages = pdf_pages(handout)
    assert len(pages) > 1 and (round(pages[0][0]), round(pages[0][1])) == (612, 792)
    assert words(window.journey.info.title) in words(pdf_text(handout))

    book = tmp_path / "client"  # no extension: it gets one
    save_to(monkeypatch, book)
    window.delivery.actions["export_workbook"].trigger()
    accept_options(window)
    finish(qtbot, window)
    openpyxl = pytest.importorskip("openpyxl")
    opened = openpyxl.load_workbook(tmp_path / "client.xlsx")
    assert "Cards" in opened.sheetnames

    out = tmp_path / "map.json"
    save_to(monkeypatch, out)
    window.delivery.actions["export_json"].trigger()
    accept_options(window)
    finish(qtbot, window)
    assert json.loads(out.read_text(encoding="utf-8"))
    assert read_json(out).snapshot() == window.journey.snapshot()


@pytest.mark.skipif(not available(IMAGE_MODULE), reason="app/export/image.py is not built yet")
def test_png_and_svg_of_the_map_and_of_the_selection(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xml.etree import ElementTree

    from PySide6.QtGui import QImage

    png = tmp_path / "map.png"
    save_to(monkeypatch, png)
    window.delivery.actions["export_image"].trigger()
    dialog = window.delivery.dialog
    dialog.format.setCurrentIndex(0)
    dialog.whole.setChecked(True)
    dialog.dpi.setValue(96)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    finish(qtbot, window)
    picture = QImage(str(png))
    assert not picture.isNull() and picture.width() > 500
    assert len({picture.pixel(x, picture.height() // 2) for x in range(0, picture.width(), 7)}) > 3

    first = next(window.journey.cards())
    window.scene.select_cards([first.id])
    svg = tmp_path / "card.svg"
    save_to(monkeypatch, svg)
    window.delivery.actions["export_image"].trigger()
    dialog = window.delivery.dialog
    dialog.format.setCurrentIndex(1)
    dialog.selection.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    finish(qtbot, window)
    root = ElementTree.parse(svg).getroot()
    texts = " ".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))
    assert words(first.title).split()[0] in texts


@pytest.mark.skipif(not available(PPTX_MODULE), reason="app/export/pptx_deck.py is not built yet")
def test_powerpoint_deck(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pptx = pytest.importorskip("pptx")
    out = tmp_path / "deck.pptx"
    save_to(monkeypatch, out)
    window.delivery.actions["export_pptx"].trigger()
    accept_options(window)
    finish(qtbot, window)
    deck = pptx.Presentation(str(out))
    assert len(deck.slides) >= 2 + len(window.journey.stages)


# ---------------------------------------------------------------------- where it may go
def test_an_existing_file_is_replaced_only_after_confirmation(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "map.json"
    out.write_text("old", encoding="utf-8")
    save_to(monkeypatch, out)
    monkeypatch.setattr(targets, "ask_replace", lambda *_: False)
    window.delivery.actions["export_json"].trigger()
    accept_options(window)
    assert out.read_text(encoding="utf-8") == "old" and not window.delivery.jobs
    monkeypatch.setattr(targets, "ask_replace", lambda *_: True)
    window.delivery.actions["export_json"].trigger()
    accept_options(window)
    finish(qtbot, window)
    assert read_json(out).snapshot() == window.journey.snapshot()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.json"]  # no temporary left


def test_the_open_map_is_never_the_output(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.model.store import save_map

    path = tmp_path / "open.cjm"
    save_map(window.journey, path)
    window.document.set_path(path)
    before = path.read_bytes()
    said: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: said.append(text))
    for chosen in (path, tmp_path / "other.cjm"):
        save_to(monkeypatch, chosen)
        window.delivery.actions["export_json"].trigger()
        accept_options(window)
    assert path.read_bytes() == before and not window.delivery.jobs
    assert "open.cjm is the map you have open" in said[0] and "never replaces a map" in said[1]


def test_a_failed_export_says_which_file_and_why(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "missing-folder" / "map.json"
    save_to(monkeypatch, out)
    said: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: said.append(text))
    window.delivery.actions["export_json"].trigger()
    accept_options(window)
    job = window.delivery.jobs[-1] if window.delivery.jobs else None
    if job is not None:
        qtbot.waitUntil(lambda: job.done, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT_MS)
    assert said[0].startswith("map.json: ") and "Traceback" not in said[0]
    assert not out.exists()


# ---------------------------------------------------------------------- long work
@pytest.fixture
def big_window(qtbot: QtBot) -> MainWindow:
    win = MainWindow(Document(synthetic_map(5000)))
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    close_quietly(win)


def test_cancel_mid_export_leaves_no_file(
    qtbot: QtBot, big_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "big.pdf"
    save_to(monkeypatch, out)
    dialog = open_poster_dialog(big_window)
    dialog.paper.setCurrentText("A0")
    ok_button(dialog)
    job = big_window.delivery.jobs[-1]
    assert not job.done  # 5,000 cards take a while: still writing
    qtbot.waitUntil(lambda: job.indicator.isVisible() or job.done, timeout=WAIT_MS)
    assert not job.done
    job.indicator.cancel_button.click()  # Cancel beside the progress bar
    qtbot.waitUntil(lambda: job.done, timeout=WAIT_MS)
    assert not job.ok and job.cancelled
    assert list(tmp_path.iterdir()) == []
    job.wait()  # the cancelled work may run on a moment: let it end within this test
    assert list(tmp_path.iterdir()) == []


def test_editing_during_an_export_does_not_reach_the_file(
    qtbot: QtBot, big_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.model.commands import EditMap

    out = tmp_path / "big.json"
    save_to(monkeypatch, out)
    title = big_window.journey.info.title
    big_window.delivery.actions["export_json"].trigger()
    accept_options(big_window)
    big_window.document.push(EditMap(big_window.journey, title="Changed meanwhile"))
    finish(qtbot, big_window)
    assert read_json(out).info.title == title
