"""The diff in words (what `cjm diff` prints) and as JSON (what `cjm diff --json` prints)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

from app.model import commands as c
from app.model.diff import diff_maps, value_fields
from app.model.diff_json import diff_to_plain
from app.model.diff_report import NO_DIFFERENCES, ONLY_MODIFIED, report, report_lines
from app.model.entities import Card, Lane, Metric
from app.model.fields import declared
from app.model.journey import JourneyMap
from app.model.vocab import Channel, LaneKind, MetricKind, Status
from tests.model.full_map import PNG_BYTES, full_map
from tests.model.test_diff import copy_of


def lines_of(old: JourneyMap, new: JourneyMap, one_line: int | None = 100) -> list[str]:
    diff = diff_maps(old, new)
    return report_lines(report(diff, old, new, one_line=one_line), diff)


def test_each_kind_of_change_in_words(retail: JourneyMap) -> None:
    before = copy_of(retail)
    card = next(retail.cards())
    lane, step = retail.lane(card.lane_id), retail.step(card.step_id)
    metrics = (Metric(MetricKind.CSAT, 4, target=5),)
    c.EditCard(retail, card.id, channel=Channel.EMAIL, status=Status.DONE, moment_of_truth=True,
               metrics=metrics).do()  # fmt: skip
    c.EditLane(retail, lane.id, name="Doing", min_height=120).do()
    c.AddLane(retail, Lane("Ideas", LaneKind.NOTES), 0).do()
    persona = retail.personas[-1]
    points = len([p for p in retail.emotions() if p.persona_id == persona.id])
    c.RemovePersona(retail, persona.id).do()
    lines = lines_of(before, retail)
    assert lines == [
        "Lanes: 1 added, 1 renamed, 1 edited",  # the lanes after "Ideas" keep their order
        '  added "Ideas" at position 1',
        f'  renamed and edited "{lane.name}" to "Doing"',
        "      min height: 90 pt -> 120 pt",
        "Personas: 1 removed",
        f'  removed "{persona.name}" with {points} emotion points',
        "Cards: 1 edited",
        f'  edited "{card.title}" in "Doing" / "{step.name}"',  # named as now
        f"      channel: {card.channel.label if card.channel else 'none'} -> Email",
        "      moment of truth: no -> yes",
        "      status: none -> Done",
        "      metrics: none -> CSAT 4 (target 5)",
    ]


def test_a_reorder_names_only_what_the_user_moved(retail: JourneyMap) -> None:
    before = copy_of(retail)
    c.MoveStage(retail, retail.stages[-1].id, 0).do()
    assert lines_of(before, retail) == [
        "Stages: 1 reordered",
        f'  reordered "{retail.stages[0].name}" from position {len(retail.stages)} to 1',
    ]


def test_long_and_multi_line_text_is_shortened_on_one_line(retail: JourneyMap) -> None:
    before = copy_of(retail)
    card = next(retail.cards())
    c.EditCard(retail, card.id, body="first line\nsecond line " + "x" * 200).do()
    [detail] = [line for line in lines_of(before, retail, one_line=40) if "body:" in line]
    new = detail.split(" -> ")[1]
    assert new.startswith('"first line ↵ second line') and new.endswith('…"')
    assert len(new) == 42  # 40 characters and the quotes
    full = report(diff_maps(before, retail), before, retail)  # for the PDF: all of it
    assert full[0].entries[0].details[0].new == f'"{retail.card(card.id).body}"'


def test_nothing_differs(retail: JourneyMap) -> None:
    assert lines_of(retail, copy_of(retail)) == [NO_DIFFERENCES]
    later = copy_of(retail)
    c.StampModified(later, datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)).do()
    assert lines_of(retail, later) == [ONLY_MODIFIED]
    assert [change.name for change in diff_maps(retail, later).info] == ["modified"]


def test_user_text_is_printed_as_typed(retail: JourneyMap) -> None:
    before = copy_of(retail)
    card = next(retail.cards())
    c.EditCard(retail, card.id, title='<b>R&D</b> "quoted"').do()
    assert f'      title: "{card.title}" -> "<b>R&D</b> "quoted""' in lines_of(before, retail)


def test_the_json_form_of_every_declared_card_field() -> None:
    """A card with every value field changed: each appears under its JSON key with its
    old and new value in the cjm-json form (so a newly declared field is listed too)."""
    journey = full_map()
    card = next(card for card in journey.cards() if card.metrics)
    other = next(o for o in journey.cards() if o.id != card.id and o.lane_id == card.lane_id)
    changed = copy_of(journey)
    values = {name: getattr(other, name) for name in value_fields(Card)}
    c.EditCard(changed, card.id, **values).do()
    plain = diff_to_plain(diff_maps(journey, changed), journey, changed)
    json.dumps(plain)  # plain data all the way down
    [entry] = [e for e in plain["cards"] if e["id"] == card.id]
    differing = {spec.json for spec in declared(Card) if spec.name in value_fields(Card)
                 and getattr(card, spec.name) != getattr(other, spec.name)}  # fmt: skip
    assert {field["field"] for field in entry["fields"]} == differing
    assert len(differing) >= 5
    metrics = next(field for field in entry["fields"] if field["field"] == "metrics")
    assert metrics["old"][0]["kind"] == card.metrics[0].kind.value


def test_a_persona_photo_in_words_and_in_json() -> None:
    journey = full_map()
    persona = next(p for p in journey.personas if p.photo)
    changed = copy_of(journey)
    c.EditPersona(changed, persona.id, photo=None).do()
    assert len(PNG_BYTES) < 1024  # shown as "1 KB", the least a picture is said to weigh
    assert "      photo: a picture (1 KB) -> none" in lines_of(journey, changed)
    plain = diff_to_plain(diff_maps(journey, changed), journey, changed)
    [field] = plain["personas"][0]["fields"]
    assert field["field"] == "photo" and field["new"] is None and isinstance(field["old"], str)


def test_points_of_a_kept_persona_are_listed_with_their_delta(retail: JourneyMap) -> None:
    before = copy_of(retail)
    point = retail.emotions()[0]
    persona, step = retail.persona(point.persona_id), retail.step(point.step_id)
    new_score = point.score + 1 if point.score < retail.info.scale.maximum else point.score - 1
    c.SetEmotion(retail, point.persona_id, point.step_id, new_score, "calmer").do()
    lines = lines_of(before, retail)
    assert lines[:2] == [
        "Emotions: 1 changed",
        f'  changed "{persona.name}" at "{step.name}": {point.score} -> {new_score} '
        f"({new_score - point.score:+d})",
    ]
    assert lines[2] == f'      note: "{point.note}" -> "calmer"'
    assert dataclasses.replace(point, score=new_score, note="calmer") == retail.emotion(
        point.persona_id, point.step_id)
