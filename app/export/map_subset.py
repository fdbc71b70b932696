"""Copies of a map for exporting: a whole copy (a snapshot that later edits cannot touch)
and a copy keeping only some stages, lanes, personas or cards.

Elements are immutable, so a copy shares them with the original and only the
collections are new: building it costs a pass over the cards, not a deep copy.
The exporters then draw the copy exactly as they would draw any map.
"""

from __future__ import annotations

from collections.abc import Collection

from app.model.journey import JourneyMap


def copy_map(journey: JourneyMap) -> JourneyMap:
    """An independent map holding the same elements, in the same order."""
    return subset(journey)


def subset(
    journey: JourneyMap,
    stage_ids: Collection[str] | None = None,
    lane_ids: Collection[str] | None = None,
    persona_ids: Collection[str] | None = None,
    card_ids: Collection[str] | None = None,
) -> JourneyMap:
    """A copy with only the given stages (and their steps), lanes, personas and cards.

    None keeps everything of that kind. Cards and emotion points follow what they
    stand in: a card in a dropped stage or lane goes with it.
    """
    stages = [s for s in journey.stages if stage_ids is None or s.id in stage_ids]
    kept_stages = {s.id for s in stages}
    steps = [s for s in journey.steps if s.stage_id in kept_stages]
    kept_steps = {s.id for s in steps}
    lanes = [lane for lane in journey.lanes if lane_ids is None or lane.id in lane_ids]
    kept_lanes = {lane.id for lane in lanes}
    personas = [p for p in journey.personas if persona_ids is None or p.id in persona_ids]
    kept_personas = {p.id for p in personas}
    cards = [
        card
        for card in journey.cards()
        if card.step_id in kept_steps
        and card.lane_id in kept_lanes
        and (card_ids is None or card.id in card_ids)
    ]
    emotions = [
        point
        for point in journey.emotions()
        if point.persona_id in kept_personas and point.step_id in kept_steps
    ]
    return JourneyMap.build(journey.info, personas, stages, steps, lanes, cards, emotions)
