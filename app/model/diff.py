"""A semantic diff between two maps: what was added, removed, moved, reordered, edited.

``diff_maps(old, new)`` compares any two maps: a snapshot and the map now, two
files, or (``future_diff``) a document's current map and its future map. Elements
are matched by their stable ids; ``links`` (old id -> new id) match elements whose
ids differ, such as current elements and their counterparts in the future map.

Fields are compared by their declarations (``fields.py``), so a field is compared
as soon as it is declared. References are not compared as values but as places:
a card's cell, a step's stage. A card or step whose parent changed is *moved*; an
element whose place among its siblings changed more than the additions, removals
and moves around it explain is *reordered* (the fewest such: every element off a
longest increasing run of old positions). Emotion points are compared per persona
and step. ``apply_diff`` (``diff_apply.py``) turns the old map into the new one from
the diff alone; ``diff_report.py`` says it in words, ``diff_json.py`` as JSON.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.model.document import MapDocument
from app.model.entities import Card, EmotionPoint, Lane, MapInfo, Persona, Stage, Step
from app.model.fields import Kind, declared
from app.model.journey import JourneyMap

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
PERSONA, STAGE, STEP, LANE, CARD = "persona", "stage", "step", "lane", "card"
#: The element kinds of a diff, in the order a report lists them.
KINDS = (STAGE, STEP, LANE, PERSONA, CARD)
ELEMENT_TYPES: dict[str, type[Any]] = {
    PERSONA: Persona, STAGE: Stage, STEP: Step, LANE: Lane, CARD: Card,
}  # fmt: skip
#: The field holding an element's title: a card's title, every other element's name.
TITLE_FIELDS = ("title", "name")

Parent = tuple[str, ...]  # (): the map; (stage id,): a step's; (lane id, step id): a card's


def value_fields(element_type: type[Any]) -> tuple[str, ...]:
    """The declared fields compared as values: all but the id and the references."""
    return tuple(
        spec.name for spec in declared(element_type) if spec.kind not in (Kind.ID, Kind.REF)
    )


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One declared field whose value differs: its name on the element, old and new value."""

    name: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Place:
    """Where an element sits: its parent (ids in its own map) and its index there."""

    parent: Parent
    index: int


@dataclass(frozen=True, slots=True)
class ElementChange:
    """A persona, stage, step, lane or card that differs between the two maps.

    ``old`` and ``new`` are the element in each map (None where it is not);
    ``old_place`` names ids of the old map, ``new_place`` of the new one.
    """

    kind: str
    action: str  # ADDED, REMOVED or CHANGED
    old: Any = None
    new: Any = None
    fields: tuple[FieldChange, ...] = ()
    old_place: Place | None = None
    new_place: Place | None = None
    moved: bool = False  # to another parent: a card to another cell, a step to another stage
    reordered: bool = False  # the same parent, another place among its siblings

    @property
    def id(self) -> str:
        """The element's id in the new map (in the old one when it was removed)."""
        return str((self.new if self.new is not None else self.old).id)

    @property
    def title(self) -> str:
        return title_of(self.new if self.new is not None else self.old)

    @property
    def old_title(self) -> str:
        return title_of(self.old) if self.old is not None else ""

    @property
    def renamed(self) -> bool:
        return any(change.name in TITLE_FIELDS for change in self.fields)

    @property
    def edited(self) -> bool:
        """Whether a field other than the title changed."""
        return any(change.name not in TITLE_FIELDS for change in self.fields)


@dataclass(frozen=True, slots=True)
class EmotionChange:
    """One persona's emotion point at one step, added, removed or changed (score or note)."""

    action: str
    old: EmotionPoint | None = None  # ids of the old map
    new: EmotionPoint | None = None  # ids of the new map

    @property
    def delta(self) -> int | None:
        """How far the score moved (new minus old), when it is in both maps."""
        if self.old is None or self.new is None:
            return None
        return self.new.score - self.old.score


@dataclass(frozen=True, slots=True)
class MapDiff:
    """Everything that differs between two maps. Empty when they are the same."""

    info: tuple[FieldChange, ...] = ()
    personas: tuple[ElementChange, ...] = ()
    stages: tuple[ElementChange, ...] = ()
    steps: tuple[ElementChange, ...] = ()
    lanes: tuple[ElementChange, ...] = ()
    cards: tuple[ElementChange, ...] = ()
    emotions: tuple[EmotionChange, ...] = ()
    #: Matched by ids alone (no links): ``apply_diff`` can replay it on the old map.
    by_id: bool = True

    def of_kind(self, kind: str) -> tuple[ElementChange, ...]:
        changes: tuple[ElementChange, ...] = getattr(self, kind + "s")
        return changes

    @property
    def is_empty(self) -> bool:
        return not (self.info or self.emotions or any(self.of_kind(kind) for kind in KINDS))


