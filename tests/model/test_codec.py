"""The cjm-json form: exact round trips and errors that name the bad value's path."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from app.export.json_form import dumps
from app.model.codec import FormatError, map_from_dict, map_to_dict, with_fresh_ids
from tests.model.full_map import full_map


def test_every_field_survives_the_plain_form() -> None:
    journey = full_map()
    assert map_from_dict(map_to_dict(journey)).snapshot() == journey.snapshot()


def test_export_import_export_gives_the_same_json() -> None:
    text = dumps(full_map())
    assert dumps(map_from_dict(json.loads(text))) == text


def test_the_json_names_its_format_and_every_element_has_an_id() -> None:
    data = map_to_dict(full_map())
    assert data["format"] == "cjm-json" and data["version"] == 1
    for key in ("personas", "stages", "lanes", "cards"):
        assert all(isinstance(element["id"], str) for element in data[key])
    assert {"id", "kind", "title", "body", "lane", "step"} <= data["cards"][0].keys()


def broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(map_to_dict(full_map()))
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["cards"][2].update(lane="nowhere"),
            "cards[2].lane: unknown lane id 'nowhere'",
        ),
        (lambda d: d["cards"][0].update(channel="fax"), "cards[0].channel: unknown channel 'fax'"),
        (lambda d: d["cards"][2].update(severity=9), "cards[2].severity: must be between 1 and 5"),
        (lambda d: d["cards"][0].update(title=5), "cards[0].title: expected text"),
        (
            lambda d: d["cards"][0]["metrics"][1].update(value=300),
            "cards[0].metrics[1]: NPS must be between -100 and 100",
        ),
        (lambda d: d["emotions"][0].update(score=5), "emotions[0].score: 5 is outside the scale"),
        (lambda d: d["stages"][0]["steps"][0].update(width=-1), "stages[0].steps[0].width"),
        (lambda d: d["map"].update(created="yesterday"), "map.created: not a date"),
        (lambda d: d["lanes"][1].pop("kind"), "lanes[1].kind: missing"),
        (lambda d: d["cards"][1].update(titel="typo"), "cards[1].titel: unknown field"),
        (lambda d: d["cards"][1].update(id=d["cards"][0]["id"]), "cards[1].id: duplicate id"),
        (lambda d: d.update(format="other"), "format: expected 'cjm-json'"),
        (lambda d: d.update(version=99), "version: written by a newer CJM Studio"),
    ],
)
def test_bad_values_name_their_path(change: Any, message: str) -> None:
    with pytest.raises(FormatError) as caught:
        map_from_dict(broken(change))
    assert str(caught.value).startswith(message)


def test_fresh_ids_keep_references_and_share_nothing() -> None:
    data = map_to_dict(full_map())
    fresh = with_fresh_ids(data)
    old_ids = {card["id"] for card in data["cards"]}
    assert not old_ids & {card["id"] for card in fresh["cards"]}
    rebuilt = map_from_dict(fresh)
    assert [card.title for card in rebuilt.cards()] == [card["title"] for card in data["cards"]]
