"""Merge a client's workbook into the map it was exported from: a real three-way merge.

``plan_workbook_merge(path, ours, map_id)`` reads the workbook's base (the hidden
Base sheet, ``xlsx_base``) and every sheet holding user data (Cards, Emotions,
Personas, Stages, Steps, Lanes, About) as records of ``app.model.merge``, and
merges the client's edits (workbook against base) onto ``ours`` (the map now).
It changes nothing: the ``MergePlan`` it returns says what would change, and
``apply_merge`` makes it so as one undo step. Docs: docs/excel-format.md.

- A workbook exported from another map is refused, naming both maps.
- A workbook without a base (an older export, one made by hand) is refused
  unless ``two_way``: then the map itself stands in for the base, so every
  difference counts as the client's edit (the plan's warnings say so).
- A column missing from a sheet (deleted, or renamed so it is no longer
  recognised) means "not edited" for its field, with a warning naming it.
- A row without an id is new; its id is derived from the base and the row's
  content, so merging the same workbook again adds nothing twice.
- Formulas and error values in a column import reads are refused
  (``xlsx_reader.special_cells``), naming the cell.
- A Cards row that reads exactly as the export wrote the base's card is that card
  and is not parsed again (most rows of a returned workbook are untouched).
"""

from __future__ import annotations

import operator
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from app.export import xlsx_format as fmt
from app.export.xlsx_base import read_base
from app.export.xlsx_client import CLIENT_LEFT_OUT
from app.export.xlsx_comments import CommentCells
from app.export.xlsx_data import blob_named, read_data
from app.export.xlsx_import import _read_about
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
    choice,
    colour_cell,
    element_id,
    exact_text,
    getter,
    optional_number,
    parse_card,
    read_emotions,
    text,
    where_of,
)
from app.export.xlsx_sheet import Names
from app.model.client_safe import client_edits, restored_base
from app.model.commands.match import MatchMap
from app.model.entities import Card, Lane, Persona, Stage, Step
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.merge import (
    MAP_KEY,
    Key,
    MergePlan,
    Theirs,
    Values,
    emotion_key,
    records_of,
    three_way,
    values_of,
)
from app.model.vocab import LaneKind

MACRO_TEXT = "Merge from Excel"

#: The column each mergeable field is read from, where the key differs from the field's name.
CARD_COLUMN_OF = {"evidence.quotes": "quotes", "evidence.source": "source",
                  "evidence.confidence": "confidence", "cell": "step"}
PERSONA_COLUMN_OF = {"is_primary": "primary"}
ABOUT_FIELDS = ("title", "objective", "description", "state", "author", "organisation")

_NAMESPACE = uuid.UUID("7b0f3c2e-5b7a-4d59-9a43-3c1f4f0e2a61")


class NoBaseError(WorkbookError):
    """The workbook has no Base sheet: it can be merged two-way only (the app asks)."""


def plan_workbook_merge(
    path: str | Path,
    ours: JourneyMap,
    map_id: str = "",
    *,
    two_way: bool = False,
    comments: CommentCells | None = None,
) -> MergePlan:
    """What merging the workbook at ``path`` into ``ours`` would change; changes nothing.

    ``map_id`` is the map's document uid. WorkbookError (one line naming the sheet
    or cell) for a workbook that cannot be merged. ``comments`` is filled with the
    Comments cells and their record (``xlsx_comments.new_comments`` reads them).
    """
    with open_workbook(path) as opened:
        base = read_base(opened)
        if comments is not None:
            comments.read_record(opened)
        warnings: list[str] = []
        if base is None:
            if not two_way:
                raise NoBaseError("", "the workbook has no base (it was exported by an older "
                                        "CJM Studio, or made by hand), so the client's edits "
                                        "cannot be told from the map's; export the map again, "
                                        "or merge two-way (--two-way): every difference from "
                                        "the map then counts as an edit in the workbook")
            base_map, seed = ours, f"two-way/{map_id}"
            warnings.append("the workbook has no base: merged two-way, so every difference "
                            "from the map counts as an edit made in the workbook")
        else:
            _refuse_foreign(base.map_id, base.map_title, base.journey, ours, map_id)
            base_map, seed = base.journey, f"{base.map_id}/{base.exported}"
        client_safe = base is not None and base.client_safe
        reader = _Reader(opened, base_map, ours, seed, CLIENT_LEFT_OUT if client_safe else ())
        reader.comments = comments
        theirs = reader.read()
    base_records: dict[Key, Values] | None = reader.base_records
    if client_safe:  # what the client never saw is not in the workbook: the map's stands
        client_edits(theirs.records, ours)
        base_map, base_records = restored_base(base_map, ours), None
    theirs.warnings[:0] = warnings
    try:
        return three_way(base_map, theirs, ours, base_records)
    except ModelError as error:
        raise WorkbookError("", str(error)) from None