def title_of(element: Any) -> str:
    """An element's title: a card's title, or the name of any other element."""
    return str(element.title if isinstance(element, Card) else element.name)


# ---------------------------------------------------------------------- comparing
def diff_maps(old: JourneyMap, new: JourneyMap, links: Mapping[str, str] | None = None) -> MapDiff:
    """What changed from ``old`` to ``new``.

    Elements are matched by id; ``links`` maps an old id to the new element it became
    when the ids differ (a link to a missing element, or to one already matched, is
    ignored). Each element is reported with the fields that differ; references are
    compared through the matching, so a card linked to its counterpart is unchanged
    when its counterpart sits in the counterpart cell.
    """
    links = links or {}
    old_cards, new_cards = list(old.cards()), list(new.cards())
    persona_ids = _matched(old.personas, new.personas, links)
    stage_ids = _matched(old.stages, new.stages, links)
    step_ids = _matched(old.steps, new.steps, links)
    lane_ids = _matched(old.lanes, new.lanes, links)
    card_ids = _matched(old_cards, new_cards, links)

    def same(parent: Parent) -> Parent:
        return parent

    def stage_of(parent: Parent) -> Parent:
        return (_through(stage_ids, parent[0]),)

    def cell_of(parent: Parent) -> Parent:
        return (_through(lane_ids, parent[0]), _through(step_ids, parent[1]))

    placed = _Placed(old, new)
    every = (persona_ids, stage_ids, step_ids, lane_ids, card_ids)
    return MapDiff(
        info=field_changes(old.info, new.info),
        personas=_changes(PERSONA, placed.flat(old.personas, new.personas), persona_ids, same),
        stages=_changes(STAGE, placed.flat(old.stages, new.stages), stage_ids, same),
        steps=_changes(STEP, placed.steps(), step_ids, stage_of),
        lanes=_changes(LANE, placed.flat(old.lanes, new.lanes), lane_ids, same),
        cards=_changes(CARD, placed.cards(old_cards, new_cards), card_ids, cell_of),
        emotions=_emotion_changes(old.emotions(), new.emotions(), persona_ids, step_ids),
        by_id=all(a == b for ids in every for a, b in ids.items()),
    )


def _through(ids: Mapping[str, str], old_id: str) -> str:
    """The new id an old one is matched to; for an unmatched one, a value no id can equal
    (ids hold no control characters)."""
    return ids.get(old_id, "\0" + old_id)


def future_diff(document: MapDocument) -> MapDiff:
    """What the document's future map changes from its current map, matched through the
    counterpart links (the first link of each element) and then by id."""
    if document.future is None:
        raise ValueError("the document has no future map")
    return diff_maps(document.current, document.future, counterpart_links(document))


def counterpart_links(document: MapDocument) -> dict[str, str]:
    """Current id -> future id, the first link of each current element."""
    links: dict[str, str] = {}
    for link in document.counterparts:
        links.setdefault(link.current_id, link.future_id)
    return links


def field_changes(old: Any, new: Any) -> tuple[FieldChange, ...]:
    """The declared value fields that differ between two elements of one type."""
    if old == new:
        return ()
    return tuple(
        FieldChange(name, before, after)
        for name in _VALUE_FIELDS[type(new)]
        if (before := getattr(old, name)) != (after := getattr(new, name))
    )


_VALUE_FIELDS = {t: value_fields(t) for t in (*ELEMENT_TYPES.values(), MapInfo)}


def _matched(
    olds: Sequence[Any], news: Sequence[Any], links: Mapping[str, str]
) -> dict[str, str]:
    """Old id -> new id for the old elements that are in the new map."""
    new_ids = {element.id for element in news}
    matched: dict[str, str] = {}
    claimed: set[str] = set()
    if links:
        for element in olds:
            target = links.get(element.id)
            if target is not None and target in new_ids and target not in claimed:
                matched[element.id] = target
                claimed.add(target)
    for element in olds:
        if element.id not in matched and element.id in new_ids and element.id not in claimed:
            matched[element.id] = element.id
            claimed.add(element.id)
    return matched


