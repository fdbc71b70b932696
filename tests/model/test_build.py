"""Building a map from loaded elements (what opening a file does) refuses what a command
would refuse, names the card at fault, and keeps every cell's cards in the order given."""

from __future__ import annotations

import pytest

from app.model.entities import Card, Lane, MapInfo, Metric, Stage, Step
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.vocab import CardKind, LaneKind, MetricKind

STAGE = Stage("Buy", id="stage")
STEPS = [Step("Browse", "stage", id="browse"), Step("Pay", "stage", id="pay")]
LANES = [
    Lane("Actions", LaneKind.ACTIONS, id="actions"),
    Lane("Pains", LaneKind.PAIN_POINTS, id="pains"),
]


def _build(cards: list[Card]) -> JourneyMap:
    return JourneyMap.build(MapInfo(), [], [STAGE], STEPS, LANES, cards)


def test_cards_land_in_their_cells_in_the_order_given() -> None:
    cards = [
        Card("a", "actions", "pay", id="a"),
        Card("b", "pains", "browse", id="b"),
        Card("c", "actions", "pay", id="c"),  # same cell as "a", after another cell
        Card("d", "actions", "browse", id="d"),
    ]
    journey = _build(cards)
    assert [c.id for c in journey.cards_in("actions", "pay")] == ["a", "c"]
    assert [c.id for c in journey.cards_in("actions", "browse")] == ["d"]
    assert [c.id for c in journey.cards()] == ["d", "a", "c", "b"]


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (Card("x", "actions", "pay", id="a"), "duplicate card id 'a'"),
        (Card("x", "nowhere", "pay", id="x"), "unknown lane id 'nowhere'"),
        (Card("x", "actions", "later", id="x"), "unknown step id 'later'"),
        (Card("Late", "pains", "pay", CardKind.PAIN_POINT, id="x", severity=0), "severity must"),
        (Card("Big", "pains", "pay", id="x", effort=9), "effort must be between 1 and 5"),
        (Card("Odd", "pains", "pay", id="x", metrics=(Metric(MetricKind.NPS, 101),)), "NPS"),
        # as a file can hold it (made without an id, a card gets a fresh one)
        (Card("x", "actions", "pay")._replace(id=""), "needs an id"),
    ],
)
def test_a_bad_card_is_refused_by_name(bad: Card, reason: str) -> None:
    good = [Card("a", "actions", "pay", id="a"), Card("b", "pains", "pay", id="b")]
    with pytest.raises(ModelError, match=reason):
        _build([*good, bad])
