"""Reading the plain (cjm-json) form of a map, checking every value.

``map_from_dict`` builds a map from nested dicts and lists and names the path of
the first bad value, for example ``cards[12].lane: unknown lane id 'x'``.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

from app.model.entities import (
    Card,
    EmotionPoint,
    EmotionScale,
    Evidence,
    Lane,
    MapInfo,
    Metric,
    Persona,
    Stage,
    Step,
)
from app.model.errors import ModelError
from app.model.fields import declared
from app.model.journey import JourneyMap
from app.model.rules import element_problem, emotion_problem, scale_problem
from app.model.vocab import (
    CardKind,
    Channel,
    Confidence,
    LaneKind,
    MapState,
    MetricKind,
    Status,
)

FORMAT_NAME = "cjm-json"
FORMAT_VERSION = 1

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


class FormatError(ValueError):
    """A value in a plain map is missing or wrong; ``path`` says where."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path
        self.problem = problem


# ---------------------------------------------------------------------- reading
class _Obj:
    """Typed access to one JSON object, naming the path in every error."""

    def __init__(self, value: Any, path: str, fields: set[str]) -> None:
        if not isinstance(value, dict):
            raise FormatError(path, "expected an object")
        unknown = sorted(set(value) - fields)
        if unknown:
            raise FormatError(_join(path, unknown[0]), "unknown field")
        self.value = value
        self.path = path

    def at(self, key: str) -> str:
        return _join(self.path, key)

    def get(self, key: str, kind: type[T] | tuple[type, ...], default: Any = ...) -> Any:
        if key not in self.value:
            if default is ...:
                raise FormatError(self.at(key), "missing")
            return default
        value = self.value[key]
        if value is None and default is None:
            return None
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise FormatError(self.at(key), f"expected a number, got {value!r}")
        if not isinstance(value, kind):
            raise FormatError(self.at(key), f"expected {_kind_name(kind)}, got {_short(value)}")
        return value

    def text(self, key: str, default: str | None = "") -> str:
        value = self.get(key, str, default)
        return "" if value is None else str(value)

    def number(self, key: str, default: Any = ...) -> Any:
        value = self.get(key, (int, float), default)
        return value

    def integer(self, key: str, default: Any = ...) -> Any:
        return self.get(key, int, default)

    def flag(self, key: str, default: bool = False) -> bool:
        return bool(self.get(key, bool, default))

    def choice(self, key: str, enum: type[E], default: Any = ...) -> Any:
        token = self.get(key, str, default)
        if token is None or token is default:
            return token
        try:
            return enum(token)
        except ValueError:
            raise FormatError(self.at(key), f"unknown {_enum_name(enum)} {token!r}") from None

    def items(self, key: str) -> list[Any]:
        value = self.get(key, list, [])
        return list(value)


def map_from_dict(data: Any) -> JourneyMap:
    """A map built from plain data; raises FormatError naming the first bad value."""
    root = _Obj(
        data, "", {"format", "version", "map", "personas", "stages", "lanes", "cards", "emotions"}
    )
    if root.get("format", str) != FORMAT_NAME:
        raise FormatError("format", f"expected {FORMAT_NAME!r}")
    version = root.integer("version")
    if version > FORMAT_VERSION:
        raise FormatError(
            "version",
            f"written by a newer CJM Studio (version {version}); this reads {FORMAT_VERSION}",
        )
    info = _info_from(root.get("map", dict))
    personas = [_persona_from(v, f"personas[{i}]") for i, v in enumerate(root.items("personas"))]
    stages: list[Stage] = []
    steps: list[Step] = []
    for i, value in enumerate(root.items("stages")):
        obj = _Obj(value, f"stages[{i}]", {"id", "name", "goal", "steps"})
        stage = _checked(Stage(obj.text("name"), _id(obj), obj.text("goal")), obj.path)
        stages.append(stage)
        for j, step_value in enumerate(obj.items("steps")):
            step_obj = _Obj(
                step_value, obj.at(f"steps[{j}]"), {"id", "name", "description", "width"}
            )
            step = Step(
                step_obj.text("name"),
                stage.id,
                _id(step_obj),
                step_obj.text("description"),
                float(step_obj.number("width", 200.0)),
            )
            steps.append(_checked(step, step_obj.path))
    lanes = [_lane_from(v, f"lanes[{i}]") for i, v in enumerate(root.items("lanes"))]
    step_ids = {step.id for step in steps}
    lane_ids = {lane.id for lane in lanes}
    cards = [
        _card_from(v, f"cards[{i}]", lane_ids, step_ids) for i, v in enumerate(root.items("cards"))
    ]
    persona_ids = {p.id for p in personas}
    emotions = []
    for i, value in enumerate(root.items("emotions")):
        obj = _Obj(value, f"emotions[{i}]", {"persona", "step", "score", "note"})
        persona_id = obj.text("persona", None)
        if persona_id not in persona_ids:
            raise FormatError(obj.at("persona"), f"unknown persona id {persona_id!r}")
        step_id = obj.text("step", None)
        if step_id not in step_ids:
            raise FormatError(obj.at("step"), f"unknown step id {step_id!r}")
        point = EmotionPoint(persona_id, step_id, obj.integer("score"), obj.text("note"))
        problem = emotion_problem(point, info.scale)
        if problem:
            raise FormatError(obj.at(_json_key(EmotionPoint, problem.field)), problem.message)
        emotions.append(point)
    _check_unique_ids(personas, stages, steps, lanes, cards)
    try:
        return JourneyMap.build(info, personas, stages, steps, lanes, cards, emotions)
    except ModelError as error:
        raise FormatError("", str(error)) from None


