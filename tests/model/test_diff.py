"""The semantic diff: what it reports for each kind of change, and that it is complete.

The property: for a random map A (tests/model/strategies.py) and a map B made from
it by random commands (every kind of edit, move, addition and removal), applying
the diff of A and B to A gives B exactly, and a map compared with itself is the same.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.model import commands as c
from app.model.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    FieldChange,
    MapDiff,
    diff_maps,
    future_diff,
    longest_increasing,
)
from app.model.diff_apply import ApplyDiff, apply_diff
from app.model.document import Counterpart, MapDocument
from app.model.entities import Card, EmotionScale, Lane, Persona, Stage, Step
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.vocab import CardKind, LaneKind, Status
from tests.model import strategies as s


def copy_of(journey: JourneyMap) -> JourneyMap:
    """An independent map equal to ``journey`` (elements are immutable and shared)."""
    return JourneyMap.build(
        journey.info,
        journey.personas,
        journey.stages,
        journey.steps,
        journey.lanes,
        journey.cards(),
        journey.emotions(),
    )


# ---------------------------------------------------------------------- random commands
def _random_command(journey: JourneyMap, data: st.DataObject) -> c.Command | None:
    """One command of any kind on ``journey``, with values drawn by the model's strategies."""
    pick = data.draw
    lanes, steps, stages = journey.lanes, journey.steps, journey.stages
    personas, cards = journey.personas, list(journey.cards())
    index = st.integers(0, 5)
    kind = pick(
        st.sampled_from(
            [
                "add_card", "add_card", "move_card", "reorder_card", "edit_card", "edit_card",
                "remove_card", "add_stage", "remove_stage", "move_stage", "edit_stage",
                "add_step", "remove_step", "move_step", "edit_step", "add_lane", "remove_lane",
                "move_lane", "edit_lane", "add_persona", "remove_persona", "move_persona",
                "move_persona",
                "edit_persona", "set_emotion", "set_emotion", "remove_emotion", "edit_map",
                "edit_scale",
            ]
        )
    )  # fmt: skip
    if kind == "add_card" and lanes and steps:
        lane, step = pick(st.sampled_from(lanes)), pick(st.sampled_from(steps))
        card = Card(pick(s.texts()), lane.id, step.id, pick(st.sampled_from(CardKind)),
                    body=pick(s.texts()))  # fmt: skip
        return c.AddCard(journey, card, pick(index))
    if kind == "move_card" and cards:
        return c.MoveCard(journey, pick(st.sampled_from(cards)).id, pick(st.sampled_from(lanes)).id,
                          pick(st.sampled_from(steps)).id, pick(index))  # fmt: skip
    if kind == "reorder_card" and cards:  # within its own cell
        card = pick(st.sampled_from(cards))
        return c.MoveCard(journey, card.id, card.lane_id, card.step_id, pick(index))
    if kind == "edit_card" and cards:
        card = pick(st.sampled_from(cards))
        changes = {
            "title": pick(s.texts()), "body": pick(s.long_texts()), "severity": pick(st.none()
            | st.integers(1, 5)), "status": pick(st.none() | st.sampled_from(Status)),
            "tags": tuple(pick(st.lists(s.texts(), max_size=3))), "metrics":
            tuple(pick(st.lists(s.metrics(), max_size=2))), "evidence": pick(s.evidence()),
            "colour": pick(s.colours()), "moment_of_truth": pick(st.booleans()),
        }  # fmt: skip
        chosen = pick(st.lists(st.sampled_from(sorted(changes)), min_size=1, unique=True))
        return c.EditCard(journey, card.id, **{name: changes[name] for name in chosen})
    if kind == "remove_card" and cards:
        return c.RemoveCard(journey, pick(st.sampled_from(cards)).id)
    if kind == "add_stage":
        stage = Stage(pick(s.texts()))
        return c.AddStage(journey, stage, pick(index), [Step(pick(s.texts()), stage.id)])
    if kind == "remove_stage" and stages:
        return c.RemoveStage(journey, pick(st.sampled_from(stages)).id)
    if kind == "move_stage" and stages:
        return c.MoveStage(journey, pick(st.sampled_from(stages)).id, pick(index))
    if kind == "edit_stage" and stages:
        return c.EditStage(journey, pick(st.sampled_from(stages)).id, name=pick(s.texts()),
                           goal=pick(s.texts()))  # fmt: skip
    if kind == "add_step" and stages:
        step = Step(pick(s.texts()), pick(st.sampled_from(stages)).id, width=pick(st.sampled_from(
            [120.0, 200.0, 333.5])))  # fmt: skip
        return c.AddStep(journey, step, pick(index))
    if kind == "remove_step" and steps:
        return c.RemoveStep(journey, pick(st.sampled_from(steps)).id)
    if kind == "move_step" and steps:
        return c.MoveStep(journey, pick(st.sampled_from(steps)).id,
                          pick(st.sampled_from(stages)).id, pick(index))  # fmt: skip
    if kind == "edit_step" and steps:
        return c.EditStep(journey, pick(st.sampled_from(steps)).id, name=pick(s.texts()),
                          description=pick(s.texts()), width=pick(st.sampled_from([50.0, 210.0])))
    if kind == "add_lane":
        return c.AddLane(journey, Lane(pick(s.texts()), pick(st.sampled_from(LaneKind))),
                         pick(index))  # fmt: skip
    if kind == "remove_lane" and lanes:
        return c.RemoveLane(journey, pick(st.sampled_from(lanes)).id)
    if kind == "move_lane" and lanes:
        return c.MoveLane(journey, pick(st.sampled_from(lanes)).id, pick(index))
    if kind == "edit_lane" and lanes:
        return c.EditLane(journey, pick(st.sampled_from(lanes)).id, name=pick(s.texts()),
                          colour=pick(s.colours()), min_height=pick(st.sampled_from([40.0, 90.0])))
    if kind == "add_persona":
        persona = Persona(pick(s.texts()), is_primary=pick(st.booleans()), photo=pick(s.photos()))
        if persona.is_primary and journey.primary_persona is not None:
            persona = dataclasses.replace(persona, is_primary=False)
        return c.AddPersona(journey, persona, pick(index))
    if kind == "remove_persona" and personas:
        return c.RemovePersona(journey, pick(st.sampled_from(personas)).id)
    if kind == "move_persona" and personas:
        return c.MovePersona(journey, pick(st.sampled_from(personas)).id, pick(index))
    if kind == "edit_persona" and personas:
        return c.EditPersona(journey, pick(st.sampled_from(personas)).id, name=pick(s.texts()),
                             quote=pick(s.texts()), is_primary=pick(st.booleans()),
                             photo=pick(s.photos()))  # fmt: skip
    if kind == "set_emotion" and personas and steps:
        scale = journey.info.scale
        return c.SetEmotion(journey, pick(st.sampled_from(personas)).id,
                            pick(st.sampled_from(steps)).id,
                            pick(st.integers(scale.minimum, scale.maximum)),
                            pick(st.none() | s.texts()))  # fmt: skip
    if kind == "remove_emotion" and journey.emotions():
        point = pick(st.sampled_from(journey.emotions()))
        return c.RemoveEmotion(journey, point.persona_id, point.step_id)
    if kind == "edit_map":
        return c.EditMap(journey, title=pick(s.texts()), objective=pick(s.texts()))
    if kind == "edit_scale":
        return c.EditMap(journey, scale=pick(s.scales()))  # refused if points fall off it
    return None


