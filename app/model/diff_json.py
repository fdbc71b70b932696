"""A diff as plain data: the stable JSON that ``cjm diff --json`` prints.

The structure is documented in docs/file-format.md ("cjm-diff"). Values are in
their cjm-json form (choices as tokens, numbers as numbers, pictures as base64),
each field under its JSON key; every element carries its ids and titles, every
place its parent's ids and names, so a tool needs neither map to read it.
Positions count from 0. Fields are those declared in ``fields.py``: a new field
appears here as soon as it is declared.
"""

from __future__ import annotations

from typing import Any

from app.model.codec import card_to_dict, plain_of, plain_value
from app.model.diff import (
    ADDED,
    CARD,
    CHANGED,
    KINDS,
    PERSONA,
    REMOVED,
    STAGE,
    STEP,
    ElementChange,
    EmotionChange,
    FieldChange,
    MapDiff,
    Place,
)
from app.model.entities import Card, MapInfo
from app.model.fields import declared
from app.model.journey import JourneyMap

DIFF_FORMAT = "cjm-diff"
DIFF_VERSION = 1


def diff_to_plain(
    diff: MapDiff,
    old: JourneyMap,
    new: JourneyMap,
    sources: tuple[dict[str, Any], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The diff as plain data. ``sources`` describes the old and the new map (file,
    snapshot...); each gets the map's title."""
    names = _Names(old, new)
    described = sources or ({}, {})
    plain: dict[str, Any] = {
        "format": DIFF_FORMAT,
        "version": DIFF_VERSION,
        "old": {**described[0], "title": old.info.title},
        "new": {**described[1], "title": new.info.title},
        "matched_by": "id" if diff.by_id else "counterpart links and id",
        "same": diff.is_empty,
        "summary": summary(diff),
        "map": [_field(MapInfo, change) for change in diff.info],
    }
    for kind in KINDS:
        plain[kind + "s"] = [_element(change, names) for change in diff.of_kind(kind)]
    plain["emotions"] = [_emotion(change, names) for change in diff.emotions]
    return plain


def summary(diff: MapDiff) -> dict[str, dict[str, int]]:
    """How many elements of each kind were added, removed, moved, reordered, renamed, edited."""
    counts: dict[str, dict[str, int]] = {"map": {"edited": len(diff.info)}}
    for kind in KINDS:
        found = dict.fromkeys(("added", "removed", "moved", "reordered", "renamed", "edited"), 0)
        for change in diff.of_kind(kind):
            if change.action != CHANGED:
                found[change.action] += 1
                continue
            found["moved"] += change.moved
            found["reordered"] += change.reordered
            found["renamed"] += change.renamed
            found["edited"] += bool(change.fields) if kind == CARD else change.edited
        counts[kind + "s"] = found
    emotions = dict.fromkeys((ADDED, REMOVED, CHANGED), 0)
    for point in diff.emotions:
        emotions[point.action] += 1
    counts["emotions"] = emotions
    return counts


def _field(element_type: type[Any], change: FieldChange) -> dict[str, Any]:
    spec = next(s for s in declared(element_type) if s.name == change.name)
    return {
        "field": spec.json,
        "old": plain_value(spec.kind, change.old),
        "new": plain_value(spec.kind, change.new),
    }


def _element(change: ElementChange, names: _Names) -> dict[str, Any]:
    element = change.new if change.new is not None else change.old
    plain: dict[str, Any] = {
        "change": change.action,
        "id": change.id,
        "old_id": change.old.id if change.old is not None else None,
        "title": change.title,
        "old_title": change.old_title if change.old is not None else None,
        "renamed": change.renamed,
        "moved": change.moved,
        "reordered": change.reordered,
        "fields": [_field(type(element), field) for field in change.fields],
        "from": names.place(change.kind, change.old_place, new=False),
        "to": names.place(change.kind, change.new_place, new=True),
    }
    if change.action != CHANGED:
        plain["element"] = card_to_dict(element) if isinstance(element, Card) else plain_of(
            element)
    return plain


def _emotion(change: EmotionChange, names: _Names) -> dict[str, Any]:
    point = change.new if change.new is not None else change.old
    assert point is not None
    is_new = change.new is not None
    return {
        "change": change.action,
        "persona": point.persona_id,
        "persona_name": names.name(PERSONA, point.persona_id, new=is_new),
        "step": point.step_id,
        "step_name": names.name(STEP, point.step_id, new=is_new),
        "old": change.old.score if change.old is not None else None,
        "new": change.new.score if change.new is not None else None,
        "delta": change.delta,
        "old_note": change.old.note if change.old is not None else None,
        "new_note": change.new.note if change.new is not None else None,
    }


class _Names:
    def __init__(self, old: JourneyMap, new: JourneyMap) -> None:
        self.names: dict[tuple[bool, str], dict[str, str]] = {}
        for is_new, journey in ((False, old), (True, new)):
            for kind, elements in ((PERSONA, journey.personas), (STAGE, journey.stages),
                                   (STEP, journey.steps), ("lane", journey.lanes)):  # fmt: skip
                self.names[(is_new, kind)] = {e.id: e.name for e in elements}

    def name(self, kind: str, element_id: str, *, new: bool) -> str | None:
        return self.names[(new, kind)].get(element_id)

    def place(self, kind: str, place: Place | None, *, new: bool) -> dict[str, Any] | None:
        if place is None:
            return None
        found: dict[str, Any] = {}
        if kind == CARD:
            lane_id, step_id = place.parent
            found = {
                "lane": lane_id, "lane_name": self.name("lane", lane_id, new=new),
                "step": step_id, "step_name": self.name(STEP, step_id, new=new),
            }  # fmt: skip
        elif kind == STEP:
            stage_id = place.parent[0]
            found = {"stage": stage_id, "stage_name": self.name(STAGE, stage_id, new=new)}
        return {**found, "position": place.index}
