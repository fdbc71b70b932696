"""Read a CJM Studio workbook back as a new map: ``read_workbook(path)``.

The map is rebuilt from the Stages, Steps, Lanes and Cards sheets and, if
present, the Personas, Emotions and About sheets (docs/excel-format.md). Every
bad value raises a one-line ``WorkbookError`` naming its cell; nothing is built
until the whole workbook has been read, so a failed import changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from app.export import xlsx_format as fmt
from app.export.xlsx_comments import CommentCells, document_of
from app.export.xlsx_data import blob_named, read_data
from app.export.xlsx_reader import (
    OpenedWorkbook,
    Table,
    WorkbookError,
    open_workbook,
    read_pairs,
    read_table,
)
from app.export.xlsx_rows import (
    Getter,
    Resolver,
    Where,
    checked,
    checked_at,
    choice,
    colour_cell,
    element_id,
    exact_text,
    getter,
    optional_number,
    read_card_rows,
    read_emotions,
    text,
    where_of,
)
from app.model.codec import FormatError, parse_datetime
from app.model.document import MapDocument
from app.model.entities import EmotionScale, Lane, MapInfo, Persona, Stage, Step, new_id
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.rules import element_problem, scale_problem
from app.model.vocab import LaneKind, MapState

E = TypeVar("E")

__all__ = ["WorkbookError", "read_workbook", "read_workbook_document"]


def read_workbook(path: str | Path) -> JourneyMap:
    """A new map from a workbook ``export_workbook`` wrote (and a client may have edited)."""
    return _read(path)[0]


def read_workbook_document(path: str | Path) -> MapDocument:
    """A new document from a workbook: the map, the comment threads the export recorded,
    and a client's new lines in the Comments column as new threads (``xlsx_comments``)."""
    journey, cells = _read(path, comments=True)
    return document_of(journey, cells)


def _read(path: str | Path, comments: bool = False) -> tuple[JourneyMap, CommentCells]:
    cells = CommentCells()
    with open_workbook(path) as opened:
        info = _read_about(opened)
        personas = _read_personas(opened)
        stages = _read_stages(opened)
        resolver = Resolver(stages, (), (), personas)
        steps = _read_steps(opened, resolver)
        lanes = _read_lanes(opened)
        resolver = Resolver(stages, steps, lanes, personas)
        rows = read_card_rows(opened, resolver, need_ids=False)
        cards = [row.card for row in rows]
        sheet = read_emotions(opened, resolver, info.scale)
        emotions = sheet.points if sheet else []
        if comments:
            cells.read_record(opened)
            for row in rows:
                cells.note(row.card.id, row.comments, row.card.title)
    try:
        journey = JourneyMap.build(info, personas, stages, steps, lanes, cards, emotions)
    except ModelError as error:
        raise WorkbookError("", str(error)) from None
    return journey, cells


# ---------------------------------------------------------------- structure
def _read_stages(opened: OpenedWorkbook) -> list[Stage]:
    table = read_table(opened, fmt.STAGES, fmt.STAGE_COLUMNS, ["name"])
    return [
        Stage(exact_text(get("name")), _fresh_or(get, where), exact_text(get("goal")))
        for get, where in _each(table)
    ]


def _read_steps(opened: OpenedWorkbook, resolver: Resolver) -> list[Step]:
    table = read_table(opened, fmt.STEPS, fmt.STEP_COLUMNS, ["stage", "name"])
    steps = []
    for get, where in _each(table):
        stage = checked(where, "stage", resolver.stage, exact_text(get("stage")))
        width = optional_number(get, where, "width", "a width")
        step = Step(exact_text(get("name")), stage.id, _fresh_or(get, where),
                    exact_text(get("description")))
        steps.append(_obeying(step if width is None else replace(step, width=width), where))
    return steps


def _read_lanes(opened: OpenedWorkbook) -> list[Lane]:
    table = read_table(opened, fmt.LANES, fmt.LANE_COLUMNS, ["name", "kind"])
    lanes = []
    for get, where in _each(table):
        kind = checked(where, "kind", choice, LaneKind, get("kind"), "lane kind")
        if kind is None:
            raise WorkbookError(where("kind"), "a lane needs a kind")
        height = optional_number(get, where, "min_height", "a height")
        lane = Lane(exact_text(get("name")), kind, _fresh_or(get, where), colour_cell(get, where))
        lanes.append(_obeying(lane if height is None else replace(lane, min_height=height), where))
    return lanes


def _obeying(element: E, where: Where) -> E:
    """``element`` if it obeys the map's rules; else WorkbookError naming the cell at fault."""
    problem = element_problem(element)
    if problem:
        raise WorkbookError(where(problem.field) if problem.field else where(""), problem.message)
    return element