def changed_copy(journey: JourneyMap, data: st.DataObject, most: int = 15) -> JourneyMap:
    """A copy of ``journey`` changed by up to ``most`` random commands."""
    changed = copy_of(journey)
    for _ in range(data.draw(st.integers(1, most))):
        try:
            command = _random_command(changed, data)
            if command is not None:
                command.do()
        except ModelError:  # a command the rules refuse changes nothing
            continue
    return changed


@s.PROPERTY_SETTINGS
@given(s.maps(), st.data())
def test_applying_the_diff_of_a_and_b_to_a_gives_b(a: JourneyMap, data: st.DataObject) -> None:
    b = changed_copy(a, data)
    assert diff_maps(a, copy_of(a)).is_empty
    assert diff_maps(b, b).is_empty
    diff = diff_maps(a, b)
    assert diff.is_empty == (a.snapshot() == b.snapshot())
    target = copy_of(a)
    command = apply_diff(target, diff)
    assert target.snapshot() == b.snapshot()
    command.undo()  # one undoable step, back to A exactly
    assert target.snapshot() == a.snapshot()
    command.do()
    assert target.snapshot() == b.snapshot()
    assert diff_maps(target, b).is_empty


@s.PROPERTY_SETTINGS
@given(s.maps(), st.data())
def test_the_diff_backwards_turns_b_back_into_a(a: JourneyMap, data: st.DataObject) -> None:
    b = changed_copy(a, data)
    target = copy_of(b)
    apply_diff(target, diff_maps(b, a))
    assert target.snapshot() == a.snapshot()


