"""Maps for the deck and picture tests: user text with markup and non-Latin scripts."""

from __future__ import annotations

from app.model.commands import EditCard
from app.model.journey import JourneyMap
from app.model.templates import new_map

#: Titles a user might type: markup characters, quotes, Greek, Cyrillic, Japanese.
AWKWARD_TITLES = (
    '<script>alert("x")</script> & R&D "quoted"',
    "Ελληνικά: πληρωμή με κάρτα",
    "Кириллица: оплата картой",
    "日本語：お支払い方法",
)


def awkward_map() -> JourneyMap:
    """The retail example with the first card of four cells retitled ``AWKWARD_TITLES``."""
    journey = new_map("retail-checkout")
    cells: dict[tuple[str, str], str] = {}
    for card in journey.cards():  # the first card of a cell: shown however short the room
        cells.setdefault((card.lane_id, card.step_id), card.id)
    cards = [journey.card(card_id) for card_id in cells.values()]
    for card, title in zip(cards, AWKWARD_TITLES, strict=False):
        EditCard(journey, card.id, title=title).do()
    return journey
