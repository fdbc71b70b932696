"""The "What changed" report: the changes in full, user text as typed, any length."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from app.export.pdf_changes import export_changes
from app.model import commands as c
from app.model.diff import diff_maps
from app.model.diff_report import NO_DIFFERENCES
from app.model.journey import JourneyMap
from app.model.rules import MAX_TEXT_LENGTH
from tests.export.test_pdf_handout import MARKUP
from tests.model.test_diff import copy_of

PRINTED = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def report_text(old: JourneyMap, new: JourneyMap, path: Path) -> tuple[int, str]:
    pages = export_changes(diff_maps(old, new), old, new, path, "snapshot v1", "shop.cjm", PRINTED)
    reader = PdfReader(path)
    assert pages == len(reader.pages)
    return pages, squeezed("".join(page.extract_text() for page in reader.pages))


def test_the_report_names_both_maps_and_every_change(retail: JourneyMap, tmp_path: Path) -> None:
    before = copy_of(retail)
    cards = list(retail.cards())
    c.EditCard(retail, cards[0].id, title="Pay with one click", severity=5).do()
    c.RemoveCard(retail, cards[1].id).do()
    c.EditStage(retail, retail.stages[0].id, name="Explore").do()
    _, text = report_text(before, retail, tmp_path / "report.pdf")
    for words in ("What changed", "From:snapshot v1", "To:shop.cjm", "Printed2026-11-26",
                  "Stages1renamed", "Cards1removed,1edited", "Pay with one click",
                  cards[0].title, cards[1].title, "Explore", "severity"):  # fmt: skip
        assert squeezed(words) in text


def test_user_text_that_looks_like_markup_is_printed_as_typed(
    retail: JourneyMap, tmp_path: Path
) -> None:
    before = copy_of(retail)
    for card, title in zip(retail.cards(), MARKUP, strict=False):
        c.EditCard(retail, card.id, title=title, body=f"body {title}").do()
    _, text = report_text(before, retail, tmp_path / "report.pdf")
    for title in MARKUP:
        assert squeezed(title) in text and squeezed(f"body {title}") in text


def test_the_longest_text_is_printed_whole_across_pages(
    retail: JourneyMap, tmp_path: Path
) -> None:
    before = copy_of(retail)
    card = next(retail.cards())
    words = " ".join(f"w{n}" for n in range(MAX_TEXT_LENGTH))[:MAX_TEXT_LENGTH]
    lines = "\n".join(f"line {n}" for n in range(3000))
    c.EditCard(retail, card.id, body=words, owner=lines[:MAX_TEXT_LENGTH]).do()
    pages, text = report_text(before, retail, tmp_path / "report.pdf")
    assert pages > 5  # no row taller than a page stopped the layout
    assert squeezed(words[-40:]) in text and "line2999" in text


def test_no_differences(retail: JourneyMap, tmp_path: Path) -> None:
    pages, text = report_text(retail, copy_of(retail), tmp_path / "report.pdf")
    assert pages == 1 and squeezed(NO_DIFFERENCES) in text
