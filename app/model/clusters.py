"""Where a line may break inside a word: between clusters, never inside one.

Chinese, Japanese and Thai write words without spaces, so a long word is broken
between characters; a cluster (a letter with its marks, a Devanagari conjunct,
an emoji ZWJ sequence or one with a skin tone, a Thai leading vowel with its
consonant) always stays on one line. A line whose first strong character is
right-to-left is set flush right. Pure Python, shared by every renderer.
"""

from __future__ import annotations

import unicodedata

_VIRAMAS = frozenset("\u094d\u09cd\u0a4d\u0acd\u0b4d\u0bcd\u0c4d\u0ccd\u0d4d\u0dca")
_ZWJ = "\u200d"
#: Thai vowels written before the consonant they follow in speech.
_THAI_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
#: Thai vowels and signs that end a syllable (never start a line).
_THAI_TRAILING = frozenset("\u0e30\u0e32\u0e33\u0e45\u0e46")


def _continues(previous: str, char: str) -> bool:
    """Whether ``char`` belongs to the same unbreakable cluster as ``previous``."""
    if unicodedata.category(char) in ("Mn", "Mc", "Me") or char == _ZWJ:
        return True
    if previous in _VIRAMAS or previous == _ZWJ:
        return True  # a conjunct, or the next part of an emoji sequence
    if previous in _THAI_LEADING or char in _THAI_TRAILING:
        return True
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F


def clusters(text: str) -> list[str]:
    """``text`` cut where a line may break inside a word (between characters, not clusters)."""
    if text.isascii():
        return list(text)
    result: list[str] = []
    previous = ""
    for char in text:
        if result and _continues(previous, char):
            result[-1] += char
        else:
            result.append(char)
        previous = char
    return result


_RIGHT_TO_LEFT = frozenset({"R", "AL"})


def reads_right_to_left(line: str) -> bool:
    """Whether a line's first strong character is right-to-left (Arabic, Hebrew...).

    Such a line is laid out right to left and set flush right, on screen and on paper.
    """
    for char in line:
        direction = unicodedata.bidirectional(char)
        if direction in _RIGHT_TO_LEFT:
            return True
        if direction == "L":
            return False
    return False
