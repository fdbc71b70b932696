"""Reading the rows of a workbook's sheets into model values.

Cells name stages, steps, lanes and personas by id or by unique name
(``Resolver``); ``parse_card`` turns one Cards row into a Card; ``read_emotions``
reads the Emotions sheet. Both ``read_workbook`` (names from the workbook) and
the merge (names from the map being merged into) use them. Every bad value
raises a one-line ``WorkbookError`` naming its cell, like "Cards!H12: unknown
channel 'fax'".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from app.export import xlsx_format as fmt
from app.export.xlsx_data import blob_named, exact_card_values, read_data
from app.export.xlsx_reader import (
    MAX_COLUMNS,
    OpenedWorkbook,
    Table,
    WorkbookError,
    read_table,
)
from app.export.xlsx_safety import clean_text
from app.model.codec import is_colour
from app.model.entities import (
    Card,
    EmotionPoint,
    EmotionScale,
    Evidence,
    Lane,
    Persona,
    Stage,
    Step,
    new_id,
)
from app.model.journey import JourneyMap
from app.model.vocab import (
    DEFAULT_CARD_KIND,
    EFFORT_RANGE,
    IMPACT_RANGE,
    SEVERITY_RANGE,
    CardKind,
    Channel,
    Confidence,
    Status,
)

E = TypeVar("E", bound=Enum)
#: Reads one column of the current row: (column key) -> raw cell value.
Getter = Callable[[str], Any]
#: Names the cell of one column of the current row: (column key) -> "Cards!H12".
Where = Callable[[str], str]


# ---------------------------------------------------------------- references
class Resolver:
    """Finds the stage, step, lane or persona a cell names, by id or by unique name."""

    def __init__(
        self,
        stages: Iterable[Stage],
        steps: Iterable[Step],
        lanes: Iterable[Lane],
        personas: Iterable[Persona],
    ) -> None:
        self.stages = list(stages)
        self.steps = list(steps)
        self.lanes = list(lanes)
        self.personas = list(personas)

    @classmethod
    def of_map(cls, journey: JourneyMap) -> Resolver:
        return cls(journey.stages, journey.steps, journey.lanes, journey.personas)

    def stage(self, text: str) -> Stage:
        return _one(self.stages, text, "stage")

    def lane(self, text: str) -> Lane:
        return _one(self.lanes, text, "lane")

    def persona(self, text: str) -> Persona | None:
        """The persona an Emotions header names: by id, or by a name that can head a column."""
        usable = [p for p in self.personas if fmt.is_emotion_header(p.name)]
        try:
            return _by_id(self.personas, text) or _one(usable, text, "persona")
        except ValueError:
            return None

    def step(self, stage_text: str, step_text: str) -> Step:
        """The step named ``step_text``; ``stage_text`` tells apart steps of the same name."""
        if not step_text.strip():
            raise ValueError("a card needs a step")
        by_id = _by_id(self.steps, step_text)
        if by_id is not None:
            return by_id
        key = fmt.header_key(step_text)
        named = [step for step in self.steps if fmt.header_key(step.name) == key]
        if len(named) > 1 and stage_text.strip():
            stage = self.stage(stage_text)
            named = [step for step in named if step.stage_id == stage.id] or named
        if not named:
            raise ValueError(f"unknown step {step_text!r}")
        if len(named) > 1:
            raise ValueError(f"more than one step is called {step_text!r}; "
                             "write the step's id from the Steps sheet")
        return named[0]


T = TypeVar("T", Stage, Step, Lane, Persona)


def _by_id(elements: Sequence[T], text: str) -> T | None:
    """The element whose id is ``text``, or (if just one) is ``text`` white space aside."""
    for element in elements:
        if element.id == text:
            return element
    loose = [element for element in elements if element.id.strip() == text.strip()]
    return loose[0] if len(loose) == 1 else None


def _one(elements: Sequence[T], text: str, what: str) -> T:
    if not text.strip():
        raise ValueError(f"a {what} is needed")
    by_id = _by_id(elements, text)
    if by_id is not None:
        return by_id
    named = [e for e in elements if fmt.header_key(e.name) == fmt.header_key(text)]
    if len(named) == 1:
        return named[0]
    if named:
        raise ValueError(f"more than one {what} is called {text!r}; write its id instead")
    raise ValueError(f"unknown {what} {text!r}")


# ---------------------------------------------------------------- cell values
def exact_text(value: Any) -> str:
    """A cell of free text (a title, a note) as it is, white space and all."""
    return value if isinstance(value, str) else text(value)


def text(value: Any) -> str:
    """A cell as text: empty for nothing, whole numbers without '.0', ends stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return fmt.format_number(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).strip()