def _read_personas(opened: OpenedWorkbook) -> list[Persona]:
    if opened.sheet_name(fmt.PERSONAS) is None:
        return []
    table = read_table(opened, fmt.PERSONAS, fmt.PERSONA_COLUMNS, ["name"])
    data = read_data(opened)
    personas: list[Persona] = []
    shown_columns = [key for key in table.columns if key != "photo"]
    for get, where in _each(table):
        if all(text(get(key)) == "" for key in shown_columns):
            continue  # a row emptied in Excel keeps its hidden Photo cell
        primary = checked(where, "primary", fmt.parse_flag, get("primary"))
        shown = get("show_curve")
        personas.append(Persona(
            name=exact_text(get("name")),
            id=_fresh_or(get, where),
            role=exact_text(get("role")),
            quote=exact_text(get("quote")),
            goals=exact_text(get("goals")),
            needs=exact_text(get("needs")),
            frustrations=exact_text(get("frustrations")),
            notes=exact_text(get("notes")),
            # A sheet without a Colour column gives the default; an empty cell, no colour.
            colour=colour_cell(get, where) if "colour" in table.columns else "#1f77b4",
            photo=blob_named(data, get("photo"), where("photo"), "the photo"),
            is_primary=primary and not any(p.is_primary for p in personas),
            show_curve=True if text(shown) == "" else
            checked(where, "show_curve", fmt.parse_flag, shown),
        ))
    return personas


def _each(table: Table) -> Iterable[tuple[Getter, Where]]:
    seen: dict[str, int] = {}
    for number, values in table.rows:
        get, where = getter(table, values), where_of(table, number)
        given = element_id(get, where)
        if given in seen:
            raise WorkbookError(where("id"), f"the id {given!r} is also on row {seen[given]}")
        if given:
            seen[given] = number
        yield get, where


def _fresh_or(get: Getter, where: Where) -> str:
    return element_id(get, where) or new_id()


# ---------------------------------------------------------------- about
def _read_about(opened: OpenedWorkbook) -> MapInfo:
    pairs = read_pairs(opened, fmt.ABOUT)
    labels = {key: fmt.header_key(label) for key, label in fmt.ABOUT_FIELDS}

    def field(key: str) -> tuple[str, Any]:
        return pairs.get(labels[key], ("", None))

    where, version = field("format_version")
    if text(version):
        number = checked_at(where, fmt.parse_number, version, "the format version")
        if number > fmt.FORMAT_VERSION:
            raise WorkbookError(where, f"written by a newer CJM Studio (format {number:g}); "
                                       f"this one reads format {fmt.FORMAT_VERSION}")
    defaults = MapInfo()
    state_where, state = field("state")
    tags_where, tags = field("internal_tags")

    def free_text(key: str, default: str = "") -> str:
        """A text field as written; ``default`` only if the About sheet lacks its row."""
        return exact_text(field(key)[1]) if labels[key] in pairs else default

    return MapInfo(
        title=free_text("title", defaults.title),
        objective=free_text("objective"),
        description=free_text("description"),
        state=checked_at(state_where, choice, MapState, state, "map state") or MapState.CURRENT,
        author=free_text("author"),
        organisation=free_text("organisation"),
        created=_date(*field("created"), defaults.created),
        modified=_date(*field("modified"), defaults.modified),
        scale=_scale(field("scale"), field("scale_labels")),
        internal_tags=checked_at(tags_where, fmt.parse_internal_tags, exact_text(tags)),
    )


def _date(where: str, value: Any, default: datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not text(value):
        return default
    try:
        return parse_datetime(text(value), where)
    except FormatError as error:
        raise WorkbookError(where, error.problem) from None


def _scale(bounds: tuple[str, Any], labels: tuple[str, Any]) -> EmotionScale:
    where, value = bounds
    if not text(value):
        return EmotionScale()
    low_text, _, high_text = text(value).partition("..")
    try:
        low, high = int(low_text), int(high_text)
    except ValueError:
        raise WorkbookError(where, f"expected a scale like -3..3, got {text(value)!r}") from None
    if not -100 <= low < high <= 100:
        raise WorkbookError(where, "the scale's minimum must be below its maximum, "
                                   "both within -100..100")
    pairs = []
    # One "<score> <label>" a line; the label is the rest of the line, spaces and all.
    for line in exact_text(labels[1]).split("\n"):
        score, _, label = line.lstrip().partition(" ")
        try:
            pairs.append((int(score), label))
        except ValueError:
            if line.strip():
                raise WorkbookError(labels[0], f"expected '<score> <label>', got {line!r}") \
                    from None
    scale = EmotionScale(low, high, tuple(sorted(pairs)))  # a client may list them in any order
    problem = scale_problem(scale)
    if problem:
        raise WorkbookError(labels[0], f"the scale {problem}")
    return scale
