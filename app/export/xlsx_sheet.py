"""Small helpers the workbook export uses on every sheet: the export context, cells, headers.

Every string that reaches a cell goes through ``put``, which writes it as plain
text (see ``xlsx_safety``); numbers and booleans are written as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from app.export.xlsx_format import (
    NOTE_PREFIX,
    CellValue,
    Column,
    Reference,
    References,
    is_emotion_header,
)
from app.export.xlsx_safety import put_text
from app.export.xlsx_style import Styles
from app.model.journey import JourneyMap

#: Excel's tallest row, in points.
MAX_ROW_HEIGHT = 409.0
#: Excel's widest column, in characters.
MAX_COLUMN_WIDTH = 255.0


@dataclass(frozen=True, slots=True)
class Names:
    """How other sheets name stages, steps, lanes and personas: by name, or id if ambiguous.

    Personas are named in the Emotions sheet's headers, so a name that reads as
    another header there is written as the id.
    """

    stage: Reference
    step: Reference
    lane: Reference
    persona: Reference

    @classmethod
    def of(cls, journey: JourneyMap) -> Names:
        return cls(
            References((s.id, s.name) for s in journey.stages),
            _StepReferences(journey),
            References((lane.id, lane.name) for lane in journey.lanes),
            _persona_references(journey),
        )


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What every sheet writer needs: the map, the workbook's styles, how to name elements."""

    journey: JourneyMap
    styles: Styles
    names: Names
    #: What goes on the hidden Data sheet: blobs by their content hash.
    data: dict[str, bytes] = field(default_factory=dict)
    #: A client-safe workbook: no owner, evidence or confidence columns (``xlsx_client``).
    client_safe: bool = False

    @classmethod
    def of(cls, journey: JourneyMap, book: Workbook, client_safe: bool = False) -> ExportContext:
        return cls(journey, Styles(book), Names.of(journey), client_safe=client_safe)

    @property
    def stage_ref(self) -> Reference:
        return self.names.stage

    @property
    def step_ref(self) -> Reference:
        return self.names.step

    @property
    def lane_ref(self) -> Reference:
        return self.names.lane

    @property
    def persona_ref(self) -> Reference:
        return self.names.persona


def _persona_references(journey: JourneyMap) -> References:
    """Personas head Emotions columns: by a name that reads back as theirs, else by id."""
    ids = {persona.id.strip() for persona in journey.personas}

    def usable(name: str) -> bool:
        # Its note column's header must not read as the score column of a persona named by id.
        return is_emotion_header(name) and (NOTE_PREFIX + name).strip() not in ids

    return References(((p.id, p.name) for p in journey.personas), usable)


class _StepReferences:
    """Steps are named by name within their stage (the Stage column tells stages apart)."""

    def __init__(self, journey: JourneyMap) -> None:
        ids = [step.id for step in journey.steps]
        self._by_stage = {
            stage.id: References(((s.id, s.name) for s in journey.steps_of(stage.id)), ids=ids)
            for stage in journey.stages
        }
        self._stage_of = {step.id: step.stage_id for step in journey.steps}

    def __call__(self, element_id: str) -> str:
        return self._by_stage[self._stage_of[element_id]](element_id)


def put(cell: Cell, value: CellValue) -> None:
    """Write ``value``: strings always as text, numbers and booleans as themselves."""
    if isinstance(value, str):
        if value:
            put_text(cell, value)
    elif value is not None:
        cell.value = value
        if isinstance(value, float) and float(f"{value:.16g}") != value:
            # openpyxl writes a number with 16 significant digits, and some floats need
            # 17; the shortest text that reads back as the same float is what it writes.
            cell._value = repr(value)


def write_header(
    sheet: Worksheet, columns: Sequence[Column], styles: Styles, row: int = 1
) -> None:
    """Header cells (dark, bold, white) and column widths; freezes the rows above ``row + 1``."""
    header = styles.named(styles.HEADER)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index)
        cell.style = header  # first: a named style replaces the quote prefix put_text may set
        put_text(cell, column.header)
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = min(column.width, MAX_COLUMN_WIDTH)
        dimension.hidden = column.hidden
    # Bold header text is wider than body text.
    fit_row_height(sheet, row, ((column.header, column.width * 0.85) for column in columns))
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)


def write_row(
    sheet: Worksheet,
    row: int,
    values: Sequence[CellValue],
    columns: Sequence[Column],
    styles: Styles,
    fills: dict[int, str] | None = None,
) -> None:
    """One data row: text wrapped where the column says so, the id column small and grey.

    ``fills`` maps a column number to a fill colour ('#rrggbb') for that cell.
    """
    text, wrap = styles.named(styles.TEXT), styles.named(styles.WRAP)
    small, centred = styles.named(styles.ID), styles.named(styles.CENTRED)
    lines = 1
    for index, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
        cell = sheet.cell(row=row, column=index)
        if column.key == "id":
            base = small
        else:
            base = wrap if column.wrap else centred if column.centred else text
        cell.style = styles.filled(base, fills[index]) if fills and index in fills else base
        put(cell, value)
        if column.wrap and isinstance(value, str) and value:
            lines = max(lines, wrapped_lines(value, column.width))
    # Spreadsheets do not grow rows to fit wrapped text on opening; say how tall they are.
    if lines > 1:
        sheet.row_dimensions[row].height = row_height(lines)


def styled(cell: Cell, value: CellValue, style: str) -> Cell:
    """Write ``value`` into ``cell`` with the named ``style``; returns the cell."""
    cell.style = style
    put(cell, value)
    return cell


def add_table(sheet: Worksheet, name: str, column_count: int, row_count: int) -> None:
    """An Excel table (filters, banded rows) over the header row and ``row_count`` rows."""
    last = get_column_letter(column_count)
    table = Table(displayName=name, ref=f"A1:{last}{max(row_count, 1) + 1}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight15", showRowStripes=True)
    sheet.add_table(table)


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes, word-wrapped in a cell ``width`` characters wide."""
    room = max(1, int(width * 1.05))
    lines = 0
    for paragraph in text.split("\n"):
        if len(paragraph) <= room:
            lines += 1
            continue
        used = 0
        lines += 1
        for word in paragraph.split(" "):
            needed = len(word) if used == 0 else used + 1 + len(word)
            if needed <= room:
                used = needed
            else:
                lines += (used > 0) + (len(word) - 1) // room
                used = len(word) % room or room
    return lines


def row_height(lines: int) -> float:
    """The height in points of a row showing ``lines`` lines of 10-point text."""
    return min(MAX_ROW_HEIGHT, 13.0 * lines + 4)


def fit_row_height(sheet: Worksheet, row: int, texts: Iterable[tuple[str, float]]) -> None:
    """Make ``row`` tall enough for the tallest of its (text, column width) cells."""
    lines = max((wrapped_lines(text, width) for text, width in texts if text), default=1)
    sheet.row_dimensions[row].height = row_height(lines)
