"""The bundled fonts in ReportLab: registration, per-character fallback and measuring.

Text is set in Noto Sans (Latin, Greek, Cyrillic); a character Noto Sans lacks
(Chinese, Japanese, Korean...) is set in Droid Sans Fallback, as the canvas
does with Qt's font fallback. A line therefore becomes *runs*: stretches of text
in one font. ReportLab embeds a subset of every TrueType font it uses, so a PDF
never depends on the fonts of the machine that opens it.

``ReportLabMeasurer`` measures text exactly as it is drawn here (the sum of the
characters' advances, no kerning) and as the canvas measures it, so the shared
layout breaks lines alike on screen and on paper.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.export.shaping import ACTUAL_TEXT_END, actual_text_begin, needs_shaping, shape_line
from app.font_chain import chain
from app.model.clusters import reads_right_to_left
from app.model.layout import LINE_HEIGHT, TextStyle, clip_lines, wrap_text
from app.resources import resource_path

REGULAR = "CJM-NotoSans"
BOLD = "CJM-NotoSans-Bold"
FALLBACK = "CJM-DroidSansFallback"
#: The canvas sets role fonts this many times larger and rounds advances to 1/64 pixel.
_QT_FONT_SCALE = 20
_QT_SUBPIXELS = 64
UNITS_PER_POINT = _QT_FONT_SCALE * _QT_SUBPIXELS


def font_name(index: int, bold: bool) -> str:
    """The ReportLab name of chain font ``index`` (its bold face if it has one)."""
    font = chain().fonts[index]
    face_is_bold = bold and bool(font.bold)
    if index == 0:
        return BOLD if face_is_bold else REGULAR
    base = "CJM-" + font.family.replace(" ", "")
    return base + "-Bold" if face_is_bold else base


@functools.cache
def _register(index: int, bold: bool) -> str:
    """Register one face of the chain with ReportLab, the first time it is needed."""
    name = font_name(index, bold)
    if name not in pdfmetrics.getRegisteredFontNames():
        path = resource_path("fonts", chain().fonts[index].file_for(bold))
        pdfmetrics.registerFont(TTFont(name, str(path)))
    regular = font_name(index, False)
    # <b> in Paragraph markup picks the bold face; one-face families draw bold as regular.
    for italic in (False, True):
        addMapping(regular, False, italic, regular)
        addMapping(regular, True, italic, font_name(index, True))
    return name


def registered(index: int, bold: bool) -> str:
    """The ReportLab name of a chain face, registering both its faces on first use."""
    _register(index, not bold)
    return _register(index, bold)


@functools.cache
def register_fonts() -> tuple[str, str, str]:
    """Register the Latin faces and the CJK fallback; returns (regular, bold, fallback).

    The other fonts of the chain are registered when a character first needs them.
    """
    registered(0, False)
    registered(_DROID, False)
    return REGULAR, BOLD, FALLBACK


def _chain_index(family: str) -> int:
    return next(font.index for font in chain().fonts if font.family == family)


_DROID = _chain_index("Droid Sans Fallback")


def _takes_no_room(char: str) -> bool:
    """Marks, joiners and control characters: no advance of their own (as on the canvas)."""
    return bool(unicodedata.combining(char)) or unicodedata.category(char) in ("Cf", "Cc")


def printable(text: str) -> str:
    """``text`` as drawn: controls removed, characters no bundled font has as U+FFFD.

    Format characters (joiners, direction marks) stay: shaping uses them.
    """
    if not text.isprintable():
        text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cs"))
    return chain().visible(text)


class FontFallback:
    """Which font draws each character, and its advance in 1/1000 em."""

    def __init__(self) -> None:
        register_fonts()
        self._chain = chain()
        self._plain: dict[bool, set[str]] = {False: set(), True: set()}  # drawn by the primary
        self._advances: dict[bool, dict[str, float]] = {False: {}, True: {}}

    def font_for(self, char: str, bold: bool) -> str:
        """The first font of the chain that has the glyph (Noto Sans if none has it)."""
        index = self._chain.font_for(char)
        return registered(0 if index is None else index, bold)

    def has_glyph(self, name: str, char: str) -> bool:
        """Whether the registered font ``name`` has a glyph for ``char``."""
        return ord(char) in pdfmetrics.getFont(name).face.charToGlyph

    def advance(self, char: str, bold: bool) -> float:
        """The advance of ``char`` in 1/1000 em of the font that draws it."""
        advances = self._advances[bold]
        width = advances.get(char)
        if width is None:
            if _takes_no_room(char):
                width = 0.0
            else:
                shown = self._chain.visible(char)
                font = pdfmetrics.getFont(self.font_for(shown, bold))
                width = float(font.stringWidth(shown, 1000))
            advances[char] = width
        return width

    def width(self, text: str, bold: bool) -> float:
        """The advance of ``text`` in 1/1000 em."""
        advances = self._advances[bold]
        try:
            return sum(map(advances.__getitem__, text))
        except KeyError:
            return sum(self.advance(char, bold) for char in text)

    def runs(self, text: str, bold: bool) -> list[tuple[str, str]]:
        """``text`` cut into (font name, text) stretches that one font draws."""
        primary = BOLD if bold else REGULAR
        plain = self._plain[bold]
        if plain.issuperset(text):  # the usual case, decided at C speed
            return [(primary, text)] if text else []
        result = [(registered(index, bold), run) for index, run in self._chain.runs(text)]
        if len(result) == 1 and result[0][0] == primary:
            plain.update(text)
        return result


@functools.cache
def fallback() -> FontFallback:
    """The process-wide font chooser (fonts are registered once)."""
    return FontFallback()


class ReportLabMeasurer:
    """A ``TextMeasurer`` for the layout: text widths in the fonts the PDF draws with.

    Widths are kept in whole 1/1280 points per character, as the canvas keeps
    them (1/64 pixel of a font 20 times larger), so both break lines alike.
    """

    def __init__(self) -> None:
        self._fonts = fallback()
        self._units: dict[TextStyle, dict[str, int]] = {style: {} for style in TextStyle}

    def _learn(self, text: str, style: TextStyle) -> dict[str, int]:
        units = self._units[style]
        pixels = round(style.size * _QT_FONT_SCALE) * _QT_SUBPIXELS / 1000
        for char in set(text).difference(units):
            # FreeType (and so Qt) keeps advances in whole 1/64 pixels, rounded down.
            units[char] = math.floor(self._fonts.advance(char, style.bold) * pixels + 1e-6)
        return units

    def units(self, text: str, style: TextStyle) -> int:
        """The width of ``text`` in 1/1280 points."""
        units = self._units[style]
        try:
            return sum(map(units.__getitem__, text))
        except KeyError:
            return sum(map(self._learn(text, style).__getitem__, text))

    def width(self, text: str, style: TextStyle) -> float:
        return self.units(text, style) / UNITS_PER_POINT

    def line_height(self, style: TextStyle) -> float:
        return style.size * LINE_HEIGHT


def string_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` at ``size`` points, as ``draw_string`` draws it."""
    return fallback().width(text, bold) * size / 1000


