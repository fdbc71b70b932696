"""The handout's optional Comments section: every thread, per element, with its replies.

Threads are listed in the map's order of their elements (the map itself, personas,
stages, steps, lanes, then cards in reading order; threads on elements the map no
longer has come last), each comment with its author and time, replies indented, a
resolved thread marked as such. Every text is the user's, set as plain text
(``pdf_text.user_paragraph``, through ``pdf_handout.paras``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

from reportlab.platypus import Flowable, PageBreak, Paragraph

from app.export.pdf_handout import BODY, H1, H3, META, paras
from app.export.pdf_text import paragraph_style as _style
from app.model import palette
from app.model.comments import Element, elements, shown_author
from app.model.document import CURRENT, Comment, CommentThread
from app.model.journey import JourneyMap

REPLY = _style("reply", 9.5, indent=14)
REPLY_META = _style("replymeta", 8, ink=palette.MUTED, after=2, indent=14)
_KIND_WORDS = {"map": "The map", "persona": "Persona", "stage": "Stage", "step": "Step",
               "lane": "Lane", "card": "Card"}


def comments_story(journey: JourneyMap, threads: Iterable[CommentThread]) -> list[Flowable]:
    """The Comments section (a page of its own), or nothing when no thread is on the map."""
    on_map = [t for t in threads if t.map_role == CURRENT and t.comments]
    if not on_map:
        return []
    by_element: dict[str, list[CommentThread]] = {}
    for thread in on_map:
        by_element.setdefault(thread.element_id, []).append(thread)
    story: list[Flowable] = [PageBreak(), Paragraph("Comments", H1)]
    for element in elements(journey):
        found = by_element.pop(element.id, [])
        if found:
            story += _element(journey, element, found)
    gone = [thread for rest in by_element.values() for thread in rest]
    if gone:
        story += paras("On elements no longer in the map", H3)
        for thread in gone:
            story += _thread(thread)
    return story


def _element(journey: JourneyMap, element: Element, threads: list[CommentThread]
             ) -> list[Flowable]:
    word = _KIND_WORDS[element.kind]
    if element.kind == "map":
        story = paras(word, H3)
    else:
        story = paras(element.title or "(untitled)", H3, prefix=f"{word}:")
    if element.kind == "card":
        card = journey.card(element.id)
        step = journey.step(card.step_id)
        where = (f"{journey.stage(step.stage_id).name} › {step.name} · "
                 f"{journey.lane(card.lane_id).name}")
        story += paras(where, META)
    for thread in threads:
        story += _thread(thread)
    return story


def _thread(thread: CommentThread) -> list[Flowable]:
    story: list[Flowable] = []
    for index, comment in enumerate(thread.comments):
        reply = index > 0
        state = " · resolved" if thread.resolved and not reply else ""
        story += paras(_signature(comment) + state, REPLY_META if reply else META)
        story += paras(comment.text, REPLY if reply else BODY)
    return story


def _signature(comment: Comment) -> str:
    return f"{shown_author(comment)} · {comment.written.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
