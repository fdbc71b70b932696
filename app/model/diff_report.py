"""A diff in words: sections per kind of element, an entry per element, named by title.

``report(diff, old, new)`` turns a ``MapDiff`` into sections (the map's own fields,
stages, steps, lanes, personas, cards, emotions), each with its counts and one
entry per element: what happened to it (added, removed, moved, renamed,
reordered, edited), where (a card's lane and step, a step's stage, a position),
and for edits each field with its old and new value. The command line prints
``report_lines``; the PDF report (``app/export/pdf_changes.py``) lays out the same
sections. Values are shown as people read them: labels for choices, "yes"/"no",
sizes in points, long text shortened on one line when asked.

The time a map was last modified is left out (every save changes it); the JSON
form (``diff_json.py``) keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

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
from app.model.entities import EmotionScale, Evidence, MapInfo, Metric
from app.model.fields import Kind, declared
from app.model.journey import JourneyMap

HEADINGS = {
    "map": "Map", STAGE: "Stages", STEP: "Steps", "lane": "Lanes", PERSONA: "Personas",
    CARD: "Cards", "emotion": "Emotions",
}  # fmt: skip
#: The map fields a report leaves out: every save changes them.
UNREPORTED = ("modified",)
NO_DIFFERENCES = "No differences: the two maps are the same."
ONLY_MODIFIED = "No differences in content: only the time each map was last modified differs."
UNTITLED = "(untitled)"


@dataclass(frozen=True, slots=True)
class Detail:
    """One field of an element, old and new value as shown."""

    label: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One element and what happened to it, e.g. verb "moved", subject '"Pay by card"',
    where "from Touchpoints / Checkout to Touchpoints / Delivery"."""

    verb: str
    subject: str
    where: str = ""
    details: tuple[Detail, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(part for part in (self.verb, self.subject, self.where) if part)


@dataclass(frozen=True, slots=True)
class Section:
    kind: str
    heading: str
    counts: tuple[tuple[str, int], ...]
    entries: tuple[Entry, ...]

    @property
    def summary(self) -> str:
        """The counts in words: "2 added, 1 moved"."""
        return ", ".join(f"{count} {word}" for word, count in self.counts if count)


def report(
    diff: MapDiff,
    old: JourneyMap,
    new: JourneyMap,
    *,
    one_line: int | None = None,
    arrow: str = "->",
) -> list[Section]:
    """The diff in sections, in the order of ``HEADINGS``; empty when nothing differs.

    ``one_line``: show every value on one line, text shortened to that many characters.
    ``arrow`` stands between an old and a new score.
    """
    words = _Words(old, new, one_line, arrow)
    sections = []
    info = [change for change in diff.info if change.name not in UNREPORTED]
    if info:
        details = tuple(words.detail(MapInfo, change) for change in info)
        edited = "field edited" if len(info) == 1 else "fields edited"
        sections.append(Section("map", HEADINGS["map"], ((edited, len(info)),),
                                (Entry("edited", "", details=details),)))  # fmt: skip
    folded = _folded_points(diff)
    for kind in KINDS:
        changes = diff.of_kind(kind)
        if changes:
            sections.append(_element_section(kind, changes, words, folded))
    points = [point for point in diff.emotions if not _is_folded(point, folded)]
    if points:
        sections.append(_emotion_section(points, words))
    return sections


def report_lines(sections: list[Section], diff: MapDiff) -> list[str]:
    """The report as lines of text: a heading per section, an indented line per entry,
    a further indented line per field."""
    if not sections:
        return [ONLY_MODIFIED if diff.info else NO_DIFFERENCES]
    lines = []
    for section in sections:
        lines.append(f"{section.heading}: {section.summary}")
        for entry in section.entries:
            indent = "  "
            if section.kind != "map":  # the map's own fields stand under the heading
                lines.append(f"  {entry.text}")
                indent = "      "
            lines += [f"{indent}{d.label}: {d.old} -> {d.new}" for d in entry.details]
    return lines


# ---------------------------------------------------------------------- elements
def _element_section(
    kind: str, changes: tuple[ElementChange, ...], words: _Words, folded: dict[str, int]
) -> Section:
    order = {ADDED: 0, REMOVED: 1, CHANGED: 2}
    entries = [
        _entry(change, words, folded)
        for change in sorted(changes, key=lambda change: order[change.action])
    ]
    counts: dict[str, int] = {}
    for change in changes:
        for word in _aspects(change):
            counts[word] = counts.get(word, 0) + 1
    wanted = ("added", "removed", "moved", "renamed", "reordered", "edited")
    return Section(kind, HEADINGS[kind], tuple((w, counts[w]) for w in wanted if w in counts),
                   tuple(entries))  # fmt: skip


def _aspects(change: ElementChange) -> list[str]:
    """What happened to an element, in words (a card's title counts as an edit)."""
    if change.action != CHANGED:
        return [change.action]
    aspects = []
    if change.renamed and change.kind != CARD:
        aspects.append("renamed")
    if change.moved:
        aspects.append("moved")
    elif change.reordered:
        aspects.append("reordered")
    if change.edited or (change.kind == CARD and change.fields):
        aspects.append("edited")
    return aspects


def _entry(change: ElementChange, words: _Words, folded: dict[str, int]) -> Entry:
    kind = change.kind
    subject = words.quoted(change.old_title if change.action != ADDED else change.title)
    points = folded.get(change.id, 0)
    with_points = f"with {points} emotion point{'s' * (points != 1)}" if points else ""
    if change.action == ADDED:
        assert change.new_place is not None
        where = words.placed_in(kind, change.new_place, new=True)
        return Entry("added", subject, _joined(where, with_points))
    if change.action == REMOVED:
        assert change.old_place is not None
        where = words.place(kind, change.old_place, new=False)
        return Entry("removed", subject, _joined(f"from {where}" if where else "", with_points))
    assert change.old_place is not None and change.new_place is not None
    clauses = []
    if change.renamed and kind != CARD:
        clauses.append(f"to {words.quoted(change.title)}")
    if change.moved:
        old_where = words.place(kind, change.old_place, new=False)
        clauses.append(f"from {old_where} to {words.place(kind, change.new_place, new=True)}")
    elif change.reordered:
        where = words.place(kind, change.new_place, new=True)
        within = f"within {where}, " if where else ""
        clauses.append(f"{within}from position {change.old_place.index + 1} to "
                       f"{change.new_place.index + 1}")  # fmt: skip
    elif kind in (CARD, STEP):
        clauses.append(f"in {words.place(kind, change.new_place, new=True)}")
    element_type = type(change.new)
    details = tuple(
        words.detail(element_type, field)
        for field in change.fields
        if kind == CARD or field.name not in ("name", "title")
    )
    return Entry(" and ".join(_aspects(change)), subject, ", ".join(clauses), details)


def _joined(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _folded_points(diff: MapDiff) -> dict[str, int]:
    """Added or removed personas and steps -> how many of their points were added or
    removed with them (said on their own entry, not listed one by one)."""
    gone = {c.id for kind in (PERSONA, STEP) for c in diff.of_kind(kind) if c.action != CHANGED}
    counts: dict[str, int] = {}
    for point in diff.emotions:
        if point.action == CHANGED:
            continue
        element = point.new if point.new is not None else point.old
        assert element is not None
        for element_id in (element.persona_id, element.step_id):
            if element_id in gone:
                counts[element_id] = counts.get(element_id, 0) + 1
                break
    return counts


def _is_folded(point: EmotionChange, folded: dict[str, int]) -> bool:
    element = point.new if point.new is not None else point.old
    assert element is not None
    return point.action != CHANGED and (element.persona_id in folded or element.step_id in folded)


# ---------------------------------------------------------------------- emotions
def _emotion_section(points: list[EmotionChange], words: _Words) -> Section:
    entries = []
    counts = {"changed": 0, "added": 0, "removed": 0}
    for point in points:
        counts[point.action] += 1
        is_new = point.new is not None
        element = point.new if point.new is not None else point.old
        assert element is not None
        persona = words.name(PERSONA, element.persona_id, new=is_new)
        step = words.name(STEP, element.step_id, new=is_new)
        where = f"at {step}"
        details: tuple[Detail, ...] = ()
        if point.old is not None and point.new is not None:
            delta = point.delta or 0
            if delta:
                where += f": {point.old.score} {words.arrow} {point.new.score} ({delta:+d})"
            if point.old.note != point.new.note:
                details = (Detail("note", words.text(point.old.note),
                                  words.text(point.new.note)),)  # fmt: skip
        elif point.new is not None:
            where += f": {point.new.score}"
        elif point.old is not None:
            where += f" (was {point.old.score})"
        entries.append(Entry(point.action, persona, where, details))
    return Section("emotion", HEADINGS["emotion"],
                   tuple((word, count) for word, count in counts.items() if count),
                   tuple(entries))  # fmt: skip


# ---------------------------------------------------------------------- words
class _Words:
    """Names and values as a reader sees them."""

    def __init__(
        self, old: JourneyMap, new: JourneyMap, one_line: int | None, arrow: str
    ) -> None:
        self.maps = {False: old, True: new}
        self.one_line = one_line
        self.arrow = arrow
        self._names: dict[tuple[bool, str], dict[str, str]] = {}

    def quoted(self, title: str) -> str:
        return f'"{self.text(title, quote=False)}"' if title.strip() else UNTITLED

    def name(self, kind: str, element_id: str, *, new: bool) -> str:
        key = (new, kind)
        if key not in self._names:
            journey = self.maps[new]
            elements: dict[str, Any] = {
                PERSONA: journey.personas, STAGE: journey.stages, STEP: journey.steps,
                "lane": journey.lanes,
            }  # fmt: skip
            self._names[key] = {e.id: e.name for e in elements[kind]}
        found = self._names[key].get(element_id)
        return self.quoted(found) if found is not None else "(unknown)"

    def place(self, kind: str, place: Place, *, new: bool) -> str:
        """The parent an element sits in: a card's lane and step, a step's stage."""
        if kind == CARD:
            lane_id, step_id = place.parent
            lane, step = self.name("lane", lane_id, new=new), self.name(STEP, step_id, new=new)
            return f"{lane} / {step}"
        if kind == STEP:
            return f"stage {self.name(STAGE, place.parent[0], new=new)}"
        return ""

    def placed_in(self, kind: str, place: Place, *, new: bool) -> str:
        where = self.place(kind, place, new=new)
        if kind == CARD:
            return f"in {where}"
        if kind == STEP:
            return f"in {where} at position {place.index + 1}"
        return f"at position {place.index + 1}"

    def detail(self, element_type: type[Any], change: FieldChange) -> Detail:
        spec = next(s for s in declared(element_type) if s.name == change.name)
        show = _SHOW.get(spec.kind, _plain)
        label = "emotion scale" if spec.kind is Kind.SCALE else spec.json.replace("_", " ")
        return Detail(label, show(self, change.old), show(self, change.new))

    def text(self, value: str, quote: bool = True) -> str:
        if self.one_line is not None:
            value = value.replace("\n", " ↵ ").replace("\t", " ")
            if len(value) > self.one_line:
                value = value[: self.one_line - 1].rstrip() + "…"
        return f'"{value}"' if quote else value


def _plain(_words: _Words, value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    return str(value)


def _colour(words: _Words, value: Any) -> str:
    return str(value) if value else "default"


def _flag(_words: _Words, value: Any) -> str:
    return "yes" if value else "no"


def _size(_words: _Words, value: Any) -> str:
    return f"{value:g} pt"


def _number(_words: _Words, value: Any) -> str:
    return "none" if value is None else f"{value:g}"


def _picture(_words: _Words, value: Any) -> str:
    return "none" if value is None else f"a picture ({max(1, round(len(value) / 1024))} KB)"


def _date(_words: _Words, value: Any) -> str:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)


def _texts(words: _Words, value: Any) -> str:
    return ", ".join(words.text(item) for item in value) if value else "none"


def _metrics(words: _Words, value: Any) -> str:
    def one(metric: Metric) -> str:
        unit = f" {metric.unit}" if metric.unit else ""
        target = f" (target {metric.target:g})" if metric.target is not None else ""
        return f"{words.text(metric.display_name, quote=False)} {metric.value:g}{unit}{target}"

    return "; ".join(one(metric) for metric in value) if value else "none"


def _evidence(words: _Words, value: Evidence) -> str:
    quotes = f"{len(value.quotes)} quote{'s' * (len(value.quotes) != 1)}"
    source = f", source {words.text(value.source)}" if value.source else ""
    return f"{value.confidence.label}, {quotes}{source}"


def _scale(_words: _Words, value: EmotionScale) -> str:
    labels = f", {len(value.labels)} labels" if value.labels else ""
    return f"{value.minimum} to {value.maximum}{labels}"


_SHOW: dict[Kind, Callable[[_Words, Any], str]] = {
    Kind.TEXT: lambda words, value: words.text(value),
    Kind.COLOUR: _colour,
    Kind.FLAG: _flag,
    Kind.SIZE: _size,
    Kind.NUMBER: _number,
    Kind.OPTIONAL_NUMBER: _number,
    Kind.PICTURE: _picture,
    Kind.DATE: _date,
    Kind.TEXTS: _texts,
    Kind.METRICS: _metrics,
    Kind.EVIDENCE: _evidence,
    Kind.SCALE: _scale,
}
