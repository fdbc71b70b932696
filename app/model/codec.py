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
from app.model.entities import Card, Persona
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
    "with_fresh_ids",
]


# ---------------------------------------------------------------------- writing
def map_to_dict(journey: JourneyMap) -> dict[str, Any]:
    """The whole map as plain data, every element with its id, in map order."""
    info = journey.info
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "map": {
            "title": info.title,
            "objective": info.objective,
            "description": info.description,
            "state": info.state.value,
            "author": info.author,
            "organisation": info.organisation,
            "created": info.created.isoformat(),
            "modified": info.modified.isoformat(),
            "scale": {
                "min": info.scale.minimum,
                "max": info.scale.maximum,
                "labels": {str(score): text for score, text in info.scale.labels},
            },
        },
        "personas": [_persona_to_dict(p) for p in journey.personas],
        "stages": [
            {
                "id": stage.id,
                "name": stage.name,
                "goal": stage.goal,
                "steps": [
                    {
                        "id": step.id,
                        "name": step.name,
                        "description": step.description,
                        "width": step.width,
                    }
                    for step in journey.steps_of(stage.id)
                ],
            }
            for stage in journey.stages
        ],
        "lanes": [
            {
                "id": lane.id,
                "name": lane.name,
                "kind": lane.kind.value,
                "colour": lane.colour,
                "min_height": lane.min_height,
            }
            for lane in journey.lanes
        ],
        "cards": [card_to_dict(card) for card in journey.cards()],
        "emotions": [
            {"persona": p.persona_id, "step": p.step_id, "score": p.score, "note": p.note}
            for p in journey.emotions()
        ],
    }


def _persona_to_dict(persona: Persona) -> dict[str, Any]:
    return {
        "id": persona.id,
        "name": persona.name,
        "role": persona.role,
        "quote": persona.quote,
        "goals": persona.goals,
        "needs": persona.needs,
        "frustrations": persona.frustrations,
        "notes": persona.notes,
        "colour": persona.colour,
        "photo": base64.b64encode(persona.photo).decode("ascii") if persona.photo else None,
        "primary": persona.is_primary,
        "show_curve": persona.show_curve,
    }


def card_to_dict(card: Card) -> dict[str, Any]:
    """One card as plain data (also the clipboard form of a card)."""
    return {
        "id": card.id,
        "lane": card.lane_id,
        "step": card.step_id,
        "kind": card.kind.value,
        "title": card.title,
        "body": card.body,
        "channel": card.channel.value if card.channel else None,
        "owner": card.owner,
        "moment_of_truth": card.moment_of_truth,
        "severity": card.severity,
        "impact": card.impact,
        "effort": card.effort,
        "status": card.status.value if card.status else None,
        "metrics": [
            {
                "kind": m.kind.value,
                "name": m.name,
                "value": float(m.value),
                "unit": m.unit,
                "target": None if m.target is None else float(m.target),
            }
            for m in card.metrics
        ],
        "evidence": {
            "quotes": list(card.evidence.quotes),
            "source": card.evidence.source,
            "confidence": card.evidence.confidence.value,
        },
        "tags": list(card.tags),
        "colour": card.colour,
    }


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