def merged_map(plan: MergePlan, take: bool | Iterable[str] = False) -> JourneyMap:
    """``plan.result(take)``, a model refusal given as a WorkbookError."""
    try:
        return plan.result(take)
    except ModelError as error:
        raise WorkbookError("", f"the merged map breaks a rule: {error}") from None


def apply_merge(journey: JourneyMap, merged: JourneyMap) -> MatchMap:
    """The command making ``journey`` the merged map: do it (or push it) as one undo step."""
    return MatchMap(journey, merged, MACRO_TEXT)


def _refuse_foreign(
    base_id: str, base_title: str, base: JourneyMap, ours: JourneyMap, map_id: str
) -> None:
    foreign = bool(base_id and map_id and base_id != map_id)
    if not (base_id and map_id):  # no id to compare: the maps must share their structure
        foreign = not ({s.id for s in base.steps} & {s.id for s in ours.steps})
    if foreign:
        raise WorkbookError("", f'the workbook was exported from another map: "{base_title}" '
                                f'(id {base_id or "unknown"}), not "{ours.info.title}" '
                                f"(id {map_id or 'unknown'}); nothing was merged")


class _Chain(Resolver):
    """Names as exported (the base) first, then as the client renamed them, then the map's."""

    def __init__(self, resolvers: Sequence[Resolver]) -> None:
        first = resolvers[0]
        super().__init__(first.stages, first.steps, first.lanes, first.personas)
        self.chain = resolvers

    def _first(self, look: Callable[[Resolver], Any]) -> Any:
        error: ValueError | None = None
        for resolver in self.chain:
            try:
                return look(resolver)
            except ValueError as problem:
                error = error or problem
        assert error is not None
        raise error

    def stage(self, text: str) -> Stage:
        found: Stage = self._first(lambda r: Resolver.stage(r, text))
        return found

    def lane(self, text: str) -> Lane:
        found: Lane = self._first(lambda r: Resolver.lane(r, text))
        return found

    def step(self, stage_text: str, step_text: str) -> Step:
        found: Step = self._first(lambda r: Resolver.step(r, stage_text, step_text))
        return found


