"""The overview sheets of the workbook: the Map grid, Emotions with its chart, Backlog, Stages.

Map, Backlog and the summary columns of Stages are for reading and printing;
import ignores them. The Emotions sheet is read back (scores and notes).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from openpyxl.chart import LineChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.export import xlsx_format as fmt
from app.export.xlsx_client import shown_columns
from app.export.xlsx_format import CellValue, Column
from app.export.xlsx_sheet import (
    ExportContext,
    add_table,
    fit_row_height,
    put,
    styled,
    write_header,
    write_row,
)
from app.export.xlsx_style import argb, print_setup, tint
from app.model.entities import Card
from app.model.palette import CARD_COLOURS, PRIORITY_COLOURS, lane_colour, persona_colour
from app.model.vocab import CardKind, LaneKind

_LANE_WIDTH = 24.0

#: Under the Map grid and the Backlog: these sheets are views, rebuilt on every export.
VIEW_NOTE = ("This sheet is a view of the map, rebuilt on every export: edits here are not "
             "read back. Edit cards on the Cards sheet.")
_STEP_WIDTH = 28.0


# ---------------------------------------------------------------- Map
def map_sheet(ctx: ExportContext, sheet: Worksheet) -> None:
    """Stages and steps across, lanes down; each cell lists its cards' titles, one per line."""
    journey, styles = ctx.journey, ctx.styles
    steps = journey.steps
    styled(sheet.cell(row=1, column=1), journey.info.title, styles.named(styles.TITLE))
    sheet.row_dimensions[1].height = 26
    sheet.column_dimensions["A"].width = _LANE_WIDTH
    stage_style, step_style = styles.named(styles.STAGE), styles.named(styles.STEP)
    styled(sheet.cell(row=2, column=1), "Stage", stage_style)
    styled(sheet.cell(row=3, column=1), "Step", step_style)
    column = 2
    for stage in journey.stages:
        stage_steps = journey.steps_of(stage.id)
        if not stage_steps:
            continue
        for offset in range(len(stage_steps)):
            sheet.cell(row=2, column=column + offset).style = stage_style
        put(sheet.cell(row=2, column=column), stage.name)
        if len(stage_steps) > 1:
            sheet.merge_cells(start_row=2, start_column=column,
                              end_row=2, end_column=column + len(stage_steps) - 1)
        column += len(stage_steps)
    for column, step in enumerate(steps, start=2):
        styled(sheet.cell(row=3, column=column), step.name, step_style)
        sheet.column_dimensions[get_column_letter(column)].width = _STEP_WIDTH
    fit_row_height(sheet, 3, ((step.name, _STEP_WIDTH) for step in steps))
    for row, lane in enumerate(journey.lanes, start=4):
        colour = lane_colour(lane)
        styled(sheet.cell(row=row, column=1), lane.name, styles.filled(styles.BOLD, colour))
        cell_style = styles.filled(styles.WRAP, colour)
        texts = [(lane.name, _LANE_WIDTH)]
        for column, step in enumerate(steps, start=2):
            if lane.kind is LaneKind.EMOTIONS:
                text = _emotion_text(ctx, step.id)
            else:
                text = _cell_text(journey.cards_in(lane.id, step.id))
            styled(sheet.cell(row=row, column=column), text, cell_style)
            texts.append((text, _STEP_WIDTH))
        fit_row_height(sheet, row, texts)
    sheet.freeze_panes = "B4"
    styled(sheet.cell(row=len(journey.lanes) + 5, column=1), VIEW_NOTE,
           styles.named(styles.NOTE))
    print_setup(sheet, title_rows="2:3", title_columns="A:A", a3=True)


def _cell_text(cards: Iterable[Card]) -> str:
    titles = [card.title.replace("\n", " ") or "(untitled)" for card in cards]
    if len(titles) <= 1:
        return "".join(titles)
    return "\n".join(f"• {title}" for title in titles)