def draw_string(
    canvas: Canvas, x: float, y: float, text: str, size: float, bold: bool = False
) -> float:
    """Draw one line with its baseline at (x, y), font by font; returns the x after it."""
    writer = TextWriter(canvas)
    writer.move_to(x, y)
    writer.line(text, size, bold)
    writer.finish()
    return x + string_width(printable(text), size, bold)


#: Characters known not to need shaping (filled as lines are drawn).
_SIMPLE: set[str] = set()


def _needs_shaping(text: str) -> bool:
    """Whether ``text`` holds a character that needs shaping or bidi; learns the others."""
    needed = False
    for char in set(text).difference(_SIMPLE):
        if needs_shaping(char):
            needed = True
        else:
            _SIMPLE.add(char)
    return needed


def needs_shaped_lines(text: str) -> bool:
    """Whether ``text`` holds right-to-left text or characters that need shaping."""
    shown = printable(text)
    return not _SIMPLE.issuperset(shown) and _needs_shaping(shown)


class TextWriter:
    """Lines of text in one PDF text object, each run in the font that has its glyphs.

    One text object per card keeps the page stream short; the font is only
    switched when it changes.
    """

    def __init__(self, canvas: Canvas) -> None:
        self._canvas = canvas
        self._text = canvas.beginText()
        self._fonts = fallback()
        self._font: tuple[str, float, float] = ("", 0.0, 0.0)

    def move_to(self, x: float, baseline: float) -> None:
        """Start the next line at (x, baseline)."""
        self._text.setTextOrigin(x, baseline)

    def colour(self, colour: object) -> None:
        self._text.setFillColor(colour)

    def _set_font(self, name: str, size: float, leading: float) -> None:
        if self._font != (name, size, leading):
            self._font = (name, size, leading)
            self._text.setFont(name, size, leading)

    def line(
        self,
        text: str,
        size: float,
        bold: bool = False,
        leading: float = 0.0,
        width: float = 0.0,
        right_to_left: bool | None = None,
    ) -> None:
        """Write one line and move ``leading`` points down to the start of the next.

        ``right_to_left`` is the paragraph's direction (None: the line's own, from its
        first strong character); with ``width``, a right-to-left line is set flush right.
        """
        leading = leading or size * LINE_HEIGHT
        shown = printable(text)
        runs = self._fonts.runs(shown, bold)
        if right_to_left is None:
            right_to_left = reads_right_to_left(shown)
        if (not _SIMPLE.issuperset(shown) and _needs_shaping(shown)) or right_to_left:
            flush = width if right_to_left else 0.0
            self._shaped_line(shown, runs, size, leading, flush, right_to_left)
            self._text.textLine("")
            return
        if len(runs) == 1:
            self._set_font(runs[0][0], size, leading)
            self._text.textLine(runs[0][1])
            return
        for name, run in runs:
            self._set_font(name, size, leading)
            self._text.textOut(run)
        self._text.textLine("")

    def _shaped_line(
        self,
        text: str,
        runs: list[tuple[str, str]],
        size: float,
        leading: float,
        width: float,
        right_to_left: bool,
    ) -> None:
        line_x, start_y = self._text.getStartOfLine()
        shaped = shape_line(text, runs, right_to_left)
        start_x = line_x
        if width:  # a right-to-left paragraph: flush right
            start_x += width - sum(run.advance for run in shaped) * size / 1000
        if getattr(self._text, "shapes_itself", False):
            # A picture format whose viewer shapes text (SVG): each run as typed, in place.
            for run in shaped:
                self._set_font(run.font_name, size, leading)
                self._text.setTextOrigin(start_x + run.x * size / 1000, start_y)
                self._text.textOut(run.text)
            self._text.setTextOrigin(line_x, start_y)
            return
        code = self._text._code
        pen = 0.0 if start_x == line_x else -1.0  # where the last run left the pen (1/1000 em)
        for run in shaped:
            self._set_font(run.font_name, size, leading)
            if run.x != pen:  # right-to-left text: runs are written out of visual order
                self._text.setTextOrigin(start_x + run.x * size / 1000, start_y)
            pen = run.x + run.advance
            if run.needs_actual_text:
                code.append(actual_text_begin(run.text))
            self._text.textOut(run.glyphs)
            if run.needs_actual_text:
                code.append(ACTUAL_TEXT_END)
        self._text.setTextOrigin(line_x, start_y)

    def finish(self) -> None:
        """Put the text object on the canvas."""
        self._canvas.drawText(self._text)


