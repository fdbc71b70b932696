"""Client-safe copies: a map, or a whole document, without what a consultant keeps internal.

A client-safe export (a checkbox in every export dialog, ``--client-safe`` on
``cjm export``) writes a copy made here, before any exporter runs, so every
deliverable leaves out the same things by construction:

- each card's owner;
- each card's evidence: quotes, source and confidence;
- the notes lanes (lanes of the Notes kind) with their cards;
- the tags marked internal: the map's ``internal_tags`` (set in the map's
  properties) and any given for one export, matched ignoring case and the spaces
  around them; the list of internal tags itself goes too;
- for a document, the comment threads and the snapshots (older versions of the
  map, with all of the above in them).

Everything else (titles, bodies, metrics, priorities, personas, emotions) stays.
A client-safe workbook merges back into the full map: ``restored_base`` and
``visible_tags_merged`` let the merge treat what the client never saw as "not in
the workbook", so it is never deleted or reported as changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from app.model.document import MapDocument
from app.model.entities import Card, Evidence
from app.model.journey import JourneyMap
from app.model.merge import Key, Values
from app.model.vocab import LaneKind

#: The card fields a client-safe copy empties (evidence is quotes, source and confidence).
LEFT_OUT_FIELDS = ("owner", "evidence")

TagTest = Callable[[str], bool]


def tag_key(tag: str) -> str:
    """A tag as internal tags are matched: case and surrounding spaces ignored."""
    return tag.strip().casefold()


def internal_test(journey: JourneyMap, extra: Iterable[str] = ()) -> TagTest:
    """Whether a tag is internal on ``journey``: one of its ``internal_tags`` or of ``extra``."""
    keys = {tag_key(tag) for tag in (*journey.info.internal_tags, *extra)}
    keys.discard("")
    return lambda tag: tag_key(tag) in keys


def is_internal_lane_kind(kind: LaneKind) -> bool:
    """Lanes of this kind (the notes lanes) are left out of a client-safe copy."""
    return kind is LaneKind.NOTES


def client_card(card: Card, internal: TagTest) -> Card:
    """``card`` without its owner, its evidence and its internal tags."""
    tags = tuple(tag for tag in card.tags if not internal(tag))
    if not card.owner and card.evidence == Evidence() and tags == card.tags:
        return card
    return card._replace(owner="", evidence=Evidence(), tags=tags)


def client_copy(journey: JourneyMap, extra_internal: Iterable[str] = ()) -> JourneyMap:
    """A copy of ``journey`` safe to hand to a client (see the module's description).

    ``extra_internal``: tags to treat as internal for this copy as well as the map's.
    The original is not changed; applying it twice gives the same copy.
    """
    internal = internal_test(journey, extra_internal)
    lanes = [lane for lane in journey.lanes if not is_internal_lane_kind(lane.kind)]
    kept = {lane.id for lane in lanes}
    cards = [client_card(card, internal) for card in journey.cards() if card.lane_id in kept]
    return JourneyMap.build(
        replace(journey.info, internal_tags=()),
        journey.personas,
        journey.stages,
        journey.steps,
        lanes,
        cards,
        journey.emotions(),
    )


def client_document(document: MapDocument, extra_internal: Iterable[str] = ()) -> MapDocument:
    """A document holding the client-safe copies of its maps, without comment threads or
    snapshots; counterpart links between elements both copies still have are kept."""
    current = client_copy(document.current, extra_internal)
    future = None
    if document.future is not None:
        future = client_copy(document.future, extra_internal)
    kept_current, kept_future = _ids(current), _ids(future)
    links = [
        link
        for link in document.counterparts
        if link.current_id in kept_current and link.future_id in kept_future
    ]
    return MapDocument(
        current,
        uid=document.uid,
        future=future,
        counterparts=links,
        answers=document.answers,  # which pain points a future card answers: not internal
        pictures=document.pictures.values(),
    )


def _ids(journey: JourneyMap | None) -> set[str]:
    if journey is None:
        return set()
    found = {persona.id for persona in journey.personas}
    found |= {stage.id for stage in journey.stages} | {step.id for step in journey.steps}
    found |= {lane.id for lane in journey.lanes}
    found |= {card.id for card in journey.cards()}
    return found


# ---------------------------------------------------------------- merging a client's copy
def visible_tags_merged(
    visible: tuple[str, ...], ours: tuple[str, ...], internal: TagTest
) -> tuple[str, ...]:
    """The tags a client left (``visible``) with the internal tags of ``ours`` put back.

    When ``visible`` is ``ours`` less tags the client never saw, the result is ``ours``
    itself, in its order; otherwise ``visible`` followed by our internal tags it lacks.
    """
    if tuple(tag for tag in ours if not internal(tag) or tag in visible) == visible:
        return ours
    return visible + tuple(tag for tag in ours if internal(tag) and tag not in visible)


def restored_base(base: JourneyMap, ours: JourneyMap) -> JourneyMap:
    """The base of a client-safe workbook (the client's copy as exported) with what the
    client never saw taken from ``ours``: each card's owner, evidence and internal tags,
    and the map's internal tags. A merge from this base counts none of them as changed
    by either side. Cards and lanes the client never saw are not in it: to the merge
    they are the map's own, untouched."""
    internal = internal_test(ours)
    cards = []
    for card in base.cards():
        if ours.has_card(card.id):
            now = ours.card(card.id)
            card = card._replace(
                owner=now.owner,
                evidence=now.evidence,
                tags=visible_tags_merged(card.tags, now.tags, internal),
            )
        cards.append(card)
    return JourneyMap.build(
        replace(base.info, internal_tags=ours.info.internal_tags),
        base.personas,
        base.stages,
        base.steps,
        base.lanes,
        cards,
        base.emotions(),
    )


#: The merged fields of a card that a client-safe workbook does not carry.
HIDDEN_MERGE_FIELDS = frozenset(
    {"owner", "evidence.quotes", "evidence.source", "evidence.confidence"}
)


def client_edits(records: dict[Key, Values], ours: JourneyMap) -> None:
    """Make a client-safe workbook's card records (``theirs`` of a merge, changed in
    place) say nothing of what the client never saw: owner and evidence are "not in the
    workbook" (even if a column of that name was added), and the tags the client left
    get our internal tags back (``visible_tags_merged``). Cards the client added keep
    what the workbook gives them."""
    internal = internal_test(ours)
    for (kind, element_id), values in records.items():
        if kind != "card" or not ours.has_card(element_id):
            continue
        for name in HIDDEN_MERGE_FIELDS & values.keys():
            del values[name]
        if "tags" in values:
            now = ours.card(element_id).tags
            values["tags"] = visible_tags_merged(tuple(values["tags"]), now, internal)
