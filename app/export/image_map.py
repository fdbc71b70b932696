"""What an image shows: the whole map, or only some cards with their cells' headers.

Shared by the PNG and SVG exports (and the deck's overview picture), so that both
draw the same map the poster draws, from the same layout.
"""

from __future__ import annotations

from collections.abc import Collection

from app.export.output import ExportError
from app.export.pdf_poster import poster_layout
from app.model.journey import JourneyMap
from app.model.layout import Layout

#: White space around the map in an image, in points.
MARGIN = 12.0


def selected_map(journey: JourneyMap, card_ids: Collection[str] | None) -> JourneyMap:
    """``journey`` itself, or a map of only the cards ``card_ids`` in their lanes and steps.

    The stages, steps and lanes kept are those holding a chosen card, in the map's
    order; emotion lanes are left out (a selection is cards). Ids not on the map
    are ignored; raises ExportError when none is.
    """
    if card_ids is None:
        return journey
    chosen = [card for card in journey.cards() if card.id in card_ids]
    if not chosen:
        raise ExportError("none of the selected cards is on the map")
    lane_ids = {card.lane_id for card in chosen}
    step_ids = {card.step_id for card in chosen}
    steps = [step for step in journey.steps if step.id in step_ids]
    stage_ids = {step.stage_id for step in steps}
    return JourneyMap.build(
        journey.info,
        personas=journey.personas,
        stages=[stage for stage in journey.stages if stage.id in stage_ids],
        steps=steps,
        lanes=[lane for lane in journey.lanes if lane.id in lane_ids],
        cards=chosen,
    )


def image_layout(journey: JourneyMap) -> Layout:
    """The poster's layout of ``journey`` (the PDF fonts' measures)."""
    return poster_layout(journey)


def image_size(layout: Layout) -> tuple[float, float]:
    """The picture's size in points: the map and its margin."""
    return layout.width + 2 * MARGIN, layout.height + 2 * MARGIN
