"""Writes resources/fonts/chain.json: the bundled fonts in fallback order and what each covers.

The canvas, the PDF, the deck, the pictures and the web page all pick a
character's font from this one list (the first font that has it), so they pick
alike. Run this after adding or changing a bundled font; a test checks that the
file still matches the fonts.

    python tools/font_chain.py
"""

from __future__ import annotations

import json
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"

#: (family, regular file, bold file or "" when the family has one face), in fallback order.
CHAIN = [
    ("Noto Sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("Noto Sans Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    ("Noto Sans Hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    ("Noto Sans Devanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    ("Noto Sans Thai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    ("CJM Hangul", "NanumGothic-Hangul.ttf", "NanumGothicBold-Hangul.ttf"),
    ("Droid Sans Fallback", "DroidSansFallbackFull.ttf", ""),
    ("Noto Sans Math", "NotoSansMath-Operators.ttf", ""),
    ("Noto Sans Symbols", "NotoSansSymbols-Regular.ttf", ""),
    ("Noto Sans Symbols2", "NotoSansSymbols2-Regular.ttf", ""),
    ("Noto Emoji", "NotoEmoji-Regular.ttf", ""),
]


def ranges_of(codes: set[int]) -> list[list[int]]:
    """Sorted code points as [first, last] ranges."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ranges


def coverage(filename: str) -> set[int]:
    """The code points a font file maps to a glyph (its best cmap)."""
    font = TTFont(str(FONTS_DIR / filename), lazy=True)
    return set(font.getBestCmap())


def chain_document() -> dict[str, object]:
    fonts = []
    for family, regular, bold in CHAIN:
        codes = coverage(regular)
        if bold:
            codes &= coverage(bold)  # a character goes to a font only if both faces draw it
        ranges = ranges_of(codes)
        fonts.append({"family": family, "regular": regular, "bold": bold, "ranges": ranges})
    return {"fonts": fonts}


def main() -> None:
    text = json.dumps(chain_document(), separators=(",", ":"))
    (FONTS_DIR / "chain.json").write_text(text + "\n", encoding="utf-8")
    print(f"wrote {FONTS_DIR / 'chain.json'} ({len(text):,} bytes)")


if __name__ == "__main__":
    main()
