"""The handout's optional Comments section: threads per element, replies, plain text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.export.pdf import export_handout
from app.model.commands.comments import AddThread, Reply, SetResolved
from app.model.document import MapDocument
from app.model.templates import new_map
from tests.export.test_pdf_handout import texts

WHEN = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
MARKUP = '<font size=2000>big</font> & <img src="/etc/hosts"> a<b'


def commented() -> MapDocument:
    document = MapDocument(new_map("retail-checkout"))
    journey = document.current
    card = next(journey.cards())
    start = AddThread(document, card.id, "Ana", f"Card remark {MARKUP}", WHEN)
    start.do()
    Reply(document, start.thread.id, "Bob", "Bob's reply", WHEN).do()
    SetResolved(document, start.thread.id).do()
    AddThread(document, journey.lanes[0].id, "Ana", "Lane remark", WHEN).do()
    AddThread(document, "", "Cy", "Map remark", WHEN).do()
    return document


def test_the_comments_section_lists_threads_per_element_with_replies(tmp_path: Path) -> None:
    document = commented()
    journey = document.current
    path = tmp_path / "handout.pdf"
    pages = export_handout(journey, path, comments=document.threads)
    every = "".join(texts(path))
    section = every[every.index("Comments"):]
    assert pages == len(texts(path))
    for expected in ("Themap", "Map remark", "Lane:" + journey.lanes[0].name, "Lane remark",
                     "Card:" + next(journey.cards()).title, "Card remark" + MARKUP,
                     "Ana·2026-05-0109:30UTC·resolved", "Bob's reply"):
        assert expected.replace(" ", "") in section, expected
    # in the map's order: the map, then the lane, then the card
    assert section.index("Mapremark") < section.index("Laneremark") < section.index("Cardremark")


def test_without_the_option_the_handout_has_no_comment(tmp_path: Path) -> None:
    document = commented()
    path = tmp_path / "handout.pdf"
    export_handout(document.current, path)
    every = "".join(texts(path))
    assert "remark" not in every and "Bob'sreply" not in every
    export_handout(document.current, path, comments=())  # asked for, but none: no section
    assert "remark" not in "".join(texts(path))