def choice(enum: type[E], value: Any, what: str) -> E | None:
    token = text(value)
    if not token:
        return None
    wanted = token.casefold()
    for member in enum:
        if wanted in (member.value, str(getattr(member, "label", "")).casefold()):
            return member
    raise ValueError(f"unknown {what} {token!r}")


def checked(where: Where, key: str, parse: Callable[..., Any], *args: Any) -> Any:
    """``parse(*args)``, its ValueError reported at the cell of column ``key``."""
    return checked_at(where(key), parse, *args)


def checked_at(cell: str, parse: Callable[..., Any], *args: Any) -> Any:
    try:
        return parse(*args)
    except ValueError as error:
        raise WorkbookError(cell, str(error)) from None


def _score(get: Getter, where: Where, key: str, bounds: tuple[int, int]) -> int | None:
    value = get(key)
    if text(value) == "":
        return None
    result: int = checked(where, key, fmt.parse_whole, value, key, *bounds)
    return result


def optional_number(get: Getter, where: Where, key: str, what: str) -> float | None:
    value = get(key)
    if text(value) == "":
        return None
    result: float = checked(where, key, fmt.parse_number, value, what)
    return result


def colour_cell(get: Getter, where: Where, key: str = "colour") -> str:
    value = text(get(key))
    if value and not is_colour(value):
        raise WorkbookError(where(key), f"expected a colour like #1f77b4, got {value!r}")
    return value


def element_id(get: Getter, where: Where) -> str:
    """The Id cell as written (an id may hold spaces); empty if blank."""
    value = exact_text(get("id"))
    if not value.strip():
        return ""
    if len(value) > 100:
        raise WorkbookError(where("id"), "an id has at most 100 characters")
    return value


# ---------------------------------------------------------------- cards
def parse_card(
    get: Getter, where: Where, resolver: Resolver, card_id: str, data: Mapping[str, bytes]
) -> Card:
    """The card a Cards row describes; names are looked up with ``resolver``.

    ``data`` holds the Data sheet's blobs, where a row's Exact values cell may
    point for tags, quotes or metrics its cells cannot spell.
    """
    step = checked(where, "step", resolver.step, exact_text(get("stage")),
                   exact_text(get("step")))
    lane = checked(where, "lane", _lane_of_card, resolver, exact_text(get("lane")))
    kind = checked(where, "kind", choice, CardKind, get("kind"), "kind")
    confidence = checked(where, "confidence", choice, Confidence, get("confidence"),
                          "confidence")
    exact = exact_card_values(
        blob_named(data, get("exact"), where("exact"), "the exact values"), where("exact")
    )
    card = Card(
        title=exact_text(get("title")),
        lane_id=lane.id,
        step_id=step.id,
        kind=kind or DEFAULT_CARD_KIND[lane.kind],
        id=card_id,
        body=exact_text(get("body")),
        channel=checked(where, "channel", choice, Channel, get("channel"), "channel"),
        owner=exact_text(get("owner")),
        moment_of_truth=checked(where, "moment_of_truth", fmt.parse_flag,
                                 get("moment_of_truth")),
        severity=_score(get, where, "severity", SEVERITY_RANGE),
        impact=_score(get, where, "impact", IMPACT_RANGE),
        effort=_score(get, where, "effort", EFFORT_RANGE),
        status=checked(where, "status", choice, Status, get("status"), "status"),
        metrics=_listed(get, where, exact, "metrics"),
        evidence=Evidence(
            _listed(get, where, exact, "quotes"),
            exact_text(get("source")),
            confidence or Confidence.ASSUMPTION,
        ),
        tags=_listed(get, where, exact, "tags"),
        colour=colour_cell(get, where),
    )
    return card


def _listed(get: Getter, where: Where, exact: dict[str, tuple[Any, ...]], key: str) -> Any:
    """Tags, quotes or metrics: the exact values if the cell still reads as they are written."""
    cell = exact_text(get(key))
    write, parse = fmt.LIST_COLUMNS[key]
    if key in exact and cell == clean_text(write(exact[key])):
        return exact[key]
    return checked(where, key, parse, cell)


def _lane_of_card(resolver: Resolver, name: str) -> Lane:
    if not name.strip():
        raise ValueError("a card needs a lane")
    return resolver.lane(name)


@dataclass(frozen=True, slots=True)
class CardRow:
    """One Cards row: where it is, the id it had (empty for a new row) and its card."""

    row: int
    given_id: str
    card: Card
    #: The row's Comments cell as read (None without one): not a field of the card.
    comments: Any = None


