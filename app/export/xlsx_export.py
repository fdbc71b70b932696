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

import errno
import gc
import os
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app import __version__
from app.export import xlsx_format as fmt
from app.export.output import ExportError, write_atomically
from app.export.xlsx_base import base_sheet
from app.export.xlsx_client import mark_draft, shown_columns
from app.export.xlsx_comments import comment_cells, record_cells
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
from app.model.client_safe import client_copy
from app.model.codec import is_colour
from app.model.document import CommentThread
from app.model.journey import JourneyMap
from app.model.palette import CARD_COLOURS, STEP, lane_colour
from app.model.vocab import CardKind, Channel, Confidence, LaneKind, Status

_ABOUT_VALUE_WIDTH = 90.0

#: What the client may edit, at the foot of the About sheet.
_EDITING_NOTE = (
    "You may edit: the Cards sheet (any field; add a row for a new card, delete a row to "
    "remove a card), the Emotions sheet (scores and notes), Personas (add or delete rows "
    "too), the names, goals and descriptions on Stages and Steps, Lanes, and the values "
    "above (title to organisation). Then send the workbook back: CJM Studio merges your "
    "edits with the changes made to the map since (File > Import > Merge from Excel). "
    "To comment on a card, add a line to its Comments cell (\"Your name: your comment\"): "
    "each new line becomes a comment, and the comments already there stay as they are. "
    "Keep the Id columns as they are, type values (formulas are refused), and do not "
    "re-add a deleted column: a missing column counts as not edited. The Map and Backlog "
    "sheets and the counts and averages on Stages are rebuilt on every export: edits "
    "there are not read back."
)

#: Excel's widest sheet: columns A to XFD. The Map sheet puts the lanes in column A and
#: one step in each column after it (openpyxl would write up to ZZZ, which Excel refuses).
EXCEL_COLUMNS = 16_384
MAX_STEPS = EXCEL_COLUMNS - 1

#: Rows below the last card that still get the Cards sheet's drop-down lists.
_VALIDATED_SPARE_ROWS = 500


def export_workbook(
    journey: JourneyMap,
    path: str | Path,
    exported: datetime | None = None,
    *,
    map_id: str = "",
    client_safe: bool = False,
    draft: bool = False,
    comments: Iterable[CommentThread] | None = None,
) -> None:
    """Write ``journey`` as an .xlsx workbook; a failed export leaves ``path`` untouched.

    ``comments`` (the document's threads): a Comments column on Cards, whose new lines a
    merge brings back as comments (``xlsx_comments``); None (and ``client_safe``): none.

    ``map_id`` (the document's ``uid``) goes on the hidden Base sheet, so that a merge
    can tell the workbook's map from another. ``client_safe``: the map's client-safe
    copy, without the columns it leaves out (``xlsx_client``); it still merges back.
    ``draft``: DRAFT on every printed page. Raises ExportError for a map wider than
    an Excel sheet.
    """
    if client_safe:
        journey = client_copy(journey)
    check_fits(journey)
    book = build_workbook(journey, exported, map_id=map_id, client_safe=client_safe, draft=draft,
                          comments=comments)
    write_atomically(path, lambda temp: _save(book, temp))


def check_fits(journey: JourneyMap) -> None:
    """Raise ExportError if ``journey`` is wider than an Excel sheet."""
    if len(journey.steps) > MAX_STEPS:
        raise ExportError(
            f"the map has {len(journey.steps):,} steps, and the Map sheet can hold at most "
            f"{MAX_STEPS:,} (Excel's limit is {EXCEL_COLUMNS:,} columns, one for the lanes); "
            "export it as PDF or JSON instead"
        )


def _save(book: Workbook, temp: Path) -> None:
    """``book.save(temp)``; on failure (a full disk), openpyxl's half-run sheet writers are
    freed here, with their complaints silenced, so the user sees one error line only."""
    try:
        book.save(temp)
        return
    except Exception as error:  # OSError, or lxml's SerialisationError("IO_ENOSPC")
        failure = _as_os_error(error)
        if failure is None:
            raise
        hook, sys.unraisablehook = sys.unraisablehook, _ignore
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook
    raise failure


def _ignore(_unraisable: Any) -> None:
    pass


