"""Rows of the .cjm tables made from elements, and elements from rows, by their declared fields.

Each field's kind (``app/model/fields.py``) says how its value is stored:
vocabulary words as their token, flags as 0/1, dates as ISO text, lists and
records as JSON text (NULL when empty), a picture as the content hash it is
stored under. A new field declared on an element is written and read without
any change here. (Cards are read by ``card_rows.py``, a column at a time, in
the same declared order.)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter, methodcaller
from typing import Any

from app.model.document import Picture, picture_key
from app.model.entities import EmotionScale, Evidence, Metric
from app.model.fields import Field, Kind, declared
from app.model.store.values import (
    Damaged,
    decode_json,
    enum_value,
    metric_list,
    parse_date,
    string_list,
)


def _json_list(values: tuple[str, ...]) -> str | None:
    return json.dumps(list(values), ensure_ascii=False) if values else None


def _metrics(metrics: tuple[Metric, ...]) -> str | None:
    if not metrics:
        return None
    plain = [
        {"kind": m.kind.value, "name": m.name, "value": m.value, "unit": m.unit, "target": m.target}
        for m in metrics
    ]
    return json.dumps(plain, ensure_ascii=False)


def _labels(labels: tuple[tuple[int, str], ...]) -> str:
    return json.dumps({str(score): text for score, text in labels}, ensure_ascii=False)


def _evidence(evidence: Evidence) -> tuple[Any, ...]:
    return _json_list(evidence.quotes), evidence.source, evidence.confidence.value


def _scale(scale: EmotionScale) -> tuple[Any, ...]:
    return scale.minimum, scale.maximum, _labels(scale.labels)


Encoder = Callable[[Any], Any]
_ENCODERS: dict[Kind, Encoder] = {
    Kind.CHOICE: attrgetter("value"),
    Kind.OPTIONAL_CHOICE: lambda value: None if value is None else value.value,
    Kind.FLAG: int,
    Kind.PICTURE: lambda value: None if value is None else picture_key(value),
    Kind.DATE: methodcaller("isoformat"),
    Kind.TEXTS: _json_list,
    Kind.METRICS: _metrics,
    Kind.LABELS: _labels,
    Kind.EVIDENCE: _evidence,  # three columns
    Kind.SCALE: _scale,  # three columns
}


Plan = tuple[tuple[tuple[str, ...], str, Encoder | None], ...]
_PLANS: dict[type[Any], Plan] = {}


def _plan(element_type: type[Any]) -> Plan:
    """Per declared field: its columns, its name and how its value is stored."""
    plan = _PLANS.get(element_type)
    if plan is None:
        plan = tuple(
            (spec.columns, spec.name, _ENCODERS.get(spec.kind)) for spec in declared(element_type)
        )
        _PLANS[element_type] = plan
    return plan


def element_row(element: Any, **extra: Any) -> dict[str, Any]:
    """The row storing ``element``, plus ``extra`` columns (position, the map row's id)."""
    row = extra
    for columns, name, encode in _plan(type(element)):
        value = getattr(element, name)
        if encode is None:
            row[columns[0]] = value
        elif len(columns) == 1:
            row[columns[0]] = encode(value)
        else:
            row.update(zip(columns, encode(value), strict=True))
    return row


# ---------------------------------------------------------------------- reading
def element_reader(
    element_type: type[Any],
    columns: Sequence[str],
    pictures: Mapping[str, Picture],
    where: Callable[[Sequence[Any]], str],
) -> Callable[[Sequence[Any]], Any]:
    """What builds an element from a row whose values come in ``columns`` order (already
    type-checked); a wrong value raises Damaged naming ``where(row)``. The map checks
    the element's rules when it is built."""
    index = {name: i for i, name in enumerate(columns)}
    plain = [(spec.name, index[spec.columns[0]]) for spec in declared(element_type)
             if spec.kind in _STORED_AS_IS]  # fmt: skip
    decoded = [spec for spec in declared(element_type) if spec.kind not in _STORED_AS_IS]

    def read(row: Sequence[Any]) -> Any:
        values = {name: row[i] for name, i in plain}
        if decoded:
            named, place = dict(zip(columns, row, strict=False)), where(row)
            for spec in decoded:
                values[spec.name] = _decoded(spec, named, place, pictures)
        return element_type(**values)

    return read


#: Kinds whose stored value is the model's value.
_STORED_AS_IS = frozenset({Kind.TEXT, Kind.ID, Kind.REF, Kind.COLOUR, Kind.RATING, Kind.SCORE})


def _decoded(
    spec: Field, row: Mapping[str, Any], where: str, pictures: Mapping[str, Picture]
) -> Any:
    column = spec.columns[0]
    value = row[column]
    kind = spec.kind
    if kind is Kind.CHOICE or (kind is Kind.OPTIONAL_CHOICE and value is not None):
        return enum_value(spec.vocabulary, value, where, column)
    if kind is Kind.FLAG:
        return bool(value)
    if kind in (Kind.SIZE, Kind.NUMBER) or (kind is Kind.OPTIONAL_NUMBER and value is not None):
        return float(value)
    if kind is Kind.DATE:
        return parse_date(value, column)
    if kind is Kind.TEXTS:
        return string_list(value, where, column)
    if kind is Kind.METRICS:
        return metric_list(value, where)
    if kind is Kind.PICTURE:
        return _picture(value, where, pictures)
    if kind is Kind.EVIDENCE:
        quotes, source, confidence = spec.columns
        return Evidence(
            string_list(row[quotes], where, quotes),
            row[source],
            enum_value(_CONFIDENCE, row[confidence], where, confidence),
        )
    if kind is Kind.SCALE:
        return _scale_from_row(row, where)
    return value


def _picture(key: str | None, where: str, pictures: Mapping[str, Picture]) -> bytes | None:
    if key is None:
        return None
    picture = pictures.get(key)
    if picture is None:
        raise Damaged(f"{where}: its photo is missing from the file")
    return picture.data


def _scale_from_row(row: Mapping[str, Any], where: str) -> EmotionScale:
    labels = decode_json(row["scale_labels"], where, "scale_labels")
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        raise Damaged(f"{where}: scale_labels is not a set of labels")
    try:
        pairs = tuple(sorted((int(score), text) for score, text in labels.items()))
    except ValueError:
        raise Damaged(f"{where}: scale_labels has a score that is not a number") from None
    return EmotionScale(row["scale_min"], row["scale_max"], pairs)


_CONFIDENCE = next(spec.vocabulary for spec in declared(Evidence) if spec.name == "confidence")
