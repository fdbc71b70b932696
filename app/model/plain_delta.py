"""What differs between two maps in their plain (cjm-json) form, as a compact delta.

Snapshots are stored this way (``app.model.snapshots``): only the newest is kept
whole, each older one as the delta that turns the next newer snapshot's plain form
into its own. A delta is a JSON object:

```json
{"format": "cjm-json-delta", "version": 1,
 "map": {...},
 "personas": [[0, 3], {...}, [4, 12]],
 "stages": ..., "lanes": ..., "cards": ..., "emotions": ...}
```

``map`` is the map's own fields, present only when they differ. Each list present
describes that list of the result: ``[start, count]`` copies ``count`` elements of
the base's list from ``start``, an object is an element as it is now (new, or
changed). A list left out is the base's as it is. So a snapshot differing by a few
cards costs a few cards, however big the map. ``apply_delta`` rebuilds the plain
form exactly; the map's own reader (``map_from_dict``) then checks every value.
"""

from __future__ import annotations

from typing import Any

from app.model.codec_read import FormatError

DELTA_FORMAT = "cjm-json-delta"
DELTA_VERSION = 1
#: The lists of a plain map, in the order the form writes them.
SECTIONS = ("personas", "stages", "lanes", "cards", "emotions")
_KEYS = {"format", "version", "map", *SECTIONS}


def make_delta(base: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    """The delta that turns the plain map ``base`` into the plain map ``target``."""
    delta: dict[str, Any] = {"format": DELTA_FORMAT, "version": DELTA_VERSION}
    if target.get("map") != base.get("map"):
        delta["map"] = target.get("map")
    for section in SECTIONS:
        old, new = base.get(section, []), target.get(section, [])
        if old != new:
            delta[section] = _operations(old, new)
    return delta


def _operations(base: list[Any], target: list[Any]) -> list[Any]:
    """``target`` as runs of ``base`` ([start, count]) and elements of its own."""
    where = {_key(element): index for index, element in enumerate(base)}
    operations: list[Any] = []
    for element in target:
        index = where.get(_key(element))
        if index is not None and base[index] == element:
            last = operations[-1] if operations else None
            if isinstance(last, list) and last[0] + last[1] == index:
                last[1] += 1
            else:
                operations.append([index, 1])
        else:
            operations.append(element)
    return operations


def _key(element: Any) -> Any:
    """An element's identity in its list: its id, or an emotion point's persona and step."""
    if isinstance(element, dict):
        found = element.get("id")
        if isinstance(found, str):
            return found
        persona, step = element.get("persona"), element.get("step")
        if isinstance(persona, str) and isinstance(step, str):
            return (persona, step)
    return None  # not matched: written out whole


def is_delta(plain: Any) -> bool:
    return isinstance(plain, dict) and plain.get("format") == DELTA_FORMAT


def apply_delta(base: dict[str, Any], delta: Any) -> dict[str, Any]:
    """The plain map ``delta`` makes of ``base``; FormatError if the delta is malformed."""
    if not isinstance(delta, dict) or not is_delta(delta):
        raise FormatError("format", f"expected {DELTA_FORMAT!r}")
    unknown = sorted(set(delta) - _KEYS)
    if unknown:
        raise FormatError(unknown[0], "unknown field")
    version = delta.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > DELTA_VERSION:
        raise FormatError("version", f"expected a version up to {DELTA_VERSION}")
    result = dict(base)
    if "map" in delta:
        result["map"] = delta["map"]
    for section in SECTIONS:
        if section in delta:
            result[section] = _rebuilt(base.get(section, []), delta[section], section)
    return result


def _rebuilt(base: Any, operations: Any, section: str) -> list[Any]:
    if not isinstance(operations, list):
        raise FormatError(section, "expected a list")
    if not isinstance(base, list):
        raise FormatError(section, "the base has no such list")
    rebuilt: list[Any] = []
    for index, operation in enumerate(operations):
        if isinstance(operation, dict):
            rebuilt.append(operation)
            continue
        if not _is_run(operation, len(base)):
            raise FormatError(f"{section}[{index}]", "expected an element or [start, count]")
        start, count = operation
        rebuilt.extend(base[start : start + count])
    return rebuilt


def _is_run(operation: Any, length: int) -> bool:
    if not isinstance(operation, list) or len(operation) != 2:
        return False
    if not all(type(number) is int for number in operation):
        return False
    start, count = operation
    return bool(start >= 0 and count >= 1 and start + count <= length)
