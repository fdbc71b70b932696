"""A map carrying every kind of internal content, each piece marked so a test can find it.

The retail checkout example, changed so that what a client-safe export must leave
out is easy to search for in any output: every owner, evidence quote and source,
every card of the notes lane and the internal tags hold a word starting "zq" that
appears nowhere else; some cards carry a tag the map marks internal (written in
another case, with spaces, to check the matching); two cards have research-backed
and partly backed evidence; the document has comment threads.
"""

from __future__ import annotations

from dataclasses import replace

from app.model.document import Comment, CommentThread, MapDocument
from app.model.entities import Evidence
from app.model.journey import JourneyMap
from app.model.templates import new_map
from app.model.vocab import Confidence, LaneKind

#: A tag the map marks internal, and how a card spells it (case and spaces differ).
INTERNAL_TAG = "Zqhypothesis"
CARD_SPELLING = " zqHYPOTHESIS "
#: A visible tag that stays on the same cards.
VISIBLE_TAG = "checkout-flow"
#: A tag the command line is told is internal for one export (``--internal-tag``).
ONE_OFF_TAG = "zqoneoff"
CONFIDENCE_LABELS = (Confidence.RESEARCH_BACKED.label, Confidence.PARTLY_BACKED.label)


def secret_map() -> JourneyMap:
    """The retail example with marked owners, evidence, notes cards and internal tags."""
    journey = new_map("retail-checkout")
    notes = {lane.id for lane in journey.lanes if lane.kind is LaneKind.NOTES}
    assert notes, "the retail example has a notes lane"
    cards = []
    for number, card in enumerate(journey.cards()):
        if card.lane_id in notes:
            card = card._replace(title=f"Zqnote{number} {card.title}", body=f"zqnotebody{number}")
        else:
            card = card._replace(
                owner=f"Zqowner{number}",
                evidence=Evidence(
                    (f"zqquote{number} said the shopper",),
                    f"zqsource{number}",
                    Confidence.RESEARCH_BACKED if number % 2 else Confidence.PARTLY_BACKED,
                ),
                tags=(VISIBLE_TAG, CARD_SPELLING, ONE_OFF_TAG) if number % 3 == 0 else card.tags,
            )
        cards.append(card)
    return JourneyMap.build(
        replace(journey.info, internal_tags=(INTERNAL_TAG,)),
        journey.personas,
        journey.stages,
        journey.steps,
        journey.lanes,
        cards,
        journey.emotions(),
    )


def secret_document() -> MapDocument:
    """``secret_map()`` in a document with comment threads on the map and on a card."""
    journey = secret_map()
    card = next(iter(journey.cards()))
    threads = [
        CommentThread("", (Comment("Ana", "zqcomment1 on the whole map"),)),
        CommentThread(card.id, (Comment("Ben", "zqcomment2 on a card"),)),
    ]
    return MapDocument(journey, threads=threads)


def internal_words(journey: JourneyMap, one_off: bool = False) -> list[str]:
    """Every marked internal text of ``journey`` (a ``secret_map``), one word each, lower
    case; ``one_off``: with the tag given as internal for one export."""
    words = {INTERNAL_TAG.lower(), *([ONE_OFF_TAG] if one_off else [])}
    for card in journey.cards():
        words |= {w for w in (card.owner, card.evidence.source) if w}
        words |= {quote.split()[0] for quote in card.evidence.quotes}
        if card.title.startswith("Zqnote"):
            words |= {card.title.split()[0], card.body}
    return sorted(word.lower() for word in words)


def visible_titles(journey: JourneyMap) -> list[str]:
    """The first word of the titles that stay (the cards outside the notes lane)."""
    return [card.title for card in journey.cards() if not card.title.startswith("Zqnote")]
