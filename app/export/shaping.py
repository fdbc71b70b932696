"""Shaped, bidirectional lines for ReportLab: joined Arabic, Devanagari and Thai clusters,
emoji sequences, and right-to-left runs in right-to-left order.

A line that needs it is cut into runs of one font and one embedding level (the
Unicode bidirectional algorithm, from python-bidi), each run is shaped by
HarfBuzz (uharfbuzz) in its direction, and the runs are put in visual order
(rule L2). Qt does the same on the canvas, with the same fonts for the same
characters (``app.font_chain``), so the paper looks like the screen.

Copying text out of the PDF must give what the user typed, in logical order:
a left-to-right run whose glyphs no longer map one to one onto its characters
(a conjunct, a ligature, a reordered vowel sign) is wrapped in an ``ActualText``
span that carries its characters. Right-to-left runs are drawn with glyphs that
map onto Unicode's presentation forms, which PDF readers put back in logical
order themselves (NFKC gives the typed letters back); each right-to-left word
is written on its own, in the order it was typed, at its place on the line.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import uharfbuzz
from bidi import algorithm as bidi_algorithm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

#: Bidi classes that make a line right-to-left somewhere.
_RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})
_FEATURES = {"kern": False, "liga": True}  # kerning off, as on the canvas
_PRIVATE_USE = range(0xE000, 0xF900)


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """One run of a line, shaped and ready to draw at ``x`` (1/1000 em from the line start)."""

    font_name: str
    text: str  # the characters, in logical order
    glyphs: ShapedStr
    rtl: bool
    needs_actual_text: bool
    x: float
    advance: float


@functools.lru_cache(maxsize=65536)
def needs_shaping(char: str) -> bool:
    """Whether a line holding ``char`` must go through shaping and the bidi algorithm."""
    if unicodedata.bidirectional(char) in _RTL_CLASSES:
        return True
    if unicodedata.category(char) in ("Mn", "Mc", "Me", "Cf"):
        return True
    code = ord(char)
    # Devanagari, Thai, and the emoji and symbol planes (sequences, modifiers).
    # Devanagari, Thai, and every character beyond the Basic Multilingual Plane (emoji
    # sequences and modifiers; ReportLab cannot map those back to text without help).
    return 0x0900 <= code <= 0x097F or 0x0E00 <= code <= 0x0E7F or code > 0xFFFF


def embedding_levels(text: str, right_to_left: bool | None = None) -> list[int]:
    """Each character's resolved bidi level.

    The base direction is ``right_to_left`` if given (the paragraph's), else the
    line's first strong character's.
    """
    storage = bidi_algorithm.get_empty_storage()
    base = bidi_algorithm.get_base_level(text) if right_to_left is None else int(right_to_left)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    bidi_algorithm.get_embedding_levels(text, storage, False, False)
    every_char = list(storage["chars"])
    bidi_algorithm.explicit_embed_and_overrides(storage, False)
    bidi_algorithm.resolve_weak_types(storage, False)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    removed = set(bidi_algorithm.X9_REMOVED)
    levels: list[int] = []
    for entry in every_char:
        # Embedding controls and joiners (removed by rule X9) stay with what precedes them.
        if entry["orig"] in removed:
            levels.append(levels[-1] if levels else base)
        else:
            levels.append(int(entry["level"]))
    return levels


def visual_order(levels: list[int]) -> list[int]:
    """Indexes of items with ``levels`` in display order (rule L2)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(level for level in levels if level % 2) if any(
        level % 2 for level in levels
    ) else highest + 1
    for level in range(highest, lowest_odd - 1, -1):
        position = 0
        while position < len(order):
            if levels[order[position]] >= level:
                end = position
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[position:end] = reversed(order[position:end])
                position = end
            else:
                position += 1
    return order


@functools.lru_cache(maxsize=16384)
def shape(font_name: str, text: str, rtl: bool) -> tuple[ShapedStr, bool]:
    """``text`` shaped in one font; returns the glyphs and whether they still read as ``text``.

    The glyphs are characters of the font (private-use ones stand for glyphs no
    character maps to), with HarfBuzz's advances and offsets in 1/1000 em.
    """
    font = pdfmetrics.getFont(font_name)
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    hb_font = font.hbFont(1000)
    uharfbuzz.shape(hb_font, buffer, _FEATURES)
    face = font.face
    characters: list[str] = []
    placements: list[ShapeData] = []
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        glyph = info.codepoint
        mapped = face.glyphToChar.get(glyph)
        if mapped and mapped[0] <= 0xFFFF:
            code = mapped[0]
        else:
            # Glyphs no character maps to, and those of characters beyond the BMP (which
            # ReportLab cannot write into the PDF's text map), get a private-use
            # character; the run's ActualText then carries the real text.
            code = font.hbAddPrivate(hb_font.glyph_to_string(glyph), glyph, position.x_advance)
        characters.append(chr(code))
        placements.append(
            ShapeData(
                info.cluster,
                font.pdfScale(position.x_advance),
                font.pdfScale(position.y_advance),
                font.pdfScale(position.x_offset),
                font.pdfScale(position.y_offset),
                face.charWidths[code],
            )
        )
    drawn = "".join(characters)
    reads_back = not rtl and _reads_as(drawn, text)
    return ShapedStr(drawn, shapeData=placements), reads_back or rtl


def _reads_as(drawn: str, text: str) -> bool:
    """Whether the drawn characters, as a PDF reader maps them back, are ``text``."""
    if any(ord(char) in _PRIVATE_USE or ord(char) > 0xFFFF for char in drawn):
        return False
    kept = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return unicodedata.normalize("NFKC", drawn) == unicodedata.normalize("NFKC", kept)


def shape_line(
    text: str, runs: list[tuple[str, str]], right_to_left: bool | None = None
) -> list[GlyphRun]:
    """A line as shaped runs in logical order, each placed where it shows.

    ``runs`` is the line cut by font, as (font name, text) in logical order;
    ``right_to_left`` the paragraph's direction (None: the line's own).
    Right-to-left runs are also cut at spaces, so each word is drawn, and read
    back by PDF readers, on its own; runs are written in the order they were
    typed, each at its place in the visual order.
    """
    levels = embedding_levels(text, right_to_left)
    pieces: list[tuple[str, str, int]] = []
    start = 0
    for font_name, run in runs:
        end = start + len(run)
        piece_start = start
        for position in range(start + 1, end + 1):
            level = levels[piece_start]
            if (
                position == end
                or levels[position] != level
                or (level % 2 and (text[position] == " ") != (text[piece_start] == " "))
            ):
                pieces.append((font_name, text[piece_start:position], level))
                piece_start = position
        start = end
    shaped = []
    for font_name, piece, level in pieces:
        rtl = bool(level % 2)
        glyphs, reads_back = shape(font_name, piece, rtl)
        advance = sum(placement.x_advance for placement in glyphs.__shapeData__)
        shaped.append((font_name, piece, glyphs, rtl, not reads_back, advance))
    places = [0.0] * len(shaped)
    x = 0.0
    for index in visual_order([level for _, _, level in pieces]):
        places[index] = x
        x += shaped[index][5]
    return [
        GlyphRun(font_name, piece, glyphs, rtl, needs_text, place, advance)
        for (font_name, piece, glyphs, rtl, needs_text, advance), place in zip(
            shaped, places, strict=True
        )
    ]


def actual_text_begin(text: str) -> str:
    """The PDF operator that opens a span whose copied text is ``text``."""
    return f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC"


ACTUAL_TEXT_END = "EMC"