def _info_from(value: Any) -> MapInfo:
    obj = _Obj(
        value,
        "map",
        {
            "title",
            "objective",
            "description",
            "state",
            "author",
            "organisation",
            "created",
            "modified",
            "scale",
        },
    )
    scale = EmotionScale()
    if "scale" in obj.value:
        scale_obj = _Obj(obj.value["scale"], "map.scale", {"min", "max", "labels"})
        low, high = scale_obj.integer("min"), scale_obj.integer("max")
        labels_obj = scale_obj.get("labels", dict, {})
        labels = []
        for key, text in labels_obj.items():
            try:
                score = int(key)
            except ValueError:
                raise FormatError(f"map.scale.labels.{key}", "not a whole number") from None
            if not isinstance(text, str):
                raise FormatError(f"map.scale.labels.{key}", "expected text")
            labels.append((score, text))
        scale = EmotionScale(low, high, tuple(sorted(labels)))
        problem = scale_problem(scale)
        if problem:
            raise FormatError("map.scale", problem)
    defaults = MapInfo()
    info = MapInfo(
        title=obj.text("title", defaults.title),
        objective=obj.text("objective"),
        description=obj.text("description"),
        state=obj.choice("state", MapState, MapState.CURRENT),
        author=obj.text("author"),
        organisation=obj.text("organisation"),
        created=_date(obj, "created", defaults.created),
        modified=_date(obj, "modified", defaults.modified),
        scale=scale,
    )
    return _checked(info, "map")


def _persona_from(value: Any, path: str) -> Persona:
    obj = _Obj(
        value,
        path,
        {
            "id",
            "name",
            "role",
            "quote",
            "goals",
            "needs",
            "frustrations",
            "notes",
            "colour",
            "photo",
            "primary",
            "show_curve",
        },
    )
    photo_text = obj.get("photo", str, None)
    photo = None
    if photo_text:
        try:
            photo = base64.b64decode(photo_text, validate=True)
        except (binascii.Error, ValueError):
            raise FormatError(obj.at("photo"), "not valid base64") from None
    persona = Persona(
        name=obj.text("name"),
        id=_id(obj),
        role=obj.text("role"),
        quote=obj.text("quote"),
        goals=obj.text("goals"),
        needs=obj.text("needs"),
        frustrations=obj.text("frustrations"),
        notes=obj.text("notes"),
        colour=obj.text("colour", "#1f77b4"),
        photo=photo,
        is_primary=obj.flag("primary"),
        show_curve=obj.flag("show_curve", True),
    )
    return _checked(persona, path)


def _lane_from(value: Any, path: str) -> Lane:
    obj = _Obj(value, path, {"id", "name", "kind", "colour", "min_height"})
    lane = Lane(
        obj.text("name"),
        obj.choice("kind", LaneKind),
        _id(obj),
        obj.text("colour"),
        float(obj.number("min_height", 90.0)),
    )
    return _checked(lane, path)


