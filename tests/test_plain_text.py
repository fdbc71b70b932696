"""Nothing runs from user text: no Qt widget or item is ever asked to read rich text.

Qt's AutoText renders `<img src="file:///...">` from any string that looks like HTML,
so the code base never calls setHtml or selects RichText/AutoText, and every place
that shows a message or label sets PlainText explicitly.
"""

from __future__ import annotations

import re
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
RICH_TEXT = re.compile(r"setHtml|toHtml|insertHtml|RichText|AutoText|mightBeRichText")


def python_sources() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def test_no_rich_text_calls_anywhere_in_the_app() -> None:
    uses = [
        f"{path.relative_to(APP.parent)}:{number}: {line.strip()}"
        for path in python_sources()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if RICH_TEXT.search(line) and not line.lstrip().startswith("#")
    ]
    assert uses == []


def test_the_search_would_find_a_rich_text_call() -> None:
    assert RICH_TEXT.search("label.setTextFormat(Qt.TextFormat.RichText)")
    assert RICH_TEXT.search("item.setHtml(card.title)")


def test_message_boxes_and_labels_set_plain_text() -> None:
    """Widgets whose default is AutoText are only made through code that sets PlainText."""
    offenders = []
    for path in python_sources():
        text = path.read_text("utf-8")
        name = path.relative_to(APP.parent)
        # The static helpers (QMessageBox.warning(...)) always use AutoText.
        if re.search(r"\bQMessageBox\.(information|warning|critical|question|about)\(", text):
            offenders.append(f"{name} uses a static QMessageBox helper")
        for widget in ("QMessageBox", "QLabel"):
            if re.search(rf"\b{widget}\(", text) and "PlainText" not in text:
                offenders.append(f"{name} makes a {widget} without PlainText")
    assert offenders == []