Located = list[tuple[Any, Place]]


class _Placed:
    """The elements of both maps with their places, in map order."""

    def __init__(self, old: JourneyMap, new: JourneyMap) -> None:
        self.old, self.new = old, new

    @staticmethod
    def flat(olds: Sequence[Any], news: Sequence[Any]) -> tuple[Located, Located]:
        return (
            [(element, Place((), i)) for i, element in enumerate(olds)],
            [(element, Place((), i)) for i, element in enumerate(news)],
        )

    def steps(self) -> tuple[Located, Located]:
        def located(journey: JourneyMap) -> Located:
            return [
                (step, Place((stage.id,), i))
                for stage in journey.stages
                for i, step in enumerate(journey.steps_of(stage.id))
            ]

        return located(self.old), located(self.new)

    @staticmethod
    def cards(olds: list[Card], news: list[Card]) -> tuple[Located, Located]:
        def located(cards: list[Card]) -> Located:
            found: Located = []
            cell: Parent = ()
            index = 0
            for card in cards:  # reading order: each cell's cards together, top to bottom
                here = (card.lane_id, card.step_id)
                index = index + 1 if here == cell else 0
                cell = here
                found.append((card, Place(here, index)))
            return found

        return located(olds), located(news)


def _changes(
    kind: str,
    located: tuple[Located, Located],
    ids: Mapping[str, str],
    translated: Callable[[Parent], Parent],
) -> tuple[ElementChange, ...]:
    olds, news = located
    old_of = {ids[element.id]: (element, place) for element, place in olds if element.id in ids}
    staying: dict[Parent, list[tuple[str, int]]] = {}
    for element, place in news:
        found = old_of.get(element.id)
        if found is not None and translated(found[1].parent) == place.parent:
            staying.setdefault(place.parent, []).append((element.id, found[1].index))
    in_order: set[str] = set()
    for members in staying.values():
        kept = longest_increasing([index for _, index in members])
        in_order.update(members[i][0] for i in kept)
    changes = []
    for element, place in news:
        found = old_of.get(element.id)
        if found is None:
            changes.append(ElementChange(kind, ADDED, new=element, new_place=place))
            continue
        before, old_place = found
        moved = translated(old_place.parent) != place.parent
        reordered = not moved and element.id not in in_order
        fields = field_changes(before, element)
        if fields or moved or reordered:
            changes.append(
                ElementChange(kind, CHANGED, before, element, fields, old_place, place, moved,
                              reordered)
            )  # fmt: skip
    changes += [
        ElementChange(kind, REMOVED, old=element, old_place=place)
        for element, place in olds
        if element.id not in ids
    ]
    return tuple(changes)


def _emotion_changes(
    olds: Iterable[EmotionPoint],
    news: Iterable[EmotionPoint],
    persona_ids: Mapping[str, str],
    step_ids: Mapping[str, str],
) -> tuple[EmotionChange, ...]:
    before: dict[tuple[str, str], EmotionPoint] = {}
    removed = []
    for point in olds:
        persona, step = persona_ids.get(point.persona_id), step_ids.get(point.step_id)
        if persona is None or step is None:
            removed.append(EmotionChange(REMOVED, old=point))
        else:
            before[(persona, step)] = point
    changes = []
    for point in news:
        old = before.pop((point.persona_id, point.step_id), None)
        if old is None:
            changes.append(EmotionChange(ADDED, new=point))
        elif (old.score, old.note) != (point.score, point.note):
            changes.append(EmotionChange(CHANGED, old, point))
    changes += [EmotionChange(REMOVED, old=point) for point in before.values()]
    return tuple(changes + removed)


def longest_increasing(values: Sequence[int]) -> list[int]:
    """The positions of one longest strictly increasing run of ``values`` (O(n log n))."""
    tails: list[int] = []  # tails[k]: the smallest last value of a run of length k + 1
    tail_at: list[int] = []  # its position in ``values``
    previous = [-1] * len(values)
    for position, value in enumerate(values):
        length = bisect_left(tails, value)
        if length == len(tails):
            tails.append(value)
            tail_at.append(position)
        else:
            tails[length] = value
            tail_at[length] = position
        previous[position] = tail_at[length - 1] if length else -1
    run: list[int] = []
    position = tail_at[-1] if tail_at else -1
    while position != -1:
        run.append(position)
        position = previous[position]
    return run[::-1]
