"""The bundled fonts, registered with Qt, and the fonts of each text role.

Canvas text is set in the same fonts as the PDF poster: the bundled chain
(``app.font_chain``: Noto Sans, then the Arabic, Hebrew, Devanagari, Thai,
Hangul, CJK, symbol and emoji fonts), given to Qt as the font's families in
the same order, so Qt falls back per character exactly as the exporters do.
A character no bundled font has is drawn as U+FFFD, as on paper. Qt only takes whole
pixel sizes, and the roles have sizes such as 9.5 pt, so every role font is
made ``FONT_SCALE`` times larger and drawn under a painter scaled down by the
same factor: one scene unit stays one point and advances stay linear, like
ReportLab's. Kerning is off, as in the PDF, so text is exactly as wide as it
was measured.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QPainter

from app.font_chain import chain
from app.model.clusters import reads_right_to_left
from app.model.layout import ASCENT, LINE_HEIGHT, TextStyle
from app.resources import resource_path

#: Role fonts are this many times larger than their size in points.
FONT_SCALE = 20
FAMILIES = chain().families
FONT_FILES = tuple(
    name for font in chain().fonts for name in (font.regular, font.bold) if name
)

_registered: list[str] = []


def register_fonts() -> list[str]:
    """Register the bundled fonts with QFontDatabase once; returns the families found."""
    if not _registered:
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
            if font_id >= 0:
                _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
        if not _registered:
            _registered.append("")  # nothing found: fall back on the system fonts
    return [family for family in _registered if family]


def ui_font(point_size: float, bold: bool = False) -> QFont:
    """A font for widgets (panels, editors) in the bundled families."""
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


@cache
def scaled_font(style: TextStyle) -> QFont:
    """The role's font at ``FONT_SCALE`` times its size, in pixels."""
    register_fonts()
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPixelSize(round(style.size * FONT_SCALE))
    font.setBold(style.bold)
    font.setKerning(False)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def draw_text(painter: QPainter, style: TextStyle, x: float, baseline: float, text: str) -> None:
    """Draw one line of plain text with its baseline at (x, baseline), in points."""
    painter.save()
    # Each line takes its direction from its first strong character, as on paper.
    painter.setLayoutDirection(Qt.LayoutDirection.LayoutDirectionAuto)
    painter.setFont(scaled_font(style))
    painter.scale(1 / FONT_SCALE, 1 / FONT_SCALE)
    painter.drawText(QPointF(x * FONT_SCALE, baseline * FONT_SCALE), chain().visible(text))
    painter.restore()


def draw_lines(
    painter: QPainter,
    style: TextStyle,
    x: float,
    top: float,
    lines: tuple[str, ...] | list[str],
    width: float = 0.0,
) -> float:
    """Draw lines one under the other from ``top``; returns the y below the last line.

    With ``width``, right-to-left text (Arabic, Hebrew) is set flush right in it.
    """
    if not lines:
        return top
    height = style.size * LINE_HEIGHT
    ascent = style.size * ASCENT  # centres the glyphs in the line height
    painter.save()
    # The lines of one text take its direction from its first strong character, as on paper.
    right_to_left = reads_right_to_left(" ".join(lines))
    direction = Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
    painter.setLayoutDirection(direction)
    painter.setFont(scaled_font(style))
    painter.scale(1 / FONT_SCALE, 1 / FONT_SCALE)
    y = top
    visible = chain().visible
    advance = _metrics(style).horizontalAdvance
    for line in lines:
        shown = visible(line)
        left = x * FONT_SCALE
        if width and right_to_left:
            left += width * FONT_SCALE - advance(shown)
        painter.drawText(QPointF(left, (y + ascent) * FONT_SCALE), shown)
        y += height
    painter.restore()
    return y


@cache
def _metrics(style: TextStyle) -> QFontMetricsF:
    return QFontMetricsF(scaled_font(style))


def text_width(style: TextStyle, text: str) -> float:
    """The width of ``text`` in points."""
    return _metrics(style).horizontalAdvance(chain().visible(text)) / FONT_SCALE


def elide(style: TextStyle, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` points (one line)."""
    line = chain().visible(text.replace("\n", " "))
    return _metrics(style).elidedText(line, Qt.TextElideMode.ElideRight, width * FONT_SCALE)
