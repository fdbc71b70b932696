"""Characters of a map that no bundled font draws: exports name them, never drop them silently.

Such a character is drawn as the replacement mark U+FFFD on the canvas and in
every export (``app.font_chain``); an export that draws text also prints one
warning naming the characters' code points, and only when there are some.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.font_chain import missing_characters, missing_warning
from app.model.journey import JourneyMap
from app.model.search import card_texts, persona_texts


def map_texts(journey: JourneyMap) -> Iterator[str]:
    """Every text of the map a picture of it may draw."""
    info = journey.info
    yield from (info.title, info.objective, info.description, info.author, info.organisation)
    yield from (label for _, label in info.scale.labels)
    for stage in journey.stages:
        yield from (stage.name, stage.goal)
    for step in journey.steps:
        yield from (step.name, step.description)
    yield from (lane.name for lane in journey.lanes)
    for persona in journey.personas:
        yield from persona_texts(persona)
    for card in journey.cards():
        yield from card_texts(card)
    yield from (point.note for point in journey.emotions())


def glyph_warning(journey: JourneyMap) -> str:
    """The warning line for a map's characters without a glyph, or "" when every one has one."""
    return missing_warning(missing_characters(map_texts(journey)))
