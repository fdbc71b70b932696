"""Commands change a map and undo puts it back exactly; nothing else can change it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.model import commands as c
from app.model.entities import Card, EmotionPoint, Lane, Persona, Stage, Step
from app.model.errors import ModelError, MutationOutsideCommand
from app.model.journey import JourneyMap
from app.model.templates import blank_map
from app.model.vocab import CardKind, LaneKind


def card_in(journey: JourneyMap, lane: int, step: int, title: str) -> Card:
    return Card(title, journey.lanes[lane].id, journey.steps[step].id, CardKind.ACTION)


def test_a_map_refuses_changes_outside_a_command(blank: JourneyMap) -> None:
    with pytest.raises(MutationOutsideCommand):
        blank.insert_card(card_in(blank, 0, 0, "sneaky"))
    assert blank.card_count == 0


def test_add_card_then_undo_and_redo(blank: JourneyMap) -> None:
    history = c.History(blank)
    card = card_in(blank, 0, 1, "Searches for a bank")
    history.push(c.AddCard(blank, card))
    assert blank.cards_in(card.lane_id, card.step_id) == (card,)
    history.undo()
    assert blank.card_count == 0
    history.redo()
    assert blank.card(card.id) == card


def test_move_card_between_cells_and_back(blank: JourneyMap) -> None:
    history = c.History(blank)
    first, second = card_in(blank, 0, 0, "one"), card_in(blank, 0, 0, "two")
    history.push(c.AddCard(blank, first))
    history.push(c.AddCard(blank, second))
    target_lane, target_step = blank.lanes[2].id, blank.steps[3].id
    history.push(c.MoveCard(blank, first.id, target_lane, target_step, 0))
    assert [x.title for x in blank.cards_in(target_lane, target_step)] == ["one"]
    assert [x.title for x in blank.cards_in(first.lane_id, first.step_id)] == ["two"]
    history.undo()
    assert [x.title for x in blank.cards_in(first.lane_id, first.step_id)] == ["one", "two"]


def test_reorder_within_a_cell(blank: JourneyMap) -> None:
    history = c.History(blank)
    cards = [card_in(blank, 0, 0, t) for t in "abc"]
    for card in cards:
        history.push(c.AddCard(blank, card))
    history.push(c.MoveCard(blank, cards[0].id, cards[0].lane_id, cards[0].step_id, 2))
    assert [x.title for x in blank.cards_in(cards[0].lane_id, cards[0].step_id)] == list("bca")
    history.undo()
    assert [x.title for x in blank.cards_in(cards[0].lane_id, cards[0].step_id)] == list("abc")


def test_edit_card_validates_ranges(blank: JourneyMap) -> None:
    card = card_in(blank, 0, 0, "x")
    c.AddCard(blank, card).do()
    with pytest.raises(ModelError, match="severity"):
        c.EditCard(blank, card.id, severity=9)
    with pytest.raises(ModelError):
        c.EditCard(blank, card.id, lane_id=blank.lanes[1].id)


def test_removing_a_stage_removes_its_cards_and_emotions_and_undo_restores_order(
    blank: JourneyMap,
) -> None:
    history = c.History(blank)
    stage = blank.stages[1]
    extra = Step("Compare offers", stage.id)
    history.push(c.AddStep(blank, extra))
    persona = blank.personas[0]
    titles = ["first", "second", "third"]
    for title in titles:
        history.push(c.AddCard(blank, Card(title, blank.lanes[0].id, extra.id)))
    history.push(c.SetEmotion(blank, persona.id, extra.id, -2, "annoyed"))
    before = blank.snapshot()
    history.push(c.RemoveStage(blank, stage.id))
    assert stage.id not in [s.id for s in blank.stages]
    assert blank.card_count == 0 and blank.emotions() == []
    history.undo()
    assert blank.snapshot() == before
    assert [x.title for x in blank.cards_in(blank.lanes[0].id, extra.id)] == titles


def test_removing_a_lane_or_persona_takes_its_dependants(blank: JourneyMap) -> None:
    history = c.History(blank)
    lane = blank.lanes[0]
    history.push(c.AddCard(blank, card_in(blank, 0, 2, "x")))
    history.push(c.SetEmotion(blank, blank.personas[0].id, blank.steps[0].id, 1))
    before = blank.snapshot()
    history.push(c.RemoveLane(blank, lane.id))
    history.push(c.RemovePersona(blank, blank.personas[0].id))
    assert blank.card_count == 0 and not blank.personas and not blank.emotions()
    history.undo()
    history.undo()
    assert blank.snapshot() == before


def test_making_a_persona_primary_demotes_the_other(blank: JourneyMap) -> None:
    history = c.History(blank)
    second = Persona("Second")
    history.push(c.AddPersona(blank, second))
    history.push(c.EditPersona(blank, second.id, is_primary=True))
    assert [p.name for p in blank.personas if p.is_primary] == ["Second"]
    history.undo()
    assert [p.name for p in blank.personas if p.is_primary] == ["Customer"]


def test_emotion_scores_stay_on_the_scale(blank: JourneyMap) -> None:
    with pytest.raises(ModelError, match="outside the scale"):
        c.SetEmotion(blank, blank.personas[0].id, blank.steps[0].id, 7).do()
    assert blank.emotions() == []


def test_macro_is_one_step_and_all_or_nothing(blank: JourneyMap) -> None:
    history = c.History(blank)
    with history.macro("Paste"):
        history.push(c.AddCard(blank, card_in(blank, 0, 0, "a")))
        history.push(c.AddCard(blank, card_in(blank, 1, 0, "b")))
    assert blank.card_count == 2
    history.undo()
    assert blank.card_count == 0
    bad = Card("bad", "no-such-lane", blank.steps[0].id)
    with pytest.raises(ModelError):
        c.Macro(
            blank, "x", [c.AddCard(blank, card_in(blank, 0, 0, "ok")), c.AddCard(blank, bad)]
        ).do()
    assert blank.card_count == 0
    assert history.open_macro_count == 0


def changes_then_a_failure(journey: JourneyMap) -> list[c.Command]:
    """Four good commands of different sorts, one that fails when done, and one more."""
    lane, step = journey.lanes[0], journey.steps[0]
    return [
        c.AddCard(journey, card_in(journey, 1, 1, "new")),
        c.EditStage(journey, journey.stages[0].id, name="Renamed"),
        c.MoveStage(journey, journey.stages[0].id, 2),
        c.RemoveLane(journey, lane.id),  # takes its card with it
        c.AddCard(journey, Card("bad", "no-such-lane", step.id)),
        c.AddCard(journey, card_in(journey, 2, 2, "never")),
    ]


def test_a_macro_failing_in_the_middle_leaves_the_map_exactly_as_before(
    blank: JourneyMap,
) -> None:
    c.AddCard(blank, card_in(blank, 0, 0, "kept")).do()
    c.SetEmotion(blank, blank.personas[0].id, blank.steps[0].id, 2).do()
    before = blank.snapshot()
    macro = c.Macro(blank, "Many", changes_then_a_failure(blank))
    with pytest.raises(ModelError):
        macro.do()
    assert blank.snapshot() == before


def test_a_history_macro_failing_in_the_middle_leaves_the_map_and_history_as_before(
    blank: JourneyMap,
) -> None:
    history = c.History(blank)
    start = blank.snapshot()
    history.push(c.AddCard(blank, card_in(blank, 0, 0, "kept")))
    before = blank.snapshot()
    first, *rest = changes_then_a_failure(blank)
    with pytest.raises(ModelError), history.macro("Outer"):
        history.push(first)
        with history.macro("Inner"):
            for command in rest:
                history.push(command)
    assert blank.snapshot() == before
    assert history.open_macro_count == 0
    history.undo()  # the card pushed before the macro: nothing of the macro was kept
    assert blank.snapshot() == start
    history.redo()
    assert blank.snapshot() == before


def test_observers_hear_each_change(blank: JourneyMap) -> None:
    heard = []
    blank.subscribe(heard.append)
    card = card_in(blank, 0, 0, "x")
    c.AddCard(blank, card).do()
    c.EditCard(blank, card.id, title="y").do()
    assert [(ch.element, ch.action, ch.id) for ch in heard] == [
        ("card", "added", card.id),
        ("card", "changed", card.id),
    ]


# ---------------------------------------------------------------------- property
def _commands_for(journey: JourneyMap, data: st.DataObject) -> c.Command | None:
    pick = data.draw
    lanes, steps, stages, personas = journey.lanes, journey.steps, journey.stages, journey.personas
    cards = list(journey.cards())
    kind = pick(
        st.sampled_from(
            [
                "add_card",
                "add_card",
                "move_card",
                "edit_card",
                "remove_card",
                "add_stage",
                "remove_stage",
                "move_stage",
                "add_step",
                "remove_step",
                "move_step",
                "add_lane",
                "remove_lane",
                "move_lane",
                "add_persona",
                "remove_persona",
                "set_emotion",
                "edit_map",
                "edit_lane",
            ]
        )
    )
    index = st.integers(0, 6)
    if kind == "add_card" and lanes and steps:
        return c.AddCard(
            journey,
            Card(
                pick(st.text(max_size=8)),
                pick(st.sampled_from(lanes)).id,
                pick(st.sampled_from(steps)).id,
            ),
            pick(index),
        )
    if kind == "move_card" and cards and steps:
        return c.MoveCard(
            journey,
            pick(st.sampled_from(cards)).id,
            pick(st.sampled_from(lanes)).id,
            pick(st.sampled_from(steps)).id,
            pick(index),
        )
    if kind == "edit_card" and cards:
        return c.EditCard(
            journey,
            pick(st.sampled_from(cards)).id,
            title=pick(st.text(max_size=5)),
            severity=pick(st.one_of(st.none(), st.integers(1, 5))),
        )
    if kind == "remove_card" and cards:
        return c.RemoveCard(journey, pick(st.sampled_from(cards)).id)
    if kind == "add_stage":
        stage = Stage("S")
        return c.AddStage(journey, stage, pick(index), [Step("a", stage.id)])
    if kind == "remove_stage" and stages:
        return c.RemoveStage(journey, pick(st.sampled_from(stages)).id)
    if kind == "move_stage" and stages:
        return c.MoveStage(journey, pick(st.sampled_from(stages)).id, pick(index))
    if kind == "add_step" and stages:
        return c.AddStep(journey, Step("new", pick(st.sampled_from(stages)).id), pick(index))
    if kind == "remove_step" and steps:
        return c.RemoveStep(journey, pick(st.sampled_from(steps)).id)
    if kind == "move_step" and steps:
        return c.MoveStep(
            journey, pick(st.sampled_from(steps)).id, pick(st.sampled_from(stages)).id, pick(index)
        )
    if kind == "add_lane":
        return c.AddLane(journey, Lane("L", pick(st.sampled_from(list(LaneKind)))), pick(index))
    if kind == "remove_lane" and lanes:
        return c.RemoveLane(journey, pick(st.sampled_from(lanes)).id)
    if kind == "move_lane" and lanes:
        return c.MoveLane(journey, pick(st.sampled_from(lanes)).id, pick(index))
    if kind == "edit_lane" and lanes:
        return c.EditLane(journey, pick(st.sampled_from(lanes)).id, name=pick(st.text(max_size=4)))
    if kind == "add_persona":
        return c.AddPersona(journey, Persona(pick(st.text(max_size=4))), pick(index))
    if kind == "remove_persona" and personas:
        return c.RemovePersona(journey, pick(st.sampled_from(personas)).id)
    if kind == "set_emotion" and personas and steps:
        return c.SetEmotion(
            journey,
            pick(st.sampled_from(personas)).id,
            pick(st.sampled_from(steps)).id,
            pick(st.integers(-3, 3)),
        )
    if kind == "edit_map":
        return c.EditMap(journey, title=pick(st.text(max_size=6)))
    return None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_command_sequence_undone_gives_back_the_original_and_redone_the_final(
    data: st.DataObject,
) -> None:
    journey = blank_map()
    seed = c.History(journey)
    for i in range(4):
        seed.push(c.AddCard(journey, card_in(journey, i % 3, i % 5, f"seed {i}")))
    seed.push(c.SetEmotion(journey, journey.personas[0].id, journey.steps[0].id, 2, "ok"))
    original = journey.snapshot()
    history = c.History(journey)
    pushed = 0
    for _ in range(data.draw(st.integers(1, 25))):
        before = journey.snapshot()
        try:
            command = _commands_for(journey, data)
            if command is None:
                continue
            history.push(command)
        except ModelError:  # a command the map's rules refuse changes nothing
            assert journey.snapshot() == before
            continue
        pushed += 1
    final = journey.snapshot()
    for _ in range(pushed):
        history.undo()
    assert journey.snapshot() == original
    for _ in range(pushed):
        history.redo()
    assert journey.snapshot() == final


def test_emotion_point_keeps_note_when_only_score_changes(blank: JourneyMap) -> None:
    persona, step = blank.personas[0].id, blank.steps[0].id
    c.SetEmotion(blank, persona, step, 1, "calm").do()
    c.SetEmotion(blank, persona, step, -1).do()
    assert blank.emotion(persona, step) == EmotionPoint(persona, step, -1, "calm")
