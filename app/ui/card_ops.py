"""Card edits built from commands: move a selection, add, delete, duplicate, insert copies.

Each function is one gesture: it runs its commands in ``Document.gesture`` so
the whole edit is one undo step. Positions are "gaps": a card dropped at gap
``g`` of a cell lands after the first ``g`` cards that are not being moved.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from app.model.commands import AddCard, MoveCard, RemoveCard
from app.model.entities import Card, new_id
from app.model.journey import JourneyMap
from app.model.layout import Layout
from app.model.vocab import DEFAULT_CARD_KIND, CardKind, LaneKind
from app.ui.document import Document
from app.ui.undo import Gesture


def gap_at(
    layout: Layout,
    journey: JourneyMap,
    lane_id: str,
    step_id: str,
    y: float,
    moving: AbstractSet[str] = frozenset(),
) -> int:
    """The gap at height ``y`` among the cards of a cell that are not ``moving``."""
    gap = 0
    for card in journey.cards_in(lane_id, step_id):
        if card.id in moving:
            continue
        box = layout.cards.get(card.id)
        if box is not None and y < box.rect.y + box.rect.height / 2:
            return gap
        gap += 1
    return gap


def gap_line_y(
    layout: Layout,
    journey: JourneyMap,
    lane_id: str,
    step_id: str,
    gap: int,
    moving: AbstractSet[str] = frozenset(),
) -> float:
    """The height of the insertion line drawn for ``gap``."""
    remaining = [c for c in journey.cards_in(lane_id, step_id) if c.id not in moving]
    cell = layout.cells[(lane_id, step_id)]
    half_gap = layout.metrics.card_gap / 2
    if not remaining:
        return cell.y + layout.metrics.cell_padding / 2
    if gap < len(remaining):
        return layout.cards[remaining[gap].id].rect.y - half_gap
    last = layout.cards[remaining[-1].id].rect
    return last.bottom + half_gap


def accepts_cards(journey: JourneyMap, lane_id: str) -> bool:
    """Cards go in every lane but the emotion curve's."""
    return journey.lane(lane_id).kind is not LaneKind.EMOTIONS


def move_cards(
    document: Document, card_ids: list[str], lane_id: str, step_id: str, gap: int
) -> bool:
    """Move ``card_ids`` (in this order) to ``gap`` of the cell; False if nothing changed."""
    journey = document.journey
    moving = set(card_ids)
    remaining = [c.id for c in journey.cards_in(lane_id, step_id) if c.id not in moving]
    gap = max(0, min(gap, len(remaining)))
    wanted = remaining[:gap] + list(card_ids) + remaining[gap:]
    if [c.id for c in journey.cards_in(lane_id, step_id)] == wanted:
        return False
    text = "Move card" if len(card_ids) == 1 else f"Move {len(card_ids)} cards"
    with document.gesture(text) as group:
        _place(group, journey, lane_id, step_id, gap, list(card_ids), moving)
    return True


def card_lanes(journey: JourneyMap) -> list[str]:
    """The lanes that take cards, top to bottom (lane offsets count these only)."""
    return [lane.id for lane in journey.lanes if lane.kind is not LaneKind.EMOTIONS]


def offset_targets(
    journey: JourneyMap, card_ids: list[str], steps: int, lanes: int
) -> dict[str, tuple[str, str]] | None:
    """Each card's cell ``steps`` steps and ``lanes`` card lanes over; None if one cannot go."""
    step_ids = [step.id for step in journey.steps]
    lane_ids = card_lanes(journey)
    targets: dict[str, tuple[str, str]] = {}
    for card_id in card_ids:
        card = journey.card(card_id)
        if card.lane_id not in lane_ids:
            return None
        step_index = step_ids.index(card.step_id) + steps
        lane_index = lane_ids.index(card.lane_id) + lanes
        if not (0 <= step_index < len(step_ids) and 0 <= lane_index < len(lane_ids)):
            return None
        targets[card_id] = (lane_ids[lane_index], step_ids[step_index])
    return targets


def move_by_offset(
    document: Document,
    card_ids: list[str],
    steps: int,
    lanes: int,
    anchor: tuple[str, int] | None = None,
) -> bool:
    """Move every card by the same offset of steps and card lanes, as one undo step.

    Cards that end in the same cell keep their reading order. The cell of ``anchor``
    (card id, gap) gets the group at that gap (where the user dropped it); in the other
    cells a group goes where its first card was in its own cell. False if nothing moved
    (a card would leave the grid: then none moves).
    """
    journey = document.journey
    ids = [card_id for card_id in card_ids if journey.has_card(card_id)]
    if not ids:
        return False
    lane_order = {lane.id: i for i, lane in enumerate(journey.lanes)}
    step_order = {step.id: i for i, step in enumerate(journey.steps)}

    def reading(card_id: str) -> tuple[int, int, int]:
        card = journey.card(card_id)
        return lane_order[card.lane_id], step_order[card.step_id], journey.card_index(card_id)

    ids.sort(key=reading)
    targets = offset_targets(journey, ids, steps, lanes)
    if targets is None:
        return False
    return move_to_cells(document, ids, targets, anchor)


