"""The web page's fonts: each bundled font the page's text uses, cut to the characters used.

The page draws with the bundled fallback chain (``resources/fonts/chain.json``), so
its text looks as on the canvas and the poster. Each font of the chain that draws
some character of the page (``chain().runs``: the font that has it, with marks and
emoji sequences kept with the character they belong to) is subset with fontTools to
just those characters, its layout features kept (Arabic joining, Indic clusters),
and embedded as a WOFF (zlib) data URI in an ``@font-face`` rule. The page then
names the chain's families in order, so the browser picks per character what the
canvas picks. Family names are the page's own (``cjm-0``, ``cjm-1``...), so a font
of the same name installed on the reader's machine never stands in.
"""

from __future__ import annotations

import base64
import functools
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from fontTools import subset
from fontTools.ttLib import TTFont

from app.font_chain import chain
from app.resources import resource_path

#: Characters every page may show in its own words (buttons, labels, the search box).
PAGE_CHARACTERS = "".join(chr(code) for code in range(0x20, 0x7F)) + "–—·…×“”’›€£"


@dataclass(frozen=True, slots=True)
class FontFace:
    """One ``@font-face``: the page's family name, the weights it serves, the WOFF bytes."""

    family: str
    weight: str  # "400", "700", or "100 900" for a family with one face
    data: bytes

    def css(self) -> str:
        encoded = base64.b64encode(self.data).decode("ascii")
        return (
            f"@font-face{{font-family:{self.family};font-style:normal;"
            f"font-weight:{self.weight};font-display:block;"
            f"src:url(data:font/woff;base64,{encoded}) format('woff')}}"
        )


def family_name(index: int) -> str:
    """The page's name for font ``index`` of the chain."""
    return f"cjm-{index}"


def font_stack() -> str:
    """The CSS ``font-family`` value: every font of the chain in fallback order."""
    return ", ".join(family_name(font.index) for font in chain().fonts) + ", sans-serif"


def characters_by_font(texts: Iterable[str]) -> dict[int, set[str]]:
    """For each font of the chain, the characters of ``texts`` it draws."""
    fonts = chain()
    seen: set[str] = set(PAGE_CHARACTERS)
    joined: list[str] = []
    for text in texts:
        seen.update(text)
        joined.append(text)
    seen = {char for char in seen if unicodedata.category(char) not in ("Cc", "Cs")}
    used: dict[int, set[str]] = {}
    special = {char for char in seen if _belongs_to_previous(char)}
    for char in seen - special:
        index = fonts.font_for(char)
        if index is not None:
            used.setdefault(index, set()).add(char)
    if special:  # marks, joiners, emoji sequences: as the chain cuts each text into runs
        for text in joined:
            if not special.isdisjoint(text):
                for index, run in fonts.runs(text):
                    used.setdefault(index, set()).update(run)
    return used


def _belongs_to_previous(char: str) -> bool:
    """Characters the chain keeps with the one before (marks, joiners, selectors, tones)
    or that make the one before an emoji."""
    if unicodedata.category(char) in ("Mn", "Mc", "Me", "Cf"):
        return True
    code = ord(char)
    return 0x1F3FB <= code <= 0x1F3FF or 0xFE00 <= code <= 0xFE0F


def font_faces(texts: Iterable[str]) -> list[FontFace]:
    """The subset faces the page needs to draw ``texts`` (both faces of two-face families)."""
    faces: list[FontFace] = []
    for index, characters in sorted(characters_by_font(texts).items()):
        font = chain().fonts[index]
        text = "".join(sorted(characters))
        if font.bold:
            faces.append(FontFace(family_name(index), "400", subset_font(font.regular, text)))
            faces.append(FontFace(family_name(index), "700", subset_font(font.bold, text)))
        else:  # one face serves every weight, as on the poster (no faked bold)
            faces.append(FontFace(family_name(index), "100 900", subset_font(font.regular, text)))
    return faces


def font_css(texts: Iterable[str]) -> str:
    """The ``@font-face`` rules for ``texts``, one per line."""
    return "\n".join(face.css() for face in font_faces(texts))


def subset_font(file_name: str, text: str) -> bytes:
    """The bundled font ``file_name`` cut to the glyphs ``text`` needs, as WOFF."""
    font = TTFont(io.BytesIO(_font_bytes(file_name)), lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(_options())
    subsetter.populate(text=text)
    subsetter.subset(font)
    font.flavor = "woff"
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


@functools.cache
def _font_bytes(file_name: str) -> bytes:
    """A bundled font file's bytes, read once per process."""
    return resource_path("fonts", file_name).read_bytes()


def _options() -> subset.Options:
    options = subset.Options()
    options.layout_features = ["*"]  # shaping: joining forms, conjuncts, marks, ligatures
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # the family, the copyright and licence
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # browsers scale outlines; hints only add bytes
    options.desubroutinize = True
    options.flavor = "woff"
    options.with_zopfli = False
    return options
