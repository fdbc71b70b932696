"""Which bundled font draws each character: one rule for the canvas and every exporter.

The bundled fonts form a chain in fallback order (``resources/fonts/chain.json``,
written by ``tools/font_chain.py``): a character is drawn by the first font that
has it. Marks, joiners, variation selectors and emoji modifiers stay in the font
of the character they belong to, so a shaped cluster (an Arabic letter with its
vowel mark, an emoji ZWJ sequence) is never split between fonts. A character no
bundled font has is shown as the replacement mark U+FFFD, on screen and on paper
alike, and exports name it in a warning.

Pure Python: no Qt, no ReportLab, so the layout, the exporters and the canvas
can all ask it.
"""

from __future__ import annotations

import bisect
import functools
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.resources import resource_path

#: Drawn in place of a character no bundled font has (Noto Sans has it).
REPLACEMENT = "\ufffd"
#: Characters that are never drawn and never missing: controls are removed before drawing.
_INVISIBLE_CATEGORIES = ("Cc", "Cs")


@dataclass(frozen=True, slots=True)
class ChainFont:
    """One family of the chain: its files (``bold`` is empty for one-face families)."""

    index: int
    family: str
    regular: str
    bold: str

    def file_for(self, bold: bool) -> str:
        return self.bold if bold and self.bold else self.regular


class FontChain:
    """The bundled fonts in fallback order, and which one draws each character."""

    def __init__(self, document: dict[str, object]) -> None:
        entries = document["fonts"]
        assert isinstance(entries, list)
        self.fonts: tuple[ChainFont, ...] = tuple(
            ChainFont(index, str(entry["family"]), str(entry["regular"]), str(entry["bold"]))
            for index, entry in enumerate(entries)
        )
        # Each font's coverage as sorted range starts and ends, searched by bisection.
        self._starts: list[list[int]] = []
        self._ends: list[list[int]] = []
        for entry in entries:
            ranges = entry["ranges"]
            self._starts.append([first for first, _ in ranges])
            self._ends.append([last for _, last in ranges])
        self._choice: dict[str, int | None] = {}
        self._drawn: set[str] = set()  # characters known to be drawn as they are

    @property
    def families(self) -> list[str]:
        return [font.family for font in self.fonts]

    def has(self, index: int, char: str) -> bool:
        """Whether font ``index`` of the chain has a glyph for ``char``."""
        code = ord(char)
        position = bisect.bisect_right(self._starts[index], code) - 1
        return position >= 0 and code <= self._ends[index][position]

    def font_for(self, char: str) -> int | None:
        """The index of the first font that has ``char``, or None if none has it."""
        try:
            return self._choice[char]
        except KeyError:
            pass
        chosen = next((font.index for font in self.fonts if self.has(font.index, char)), None)
        self._choice[char] = chosen
        return chosen

    def is_missing(self, char: str) -> bool:
        """Whether ``char`` would be shown as the replacement mark."""
        if self.font_for(char) is not None:
            return False
        return not _never_drawn(char)

    def visible(self, text: str) -> str:
        """``text`` with every character no bundled font has replaced by U+FFFD."""
        drawn = self._drawn
        if drawn.issuperset(text):  # the usual case, decided at C speed
            return text
        missing = {char for char in set(text).difference(drawn) if self.is_missing(char)}
        drawn.update(set(text).difference(missing))
        if not missing:
            return text
        return "".join(REPLACEMENT if char in missing else char for char in text)

    def runs(self, text: str) -> list[tuple[int, str]]:
        """``text`` cut into (font index, text) stretches one font draws.

        A mark, joiner or modifier joins the run before it when that font has it
        or when no font draws it on its own (it takes no room then).
        """
        result: list[tuple[int, str]] = []
        current, start = -1, 0
        for position, char in enumerate(text):
            chosen = self.font_for(char)
            if (
                current >= 0
                and _joins_previous(char)
                and (chosen is None or self.has(current, char))
            ):
                continue
            index = 0 if chosen is None else chosen
            if index != current:
                if position > start:
                    result.append((current, text[start:position]))
                current, start = index, position
        if len(text) > start:
            result.append((current, text[start:]))
        return result


def _joins_previous(char: str) -> bool:
    """Marks, joiners, variation selectors and emoji modifiers belong to the character before."""
    category = unicodedata.category(char)
    if category in ("Mn", "Mc", "Me", "Cf"):
        return True
    return 0x1F3FB <= ord(char) <= 0x1F3FF  # skin tone modifiers


def _never_drawn(char: str) -> bool:
    """Characters that are never drawn on their own, so never reported as missing."""
    category = unicodedata.category(char)
    if category in _INVISIBLE_CATEGORIES or category == "Cf":
        return True
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF  # variation selectors


@functools.cache
def chain() -> FontChain:
    """The process-wide chain, read once from the bundled ``chain.json``."""
    path = resource_path("fonts", "chain.json")
    return FontChain(json.loads(path.read_text(encoding="utf-8")))


def missing_characters(texts: Iterable[str]) -> list[str]:
    """Every distinct character of ``texts`` that no bundled font has, in code point order."""
    fonts = chain()
    seen: set[str] = set()
    for text in texts:
        seen.update(text)
    return sorted((char for char in seen if fonts.is_missing(char)), key=ord)


def missing_warning(missing: list[str], shown: int = 8) -> str:
    """The one-line warning for characters drawn as the replacement mark ("" if none)."""
    if not missing:
        return ""
    codes = " ".join(f"U+{ord(char):04X}" for char in missing[:shown])
    more = f" and {len(missing) - shown} more" if len(missing) > shown else ""
    noun = "character has" if len(missing) == 1 else "characters have"
    return (
        f"{len(missing)} {noun} no glyph in the bundled fonts: {codes}{more}"
        f" (shown as {REPLACEMENT})"
    )
