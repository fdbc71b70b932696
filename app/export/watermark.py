"""The DRAFT watermark: a large, light "DRAFT" set diagonally across a page or picture.

Exports asked for as drafts (the "DRAFT watermark" checkbox, ``--draft`` on
``cjm export``) carry it: every page of the poster, the tiles and the handout, and
PNG and SVG pictures. It is drawn over the page in a translucent red, so it shows
on cards and tables alike while the text under it stays readable, and it is real
text ("DRAFT" is found and copied from the PDF). The deck and the workbook are
marked their own way (``pptx_draft``, ``xlsx_client``).
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from reportlab.pdfgen.canvas import Canvas

from app.export.fonts import draw_string, register_fonts, string_width
from app.export.style import colour

DRAFT_TEXT = "DRAFT"
#: The watermark's colour and opacity: light on paper, yet visible on any card fill.
WATERMARK_COLOUR = "#c62828"
WATERMARK_OPACITY = 0.16
#: The text's width as a share of the page's diagonal, and its cap as a share of the
#: page's shorter side (a long strip of a map would otherwise get letters taller than it).
_DIAGONAL_SHARE = 0.6
_HEIGHT_SHARE = 0.45


def watermark_geometry(width: float, height: float) -> tuple[float, float, float]:
    """(angle in degrees, font size, text width) of the watermark on a page of that size."""
    angle = math.degrees(math.atan2(height, width))
    unit = string_width(DRAFT_TEXT, 1.0, bold=True)
    size = min(
        math.hypot(width, height) * _DIAGONAL_SHARE / unit, min(width, height) * _HEIGHT_SHARE
    )
    return angle, size, unit * size


def draw_watermark(canvas: Canvas, width: float, height: float) -> None:
    """Draw the watermark across a ``width`` x ``height`` page (its own coordinates)."""
    register_fonts()
    angle, size, text_width = watermark_geometry(width, height)
    canvas.saveState()
    canvas.translate(width / 2, height / 2)
    canvas.rotate(angle)
    canvas.setFillColor(colour(WATERMARK_COLOUR))
    canvas.setFillAlpha(WATERMARK_OPACITY)
    draw_string(canvas, -text_width / 2, -size * 0.35, DRAFT_TEXT, size, bold=True)
    canvas.restoreState()


class DraftCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
    """A ReportLab canvas that puts the watermark on every page as the page ends."""

    def showPage(self) -> None:
        width, height = self._pagesize
        draw_watermark(self, float(width), float(height))
        super().showPage()


def canvas_class(draft: bool) -> type[Canvas]:
    """The canvas class for an export: with the watermark on every page, or plain."""
    return DraftCanvas if draft else Canvas


def svg_watermark(width: float, height: float, font_family: str) -> str:
    """The watermark as an SVG ``<text>`` element, over a ``width`` x ``height`` picture.

    Its length is given (``textLength``), so a viewer without the bundled fonts draws it
    the same width."""
    angle, size, text_width = watermark_geometry(width, height)
    family = escape(font_family, {'"': "&quot;"})
    return (
        f'<text x="0" y="{size * 0.35:.2f}" transform="translate({width / 2:.2f} '
        f'{height / 2:.2f}) rotate({-angle:.3f})" font-family="{family}" font-weight="bold" '
        f'font-size="{size:.2f}" text-anchor="middle" textLength="{text_width:.2f}" '
        f'lengthAdjust="spacingAndGlyphs" fill="{WATERMARK_COLOUR}" '
        f'fill-opacity="{WATERMARK_OPACITY}">{DRAFT_TEXT}</text>\n'
    )