@functools.lru_cache(maxsize=4096)
def fit_string(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` on one line, cut to ``width`` with an ellipsis when it is wider."""
    text = printable(text.replace("\n", " "))
    if string_width(text, size, bold) <= width:
        return text
    room = width - string_width("…", size, bold)
    fonts, used, cut = fallback(), 0.0, len(text)
    for index, char in enumerate(text):
        used += fonts.advance(char, bold) * size / 1000
        if used > room:
            cut = index
            break
    kept = text[:cut].rstrip()
    return kept + "…" if kept else ""


def wrapped(text: str, width: float, size: float, bold: bool = False, lines: int = 0) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (as the layout breaks card text);
    with ``lines``, at most that many, the last ending in an ellipsis if text was cut."""

    def measure(line: str) -> float:
        return string_width(line, size, bold)

    broken = wrap_text(printable(text.replace("\n", " ")), width, measure)
    if lines:
        return list(clip_lines(broken, lines, width, measure)[0])
    return broken


def paragraph_markup(text: str, bold: bool = False) -> str:
    """User text as literal Paragraph markup: escaped, newlines as <br/>, fallback fonts.

    ``a<b``, ``R&D`` and ``<img src=...>`` come out exactly as typed. ``bold``
    says the paragraph's style is bold, so runs in other fonts take their bold face.
    """
    lines = []
    fonts = fallback()
    primary = BOLD if bold else REGULAR
    for line in _lines_of(text):
        parts = []
        for name, run in fonts.runs(line, bold):
            if name == primary:
                parts.append(escape(run))
            else:
                parts.append(f'<font name="{name}">{escape(run)}</font>')
        lines.append("".join(parts))
    return "<br/>".join(lines)


def _lines_of(text: str) -> list[str]:
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return [printable(line) for line in normalised.split("\n")]