class _Reader:
    """Reads the workbook's sheets as the records of ``Theirs``."""

    def __init__(self, opened: OpenedWorkbook, base: JourneyMap, ours: JourneyMap,
                 seed: str, left_out: Iterable[str] = ()) -> None:
        self.opened, self.base, self.ours, self.seed = opened, base, ours, seed
        #: Columns the export left out on purpose (client-safe): missing, without a warning.
        self.left_out = frozenset(left_out)
        self.theirs = Theirs({}, self._covered)
        self.sheets: set[str] = set()
        self.emotion_cells: set[Key] = set()
        self.data = read_data(opened)
        #: The base as records: a row that reads as the export wrote it is its base record.
        self.base_records = records_of(base)
        #: Where the Cards rows' Comments cells go, if the caller wants them.
        self.comments: CommentCells | None = None

    def read(self) -> Theirs:
        self._about()
        stages = self._structure(fmt.STAGES, Stage(""), fmt.STAGE_COLUMNS, ["name"], _stage)
        resolver = Resolver(self.base.stages, self.base.steps, self.base.lanes,
                            self.base.personas)
        stage_resolver = _Chain([resolver, Resolver(stages, (), (), ())])
        steps = self._structure(fmt.STEPS, Step("", ""), fmt.STEP_COLUMNS, ["stage", "name"],
                                lambda get, where, fresh: _step(get, where, fresh,
                                                                stage_resolver))
        lanes = self._structure(fmt.LANES, Lane("", LaneKind.ACTIONS), fmt.LANE_COLUMNS,
                                ["name", "kind"], _lane)
        chain = _Chain([resolver, Resolver(stages, steps, lanes, ()),
                        Resolver.of_map(self.ours)])
        self._personas()
        self._cards(chain)
        self._emotions(resolver)
        return self.theirs

    def _covered(self, key: Key) -> bool:
        if key[0] == "emotion":
            return key in self.emotion_cells
        return key[0] in self.sheets

    def _fresh_id(self, sheet: str, values: tuple[Any, ...], seen: dict[str, int]) -> str:
        content = repr(values)
        seen[content] = seen.get(content, 0) + 1
        return str(uuid.uuid5(_NAMESPACE, f"{self.seed}/{sheet}/{content}/{seen[content]}"))

    def _missing(self, table: Table, columns: Sequence[fmt.Column], fields: Iterable[str],
                 column_of: dict[str, str]) -> set[str]:
        """Fields whose column the sheet lacks, each with a warning naming the column."""
        headers = {column.key: column.header for column in columns}
        missing = set()
        for name in fields:
            key = column_of.get(name, name)
            if key not in table.columns:
                missing.add(name)
                if key in self.left_out:
                    continue
                self.theirs.warnings.append(
                    f"{table.sheet}: no '{headers[key]}' column (deleted or renamed?): "
                    f"{headers[key].lower()} left as in the map")
        return missing

    def _put(self, key: Key, element: Any, missing: set[str], new: bool) -> None:
        values = {k: v for k, v in values_of(element).items() if k not in missing}
        self.theirs.records[key] = values
        if new:
            self.theirs.new[key] = element

    # ------------------------------------------------------------ sheets
    def _about(self) -> None:
        info = _read_about(self.opened)
        labels = dict(fmt.ABOUT_FIELDS)
        name = self.opened.sheet_name(fmt.ABOUT)
        if name is None:
            return
        pairs = read_pairs(self.opened, fmt.ABOUT)
        values: Values = {}
        for field in ABOUT_FIELDS:
            if fmt.header_key(labels[field]) in pairs:
                values[field] = getattr(info, field)
            else:
                self.theirs.warnings.append(f"{name}: no '{labels[field]}' row: "
                                            f"the map's {field} is left as it is")
        if fmt.header_key(labels["scale"]) in pairs:
            values["scale"] = info.scale
        self.theirs.records[MAP_KEY] = values

    def _structure(self, sheet: str, sample: Any, columns: Sequence[fmt.Column],
                   required: list[str], make: Callable[[Getter, Where, str], Any]) -> list[Any]:
        """The stages, steps or lanes of ``sheet``; ``sample`` is one of their kind."""
        kind = type(sample).__name__.lower()
        if self.opened.sheet_name(sheet) is None:
            self.theirs.warnings.append(f"the workbook has no '{sheet}' sheet: {kind}s are left "
                                        "as they are")
            return []
        table = read_table(self.opened, sheet, columns, required)
        self.sheets.add(kind)
        fields = values_of(sample)
        missing = self._missing(table, columns, fields, {})
        elements, seen = [], dict[str, int]()
        for number, values in table.rows:
            get, where = getter(table, values), where_of(table, number)
            given = element_id(get, where)
            element = make(get, where, given or self._fresh_id(sheet, values, seen))
            elements.append(element)
            self._put((kind, element.id), element, missing, not given)
        return elements

    def _personas(self) -> None:
        if self.opened.sheet_name(fmt.PERSONAS) is None:
            return
        table = read_table(self.opened, fmt.PERSONAS, fmt.PERSONA_COLUMNS, ["name"])
        self.sheets.add("persona")
        fields = values_of(Persona(""))
        missing = self._missing(table, fmt.PERSONA_COLUMNS, fields, PERSONA_COLUMN_OF)
        shown = [key for key in table.columns if key != "photo"]
        seen: dict[str, int] = {}
        for number, values in table.rows:
            get, where = getter(table, values), where_of(table, number)
            if all(text(get(key)) == "" for key in shown):
                continue  # a row emptied in Excel keeps its hidden Photo cell
            given = element_id(get, where)
            persona = _persona(get, where, given or self._fresh_id(fmt.PERSONAS, values, seen),
                               self.data, "colour" in table.columns)
            self._put(("persona", persona.id), persona, missing, not given)

    def _cards(self, resolver: Resolver) -> None:
        table = read_table(self.opened, fmt.CARDS, fmt.CARD_COLUMNS,
                           ["id", "title", "step", "lane"])
        self.sheets.add("card")
        fields = values_of(Card("", "", ""))
        missing = self._missing(table, fmt.CARD_COLUMNS, fields, CARD_COLUMN_OF)
        data_keys = [key for key in table.columns if key not in fmt.CARD_COMPUTED]
        seen: dict[str, int] = {}
        rows: dict[str, int] = {}
        compared, as_exported = self._exported_rows(table)
        pick = operator.itemgetter(*compared, 0)  # the 0: always a tuple, even of one
        width = max(compared) + 1
        id_at = table.columns["id"]
        for number, values in table.rows:
            cell = values[id_at] if id_at < len(values) else None
            exported = as_exported.get(cell) if isinstance(cell, str) else None
            if exported is not None and cell not in rows and len(values) >= width and \
                    exported == pick(values)[:-1]:
                # The row reads exactly as the export wrote it: the base's card, unparsed.
                base_id = str(cell)
                rows[base_id] = number
                self._note_comments(base_id, table, values)
                record = self.base_records[("card", base_id)]
                self.theirs.records[("card", base_id)] = (
                    {k: v for k, v in record.items() if k not in missing} if missing
                    else dict(record))
                continue
            get, where = getter(table, values), where_of(table, number)
            if all(text(get(key)) == "" for key in data_keys):
                continue
            given = element_id(get, where)
            if given in rows:
                raise WorkbookError(where("id"), f"the id {given!r} is also on row {rows[given]}")
            if given:
                rows[given] = number
            card_id = given or self._fresh_id(fmt.CARDS, values, seen)
            card = parse_card(get, where, resolver, card_id, self.data)
            self._note_comments(card_id, table, values)
            new = not given or not (self.base.has_card(given) or self.ours.has_card(given))
            self._put(("card", card.id), card, missing, new)

    def _note_comments(self, card_id: str, table: Table, values: tuple[Any, ...]) -> None:
        if self.comments is not None and fmt.COMMENTS_KEY in table.columns:
            self.comments.present = True
            self.comments.note(card_id, table.value(values, fmt.COMMENTS_KEY),
                               table.value(values, "title"))

    def _exported_rows(self, table: Table) -> tuple[list[int], dict[str, tuple[Any, ...]]]:
        """The positions compared, and each base card's row there as the export wrote it.

        Most rows of a merged workbook are untouched: one that reads exactly as the
        export wrote it is the base's card, so it need not be parsed (the round trip
        of an export reads back the map it was written from). Any difference, even
        one that reads back the same, only means the row is parsed.
        """
        keys = [key for key in table.columns if key not in ("priority", fmt.COMMENTS_KEY)]
        compared = [table.columns[key] for key in keys]
        base = self.base
        names = Names.of(base)
        rows: dict[str, tuple[Any, ...]] = {}
        for card in base.cards():
            cells = fmt.card_cells(card, base, names.stage, names.step, names.lane, {})
            # An empty text is written as no cell at all, which reads back as None.
            rows[card.id] = tuple(None if cells[key] == "" else cells[key] for key in keys)
        return compared, rows

    def _emotions(self, resolver: Resolver) -> None:
        sheet = read_emotions(self.opened, resolver, self.base.info.scale)
        if sheet is None:
            return
        for persona_id, step_id in sheet.covered:
            self.emotion_cells.add(emotion_key(persona_id, step_id))
        for point in sheet.points:
            key = emotion_key(point.persona_id, point.step_id)
            missing = set() if (point.persona_id, point.step_id) in sheet.noted else {"note"}
            self._put(key, point, missing, True)


