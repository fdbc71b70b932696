"""A three-way merge of journey maps: edits made on a copy, applied onto the map as it is now.

Three versions of one map meet here, each as *records*: for every element (the
map's information, a persona, stage, step, lane, card or emotion point) the
values of its fields, taken generically from ``fields.py``:

- **base**: the map when the copy left (for a workbook, the export);
- **theirs**: the copy as edited elsewhere; it may lack fields (a column the
  client deleted: not edited) and elements (a row the client deleted);
- **ours**: the map now, which may have changed since.

``three_way(base, theirs, ours)`` decides field by field: changed only in the
copy is taken, changed only in the map is kept, changed differently on both
sides is a ``Conflict`` (the map's value unless the caller chooses the copy's).
Cards, personas and emotion points the copy adds are added, and those it
deletes are removed if the map did not change them since (else a conflict).
Stages, steps and lanes are edited only. It returns a ``MergePlan``: what would
change, for people (and a dialog); ``MergePlan.result(take=...)`` builds the
merged map through ``JourneyMap.build`` (so the model's rules decide), and
``MatchMap`` (``commands/match.py``) applies it to the live map as one undo step.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from app.model.entities import Card, EmotionPoint, Evidence, Lane, MapInfo, Persona, Stage, Step
from app.model.fields import Kind, declared
from app.model.journey import JourneyMap

#: (element kind, id): "map" (id ""), "persona", "stage", "step", "lane", "card",
#: "emotion" (id "<persona id>\n<step id>": ids never hold a line break).
Key = tuple[str, str]
Values = dict[str, Any]

MAP_KEY: Key = ("map", "")
#: Element kinds a copy may add and delete; the others (the map's structure) are edited only.
ADDABLE = frozenset({"card", "persona", "emotion"})
#: Fields that are not merged: ids, dates the app keeps, pictures (no cell can edit them).
_NOT_MERGED = frozenset({Kind.ID, Kind.DATE, Kind.PICTURE, Kind.REF})


# ---------------------------------------------------------------- records
def emotion_key(persona_id: str, step_id: str) -> Key:
    return ("emotion", f"{persona_id}\n{step_id}")


def values_of(element: Any) -> Values:
    """The mergeable fields of ``element`` by name, from its declaration.

    An evidence record is spread into ``evidence.quotes``, ``evidence.source`` and
    ``evidence.confidence``; a card's lane and step are one field, ``cell``, so a
    move is merged like any other edit. Other references place the element and
    are not merged.
    """
    plain, nested = _layout(type(element))
    values: Values = {name: getattr(element, name) for name in plain}
    for name, subs in nested:
        evidence = getattr(element, name)
        for sub in subs:
            values[f"{name}.{sub}"] = getattr(evidence, sub)
    if isinstance(element, Card):
        values["cell"] = (element.lane_id, element.step_id)
    return values


_Layout = tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]


_LAYOUTS: dict[type[Any], _Layout] = {}


def _layout(element_type: type[Any]) -> _Layout:
    """The merged fields of a type, worked out once (a merge reads thousands of elements)."""
    known = _LAYOUTS.get(element_type)
    if known is not None:
        return known
    plain: list[str] = []
    nested: list[tuple[str, tuple[str, ...]]] = []
    for spec in declared(element_type):
        if spec.kind is Kind.EVIDENCE:
            nested.append((spec.name, tuple(sub.name for sub in declared(Evidence))))
        elif spec.kind not in _NOT_MERGED:
            plain.append(spec.name)
    layout = _LAYOUTS[element_type] = (tuple(plain), tuple(nested))
    return layout


def with_values(element: Any, values: Values) -> Any:
    """``element`` with the given mergeable fields changed (the inverse of ``values_of``)."""
    if not values:
        return element
    changes = {k: v for k, v in values.items() if "." not in k and k != "cell"}
    nested: dict[str, Values] = {}
    for key, value in values.items():
        if "." in key:
            outer, inner = key.split(".", 1)
            nested.setdefault(outer, {})[inner] = value
    for outer, inner_values in nested.items():
        changes[outer] = getattr(element, outer)._replace(**inner_values)
    if "cell" in values:
        changes["lane_id"], changes["step_id"] = values["cell"]
    if isinstance(element, tuple):  # cards are named tuples
        return element._replace(**changes)  # type: ignore[attr-defined]
    return replace(element, **changes)


def records_of(journey: JourneyMap) -> dict[Key, Values]:
    """Every element of ``journey`` as records, in map order."""
    records: dict[Key, Values] = {MAP_KEY: values_of(journey.info)}
    for kind, elements in (("persona", journey.personas), ("stage", journey.stages),
                           ("step", journey.steps), ("lane", journey.lanes),
                           ("card", journey.cards())):
        for element in elements:
            records[(kind, element.id)] = values_of(element)
    for point in journey.emotions():
        records[emotion_key(point.persona_id, point.step_id)] = values_of(point)
    return records


@dataclass
class Theirs:
    """The edited copy, as records.

    A record holds only the fields the copy carries (a missing column: not
    edited). ``covered(key)`` says whether the copy could hold the element at all,
    so that its absence means the copy deleted it (an element of a sheet the copy
    lacks was not deleted). ``new`` holds the complete elements of records the
    copy adds; ``warnings`` are what the reader already has to say.
    """

    records: dict[Key, Values]
    covered: Callable[[Key], bool]
    new: dict[Key, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the plan
@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one element: its value in the map now and after the merge."""

    name: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class ElementChange:
    """What the merge does to one element: "edited", "added" or "removed"."""

    key: Key
    action: str
    taken: tuple[FieldChange, ...] = ()  # edits taken from the copy
    kept: tuple[str, ...] = ()  # fields the map changed since, which the copy left alone


