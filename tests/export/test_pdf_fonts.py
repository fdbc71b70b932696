"""Fonts for the PDF: per-character fallback, literal markup, and measuring like the canvas."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from app.export.fonts import (
    BOLD,
    FALLBACK,
    REGULAR,
    ReportLabMeasurer,
    fallback,
    fit_string,
    paragraph_markup,
    string_width,
)
from app.export.pdf import export_poster
from app.export.pdf_handout import BODY
from app.model.journey import JourneyMap
from app.model.layout import TextStyle, compute_layout
from app.model.templates import new_map
from tests.conftest import EXAMPLES

MIXED = "Grüße Zażółć Καλημέρα Привет こんにちは"


def test_a_mixed_line_splits_into_runs_by_the_font_that_has_the_glyphs() -> None:
    assert fallback().runs(MIXED, bold=False) == [
        (REGULAR, "Grüße Zażółć Καλημέρα Привет "),
        (FALLBACK, "こんにちは"),
    ]
    assert fallback().runs("漢字 and Ελληνικά", bold=True) == [
        (FALLBACK, "漢字"),
        (BOLD, " and Ελληνικά"),
    ]
    assert fallback().runs("", bold=False) == []


@pytest.mark.parametrize("text", ["a<b", "R&D", "<font size=2000>big</font>", '<img src="/x">'])
def test_paragraph_markup_keeps_user_text_literal(text: str) -> None:
    paragraph = Paragraph(paragraph_markup(text), BODY)
    assert "".join(paragraph.getPlainText()) == text


def test_paragraph_markup_turns_newlines_into_breaks_and_marks_fallback_runs() -> None:
    assert paragraph_markup("one\r\ntwo\nthree") == "one<br/>two<br/>three"
    assert paragraph_markup("A 日本") == f'A <font name="{FALLBACK}">日本</font>'
    assert paragraph_markup("bell\x07 and tab\t") == "bell and tab"


def test_widths_are_the_sum_of_the_characters_advances() -> None:
    measurer = ReportLabMeasurer()
    style = TextStyle.CARD_TITLE
    assert measurer.width("ab", style) == pytest.approx(
        measurer.width("a", style) + measurer.width("b", style)
    )
    assert measurer.width("こ", TextStyle.CARD_BODY) == pytest.approx(8.0, abs=0.01)
    assert measurer.line_height(style) == pytest.approx(style.size * 1.3)
    meta = measurer.width("abc", TextStyle.CARD_META)
    assert string_width("abc", 10) == pytest.approx(meta / 7 * 10, rel=1e-3)


def test_fit_string_cuts_with_an_ellipsis() -> None:
    assert fit_string("short", 100, 8) == "short"
    cut = fit_string("a rather long step name that does not fit", 60, 8)
    assert cut.endswith("…") and string_width(cut, 8) <= 60


@pytest.mark.parametrize("template", EXAMPLES)
def test_the_poster_breaks_lines_exactly_like_the_canvas(qapp: object, template: str) -> None:
    from app.ui.measurer import QtTextMeasurer

    journey: JourneyMap = new_map(template)
    on_paper = compute_layout(journey, ReportLabMeasurer())
    on_screen = compute_layout(journey, QtTextMeasurer())
    assert on_paper.cards == on_screen.cards
    assert (on_paper.width, on_paper.height) == (on_screen.width, on_screen.height)


def test_the_measurer_agrees_with_the_canvas_on_every_script(qapp: object) -> None:
    from app.ui.measurer import QtTextMeasurer

    qt, ours = QtTextMeasurer(), ReportLabMeasurer()
    samples = [MIXED, "R&D <b> 42% – “quoted” €9.99", "中文 한국어 ÆØÅ ŁŚŻ"]
    for style in TextStyle:
        for text in samples:
            assert ours.units(text, style) == qt.units(text, style), (style, text)


def test_a_poster_uses_only_the_bundled_fonts(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    export_poster(new_map("blank"), out, paper="A4")
    reader = PdfReader(out)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}
    assert names <= {"NotoSans-Regular", "NotoSans-Bold", "DroidSansFallback"}
