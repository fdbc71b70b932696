"""The map's rules, enforced by the model: a command that would break one is refused
with a clear message and changes nothing, and a map that breaks one cannot be built."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from app.model import commands as c
from app.model.entities import Card, EmotionScale, Persona, Step
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.rules import MAX_TEXT_LENGTH
from tests.model.full_map import full_map

Change = Callable[[JourneyMap], c.Command]


def first_card(journey: JourneyMap) -> Card:
    return next(iter(journey.cards()))


REFUSED: list[tuple[str, Change, str]] = [
    (
        "step width -500",
        lambda j: c.EditStep(j, j.steps[0].id, width=-500.0),
        "step 'Upload ID': width must be between 10 and 10000, not -500",
    ),
    (
        "lane height 0",
        lambda j: c.EditLane(j, j.lanes[0].id, min_height=0.0),
        "lane 'Touchpoints': min_height must be between 10 and 10000, not 0",
    ),
    (
        "a card id of 400 characters",
        lambda j: c.AddCard(j, Card("Long id", j.lanes[0].id, j.steps[0].id, id="x" * 400)),
        "card 'Long id': id must be at most 100 characters long, not 400",
    ),
    (
        "a control character in a title",
        lambda j: c.EditCard(j, first_card(j).id, title="bell\x07"),
        "title holds a character that text cannot hold (U+0007)",
    ),
    (
        "a body longer than a spreadsheet cell",
        lambda j: c.EditCard(j, first_card(j).id, body="x" * (MAX_TEXT_LENGTH + 1)),
        "body is longer than 32,767 characters (32,768)",
    ),
    (
        "a colour that is not one",
        lambda j: c.EditPersona(j, j.personas[0].id, colour="red"),
        "persona 'Anna': colour must be a colour like #1f77b4, not 'red'",
    ),
    (
        "a severity of 6",
        lambda j: c.EditCard(j, first_card(j).id, severity=6),
        "severity must be between 1 and 5, not 6",
    ),
    (
        "a scale narrower than the points on it",
        lambda j: c.EditMap(j, scale=EmotionScale(-1, 1, ())),
        "the emotion scale -1..1 would leave 2 emotion point(s) outside it (scores -2 to 2)",
    ),
    (
        "a scale upside down",
        lambda j: c.EditMap(j, scale=EmotionScale(2, -2, ())),
        "map: scale must run from a lower to a higher score, both within -100..100",
    ),
    (
        "a label off the scale",
        lambda j: c.EditMap(j, scale=EmotionScale(-2, 2, ((5, "ecstatic"),))),
        "map: scale has a label for 5, outside -2..2",
    ),
    (
        "an emotion point off the scale",
        lambda j: c.SetEmotion(j, j.personas[1].id, j.steps[0].id, 3),
        "emotion point: score 3 is outside the scale -2..2",
    ),
    (
        "a second primary persona",
        lambda j: c.AddPersona(j, Persona("Carla", is_primary=True)),
        "persona 'Carla': only one persona can be primary, and 'Anna' is",
    ),
    (
        "an empty photo",
        lambda j: c.EditPersona(j, j.personas[1].id, photo=b""),
        "photo must not be empty",
    ),
    (
        "scale labels out of score order",
        lambda j: c.EditMap(j, scale=EmotionScale(-2, 2, ((2, "great"), (-2, "awful")))),
        "labels must be in score order",
    ),
    (
        "a scale label of two lines",
        lambda j: c.EditMap(j, scale=EmotionScale(-2, 2, ((0, "so\nso"),))),
        "label for 0 must be one line of at most 100 characters",
    ),
    (
        "a step with a line break in its id",
        lambda j: c.AddStep(j, Step("Odd", j.stages[0].id, id="a\nb")),
        "step 'Odd': id must be one line without tabs",
    ),
]


@pytest.mark.parametrize(("name", "change", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_command_that_breaks_a_rule_is_refused_and_changes_nothing(
    name: str, change: Change, message: str
) -> None:
    journey = full_map()
    before = journey.snapshot()
    history = c.History(journey)
    with pytest.raises(ModelError) as refused:
        history.push(change(journey))
    assert message in str(refused.value)
    assert journey.snapshot() == before


def test_making_another_persona_primary_demotes_the_first_in_one_step() -> None:
    journey = full_map()
    history = c.History(journey)
    anna, ben = journey.personas
    history.push(c.EditPersona(journey, ben.id, is_primary=True))
    assert [p.is_primary for p in journey.personas] == [False, True]
    history.undo()
    assert journey.personas == (anna, ben)


def test_a_scale_wide_enough_for_every_point_is_accepted_and_undone() -> None:
    journey = full_map()
    history = c.History(journey)
    history.push(c.EditMap(journey, scale=EmotionScale(-5, 5, ((-5, "awful"), (5, "great")))))
    assert journey.info.scale.minimum == -5
    history.undo()
    assert journey.info.scale == EmotionScale(-2, 2, ((-2, "awful"), (0, "meh"), (2, "great")))


def test_a_map_that_breaks_a_rule_cannot_be_built() -> None:
    journey = full_map()
    wide = dataclasses.replace(journey.personas[0], photo=b"x" * (8 * 1024 * 1024 + 1))
    with pytest.raises(ModelError, match="photo is larger than 8 MB"):
        JourneyMap.build(journey.info, [wide, *journey.personas[1:]])
    with pytest.raises(ModelError, match="name holds a character"):
        JourneyMap.build(journey.info, [Persona("lone \ud800 surrogate")])


def test_the_quick_check_of_many_cards_refuses_what_the_careful_one_does() -> None:
    journey = full_map()
    cards = list(journey.cards())
    for broken in (
        cards[0]._replace(title="nul\x00"),
        cards[0]._replace(id=" "),
        cards[0]._replace(colour="#12345g"),
        cards[0]._replace(tags=("x" * MAX_TEXT_LENGTH, "y")),
        cards[0]._replace(impact=0),
    ):
        with pytest.raises(ModelError):
            JourneyMap.build(
                journey.info,
                journey.personas,
                journey.stages,
                journey.steps,
                journey.lanes,
                [broken, *cards[1:]],
            )


def test_a_map_holds_at_most_99_personas_and_128_mb_of_photos() -> None:
    from app.model.rules import MAX_PERSONAS, MAX_PICTURE_BYTES

    journey = JourneyMap.build(full_map().info)
    history = c.History(journey)
    for i in range(MAX_PERSONAS):
        photo = bytes([i]) * MAX_PICTURE_BYTES if i < 16 else None  # 128 MB: the limit
        history.push(c.AddPersona(journey, Persona(f"P{i}", photo=photo)))
    before = journey.snapshot()
    with pytest.raises(ModelError, match="at most 99 personas"):
        history.push(c.AddPersona(journey, Persona("One too many")))
    with pytest.raises(ModelError, match="photos would pass 128 MB"):
        history.push(
            c.EditPersona(journey, journey.personas[20].id, photo=b"\xff" * MAX_PICTURE_BYTES)
        )
    assert journey.snapshot() == before


def test_a_map_holds_at_most_100000_cards() -> None:
    journey = full_map()
    lane, step = journey.lanes[0].id, journey.steps[0].id
    cards = [Card(f"c{i}", lane, step) for i in range(100_001 - journey.card_count)]
    with pytest.raises(ModelError, match="at most 100,000 cards"):
        JourneyMap.build(
            journey.info, journey.personas, journey.stages, journey.steps, journey.lanes,
            [*journey.cards(), *cards],
        )  # fmt: skip