# ---------------------------------------------------------------- rows to elements
def _stage(get: Getter, where: Where, element: str) -> Stage:
    return Stage(exact_text(get("name")), element, exact_text(get("goal")))


def _step(get: Getter, where: Where, element: str, resolver: Resolver) -> Step:
    stage_text = exact_text(get("stage"))
    stage = checked(where, "stage", resolver.stage, stage_text) if stage_text else None
    width = optional_number(get, where, "width", "a width")
    step = Step(exact_text(get("name")), stage.id if stage else "", element,
                exact_text(get("description")))
    return step if width is None else Step(step.name, step.stage_id, element,
                                           step.description, width)


def _lane(get: Getter, where: Where, element: str) -> Lane:
    kind = checked(where, "kind", choice, LaneKind, get("kind"), "lane kind")
    height = optional_number(get, where, "min_height", "a height")
    if kind is None:
        raise WorkbookError(where("kind"), "a lane needs a kind")
    lane = Lane(exact_text(get("name")), kind, element, colour_cell(get, where))
    return lane if height is None else Lane(lane.name, lane.kind, element, lane.colour, height)


def _persona(get: Getter, where: Where, element: str, data: dict[str, bytes],
             has_colour: bool) -> Persona:
    shown = get("show_curve")
    return Persona(
        name=exact_text(get("name")),
        id=element,
        role=exact_text(get("role")),
        quote=exact_text(get("quote")),
        goals=exact_text(get("goals")),
        needs=exact_text(get("needs")),
        frustrations=exact_text(get("frustrations")),
        notes=exact_text(get("notes")),
        colour=colour_cell(get, where) if has_colour else "#1f77b4",
        photo=blob_named(data, get("photo"), where("photo"), "the photo"),
        is_primary=checked(where, "primary", fmt.parse_flag, get("primary")),
        show_curve=True if text(shown) == "" else
        checked(where, "show_curve", fmt.parse_flag, shown),
    )
