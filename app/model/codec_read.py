"""Reading the plain (cjm-json) form of a map, checking every value.

``map_from_dict`` builds a map from nested dicts and lists and names the path of
the first bad value, for example ``cards[12].lane: unknown lane id 'x'``.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import MISSING
from dataclasses import fields as dataclass_fields
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
from app.model.fields import Field, Kind, declared
from app.model.journey import JourneyMap
from app.model.rules import element_problem, emotion_problem, scale_problem
from app.model.vocab import (
    CardKind,
    LaneKind,
    MapState,
    MetricKind,
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
        if isinstance(value, int) and value is not default:
            try:  # JSON integers have any number of digits; a float does not
                return float(value)
            except OverflowError:
                raise FormatError(self.at(key), "is too large a number") from None
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
    info = element_from(MapInfo, _Obj(root.get("map", dict), "map", _keys(MapInfo)))
    personas = [
        element_from(Persona, _Obj(value, f"personas[{i}]", _keys(Persona)))
        for i, value in enumerate(root.items("personas"))
    ]
    stages: list[Stage] = []
    steps: list[Step] = []
    for i, value in enumerate(root.items("stages")):
        obj = _Obj(value, f"stages[{i}]", {*_keys(Stage), "steps"})
        stage = element_from(Stage, obj)
        stages.append(stage)
        steps += [
            element_from(Step, _Obj(v, obj.at(f"steps[{j}]"), _keys(Step) - {"stage_id"}),
                         stage_id=stage.id)
            for j, v in enumerate(obj.items("steps"))
        ]  # fmt: skip
    lanes = [
        element_from(Lane, _Obj(value, f"lanes[{i}]", _keys(Lane)))
        for i, value in enumerate(root.items("lanes"))
    ]
    known = {
        "lane": {lane.id for lane in lanes},
        "step": {step.id for step in steps},
        "persona": {persona.id for persona in personas},
    }
    cards = [
        element_from(Card, _Obj(value, f"cards[{i}]", {*_keys(Card), "priority"}), known=known)
        for i, value in enumerate(root.items("cards"))
    ]
    emotions = []
    for i, value in enumerate(root.items("emotions")):
        obj = _Obj(value, f"emotions[{i}]", _keys(EmotionPoint))
        point = element_from(EmotionPoint, obj, known=known)
        problem = emotion_problem(point, info.scale)
        if problem:
            raise FormatError(obj.at(_json_key(EmotionPoint, problem.field)), problem.message)
        emotions.append(point)
    _check_unique_ids(personas, stages, steps, lanes, cards)
    try:
        return JourneyMap.build(info, personas, stages, steps, lanes, cards, emotions)
    except ModelError as error:
        raise FormatError("", str(error)) from None


def element_from(
    element_type: type[T], obj: _Obj, known: dict[str, set[str]] | None = None, **given: Any
) -> T:
    """An element read from its plain form by its declared fields, checked by the map's rules.

    ``given`` fields come from the structure around the object (a step's stage);
    a reference must name an element in ``known`` (by JSON key). A missing field
    takes the element's default; a missing text is empty.
    """
    values = dict(given)
    for spec in declared(element_type):
        if spec.name not in values:
            values[spec.name] = _read_field(spec, obj, _default(element_type, spec), known)
    return _checked(element_type(**values), obj.path)


def _read_field(spec: Field, obj: _Obj, default: Any, known: dict[str, set[str]] | None) -> Any:
    key, kind = spec.json, spec.kind
    if kind is Kind.ID:
        return _id(obj)
    if kind is Kind.REF:
        value = obj.text(key, None)
        if known is not None and value not in known.get(key, ()):
            raise FormatError(obj.at(key), f"unknown {key} id {value!r}")
        return value
    if kind in (Kind.TEXT, Kind.COLOUR):
        return obj.text(key, "" if default is _REQUIRED else default)
    if kind in (Kind.CHOICE, Kind.OPTIONAL_CHOICE):
        assert spec.vocabulary is not None
        return obj.choice(key, spec.vocabulary, ... if default is _REQUIRED else default)
    if kind is Kind.FLAG:
        return obj.flag(key, default)
    if kind in (Kind.RATING, Kind.SCORE):
        return obj.get(key, int, None if kind is Kind.RATING else ...)
    if kind in (Kind.SIZE, Kind.NUMBER):
        return float(obj.number(key, ... if default is _REQUIRED else default))
    if kind is Kind.OPTIONAL_NUMBER:
        return _optional_float(obj.number(key, None))
    if kind is Kind.PICTURE:
        return _picture(obj, key)
    if kind is Kind.DATE:
        return _date(obj, key, default)
    if kind is Kind.TEXTS:
        return tuple(_texts(obj, key))
    if kind is Kind.METRICS:
        return tuple(
            element_from(Metric, _Obj(v, obj.at(f"{key}[{i}]"), _keys(Metric)))
            for i, v in enumerate(obj.items(key))
        )
    if kind is Kind.EVIDENCE:
        if obj.value.get(key) is None:
            return default
        return element_from(Evidence, _Obj(obj.value[key], obj.at(key), _keys(Evidence)))
    if kind is Kind.SCALE:
        return _scale_from(obj, key, default)
    raise AssertionError(f"no plain form for {kind}")  # every kind is read above


_REQUIRED = object()


def _default(element_type: type[Any], spec: Field) -> Any:
    """The value a field takes when the plain form leaves it out (``_REQUIRED`` if none)."""
    if hasattr(element_type, "_field_defaults"):
        return element_type._field_defaults.get(spec.name, _REQUIRED)
    found = {f.name: f for f in dataclass_fields(element_type)}[spec.name]
    if found.default is not MISSING:
        return found.default
    if found.default_factory is not MISSING:
        return found.default_factory()
    return _REQUIRED


def _keys(element_type: type[Any]) -> set[str]:
    return {spec.json for spec in declared(element_type)}


def _picture(obj: _Obj, key: str) -> bytes | None:
    text = obj.get(key, str, None)
    if not text:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise FormatError(obj.at(key), "not valid base64") from None


def _scale_from(obj: _Obj, key: str, default: EmotionScale) -> EmotionScale:
    if key not in obj.value:
        return default
    scale_obj = _Obj(obj.value[key], obj.at(key), _keys(EmotionScale))
    low, high = scale_obj.integer("min"), scale_obj.integer("max")
    labels = []
    for label_key, text in scale_obj.get("labels", dict, {}).items():
        try:
            score = int(label_key)
        except ValueError:
            raise FormatError(scale_obj.at(f"labels.{label_key}"), "not a whole number") from None
        if not isinstance(text, str):
            raise FormatError(scale_obj.at(f"labels.{label_key}"), "expected text")
        labels.append((score, text))
    scale = EmotionScale(low, high, tuple(sorted(labels)))
    problem = scale_problem(scale)
    if problem:
        raise FormatError(obj.at(key), problem)
    return scale


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
