"""The canvas draws every script with the fonts the poster uses, and the same replacement mark."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QRawFont, QTextLayout
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QStyleOptionGraphicsItem
from pytestqt.qtbot import QtBot
from reportlab.pdfbase import pdfmetrics

from app.export.fonts import fallback, font_name
from app.export.shaping import shape_line
from app.font_chain import chain
from app.model.commands import EditCard
from app.model.layout import TextStyle
from app.resources import resource_path
from app.ui.fonts import register_fonts, scaled_font
from app.ui.window import MainWindow
from tests.export.test_scripts_on_paper import SCRIPTS
from tests.ui.helpers import settle


def _visible(raw: QRawFont, glyph: int) -> bool:
    """Spaces, joiners and variation selectors draw nothing: renderers may differ on them."""
    return not raw.pathForGlyph(glyph).isEmpty()


def glyphs_on_canvas(text: str, style: TextStyle) -> Counter[tuple[str, int]]:
    """(family, glyph) for every visible glyph Qt draws for ``text``."""
    layout = QTextLayout(text, scaled_font(style))
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    drawn: Counter[tuple[str, int]] = Counter()
    for run in layout.glyphRuns():
        raw = run.rawFont()
        for glyph in run.glyphIndexes():
            if _visible(raw, glyph):
                drawn[raw.familyName(), glyph] += 1
    return drawn


def glyphs_on_paper(text: str, style: TextStyle) -> Counter[tuple[str, int]]:
    """(family, glyph) for every visible glyph the PDF draws for ``text``."""
    fonts = chain()
    by_name = {font_name(f.index, style.bold): f for f in fonts.fonts}
    drawn: Counter[tuple[str, int]] = Counter()
    for run in shape_line(text, fallback().runs(text, style.bold)):
        font = by_name[run.font_name]
        face = pdfmetrics.getFont(run.font_name).face
        path = str(resource_path("fonts", font.file_for(style.bold)))
        raw = QRawFont(path, 20)
        for char in run.glyphs:
            glyph = face.charToGlyph[ord(char)]
            if _visible(raw, glyph):
                drawn[font.family, glyph] += 1
    return drawn


@pytest.mark.parametrize("name", SCRIPTS)
@pytest.mark.parametrize("style", [TextStyle.CARD_TITLE, TextStyle.CARD_BODY])
def test_the_canvas_draws_the_posters_glyphs_in_the_posters_fonts(
    qtbot: QtBot, name: str, style: TextStyle
) -> None:
    register_fonts()
    text = SCRIPTS[name]
    on_canvas = glyphs_on_canvas(text, style)
    assert on_canvas == glyphs_on_paper(text, style)
    assert sum(on_canvas.values()) >= len(text.replace(" ", "")) // 3  # something was drawn


def card_picture(window: MainWindow, card_id: str) -> QImage:
    item = window.scene.cards[card_id]
    box = item.boundingRect()
    image = QImage(int(box.width()) * 2, int(box.height()) * 2, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(2, 2)
    painter.translate(-box.topLeft())
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    return image


def test_a_character_no_font_has_shows_as_the_posters_replacement_mark(
    qtbot: QtBot, window: MainWindow
) -> None:
    card = next(iter(window.journey.cards()))
    window.document.push(EditCard(window.journey, card.id, title="Kiosk \ue000 code"))
    settle(window.view)
    unknown = card_picture(window, card.id)
    window.document.push(EditCard(window.journey, card.id, title="Kiosk \ufffd code"))
    settle(window.view)
    marked = card_picture(window, card.id)
    window.document.push(EditCard(window.journey, card.id, title="Kiosk code"))
    settle(window.view)
    without = card_picture(window, card.id)
    assert unknown == marked  # the same mark as on paper...
    assert unknown != without  # ...and visible
    assert QRectF(window.scene.cards[card.id].boundingRect()).isValid()


def test_an_export_from_the_app_names_the_characters_shown_as_the_mark(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "deck.pptx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), ""))
    )
    card = next(iter(window.journey.cards()))
    window.document.push(EditCard(window.journey, card.id, title="Kiosk \ue000 code"))
    window.delivery.actions["export_pptx"].trigger()
    window.delivery.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    job = window.delivery.jobs[-1]
    qtbot.waitUntil(lambda: job.done, timeout=120_000)
    assert job.ok and out.exists()
    message = window.statusBar().currentMessage()
    assert "1 character has no glyph in the bundled fonts: U+E000" in message


def test_an_export_says_nothing_of_glyphs_when_every_character_has_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "deck.pptx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), ""))
    )
    window.delivery.actions["export_pptx"].trigger()
    window.delivery.dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    job = window.delivery.jobs[-1]
    qtbot.waitUntil(lambda: job.done, timeout=120_000)
    assert job.ok
    assert window.statusBar().currentMessage() == "Exported the deck to deck.pptx"


def ink_columns(lines: list[str], width: float) -> tuple[int, int]:
    """The leftmost and rightmost inked pixel columns of ``lines`` drawn in ``width`` points."""
    from app.ui.fonts import draw_lines

    image = QImage(300, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(QColor("black"))
    draw_lines(painter, TextStyle.CARD_TITLE, 10, 5, lines, width)
    painter.end()
    inked = [
        x for x in range(image.width()) for y in range(image.height())
        if image.pixelColor(x, y).lightness() < 160
    ]  # fmt: skip
    return min(inked), max(inked)


def test_the_canvas_sets_right_to_left_text_flush_right_like_the_poster(qtbot: QtBot) -> None:
    register_fonts()
    left, right = ink_columns(["رحلة العميل", "app"], 200)
    assert 205 <= right <= 211 and left > 100  # ends at 10 + 200 points
    left, right = ink_columns(["Checkout"], 200)
    assert 9 <= left <= 12 and right < 100
