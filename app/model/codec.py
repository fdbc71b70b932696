"""The plain form of a map: nested dicts and lists, as written to cjm-json files.

``map_to_dict`` (here) and ``map_from_dict`` (in ``codec_read``, re-exported here)
are exact inverses for every map. Templates, the JSON export and the JSON import
all go through this module.
"""

from __future__ import annotations

import base64
from typing import Any

from app.model.codec_read import (
    FORMAT_NAME,
    FORMAT_VERSION,
    FormatError,
    map_from_dict,
    parse_datetime,
)
from app.model.entities import Card
from app.model.fields import Kind, declared
from app.model.journey import JourneyMap
from app.model.rules import is_colour

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "FormatError",
    "card_to_dict",
    "is_colour",
    "map_from_dict",
    "map_to_dict",
    "parse_datetime",
    "plain_value",
    "with_fresh_ids",
]


# ---------------------------------------------------------------------- writing
def map_to_dict(journey: JourneyMap) -> dict[str, Any]:
    """The whole map as plain data, every element with its id, in map order."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "map": plain_of(journey.info),
        "personas": [plain_of(persona) for persona in journey.personas],
        "stages": [
            {
                **plain_of(stage),
                "steps": [plain_of(step, skip="stage_id") for step in journey.steps_of(stage.id)],
            }
            for stage in journey.stages
        ],
        "lanes": [plain_of(lane) for lane in journey.lanes],
        "cards": [card_to_dict(card) for card in journey.cards()],
        "emotions": [plain_of(point) for point in journey.emotions()],
    }


def card_to_dict(card: Card) -> dict[str, Any]:
    """One card as plain data (also the clipboard form of a card)."""
    return plain_of(card)


def plain_of(element: Any, skip: str = "") -> dict[str, Any]:
    """An element as plain data, each declared field under its JSON key (``skip`` left out).

    The id comes first, so a reader of the file finds it at once.
    """
    return {
        key: getattr(element, name) if plain else _plain_value(kind, getattr(element, name))
        for key, name, kind, plain in _field_order(type(element))
        if name != skip
    }


#: Kinds whose values are written as they are (text, ids, colours, flags, whole numbers).
_AS_IS = frozenset(Kind) - {
    Kind.CHOICE, Kind.OPTIONAL_CHOICE, Kind.NUMBER, Kind.OPTIONAL_NUMBER, Kind.PICTURE,
    Kind.DATE, Kind.TEXTS, Kind.METRICS, Kind.EVIDENCE, Kind.SCALE, Kind.LABELS,
}  # fmt: skip


_FIELD_ORDERS: dict[type[Any], tuple[tuple[str, str, Kind, bool], ...]] = {}


def _field_order(element_type: type[Any]) -> tuple[tuple[str, str, Kind, bool], ...]:
    """(JSON key, field name, kind, written as it is) of each declared field, the id first;
    worked out once per element type, since a map has thousands of cards."""
    order = _FIELD_ORDERS.get(element_type)
    if order is None:
        specs = sorted(declared(element_type), key=lambda spec: spec.kind is not Kind.ID)
        order = tuple((spec.json, spec.name, spec.kind, spec.kind in _AS_IS) for spec in specs)
        _FIELD_ORDERS[element_type] = order
    return order


def plain_value(kind: Kind, value: Any) -> Any:
    """A field's value as plain data, by the kind it is declared with (as in cjm-json)."""
    return _plain_value(kind, value)


def _plain_value(kind: Kind, value: Any) -> Any:
    if value is None:
        return None
    if kind in (Kind.CHOICE, Kind.OPTIONAL_CHOICE):
        return value.value
    if kind in (Kind.NUMBER, Kind.OPTIONAL_NUMBER):
        return float(value)
    if kind is Kind.PICTURE:
        return base64.b64encode(value).decode("ascii")
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.TEXTS:
        return list(value)
    if kind is Kind.METRICS:
        return [plain_of(metric) for metric in value]
    if kind in (Kind.EVIDENCE, Kind.SCALE):
        return plain_of(value)
    if kind is Kind.LABELS:
        return {str(score): text for score, text in value}
    return value


def with_fresh_ids(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of a plain map in which every element id is replaced by a new uuid4.

    References (card lane/step, emotion persona/step) follow their elements, so
    two maps made from one template never share an id.
    """
    import copy

    from app.model.entities import new_id

    fresh = copy.deepcopy(data)
    mapping: dict[str, str] = {}

    def renew(element: dict[str, Any]) -> None:
        old = element.get("id")
        if isinstance(old, str):
            mapping[old] = element["id"] = new_id()

    for persona in fresh.get("personas", []):
        renew(persona)
    for stage in fresh.get("stages", []):
        renew(stage)
        for step in stage.get("steps", []):
            renew(step)
    for lane in fresh.get("lanes", []):
        renew(lane)
    for card in fresh.get("cards", []):
        renew(card)
        for key in ("lane", "step"):
            card[key] = mapping.get(card.get(key), card.get(key))
    for point in fresh.get("emotions", []):
        for key in ("persona", "step"):
            point[key] = mapping.get(point.get(key), point.get(key))
    return fresh
