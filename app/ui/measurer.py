"""Measures text in the bundled fonts with Qt, for the layout shared with the PDF poster.

A line's width is the sum of its characters' advances (no kerning), exactly as
ReportLab measures and as the canvas draws (kerning off, see ``fonts``).
Advances are kept as whole 1/64 pixels of the scaled font, so sums are exact
and the fast wrapping in ``text_lines`` decides every break exactly as
``app.model.layout.wrap_text`` does with this measurer.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtGui import QFontMetricsF

from app.font_chain import chain
from app.model.layout import LINE_HEIGHT, TextStyle
from app.ui.fonts import FONT_SCALE, scaled_font

#: Units per point: 1/64 pixel of a font ``FONT_SCALE`` times larger.
UNITS_PER_POINT = 64 * FONT_SCALE


class QtTextMeasurer:
    """A ``TextMeasurer`` over QFontMetricsF, caching the advance of every character."""

    def __init__(self) -> None:
        self._advances: dict[TextStyle, dict[str, int]] = {style: {} for style in TextStyle}
        self._metrics = {style: QFontMetricsF(scaled_font(style)) for style in TextStyle}

    def learn(self, style: TextStyle, text: str) -> dict[str, int]:
        """Measure every character of ``text`` not measured yet; returns the style's cache."""
        advances = self._advances[style]
        missing = set(text).difference(advances)
        if missing:
            advance = self._metrics[style].horizontalAdvance
            shown = chain().visible
            for char in missing:
                if unicodedata.combining(char) or unicodedata.category(char) in ("Cf", "Cc"):
                    advances[char] = 0  # marks, joiners and controls take no room of their own
                else:
                    # A character no bundled font has is drawn, so measured, as U+FFFD.
                    advances[char] = round(advance(shown(char)) * 64)
        return advances

    def units(self, text: str, style: TextStyle) -> int:
        advances = self.learn(style, text)
        return sum(map(advances.__getitem__, text))

    def width(self, text: str, style: TextStyle) -> float:
        return self.units(text, style) / UNITS_PER_POINT

    def line_height(self, style: TextStyle) -> float:
        return style.size * LINE_HEIGHT
