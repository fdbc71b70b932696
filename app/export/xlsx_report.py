"""The merge report for people: what a workbook merge takes, keeps and leaves to decide.

``report_lines(plan, take)`` groups everything per element (a card is named by its
title and code, the first 8 characters of its id: ``card "Pays" [1a2b3c4d]``):
fields taken from the workbook with both values, the map's own edits kept,
conflicts with both values and which one the merge keeps, then the warnings,
and ends with a one-line summary. The command line prints it; a dialog can show
the same lines, or walk ``MergePlan`` itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

from app.model.entities import EmotionScale, Lane, Metric, Step
from app.model.merge import Conflict, ElementChange, Key, MergePlan, describe

NO_CHANGES = "No changes: the map already matches the workbook."


def report_lines(plan: MergePlan, take: bool | Iterable[str] = False) -> list[str]:
    """The report, one line a string, ending with the summary line."""
    taken_ids = {c.id for c in plan.conflicts} if take is True else set(take or ())
    changes: dict[Key, list[ElementChange]] = {}
    for change in plan.changes:
        changes.setdefault(change.key, []).append(change)
    conflicts: dict[Key, list[Conflict]] = {}
    for conflict in plan.conflicts:
        conflicts.setdefault(conflict.key, []).append(conflict)
    lines: list[str] = []
    counts = {"added": 0, "removed": 0, "edited": 0, "kept": 0}
    for key in dict.fromkeys([*changes, *conflicts]):
        block = _block(plan, key, changes.get(key, []), conflicts.get(key, []), taken_ids,
                       counts)
        lines += block
    if plan.warnings:
        lines.append(f"Warnings ({len(plan.warnings)}):")
        lines += [f"  warning: {warning}" for warning in plan.warnings]
    lines.append(_summary(counts, plan, taken_ids))
    return lines


def _block(plan: MergePlan, key: Key, changes: list[ElementChange],
           conflicts: list[Conflict], taken_ids: set[str], counts: dict[str, int]) -> list[str]:
    name = describe(plan, key)
    lines = [name[0].upper() + name[1:] + ":"]
    for change in changes:
        if change.action == "added":
            counts["added"] += 1
            lines.append(f"  added from the workbook{_place(plan, key)}")
        elif change.action == "removed":
            counts["removed"] += 1
            lines.append("  removed (its row was deleted in the workbook)")
        for field in change.taken:
            counts["edited"] += 1
            lines.append(f"  {_words(field.name)}: {_show(plan, field.before)} -> "
                         f"{_show(plan, field.after)} (from the workbook)")
        if change.kept:
            counts["kept"] += len(change.kept)
            lines.append(f"  kept the map's own edit since the export: "
                         f"{', '.join(_words(n) for n in change.kept)}")
    for conflict in conflicts:
        choice = ("took the workbook's" if conflict.id in taken_ids
                  else "kept the map's (--take-workbook takes the workbook's)")
        if conflict.field:
            lines.append(f"  CONFLICT {_words(conflict.field)}: map {_show(plan, conflict.ours)}, "
                         f"workbook {_show(plan, conflict.theirs)}; {choice}")
        elif conflict.theirs is None:
            lines.append(f"  CONFLICT deleted in the workbook, but changed in the map since the "
                         f"export ({_fields(conflict.ours)}); {choice}")
        else:
            lines.append(f"  CONFLICT changed in the workbook ({_fields(conflict.theirs)}), but "
                         f"deleted from the map since the export; {choice}")
    return lines


def _summary(counts: dict[str, int], plan: MergePlan, taken_ids: set[str]) -> str:
    edited = "field edited" if counts["edited"] == 1 else "fields edited"
    parts = [f"{counts[k]} {word}" for k, word in (("added", "added"), ("removed", "removed"),
                                                    ("edited", edited)) if counts[k]]
    total = counts["added"] + counts["removed"] + counts["edited"]
    head = (f"{total} change{'s' if total != 1 else ''} from the workbook ({', '.join(parts)})"
            if total else "No changes from the workbook")
    if not total and not plan.conflicts and not plan.warnings and not counts["kept"]:
        return NO_CHANGES
    tail = []
    if counts["kept"]:
        tail.append(f"{counts['kept']} edit{'s' if counts['kept'] != 1 else ''} of the map kept")
    if plan.conflicts:
        taken = sum(c.id in taken_ids for c in plan.conflicts)
        kept = len(plan.conflicts) - taken
        detail = ", ".join(p for p in (f"{kept} kept the map's" if kept else "",
                                       f"{taken} took the workbook's" if taken else "") if p)
        tail.append(f"{len(plan.conflicts)} conflict{'s' if len(plan.conflicts) != 1 else ''} "
                    f"({detail})")
    if plan.warnings:
        tail.append(f"{len(plan.warnings)} warning{'s' if len(plan.warnings) != 1 else ''}")
    return "; ".join([head, *tail]) + "."


def shown(plan: MergePlan, value: Any) -> str:
    """A value as the report shows it (for the app's merge dialog)."""
    return _show(plan, value)


def field_words(name: str) -> str:
    """A field as the report names it: "place", "evidence source"."""
    return _words(name)


def field_list(values: Any) -> str:
    """The fields of an element conflict's side, as the report lists them."""
    return _fields(values)


def _place(plan: MergePlan, key: Key) -> str:
    element = plan.elements.get(key)
    if key[0] == "card" and element is not None:
        return f" in {_show(plan, (element.lane_id, element.step_id))}"
    return ""


def _words(name: str) -> str:
    return {"cell": "place", "is_primary": "primary"}.get(name, name).replace(
        "evidence.", "evidence ").replace("_", " ")


def _fields(values: Any) -> str:
    return ", ".join(_words(name) for name in values) if isinstance(values, dict) else ""


def _show(plan: MergePlan, value: Any) -> str:
    """A value as the workbook shows it, short."""
    if value is None or value == "" or value == ():
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, EmotionScale):
        return f"{value.minimum}..{value.maximum}"
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        lane, step = plan.elements.get(("lane", value[0])), plan.elements.get(("step", value[1]))
        if isinstance(lane, Lane) and isinstance(step, Step):
            return f"{lane.name} / {step.name}"
    if isinstance(value, tuple):
        items = [m.display_name + f": {m.value:g}" if isinstance(m, Metric) else str(m)
                 for m in value]
        value = ", ".join(items)
    text = value if isinstance(value, str) else str(value)
    text = text.replace("\n", " ")
    return f'"{text}"' if len(text) <= 60 else f'"{text[:57]}..."'