# ---------------------------------------------------------------------- what it reports
def test_a_card_edited_moved_added_and_removed(retail: JourneyMap) -> None:
    before = copy_of(retail)
    first, second, third = list(retail.cards())[:3]
    lane, step = retail.lanes[-1], retail.steps[-1]
    c.EditCard(retail, first.id, title="Renamed card", severity=4).do()
    c.MoveCard(retail, second.id, lane.id, step.id, 0).do()
    c.RemoveCard(retail, third.id).do()
    added = Card("Brand new", lane.id, step.id)
    c.AddCard(retail, added).do()
    diff = diff_maps(before, retail)
    by_id = {change.id: change for change in diff.cards}
    edited = by_id[first.id]
    assert edited.action == CHANGED and not edited.moved
    assert FieldChange("title", first.title, "Renamed card") in edited.fields
    assert FieldChange("severity", first.severity, 4) in edited.fields
    assert edited.renamed and edited.edited
    moved = by_id[second.id]
    assert moved.moved and moved.fields == ()
    assert moved.old_place is not None
    assert moved.old_place.parent == (second.lane_id, second.step_id)
    assert moved.new_place is not None and moved.new_place.parent == (lane.id, step.id)
    assert by_id[third.id].action == REMOVED and by_id[third.id].old == third
    assert by_id[added.id].action == ADDED and by_id[added.id].new == added
    assert len(diff.cards) == 4  # nothing else is reported


def test_a_reorder_reports_only_the_element_that_moved(retail: JourneyMap) -> None:
    before = copy_of(retail)
    last = retail.stages[-1]
    c.MoveStage(retail, last.id, 0).do()
    diff = diff_maps(before, retail)
    assert [(change.id, change.reordered) for change in diff.stages] == [(last.id, True)]
    place = diff.stages[0]
    assert place.old_place is not None and place.new_place is not None
    assert (place.old_place.index, place.new_place.index) == (len(retail.stages) - 1, 0)
    assert diff.steps == () and diff.cards == ()  # their places within their parents stay


def test_renamed_stage_and_step_moved_to_another_stage(retail: JourneyMap) -> None:
    before = copy_of(retail)
    first, second = retail.stages[:2]
    step = retail.steps_of(first.id)[0]
    c.EditStage(retail, first.id, name="Explore").do()
    c.MoveStep(retail, step.id, second.id, 0).do()
    diff = diff_maps(before, retail)
    [stage] = diff.stages
    assert stage.renamed and not stage.edited and (stage.old_title, stage.title) == (
        first.name, "Explore")
    moved = next(change for change in diff.steps if change.id == step.id)
    assert moved.moved and moved.new_place is not None
    assert moved.new_place.parent == (second.id,)


