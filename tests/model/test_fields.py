"""Every declared field of every element travels every path: store, JSON, workbook, clipboard.

An element that gets a new field must declare it (app/model/fields.py), and
full_map() must give it a non-default value; then each path below fails until
it carries the field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.model.codec import map_from_dict, map_to_dict
from app.model.entities import Card, EmotionPoint, Lane, MapInfo, Persona, Stage, Step
from app.model.fields import ELEMENT_FIELDS, declared, field_names
from app.model.journey import JourneyMap
from app.model.store import open_map, save_map
from tests.model.full_map import full_map


def elements_of(journey: JourneyMap) -> Iterator[Any]:
    """Every element of the map, the records inside them included."""
    yield journey.info
    yield journey.info.scale
    yield from journey.personas
    yield from journey.stages
    yield from journey.steps
    yield from journey.lanes
    for card in journey.cards():
        yield card
        yield card.evidence
        yield from card.metrics
    yield from journey.emotions()


def default_of(element_type: type[Any], name: str) -> Any:
    """The value a field has when it is not given, or a marker for a field without default."""
    if hasattr(element_type, "_field_defaults"):
        defaults: dict[str, Any] = element_type._field_defaults
        return defaults.get(name, _REQUIRED)
    spec = {f.name: f for f in dataclasses.fields(element_type)}[name]
    if spec.default is not dataclasses.MISSING:
        return spec.default
    if spec.default_factory is not dataclasses.MISSING:
        return _FRESH  # made new each time (ids, dates): any stored value differs
    return _REQUIRED


_REQUIRED, _FRESH = object(), object()


@pytest.mark.parametrize("element_type", list(ELEMENT_FIELDS), ids=lambda t: t.__name__)
def test_every_field_of_an_element_is_declared_in_order(element_type: type[Any]) -> None:
    assert tuple(spec.name for spec in declared(element_type)) == field_names(element_type)


@pytest.mark.parametrize("element_type", list(ELEMENT_FIELDS), ids=lambda t: t.__name__)
def test_full_map_sets_every_field_to_a_value_other_than_its_default(
    element_type: type[Any],
) -> None:
    instances = [e for e in elements_of(full_map()) if type(e) is element_type]
    assert instances, f"full_map has no {element_type.__name__}"
    for name in field_names(element_type):
        default = default_of(element_type, name)
        values = [getattr(e, name) for e in instances]
        if default is _REQUIRED:
            assert any(values), f"{element_type.__name__}.{name} is empty everywhere in full_map"
        elif default is not _FRESH:
            assert any(v != default for v in values), (
                f"full_map never sets {element_type.__name__}.{name} to a non-default value"
            )


# ---------------------------------------------------------------------- the paths
def through_store(journey: JourneyMap, folder: Path) -> JourneyMap:
    save_map(journey, folder / "map.cjm")
    return open_map(folder / "map.cjm")


def through_json(journey: JourneyMap, _folder: Path) -> JourneyMap:
    return map_from_dict(map_to_dict(journey))


def through_workbook(journey: JourneyMap, folder: Path) -> JourneyMap:
    from app.export.xlsx_export import export_workbook
    from app.export.xlsx_import import read_workbook

    export_workbook(journey, folder / "map.xlsx")
    return read_workbook(folder / "map.xlsx")


def through_clipboard(journey: JourneyMap, _folder: Path) -> JourneyMap:
    """Cards copied and pasted back; the rest of the map does not travel this way."""
    from app.ui.clipboard import cards_from_mime, cards_to_mime

    pasted = {card.id: card for card in cards_from_mime(cards_to_mime(list(journey.cards())))}
    return JourneyMap.build(
        journey.info,
        journey.personas,
        journey.stages,
        journey.steps,
        journey.lanes,
        [pasted[card.id] for card in journey.cards()],
        journey.emotions(),
    )


PATHS: dict[str, Callable[[JourneyMap, Path], JourneyMap]] = {
    "store": through_store,
    "json": through_json,
    "workbook": through_workbook,
    "clipboard": through_clipboard,
}
ELEMENTS_BY_ID = (Persona, Stage, Step, Lane, Card)


@pytest.mark.parametrize("path_name", list(PATHS))
def test_every_declared_field_travels_each_path(path_name: str, tmp_path: Path) -> None:
    original = full_map()
    travelled = PATHS[path_name](original, tmp_path)
    before = list(elements_of(original))
    after = list(elements_of(travelled))
    assert [type(e) for e in after] == [type(e) for e in before]
    lost = [
        f"{type(old).__name__}.{name}"
        for old, new in zip(before, after, strict=True)
        for name in field_names(type(old))
        if getattr(old, name) != getattr(new, name)
    ]
    assert lost == [], f"the {path_name} path does not carry: {sorted(set(lost))}"


def test_the_emotion_points_and_map_info_are_elements_too() -> None:
    # Guards elements_of: every declared element type appears in full_map.
    found = {type(e) for e in elements_of(full_map())}
    assert set(ELEMENT_FIELDS) <= found
    assert {MapInfo, EmotionPoint, *ELEMENTS_BY_ID} <= found