def read_card_rows(
    opened: OpenedWorkbook, resolver: Resolver, need_ids: bool
) -> list[CardRow]:
    """Every non-empty Cards row as a card; rows without an id get a fresh one."""
    required = ["id", "title", "step", "lane"] if need_ids else ["title", "step", "lane"]
    table = read_table(opened, fmt.CARDS, fmt.CARD_COLUMNS, required)
    data = read_data(opened)
    rows: list[CardRow] = []
    seen: dict[str, int] = {}
    data_keys = [key for key in table.columns if key not in fmt.CARD_COMPUTED]
    for number, values in table.rows:
        get = getter(table, values)
        where = where_of(table, number)
        if all(text(get(key)) == "" for key in data_keys):
            continue
        given = element_id(get, where)
        if given in seen:
            raise WorkbookError(where("id"), f"the id {given!r} is also on row {seen[given]}")
        if given:
            seen[given] = number
        card = parse_card(get, where, resolver, given or new_id(), data)
        rows.append(CardRow(number, given, card, get(fmt.COMMENTS_KEY)))
    return rows




def getter(table: Table, values: tuple[Any, ...]) -> Getter:
    return lambda key: table.value(values, key)


def where_of(table: Table, number: int) -> Where:
    return lambda key: table.where(number, key)


# ---------------------------------------------------------------- emotions
@dataclass(frozen=True, slots=True)
class EmotionSheet:
    """The points of the Emotions sheet and every (persona id, step id) it has a cell for."""

    points: list[EmotionPoint]
    covered: set[tuple[str, str]]
    #: The (persona id, step id) cells that have a note column beside them.
    noted: set[tuple[str, str]] = field(default_factory=set)


def read_emotions(
    opened: OpenedWorkbook, resolver: Resolver, scale: EmotionScale
) -> EmotionSheet | None:
    """The Emotions sheet, or None if the workbook has none.

    A column whose header names a persona holds its scores; otherwise "Note:
    <persona>" holds its notes; other columns are ignored.
    """
    if opened.sheet_name(fmt.EMOTIONS) is None:
        return None
    # A persona column may be headed by an id that reads as Stage or Step: the first is the column.
    table = read_table(opened, fmt.EMOTIONS, fmt.EMOTION_COLUMNS, ["step"], repeats=True)
    if table.cut:  # persona columns past the last one read would be lost without a word
        raise WorkbookError(table.where(table.header_row, position=MAX_COLUMNS),
                            f"too many columns (import reads at most {MAX_COLUMNS}: "
                            f"the scores and notes of {(MAX_COLUMNS - 2) // 2} personas)")
    score_columns: dict[str, int] = {}
    note_columns: dict[str, int] = {}
    note_prefix = fmt.header_key(fmt.NOTE_PREFIX)
    for position, header in table.headers.items():
        if position in table.columns.values():
            continue
        persona = resolver.persona(header)
        if persona is not None:
            score_columns[persona.id] = position
        elif fmt.header_key(header).startswith(note_prefix):
            # "Note: <persona>" as written, else as a client typed it ("note:Ann").
            name = (header[len(fmt.NOTE_PREFIX):] if header.startswith(fmt.NOTE_PREFIX)
                    else header.strip()[len(fmt.NOTE_PREFIX.strip()):])
            persona = resolver.persona(name)
            if persona is not None:
                note_columns[persona.id] = position
    table.refuse_special([*score_columns.values(), *note_columns.values()])
    points: list[EmotionPoint] = []
    covered: set[tuple[str, str]] = set()
    noted: set[tuple[str, str]] = set()
    for number, values in table.rows:
        get = getter(table, values)
        where = where_of(table, number)
        step = checked(where, "step", resolver.step, exact_text(get("stage")),
                       exact_text(get("step")))
        for persona in resolver.personas:
            score_at = score_columns.get(persona.id)
            note_at = note_columns.get(persona.id)
            if score_at is None:
                continue
            covered.add((persona.id, step.id))
            if note_at is not None:
                noted.add((persona.id, step.id))
            raw = values[score_at] if score_at < len(values) else None
            note = (exact_text(values[note_at]) if note_at is not None and note_at < len(values)
                    else "")
            cell = table.where(number, position=score_at)
            if text(raw) == "":
                if note.strip():
                    raise WorkbookError(table.where(number, position=note_at),
                                        "a note needs a score beside it")
                continue
            try:
                score = fmt.parse_whole(raw, "a score", scale.minimum, scale.maximum)
            except ValueError as error:
                raise WorkbookError(cell, str(error)) from None
            points.append(EmotionPoint(persona.id, step.id, score, note))
    return EmotionSheet(points, covered, noted)