def test_emotion_scores_with_their_delta(retail: JourneyMap) -> None:
    before = copy_of(retail)
    point = retail.emotions()[0]
    c.SetEmotion(retail, point.persona_id, point.step_id, point.score - 2 if point.score > 0
                 else point.score + 2).do()  # fmt: skip
    [change] = diff_maps(before, retail).emotions
    assert change.action == CHANGED and change.old == point
    assert change.delta == (2 if point.score <= 0 else -2)


def test_current_and_future_are_matched_through_counterpart_links(retail: JourneyMap) -> None:
    """A future map built with new ids: linked elements compare as the same element."""
    ids: dict[str, str] = {}

    def renamed(element_id: str) -> str:
        return ids.setdefault(element_id, f"future-{len(ids)}")

    future = JourneyMap.build(
        retail.info,
        [dataclasses.replace(p, id=renamed(p.id)) for p in retail.personas],
        [dataclasses.replace(s, id=renamed(s.id)) for s in retail.stages],
        [dataclasses.replace(s, id=renamed(s.id), stage_id=ids[s.stage_id]) for s in retail.steps],
        [dataclasses.replace(lane, id=renamed(lane.id)) for lane in retail.lanes],
        [card._replace(id=renamed(card.id), lane_id=ids[card.lane_id], step_id=ids[card.step_id])
         for card in retail.cards()],
        [dataclasses.replace(p, persona_id=ids[p.persona_id], step_id=ids[p.step_id])
         for p in retail.emotions()],
    )  # fmt: skip
    first = next(retail.cards())
    c.EditCard(future, ids[first.id], title="Self-service kiosk").do()
    links = [Counterpart(current, fut) for current, fut in ids.items()]
    document = MapDocument(retail, future=future, counterparts=links)
    diff = future_diff(document)
    assert not diff.by_id
    assert [(ch.id, ch.fields) for ch in diff.cards] == [
        (ids[first.id], (FieldChange("title", first.title, "Self-service kiosk"),))
    ]
    assert (diff.stages, diff.steps, diff.lanes, diff.personas, diff.emotions) == ((),) * 5
    unlinked = diff_maps(retail, future)  # without the links: everything new
    assert {ch.action for ch in unlinked.cards} == {ADDED, REMOVED}
    with pytest.raises(ModelError, match="counterpart"):
        ApplyDiff(copy_of(retail), diff)


def test_a_diff_refuses_a_map_it_was_not_made_from(retail: JourneyMap) -> None:
    before = copy_of(retail)
    card = next(retail.cards())
    c.EditCard(retail, card.id, title="Now").do()
    diff = diff_maps(before, retail)
    other = copy_of(before)
    c.EditCard(other, card.id, title="Meanwhile").do()
    expected = other.snapshot()
    with pytest.raises(ModelError, match="not as the changes expect"):
        apply_diff(other, diff)
    assert other.snapshot() == expected  # all or nothing


def test_a_narrowed_scale_is_applied_after_the_points_it_leaves_out(retail: JourneyMap) -> None:
    before = copy_of(retail)
    for point in retail.emotions():
        if not -1 <= point.score <= 1:
            c.SetEmotion(retail, point.persona_id, point.step_id, 0).do()
    c.EditMap(retail, scale=EmotionScale(-1, 1, ())).do()
    target = copy_of(before)
    apply_diff(target, diff_maps(before, retail))
    assert target.snapshot() == retail.snapshot()


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], []), ([3], [0]), ([0, 1, 2], [0, 1, 2]), ([2, 0, 1], [1, 2]), ([1, 0], [1])],
)
def test_longest_increasing(values: list[int], expected: list[int]) -> None:
    assert longest_increasing(values) == expected


def test_an_empty_diff_is_empty() -> None:
    assert MapDiff().is_empty