def move_to_cells(
    document: Document,
    ids: list[str],
    targets: dict[str, tuple[str, str]],
    anchor: tuple[str, int] | None = None,
) -> bool:
    """Move each card of ``ids`` (in reading order) to its target cell, as one undo step."""
    journey = document.journey
    groups: dict[tuple[str, str], list[str]] = {}
    for card_id in ids:
        groups.setdefault(targets[card_id], []).append(card_id)
    plans = []
    for cell, members in groups.items():
        if anchor is not None and anchor[0] in members:
            gap = anchor[1]
        else:
            gap = min(journey.card_index(card_id) for card_id in members)
        plans.append((cell, members, gap))
    moving = set(ids)
    if all(_unchanged(journey, cell, members, gap, moving) for cell, members, gap in plans):
        return False
    text = "Move card" if len(ids) == 1 else f"Move {len(ids)} cards"
    with document.gesture(text) as group:
        for (lane_id, step_id), members, gap in plans:
            _place(group, journey, lane_id, step_id, gap, members, moving)
    return True


def _unchanged(
    journey: JourneyMap, cell: tuple[str, str], members: list[str], gap: int, moving: set[str]
) -> bool:
    current = [c.id for c in journey.cards_in(*cell)]
    remaining = [card_id for card_id in current if card_id not in moving]
    gap = max(0, min(gap, len(remaining)))
    return current == remaining[:gap] + members + remaining[gap:]


def _place(
    group: Gesture,
    journey: JourneyMap,
    lane_id: str,
    step_id: str,
    gap: int,
    card_ids: list[str],
    moving: AbstractSet[str],
) -> None:
    """Run the moves that put ``card_ids`` in order at ``gap`` of a cell (among cards
    that are not ``moving``); the cards left in place are the anchors, so the order
    in which groups of one gesture are placed does not matter."""
    remaining = [c.id for c in journey.cards_in(lane_id, step_id) if c.id not in moving]
    gap = max(0, min(gap, len(remaining)))
    anchor = remaining[gap] if gap < len(remaining) else None
    previous: str | None = None
    for card_id in card_ids:
        others = [c.id for c in journey.cards_in(lane_id, step_id) if c.id != card_id]
        if previous is not None:
            index = others.index(previous) + 1
        elif anchor is not None:
            index = others.index(anchor)
        else:
            index = len(others)
        group.run(MoveCard(journey, card_id, lane_id, step_id, index))
        previous = card_id


def new_card(
    journey: JourneyMap, lane_id: str, step_id: str, kind: CardKind | None = None, title: str = ""
) -> Card:
    """A fresh card for a cell, of ``kind`` or the lane's usual kind."""
    lane = journey.lane(lane_id)
    kind = kind or DEFAULT_CARD_KIND[lane.kind]
    label = kind.label if kind.label.isupper() else kind.label.lower()  # "KPI" stays so
    return Card(title or f"New {label}", lane_id, step_id, kind)


def add_card(document: Document, card: Card, index: int | None = None) -> str:
    document.push(AddCard(document.journey, card, index))
    return card.id


def delete_cards(document: Document, card_ids: Iterable[str]) -> None:
    ids = [card_id for card_id in card_ids if document.journey.has_card(card_id)]
    if not ids:
        return
    with document.gesture("Delete card" if len(ids) == 1 else f"Delete {len(ids)} cards") as group:
        for card_id in ids:
            group.run(RemoveCard(document.journey, card_id))


def insert_cards(
    document: Document,
    cards: list[Card],
    lane_id: str | None,
    step_id: str | None,
    index: int | None,
    text: str,
) -> list[str]:
    """Add copies of ``cards`` (fresh ids) into a cell from ``index``, or into their own cells."""
    journey = document.journey
    added: list[str] = []
    with document.gesture(text) as group:
        for offset, card in enumerate(cards):
            cell = (lane_id, step_id) if lane_id and step_id else (card.lane_id, card.step_id)
            if not (journey.has_lane(cell[0]) and journey.has_step(cell[1])):
                continue
            copy = card._replace(id=new_id(), lane_id=cell[0], step_id=cell[1])
            position = None if index is None else index + offset
            group.run(AddCard(journey, copy, position))
            added.append(copy.id)
    return added


def duplicate_cards(document: Document, card_ids: list[str]) -> list[str]:
    """A copy of each card right below it."""
    journey = document.journey
    added: list[str] = []
    with document.gesture("Duplicate") as group:
        for card_id in card_ids:
            card = journey.card(card_id)
            copy = card._replace(id=new_id())
            group.run(AddCard(journey, copy, journey.card_index(card_id) + 1))
            added.append(copy.id)
    return added


def discard_fresh_card(document: Document, card_id: str) -> bool:
    """Take back a card added by the last undo step and still as added (Escape in its
    first edit): the add and its removal leave no undo step. False if it is not that."""
    stack = document.stack
    index = stack.index()
    if index == 0 or index != stack.count():
        return False
    top = stack.command(index - 1)
    command = getattr(top, "command", None)
    if not isinstance(command, AddCard) or command.card.id != card_id:
        return False
    if not document.journey.has_card(card_id) or document.journey.card(card_id) != command.card:
        return False
    command.undo()
    # An obsolete command is dropped by QUndoStack.undo() without running its undo again.
    top.setObsolete(True)
    stack.undo()
    return True