def _emotion_text(ctx: ExportContext, step_id: str) -> str:
    journey = ctx.journey
    scale = journey.info.scale
    lines = []
    for persona in journey.personas:
        point = journey.emotion(persona.id, step_id)
        if point is not None:
            lines.append(f"{persona.name}: {point.score:+d} {scale.label(point.score)}")
    return "\n".join(lines)


# ---------------------------------------------------------------- Emotions
def emotions_sheet(ctx: ExportContext, sheet: Worksheet) -> None:
    """A row per step, a score column and a note column per persona, and their line chart."""
    journey, styles = ctx.journey, ctx.styles
    personas = journey.personas
    columns = [
        *fmt.EMOTION_COLUMNS,
        *(Column(f"score:{p.id}", ctx.persona_ref(p.id), max(12.0, len(p.name) + 3.0),
                 centred=True) for p in personas),
        *(Column(f"note:{p.id}", fmt.NOTE_PREFIX + ctx.persona_ref(p.id), 28, wrap=True)
          for p in personas),
    ]
    write_header(sheet, columns, styles)
    sheet.freeze_panes = "C2"
    steps = journey.steps
    for row, step in enumerate(steps, start=2):
        points = [journey.emotion(p.id, step.id) for p in personas]
        values: list[CellValue] = [
            ctx.stage_ref(step.stage_id),
            ctx.step_ref(step.id),
            *(point.score if point else None for point in points),
            *(point.note if point else "" for point in points),
        ]
        write_row(sheet, row, values, columns, styles)
    if personas and steps:
        _emotion_chart(ctx, sheet, len(steps))
    print_setup(sheet)


def _emotion_chart(ctx: ExportContext, sheet: Worksheet, step_count: int) -> None:
    scale = ctx.journey.info.scale
    chart = LineChart()
    chart.title = "Emotion curve"
    chart.style = 2
    chart.height = 9.5
    chart.width = max(18.0, min(40.0, 2.2 * step_count))
    chart.y_axis.title = "Feeling"
    chart.y_axis.scaling.min = scale.minimum
    chart.y_axis.scaling.max = scale.maximum
    chart.y_axis.majorUnit = 1
    chart.y_axis.majorGridlines = ChartLines()
    chart.x_axis.title = "Step"
    chart.x_axis.tickLblPos = "low"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    last = step_count + 1
    first_score = len(fmt.EMOTION_COLUMNS) + 1
    for offset, persona in enumerate(ctx.journey.personas):
        column = first_score + offset
        data = Reference(sheet, min_col=column, max_col=column, min_row=1, max_row=last)
        chart.add_data(data, titles_from_data=True)
        series = chart.series[-1]
        series.smooth = False
        series.marker.symbol = "circle"
        series.marker.size = 6
        colour = argb(persona_colour(persona.colour, offset))[2:]
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 28575  # EMU: 2.25 pt
        series.marker.graphicalProperties.solidFill = colour
        series.marker.graphicalProperties.line.solidFill = colour
    chart.set_categories(Reference(sheet, min_col=2, max_col=2, min_row=2, max_row=last))
    sheet.add_chart(chart, f"A{last + 3}")


# ---------------------------------------------------------------- Backlog
_BACKLOG_COLUMNS = (
    Column("priority", "Priority", 10),
    Column("score", "Score", 7, centred=True),
    Column("kind", "Kind", 12),
    Column("title", "Title", 40, wrap=True),
    Column("stage", "Stage", 18, wrap=True),
    Column("step", "Step", 20, wrap=True),
    Column("severity", "Severity", 9, centred=True),
    Column("impact", "Impact", 9, centred=True),
    Column("effort", "Effort", 9, centred=True),
    Column("status", "Status", 12),
    Column("owner", "Owner", 18, wrap=True),
    Column("id", "Id", 12),
)


#: Light versions of the priority colours, as cell fills behind dark text.
_PRIORITY_TINTS = {priority: tint(colour, 0.75) for priority, colour in PRIORITY_COLOURS.items()}