def _card_from(value: Any, path: str, lane_ids: set[str], step_ids: set[str]) -> Card:
    obj = _Obj(
        value,
        path,
        {
            "id",
            "lane",
            "step",
            "kind",
            "title",
            "body",
            "channel",
            "owner",
            "moment_of_truth",
            "severity",
            "impact",
            "effort",
            "status",
            "metrics",
            "evidence",
            "tags",
            "colour",
            "priority",
        },
    )
    lane = obj.text("lane", None)
    if lane not in lane_ids:
        raise FormatError(obj.at("lane"), f"unknown lane id {lane!r}")
    step = obj.text("step", None)
    if step not in step_ids:
        raise FormatError(obj.at("step"), f"unknown step id {step!r}")
    metrics = tuple(
        _metric_from(v, obj.at(f"metrics[{i}]")) for i, v in enumerate(obj.items("metrics"))
    )
    evidence = Evidence()
    if obj.value.get("evidence") is not None:
        ev = _Obj(obj.value["evidence"], obj.at("evidence"), {"quotes", "source", "confidence"})
        evidence = Evidence(
            tuple(_texts(ev, "quotes")),
            ev.text("source"),
            ev.choice("confidence", Confidence, Confidence.ASSUMPTION),
        )
    card = Card(
        title=obj.text("title"),
        lane_id=lane,
        step_id=step,
        kind=obj.choice("kind", CardKind),
        id=_id(obj),
        body=obj.text("body"),
        channel=obj.choice("channel", Channel, None),
        owner=obj.text("owner"),
        moment_of_truth=obj.flag("moment_of_truth"),
        severity=obj.get("severity", int, None),
        impact=obj.get("impact", int, None),
        effort=obj.get("effort", int, None),
        status=obj.choice("status", Status, None),
        metrics=metrics,
        evidence=evidence,
        tags=tuple(_texts(obj, "tags")),
        colour=obj.text("colour"),
    )
    return _checked(card, path)


def _metric_from(value: Any, path: str) -> Metric:
    obj = _Obj(value, path, {"kind", "name", "value", "unit", "target"})
    metric = Metric(
        kind=obj.choice("kind", MetricKind),
        value=float(obj.number("value")),
        name=obj.text("name"),
        unit=obj.text("unit"),
        target=_optional_float(obj.number("target", None)),
    )
    return _checked(metric, path)


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _texts(obj: _Obj, key: str) -> list[str]:
    values = obj.items(key)
    for i, value in enumerate(values):
        if not isinstance(value, str):
            raise FormatError(obj.at(f"{key}[{i}]"), "expected text")
    return values


def _id(obj: _Obj) -> str:
    return str(obj.get("id", str))


def _checked(element: T, path: str) -> T:
    """``element`` if it obeys the map's rules; else FormatError naming the field's path."""
    problem = element_problem(element)
    if problem:
        where = _join(path, _json_key(type(element), problem.field)) if problem.field else path
        raise FormatError(where, problem.message)
    return element


def _json_key(element_type: type[Any], field_name: str) -> str:
    keys = {spec.name: spec.json for spec in declared(element_type)}
    return keys.get(field_name, field_name)


def _date(obj: _Obj, key: str, default: datetime) -> datetime:
    value = obj.get(key, str, None)
    if value is None:
        return default
    return parse_datetime(value, obj.at(key))


def parse_datetime(value: str, path: str) -> datetime:
    """An ISO 8601 date-time; a naive one is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise FormatError(path, f"not a date: {_short(value)}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _check_unique_ids(*groups: list[Any]) -> None:
    names = ("personas", "stages", "steps", "lanes", "cards")
    for name, group in zip(names, groups, strict=True):
        seen: set[str] = set()
        for i, element in enumerate(group):
            if element.id in seen:
                raise FormatError(f"{name}[{i}].id", f"duplicate id {element.id!r}")
            seen.add(element.id)


def _join(path: str, key: str) -> str:
    if key.startswith("["):
        return f"{path}{key}"
    return f"{path}.{key}" if path else key


def _kind_name(kind: Any) -> str:
    names: dict[Any, str] = {
        str: "text",
        int: "a whole number",
        (int, float): "a number",
        bool: "true or false",
        list: "a list",
        dict: "an object",
    }
    return names.get(kind, "another type")


def _enum_name(enum: type[Enum]) -> str:
    names: dict[type[Enum], str] = {
        CardKind: "card kind",
        LaneKind: "lane kind",
        MapState: "map state",
        MetricKind: "metric kind",
    }
    return names.get(enum, enum.__name__.lower())


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
