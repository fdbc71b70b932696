"""Rows of the .cjm tables made from elements, by their declared fields.

Each field's kind (``app/model/fields.py``) says how its value is stored:
vocabulary words as their token, flags as 0/1, dates as ISO text, lists and
records as JSON text (NULL when empty), a picture as the content hash it is
stored under. A new field declared on an element is written without any
change here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from operator import attrgetter, methodcaller
from typing import Any

from app.model.document import picture_key
from app.model.entities import EmotionScale, Evidence, Metric
from app.model.fields import Kind, declared


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
