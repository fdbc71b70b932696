"""The future state: a second map in the same file, derived from the current one.

``derive_future`` copies the current map with a new id for every stage, step,
lane, persona and card, marks it "Future state", and links each element to the
one it was derived from (``Counterpart``), so the two states can be compared
element by element (``diff.future_diff``) however far the future map moves on.
Emotion points follow their persona and step. Nothing of the current map changes.
"""

from __future__ import annotations

from dataclasses import replace

from app.model.document import Counterpart, MapDocument
from app.model.entities import new_id
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.vocab import MapState


def derived_future(current: JourneyMap) -> tuple[JourneyMap, tuple[Counterpart, ...]]:
    """A copy of ``current`` with new ids, marked Future state, and the links to it."""
    ids: dict[str, str] = {}

    def fresh(old_id: str) -> str:
        ids[old_id] = new_id()
        return ids[old_id]

    personas = [replace(p, id=fresh(p.id)) for p in current.personas]
    stages = [replace(s, id=fresh(s.id)) for s in current.stages]
    steps = [replace(s, id=fresh(s.id), stage_id=ids[s.stage_id]) for s in current.steps]
    lanes = [replace(lane, id=fresh(lane.id)) for lane in current.lanes]
    cards = [
        card._replace(id=fresh(card.id), lane_id=ids[card.lane_id], step_id=ids[card.step_id])
        for card in current.cards()
    ]
    emotions = [
        replace(point, persona_id=ids[point.persona_id], step_id=ids[point.step_id])
        for point in current.emotions()
    ]
    info = replace(current.info, state=MapState.FUTURE)
    future = JourneyMap.build(info, personas, stages, steps, lanes, cards, emotions)
    links = tuple(Counterpart(old, new) for old, new in ids.items())
    return future, links


def create_future(document: MapDocument) -> JourneyMap:
    """Give ``document`` a future state derived from its current map; returns it.

    Raises ModelError (and changes nothing) if the document has one already.
    """
    if document.future is not None:
        raise ModelError("the map has a future state already")
    future, links = derived_future(document.current)
    document.future, document.counterparts = future, links
    try:
        document.check()
    except ModelError:
        document.future, document.counterparts = None, ()
        raise
    return future