def _as_os_error(error: Exception) -> OSError | None:
    """The failed write behind ``error``, without its traceback; None if it is not one."""
    if isinstance(error, OSError):
        return OSError(error.errno, error.strerror)
    # lxml, when openpyxl writes through it, names the errno in its message.
    found = re.search(r"\bIO_(E[A-Z]+)\b", str(error))
    code = getattr(errno, found.group(1), None) if found else None
    return OSError(code, os.strerror(code)) if isinstance(code, int) else None


def build_workbook(
    journey: JourneyMap,
    exported: datetime | None = None,
    *,
    map_id: str = "",
    client_safe: bool = False,
    draft: bool = False,
    comments: Iterable[CommentThread] | None = None,
) -> Workbook:
    """The workbook for ``journey``, in memory (``exported`` defaults to now).

    ``client_safe``: ``journey`` is a client-safe copy; leave out its empty columns and
    say so on the Base sheet. ``draft``: mark it DRAFT."""
    exported = exported or datetime.now(UTC)
    book = Workbook()
    for sheet in list(book.worksheets):
        book.remove(sheet)
    sheets: dict[str, Worksheet] = {}
    for name in fmt.SHEET_ORDER:
        sheets[name] = book.create_sheet(safe_sheet_name(name, sheets))
    ctx = ExportContext.of(journey, book, client_safe)
    map_sheet(ctx, sheets[fmt.MAP])
    # The cards' Comments cells; none at all in a client-safe workbook.
    threads = None if comments is None or client_safe else tuple(comments)
    cells = None if threads is None else comment_cells(threads, journey)
    _cards_sheet(ctx, sheets[fmt.CARDS], cells)
    emotions_sheet(ctx, sheets[fmt.EMOTIONS])
    _personas_sheet(ctx, sheets[fmt.PERSONAS])
    backlog_sheet(ctx, sheets[fmt.BACKLOG])
    stages_sheet(ctx, sheets[fmt.STAGES])
    _steps_sheet(ctx, sheets[fmt.STEPS])
    _lanes_sheet(ctx, sheets[fmt.LANES])
    _about_sheet(ctx, sheets[fmt.ABOUT], exported)
    data_sheet(ctx, sheets[fmt.DATA])
    base_sheet(ctx, sheets[fmt.BASE], map_id, exported)
    if cells is not None:
        # A merge then takes only the client's lines; a new map from the workbook, all.
        record_cells(sheets[fmt.BASE], cells, threads or ())
    if draft:
        mark_draft(book, sheets[fmt.MAP].title)
    book.active = 0
    return book


def _cards_sheet(ctx: ExportContext, sheet: Worksheet, comments: dict[str, str] | None) -> None:
    """``comments``: each card's Comments cell, by id (None: no Comments column)."""
    columns = shown_columns(fmt.CARD_COLUMNS, ctx.client_safe)
    if comments is None:
        columns = tuple(c for c in columns if c.key != fmt.COMMENTS_KEY)
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
        if comments is not None:
            cells[fmt.COMMENTS_KEY] = comments.get(card.id, "")
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
        if key in keys:  # a client-safe workbook has no Confidence column
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
        "internal_tags": fmt.format_internal_tags(info.internal_tags),
        "exported": exported.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "app_version": f"CJM Studio {__version__}",
        "format": fmt.FORMAT_NAME,
        "format_version": fmt.FORMAT_VERSION,
    }
    styles = ctx.styles
    styled(sheet.cell(row=1, column=1), info.title, styles.named(styles.TITLE))
    sheet.row_dimensions[1].height = 24
    label_style = styles.filled(styles.BOLD, STEP)
    # Internal tags only when the map has some: a client-safe copy has none, and no row.
    fields = [(k, t) for k, t in fmt.ABOUT_FIELDS if k != "internal_tags" or info.internal_tags]
    for row, (key, label) in enumerate(fields, start=3):
        styled(sheet.cell(row=row, column=1), label, label_style)
        value = values[key]
        styled(sheet.cell(row=row, column=2), value, styles.named(styles.WRAP))
        if isinstance(value, str):
            fit_row_height(sheet, row, [(value, _ABOUT_VALUE_WIDTH)])
    styled(sheet.cell(row=len(fields) + 4, column=1),
           _EDITING_NOTE, styles.named(styles.NOTE))
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = _ABOUT_VALUE_WIDTH
    print_setup(sheet, title_rows=None, fit_height=True)
