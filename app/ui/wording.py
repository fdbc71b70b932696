"""Small helpers for the words the app shows: counts with the right plural, and user
text as a tooltip that shows exactly its characters."""

from __future__ import annotations

import html


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``1 persona``, ``3 personas``, ``0 stories`` (with ``plural`` when it is not +s)."""
    word = singular if number == 1 else plural or f"{singular}s"
    return f"{number:,} {word}"


def plain_tip(text: str) -> str:
    """``text`` as a tooltip showing exactly these characters (line breaks kept): Qt guesses
    whether a tooltip is rich text, so user text is always escaped into rich text."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
