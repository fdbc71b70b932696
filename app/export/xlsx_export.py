"""Export a journey map as an Excel workbook a client can read, edit and send back.

``export_workbook(journey, path)`` writes the sheets described in
docs/excel-format.md: Map (the grid), Cards (one editable row per card),
Emotions (scores and a line chart), Personas, Backlog, Stages, Steps, Lanes,
About and the very hidden Data sheet (persona photos, and card values no cell
can spell exactly). Cards, Emotions, Personas, Stages, Steps, Lanes, About and
Data carry the ids and values ``xlsx_import`` needs to rebuild the map exactly
or merge changes back.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app import __version__
from app.export import xlsx_format as fmt
from app.export.output import write_atomically
from app.export.xlsx_data import add_blob, data_sheet
from app.export.xlsx_safety import safe_sheet_name
from app.export.xlsx_sheet import (
    ExportContext,
    add_table,
    fit_row_height,
    styled,
    write_header,
    write_row,
)
from app.export.xlsx_style import print_setup
from app.export.xlsx_views import backlog_sheet, emotions_sheet, map_sheet, stages_sheet
from app.model.codec import is_colour
from app.model.journey import JourneyMap
from app.model.palette import CARD_COLOURS, STEP, lane_colour
from app.model.vocab import CardKind, Channel, Confidence, LaneKind, Status

_ABOUT_VALUE_WIDTH = 90.0

#: Rows below the last card that still get the Cards sheet's drop-down lists.
_VALIDATED_SPARE_ROWS = 500


def export_workbook(
    journey: JourneyMap, path: str | Path, exported: datetime | None = None
) -> None:
    """Write ``journey`` as an .xlsx workbook; a failed export leaves ``path`` untouched."""
    book = build_workbook(journey, exported)
    write_atomically(path, lambda temp: book.save(temp))


def build_workbook(journey: JourneyMap, exported: datetime | None = None) -> Workbook:
    """The workbook for ``journey``, in memory (``exported`` defaults to now)."""
    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    sheets: dict[str, Worksheet] = {}
    for name in fmt.SHEET_ORDER:
        sheets[name] = book.create_sheet(safe_sheet_name(name, sheets))
    ctx = ExportContext.of(journey, book)
    map_sheet(ctx, sheets[fmt.MAP])
    _cards_sheet(ctx, sheets[fmt.CARDS])
    emotions_sheet(ctx, sheets[fmt.EMOTIONS])
    _personas_sheet(ctx, sheets[fmt.PERSONAS])
    backlog_sheet(ctx, sheets[fmt.BACKLOG])
    stages_sheet(ctx, sheets[fmt.STAGES])
    _steps_sheet(ctx, sheets[fmt.STEPS])
    _lanes_sheet(ctx, sheets[fmt.LANES])
    _about_sheet(ctx, sheets[fmt.ABOUT], exported or datetime.now(UTC))
    data_sheet(ctx, sheets[fmt.DATA])
    book.active = 0
    return book


def _cards_sheet(ctx: ExportContext, sheet: Worksheet) -> None:
    columns = fmt.CARD_COLUMNS
    write_header(sheet, columns, ctx.styles)
    sheet.freeze_panes = "B2"
    keys = [column.key for column in columns]
    kind_column = keys.index("kind") + 1
    colour_column = keys.index("colour") + 1
    journey = ctx.journey
    row = 1
    for row, card in enumerate(journey.cards(), start=2):
        cells = fmt.card_cells(card, journey, ctx.stage_ref, ctx.step_ref, ctx.lane_ref,
                               ctx.data)
        fills = {kind_column: CARD_COLOURS[card.kind]}
        if card.colour and is_colour(card.colour):
            fills[colour_column] = card.colour
        write_row(sheet, row, [cells[key] for key in keys], columns, ctx.styles, fills)
    add_table(sheet, "Cards", len(columns), row - 1)
    last = max(row, 2) + _VALIDATED_SPARE_ROWS
    for key, choices in (
        ("kind", [k.label for k in CardKind]),
        ("channel", [c.label for c in Channel]),
        ("status", [s.label for s in Status]),
        ("confidence", [c.label for c in Confidence]),
        ("moment_of_truth", ["Yes", "No"]),
    ):
        _choice_list(sheet, keys.index(key) + 1, choices, last)
    for key in ("severity", "impact", "effort"):
        rule = DataValidation(type="whole", operator="between", formula1="1", formula2="5",
                              allow_blank=True, showErrorMessage=True,
                              error="A whole number from 1 to 5", errorTitle=key.title())
        _validate_column(sheet, rule, keys.index(key) + 1, last)
    print_setup(sheet, a3=True)


def _choice_list(sheet: Worksheet, column: int, choices: list[str], last: int) -> None:
    rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                          showErrorMessage=True, errorTitle="Pick from the list",
                          error="Choose one of: " + ", ".join(choices))
    _validate_column(sheet, rule, column, last)


def _validate_column(sheet: Worksheet, rule: DataValidation, column: int, last: int) -> None:
    letter = sheet.cell(row=1, column=column).column_letter
    rule.add(f"{letter}2:{letter}{last}")
    sheet.add_data_validation(rule)


def _personas_sheet(ctx: ExportContext, sheet: Worksheet) -> None:
    columns = fmt.PERSONA_COLUMNS
    write_header(sheet, columns, ctx.styles)
    colour_column = [c.key for c in columns].index("colour") + 1
    row = 1
    for row, persona in enumerate(ctx.journey.personas, start=2):
        values: list[fmt.CellValue] = [
            persona.id, persona.name, persona.role, persona.quote, persona.goals, persona.needs,
            persona.frustrations, persona.notes, persona.colour,
            "Yes" if persona.is_primary else "No", "Yes" if persona.show_curve else "No",
            add_blob(ctx.data, persona.photo) if persona.photo else "",
        ]
        fills = {colour_column: persona.colour} if is_colour(persona.colour) else {}
        write_row(sheet, row, values, columns, ctx.styles, fills)
    add_table(sheet, "Personas", len(columns), row - 1)
    print_setup(sheet, a3=True)


def _steps_sheet(ctx: ExportContext, sheet: Worksheet) -> None:
    columns = fmt.STEP_COLUMNS
    write_header(sheet, columns, ctx.styles)
    row = 1
    for row, step in enumerate(ctx.journey.steps, start=2):
        values: list[fmt.CellValue] = [
            step.id, ctx.stage_ref(step.stage_id), step.name, step.description, step.width
        ]
        write_row(sheet, row, values, columns, ctx.styles)
    add_table(sheet, "Steps", len(columns), row - 1)
    print_setup(sheet)


def _lanes_sheet(ctx: ExportContext, sheet: Worksheet) -> None:
    columns = fmt.LANE_COLUMNS
    write_header(sheet, columns, ctx.styles)
    row = 1
    for row, lane in enumerate(ctx.journey.lanes, start=2):
        values: list[fmt.CellValue] = [
            lane.id, lane.name, lane.kind.label, lane.colour, lane.min_height
        ]
        fills = {2: lane_colour(lane)}
        write_row(sheet, row, values, columns, ctx.styles, fills)
    add_table(sheet, "Lanes", len(columns), row - 1)
    _choice_list(sheet, 3, [k.label for k in LaneKind], max(row, 2) + 50)
    print_setup(sheet)


def _about_sheet(ctx: ExportContext, sheet: Worksheet, exported: datetime) -> None:
    info = ctx.journey.info
    scale = info.scale
    values: dict[str, fmt.CellValue] = {
        "title": info.title,
        "objective": info.objective,
        "description": info.description,
        "state": info.state.label,
        "author": info.author,
        "organisation": info.organisation,
        "created": info.created.isoformat(),
        "modified": info.modified.isoformat(),
        "scale": f"{scale.minimum}..{scale.maximum}",
        "scale_labels": "\n".join(f"{score} {text}" for score, text in scale.labels),
        "exported": exported.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "app_version": f"CJM Studio {__version__}",
        "format": fmt.FORMAT_NAME,
        "format_version": fmt.FORMAT_VERSION,
    }
    styles = ctx.styles
    styled(sheet.cell(row=1, column=1), info.title, styles.named(styles.TITLE))
    sheet.row_dimensions[1].height = 24
    label_style = styles.filled(styles.BOLD, STEP)
    for row, (key, label) in enumerate(fmt.ABOUT_FIELDS, start=3):
        styled(sheet.cell(row=row, column=1), label, label_style)
        value = values[key]
        styled(sheet.cell(row=row, column=2), value, styles.named(styles.WRAP))
        if isinstance(value, str):
            fit_row_height(sheet, row, [(value, _ABOUT_VALUE_WIDTH)])
    styled(sheet.cell(row=len(fmt.ABOUT_FIELDS) + 4, column=1),
           "Edit cards on the Cards sheet and import the workbook back into CJM Studio "
           "(File > Import from Excel). Map, Backlog and Stages are for reading; "
           "they are rebuilt on every export.", styles.named(styles.NOTE))
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = _ABOUT_VALUE_WIDTH
    print_setup(sheet, title_rows=None, fit_height=True)