def backlog_sheet(ctx: ExportContext, sheet: Worksheet) -> None:
    """Pain points and opportunities, highest priority first."""
    journey, styles = ctx.journey, ctx.styles
    wanted = (CardKind.PAIN_POINT, CardKind.OPPORTUNITY)
    cards = [card for card in journey.cards() if card.kind in wanted]
    cards.sort(key=lambda card: -(card.priority_score or 0))
    columns = shown_columns(_BACKLOG_COLUMNS, ctx.client_safe)
    write_header(sheet, columns, styles)
    row = 1
    for row, card in enumerate(cards, start=2):
        step = journey.step(card.step_id)
        values: list[CellValue] = [
            card.priority.label if card.priority else "",
            card.priority_score,
            card.kind.label,
            card.title,
            journey.stage(step.stage_id).name,
            step.name,
            card.severity,
            card.impact,
            card.effort,
            card.status.label if card.status else "",
            card.owner,
            card.id,
        ]
        fills = {3: CARD_COLOURS[card.kind]}
        if card.priority:
            fills[1] = _PRIORITY_TINTS[card.priority]
        values = [v for v, c in zip(values, _BACKLOG_COLUMNS, strict=True) if c in columns]
        write_row(sheet, row, values, columns, styles, fills)
    add_table(sheet, "Backlog", len(columns), row - 1)
    # Beside the header, not below the table: a reader of the rows meets no stray row.
    styled(sheet.cell(row=1, column=len(columns) + 2), VIEW_NOTE,
           styles.named(styles.NOTE))
    print_setup(sheet)


# ---------------------------------------------------------------- Stages
def _average(values: Sequence[float]) -> float:
    """The mean, with no overflow: a metric may hold any finite number, even 1e308."""
    return math.fsum(value / len(values) for value in values)


def stages_sheet(ctx: ExportContext, sheet: Worksheet) -> None:
    """Per stage: id, name, goal (read back), then counts and averages (for reading)."""
    journey, styles = ctx.journey, ctx.styles
    personas = journey.personas
    metric_names = sorted({_metric_label(m.display_name, m.unit)
                           for card in journey.cards() for m in card.metrics})
    columns = [
        *fmt.STAGE_COLUMNS,
        Column("steps", "Steps", 8, centred=True),
        Column("cards", "Cards", 8, centred=True),
        Column("touchpoints", "Touchpoints", 12, centred=True),
        Column("pain_points", "Pain points", 11, centred=True),
        Column("opportunities", "Opportunities", 13, centred=True),
        *(Column("emotion", f"Avg emotion: {p.name}", 14, centred=True) for p in personas),
        *(Column("metric", f"Avg {name}", 14, centred=True) for name in metric_names),
    ]
    write_header(sheet, columns, styles)
    for row, stage in enumerate(journey.stages, start=2):
        steps = journey.steps_of(stage.id)
        step_ids = {step.id for step in steps}
        cards = [card for card in journey.cards() if card.step_id in step_ids]
        emotions: list[CellValue] = []
        for persona in personas:
            scores = [p.score for s in steps if (p := journey.emotion(persona.id, s.id))]
            emotions.append(round(_average(scores), 2) if scores else None)
        metrics: list[CellValue] = []
        for name in metric_names:
            found = [m.value for card in cards for m in card.metrics
                     if _metric_label(m.display_name, m.unit) == name]
            metrics.append(round(_average(found), 2) if found else None)
        values: list[CellValue] = [
            stage.id, stage.name, stage.goal, len(steps), len(cards),
            sum(card.kind is CardKind.TOUCHPOINT for card in cards),
            sum(card.kind is CardKind.PAIN_POINT for card in cards),
            sum(card.kind is CardKind.OPPORTUNITY for card in cards),
            *emotions, *metrics,
        ]
        write_row(sheet, row, values, columns, styles)
    fit_row_height(sheet, 1, ((column.header, column.width) for column in columns))
    print_setup(sheet)


def _metric_label(name: str, unit: str) -> str:
    return f"{name} ({unit})" if unit else name