@dataclass(frozen=True, slots=True)
class Conflict:
    """Both sides changed the same thing differently; ``field`` "" means the element itself.

    An element conflict is "removed in the copy, changed in the map" (``theirs``
    is None) or "changed in the copy, removed from the map" (``ours`` is None).
    """

    key: Key
    field: str
    ours: Any
    theirs: Any

    @property
    def id(self) -> str:
        """A stable name for choosing this conflict (in a dialog, in tests)."""
        return f"{self.key[0]}:{self.key[1]}:{self.field}"


@dataclass
class MergePlan:
    """What a merge would change. Builds the merged map for any choice of conflicts."""

    ours: JourneyMap
    changes: list[ElementChange]
    conflicts: list[Conflict]
    warnings: list[str]
    #: The element each record came from, to name it (ours, else the copy's, else the base's).
    elements: dict[Key, Any]
    _updates: dict[Key, Values] = field(default_factory=dict)
    _removals: set[Key] = field(default_factory=set)
    _additions: dict[Key, Any] = field(default_factory=dict)
    #: For an element conflict resolved for the copy: what to put back (or None: remove).
    _restore: dict[Key, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def result(self, take: bool | Iterable[str] = False) -> JourneyMap:
        """The merged map, a new map built by the model (the live map is not touched).

        Conflicts keep the map's side, unless ``take`` is True (the copy's side for
        all) or holds the ``Conflict.id`` of those to take from the copy.
        ModelError if the merged map breaks the model's rules.
        """
        chosen = {c.id for c in self.conflicts} if take is True else set(take or ())
        updates = {key: dict(values) for key, values in self._updates.items()}
        removals, additions = set(self._removals), dict(self._additions)
        for conflict in self.conflicts:
            if conflict.id not in chosen:
                continue
            if conflict.field:
                updates.setdefault(conflict.key, {})[conflict.field] = conflict.theirs
            elif conflict.theirs is None:
                removals.add(conflict.key)
            elif conflict.key in self._restore:
                additions[conflict.key] = self._restore[conflict.key]
        return _build(self.ours, updates, removals, additions)


# ---------------------------------------------------------------- merging
def same(first: Any, second: Any) -> bool:
    """Equal values; numbers that differ only past the 12th digit are equal too.

    A spreadsheet keeps 15 significant digits (Excel) or 16 (openpyxl), not the 17
    a float may need: a size re-saved by the client must not count as an edit.
    """
    if isinstance(first, float) and isinstance(second, float):
        return math.isclose(first, second, rel_tol=1e-12, abs_tol=1e-12)
    return bool(first == second)


def three_way(base: JourneyMap, theirs: Theirs, ours: JourneyMap,
              base_records: dict[Key, Values] | None = None) -> MergePlan:
    """Merge the copy's edits (``theirs`` against ``base``) onto ``ours``; changes nothing.

    ``base_records`` is ``records_of(base)`` if the caller has it already.
    """
    if base_records is None:
        base_records = records_of(base)
    our_records = records_of(ours)
    elements: dict[Key, Any] = {}
    _remember(elements, base)
    elements.update(theirs.new)
    _remember(elements, ours)
    plan = MergePlan(ours, [], [], list(theirs.warnings), elements)
    for key in dict.fromkeys([*base_records, *theirs.records]):
        b, t, o = base_records.get(key), theirs.records.get(key), our_records.get(key)
        if b is None:
            if t is not None and o is None:  # added in the copy
                _add(plan, key, theirs.new.get(key))
            elif t is not None and o is not None:
                # Added on both sides (a score at the same step), or by an earlier merge
                # of this copy: a field whose values differ is a conflict, as for any
                # field both sides changed; equal values are nothing to do.
                _fields(plan, key, {}, t, o)
        elif t is None:
            if o is not None and theirs.covered(key):
                _deleted_in_copy(plan, key, b, o)
        elif o is None:
            edited = [name for name, value in t.items() if not same(value, b.get(name))]
            if edited and key[0] in ADDABLE:
                plan.conflicts.append(Conflict(key, "", None, {n: t[n] for n in edited}))
                plan._restore[key] = with_values(elements[key], {n: t[n] for n in edited})
        else:
            _fields(plan, key, b, t, o)
    for key, o in our_records.items():  # edits the map made that the copy never saw
        if key not in theirs.records and key in base_records and not theirs.covered(key):
            kept = tuple(name for name, value in o.items() if value != base_records[key][name])
            if kept:
                plan.changes.append(ElementChange(key, "kept", kept=kept))
    _check_places(plan, ours)
    return plan


def _remember(elements: dict[Key, Any], journey: JourneyMap) -> None:
    elements[MAP_KEY] = journey.info
    for kind, items in (("persona", journey.personas), ("stage", journey.stages),
                        ("step", journey.steps), ("lane", journey.lanes),
                        ("card", journey.cards())):
        for element in items:
            elements[(kind, element.id)] = element
    for point in journey.emotions():
        elements[emotion_key(point.persona_id, point.step_id)] = point


def _fields(plan: MergePlan, key: Key, b: Values, t: Values, o: Values) -> None:
    if o == b and t.items() <= b.items():
        return  # untouched on both sides, as most elements are: no field by field walk
    taken: list[FieldChange] = []
    for name, value in t.items():
        was, now = b.get(name), o[name]
        if same(value, was) or same(value, now):
            continue
        if same(now, was):
            taken.append(FieldChange(name, now, value))
            plan._updates.setdefault(key, {})[name] = value
        else:
            plan.conflicts.append(Conflict(key, name, now, value))
    kept = tuple(name for name, now in o.items()
                 if not same(now, b.get(name)) and same(t.get(name, b.get(name)), b.get(name)))
    if taken or kept:
        plan.changes.append(ElementChange(key, "edited", tuple(taken), kept))


def _add(plan: MergePlan, key: Key, element: Any) -> None:
    if key[0] not in ADDABLE or element is None:
        plan.warnings.append(f"{describe(plan, key)} is new in the workbook; "
                             f"add {key[0]}s in CJM Studio (not read back)")
        return
    plan._additions[key] = element
    plan.changes.append(ElementChange(key, "added"))


def _deleted_in_copy(plan: MergePlan, key: Key, b: Values, o: Values) -> None:
    if key[0] not in ADDABLE:
        plan.warnings.append(f"{describe(plan, key)} has no row in the workbook; "
                             f"{key[0]}s are removed in CJM Studio only (kept)")
        return
    edited = {name: value for name, value in o.items() if value != b.get(name)}
    if edited:
        plan.conflicts.append(Conflict(key, "", edited, None))
        return
    plan._removals.add(key)
    plan.changes.append(ElementChange(key, "removed"))


def _check_places(plan: MergePlan, ours: JourneyMap) -> None:
    """Cards and emotions the copy puts where the map no longer has a lane, step or persona."""
    lanes, steps = {lane.id for lane in ours.lanes}, {step.id for step in ours.steps}
    personas = {persona.id for persona in ours.personas} | {
        key[1] for key in plan._additions if key[0] == "persona"}
    for key, values in list(plan._updates.items()):
        cell = values.get("cell")
        if cell is not None and (cell[0] not in lanes or cell[1] not in steps):
            del values["cell"]
            plan.warnings.append(f"{describe(plan, key)}: the workbook moves it to a lane or "
                                 "step the map no longer has; it stays where it is")
    for key, element in list(plan._additions.items()):
        if key[0] == "card":
            gone = element.lane_id not in lanes or element.step_id not in steps
        else:
            gone = key[0] == "emotion" and (element.persona_id not in personas
                                            or element.step_id not in steps)
        if gone:
            del plan._additions[key]
            plan.warnings.append(f"{describe(plan, key)}: its lane, step or persona is no "
                                 "longer in the map; not added")
    plan.changes = [c for c in plan.changes
                    if c.action != "added" or c.key in plan._additions]
    plan.changes = [replace(c, taken=tuple(f for f in c.taken if f.name != "cell"
                                           or "cell" in plan._updates.get(c.key, {})))
                    for c in plan.changes]
    plan.changes = [c for c in plan.changes if c.action != "edited" or c.taken or c.kept]


def describe(plan: MergePlan, key: Key) -> str:
    """An element as people know it: card "Title" [1a2b3c4d], persona "Ann", the map."""
    kind, element_id = key
    element = plan.elements.get(key)
    if kind == "map":
        return "the map's information"
    if kind == "emotion":
        persona_id, step_id = element_id.split("\n")
        persona, step = plan.elements.get(("persona", persona_id)), plan.elements.get(
            ("step", step_id))
        who = persona.name if isinstance(persona, Persona) else persona_id
        where = step.name if isinstance(step, Step) else step_id
        return f'the emotion of "{who}" at "{where}"'
    name = getattr(element, "title", None) if kind == "card" else getattr(element, "name", None)
    text = f'{kind} "{name}"' if name is not None else f"{kind} {element_id!r}"
    return f"{text} [{element_id[:8]}]" if kind == "card" else text


# ---------------------------------------------------------------- building
def _build(
    ours: JourneyMap,
    updates: dict[Key, Values],
    removals: set[Key],
    additions: dict[Key, Any],
) -> JourneyMap:
    def edited(kind: str, element: Any) -> Any:
        return with_values(element, updates.get((kind, element.id), {}))

    info: MapInfo = with_values(ours.info, updates.get(MAP_KEY, {}))
    personas: list[Persona] = [edited("persona", p) for p in ours.personas
                               if ("persona", p.id) not in removals]
    personas += [e for k, e in additions.items() if k[0] == "persona"]
    promoted = [p.id for p in personas if p.is_primary
                and updates.get(("persona", p.id), {}).get("is_primary")]
    if promoted:  # one primary persona: the one the merge made primary
        personas = [replace(p, is_primary=p.id == promoted[-1]) if p.is_primary else p
                    for p in personas]
    kept_personas = {p.id for p in personas}
    stages: list[Stage] = [edited("stage", s) for s in ours.stages]
    steps: list[Step] = [edited("step", s) for s in ours.steps]
    lanes: list[Lane] = [edited("lane", lane) for lane in ours.lanes]
    staying: list[Card] = []
    moving: list[Card] = []
    for card in ours.cards():
        if ("card", card.id) in removals:
            continue
        new = edited("card", card)
        same_cell = (new.lane_id, new.step_id) == (card.lane_id, card.step_id)
        (staying if same_cell else moving).append(new)  # a moved card ends its new cell
    cards = staying + moving + [e for k, e in additions.items() if k[0] == "card"]
    points: list[EmotionPoint] = []
    for point in ours.emotions():
        key = emotion_key(point.persona_id, point.step_id)
        if key not in removals and point.persona_id in kept_personas:
            points.append(with_values(point, updates.get(key, {})))
    points += [e for k, e in additions.items() if k[0] == "emotion"]
    return JourneyMap.build(info, personas, stages, steps, lanes, cards, points)


def field_names(element_type: type[Any]) -> tuple[str, ...]:
    """The mergeable field names of an element type, in declaration order (for reports)."""
    names: list[str] = []
    for spec in declared(element_type):
        if spec.kind is Kind.EVIDENCE:
            names += [f"{spec.name}.{sub.name}" for sub in declared(Evidence)]
        elif spec.kind not in _NOT_MERGED:
            names.append(spec.name)
    if element_type is Card:
        names.insert(1, "cell")
    return tuple(names)


__all__ = [
    "ADDABLE",
    "Conflict",
    "ElementChange",
    "FieldChange",
    "Key",
    "MergePlan",
    "Theirs",
    "describe",
    "emotion_key",
    "field_names",
    "records_of",
    "three_way",
    "values_of",
    "with_values",
]
