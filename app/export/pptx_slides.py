"""The slides of the PowerPoint deck: title, overview, stages, personas, backlog.

Every slide is built on the blank layout from native, editable shapes: text
boxes, tables and a line chart, in the poster's fonts and colours
(``app.model.palette``). What does not fit is shortened with a visible "…" and
written in full in the slide's notes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from copy import deepcopy
from functools import lru_cache
from pathlib import Path

from PIL import Image as PILImage
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.table import CT_TableCell
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.presentation import Presentation
from pptx.slide import Slide
from pptx.table import Table
from pptx.util import Emu, Inches, Pt

from app.export.pdf_handout import backlog
from app.export.pptx_text import (
    ELLIPSIS,
    Line,
    fill_body,
    fill_frame,
    fit_lines,
    fit_list,
    rgb,
    set_font,
    set_text,
)
from app.model import palette
from app.model.entities import EmotionScale, Lane, Persona, Stage, Step
from app.model.journey import JourneyMap
from app.model.vocab import LaneKind

#: 16:9, as PowerPoint's default.
SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
_MARGIN = Inches(0.45)
_INNER_WIDTH = SLIDE_WIDTH - 2 * _MARGIN
_BODY_TOP = Inches(1.25)
#: Text sizes in points.
_TITLE, _SUBTITLE, _CELL, _HEAD = 26.0, 13.0, 9.0, 10.0
#: Inner margins of a table cell, in points (PowerPoint's default 0.1 in / 0.05 in).
_CELL_PAD_X, _CELL_PAD_Y = 7.2, 3.6
_EMU_PER_PT = 12700


def _pt(emu: int) -> float:
    return emu / _EMU_PER_PT


def blank(deck: Presentation) -> Slide:
    return deck.slides.add_slide(deck.slide_layouts[6])  # the blank layout


def _box(slide: Slide, left: int, top: int, width: int, height: int, lines: Sequence[Line]) -> None:
    shape = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    fill_frame(shape.text_frame, lines)


def _heading(slide: Slide, title: str, subtitle: str = "", band: str = palette.HEADER) -> None:
    """A slide's title over a thin band of the poster's header colour."""
    bar = slide.shapes.add_shape(1, Emu(0), Emu(0), SLIDE_WIDTH, Inches(0.12))  # 1: rectangle
    bar.fill.solid()
    bar.fill.fore_color.rgb = rgb(band)
    bar.line.fill.background()
    width_pt = _pt(_INNER_WIDTH) - 14
    lines = [Line(fit_lines(title, width_pt, _TITLE, 1, bold=True), _TITLE, palette.INK, True)]
    if subtitle.strip():
        lines.append(Line(fit_lines(subtitle, width_pt, _SUBTITLE, 1), _SUBTITLE, palette.MUTED))
    _box(slide, _MARGIN, Inches(0.25), _INNER_WIDTH, Inches(0.95), lines)


def set_notes(slide: Slide, text: str) -> None:
    if text.strip():
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:
            set_text(frame._txBody, text)


# ---------------------------------------------------------------------- title
def title_slide(deck: Presentation, journey: JourneyMap) -> None:
    info = journey.info
    slide = blank(deck)
    band = slide.shapes.add_shape(1, Emu(0), Emu(0), Inches(0.35), SLIDE_HEIGHT)
    band.fill.solid()
    band.fill.fore_color.rgb = rgb(palette.HEADER)
    band.line.fill.background()
    width_pt = _pt(_INNER_WIDTH) - 40
    persona = journey.primary_persona
    second = f"{info.state.label} journey map"
    if persona is not None:
        role = f" ({persona.role})" if persona.role else ""
        second += f" · Primary persona: {persona.name}{role}"
    third = [part for part in (info.author, info.organisation) if part.strip()]
    third += [f"Created {info.created:%Y-%m-%d}", f"Version of {info.modified:%Y-%m-%d %H:%M}"]
    lines = [
        Line(fit_lines(info.title, width_pt, 36, 3, bold=True), 36, palette.INK, True),
        Line(fit_lines(second, width_pt, 16, 2), 16, palette.INK),
        Line(fit_lines(" · ".join(third), width_pt, 12, 2), 12, palette.MUTED),
    ]
    _box(slide, Inches(0.9), Inches(1.6), _INNER_WIDTH - Inches(0.5), Inches(2.8), lines)
    notes = []
    if info.objective.strip():
        objective = fit_lines(info.objective, width_pt, 14, 5)
        _box(
            slide,
            Inches(0.9),
            Inches(4.6),
            _INNER_WIDTH - Inches(0.5),
            Inches(2.2),
            [Line("OBJECTIVE", 11, palette.MUTED, True), Line(objective, 14, palette.INK)],
        )
        notes.append(f"Objective: {info.objective}")
    if info.description.strip():
        notes.append(f"Description: {info.description}")
    set_notes(slide, "\n\n".join(notes))


# ---------------------------------------------------------------------- overview
def overview_slide(deck: Presentation, journey: JourneyMap, picture: Path | None) -> None:
    slide = blank(deck)
    counts = (
        f"{len(journey.stages)} stages · {len(journey.steps)} steps · "
        f"{journey.card_count} cards · {len(journey.personas)} personas"
    )
    _heading(slide, "The whole journey", counts)
    if picture is None:
        return
    with PILImage.open(picture) as image:
        width, height = image.size
    box_w, box_h = _INNER_WIDTH, SLIDE_HEIGHT - _BODY_TOP - Inches(0.35)
    scale = min(box_w / width, box_h / height)
    w, h = int(width * scale), int(height * scale)
    slide.shapes.add_picture(
        str(picture), Emu(int(_MARGIN + (box_w - w) / 2)), Emu(_BODY_TOP), Emu(w), Emu(h)
    )


def overview_pixels(box_px: tuple[int, int], map_pt: tuple[float, float]) -> float:
    """Pixels per point for the overview picture: the slide's picture box at 200 dpi."""
    return min(box_px[0] / map_pt[0], box_px[1] / map_pt[1], 200 / 72)


#: The overview picture's box in pixels at 200 dpi.
OVERVIEW_BOX_PX = (
    round(_INNER_WIDTH / 914400 * 200),
    round((SLIDE_HEIGHT - _BODY_TOP) / 914400 * 200),
)


# ---------------------------------------------------------------------- stages
def stage_slide(
    deck: Presentation,
    journey: JourneyMap,
    stage: Stage,
    number: int,
    charts: ChartStyle | None = None,
) -> None:
    """Lanes by steps as a native table, and the personas' emotion curves as a line chart
    (``charts``: the deck's chart style, shared by its stage slides)."""
    slide = blank(deck)
    _heading(slide, f"Stage {number}: {stage.name}", stage.goal and f"Goal: {stage.goal}")
    steps = journey.steps_of(stage.id)
    lanes = [lane for lane in journey.lanes if lane.kind is not LaneKind.EMOTIONS]
    curves = [
        (index, persona) for index, persona in enumerate(journey.personas) if persona.show_curve
    ]
    has_emotions = any(lane.kind is LaneKind.EMOTIONS for lane in journey.lanes)
    chart = bool(steps) and bool(curves) and has_emotions
    bottom = SLIDE_HEIGHT - Inches(0.3)
    table_bottom = bottom - (Inches(2.1) if chart else 0)
    notes: list[str] = []
    if not steps:
        _box(
            slide,
            _MARGIN,
            _BODY_TOP,
            _INNER_WIDTH,
            Inches(1),
            [Line("This stage has no steps yet.", 14, palette.MUTED)],
        )
    elif lanes:
        notes = _stage_table(slide, journey, steps, lanes, table_bottom - _BODY_TOP)
    if chart:
        _emotion_chart(
            slide,
            journey,
            steps,
            curves,
            table_bottom + Inches(0.2),
            bottom,
            charts or ChartStyle(),
        )
    if stage.goal.strip():
        notes.insert(0, f"Goal: {stage.goal}")
    set_notes(slide, "\n\n".join(notes))


def _stage_table(
    slide: Slide, journey: JourneyMap, steps_: Sequence[Step], lanes_: Sequence[Lane], height: int
) -> list[str]:
    """The table of lanes by steps; returns the notes: the full text of shortened cells."""
    rows, cols = len(lanes_) + 1, len(steps_) + 1
    head_w = Inches(1.7)
    col_w = int((_INNER_WIDTH - head_w) / len(steps_))
    head_h = Inches(0.4)
    row_h = int((height - head_h) / len(lanes_))
    frame = slide.shapes.add_table(
        rows,
        cols,
        Emu(_MARGIN),
        Emu(_BODY_TOP),
        Emu(head_w + col_w * len(steps_)),
        Emu(head_h + row_h * len(lanes_)),
    )
    table = frame.table
    table.first_row = True
    table.horz_banding = False
    cells = _sized(table, [head_w] + [col_w] * len(steps_), [head_h] + [row_h] * len(lanes_))
    text_w = _pt(col_w) - 2 * _CELL_PAD_X
    max_lines = max(1, int((_pt(row_h) - 2 * _CELL_PAD_Y) / (_CELL * 1.2)))
    head_w_pt = _pt(head_w) - 2 * _CELL_PAD_X
    _cell(cells[0][0], [Line("", _HEAD, palette.PAPER)], palette.HEADER)
    for col, step in enumerate(steps_, 1):
        name = fit_lines(step.name, text_w, _HEAD, 2, bold=True)
        _cell(cells[0][col], [Line(name, _HEAD, palette.INK, True)], palette.STEP)
    notes: list[str] = []
    for row, lane in enumerate(lanes_, 1):
        fill = palette.lane_colour(lane)
        name = fit_lines(lane.name, head_w_pt, _HEAD, max(2, max_lines), bold=True)
        _cell(cells[row][0], [Line(name, _HEAD, palette.INK, True)], fill)
        tint = palette.tint(fill, 0.6)
        for col, step in enumerate(steps_, 1):
            titles = [
                card.title.strip() or "(untitled)" for card in journey.cards_in(lane.id, step.id)
            ]
            shown, cut = fit_list(titles, text_w, _CELL, max_lines)
            lines = [Line(text, _CELL, palette.INK) for text in shown] or [
                Line("", _CELL, palette.INK)
            ]
            _cell(cells[row][col], lines, tint)
            if cut:
                notes.append(f"{lane.name} › {step.name}:\n" + "\n".join(f"• {t}" for t in titles))
    if notes:
        notes.insert(0, f"Cells shortened on the slide ({ELLIPSIS}), in full:")
    return notes


def _sized(table: Table, widths: Sequence[int], heights: Sequence[int]) -> list[list[CT_TableCell]]:
    """Set the columns' widths and rows' heights, and the frame to their sum, as
    python-pptx's setters do (which resize the frame anew at each one); returns the
    cells' elements by row."""
    tbl = table._tbl
    for column, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.set("w", str(int(width)))
    rows = tbl.tr_lst
    for row, height in zip(rows, heights, strict=True):
        row.set("h", str(int(height)))
    frame = table._graphic_frame
    frame.width, frame.height = Emu(sum(map(int, widths))), Emu(sum(map(int, heights)))
    return [list(row.tc_lst) for row in rows]


def _cell(tc: CT_TableCell, lines: Sequence[Line], fill: str) -> None:
    """A cell's fill, top anchoring, margins and text, as python-pptx's setters write them."""
    properties = deepcopy(_cell_properties(fill))
    old = tc.tcPr
    if old is None:
        tc.append(properties)
    else:
        tc.replace(old, properties)
    fill_body(tc.get_or_add_txBody(), lines)


@lru_cache(maxsize=64)
def _cell_properties(fill: str) -> BaseOxmlElement:
    """A cell's ``a:tcPr``: anchored at the top, the poster's padding, a solid fill."""
    x, y = int(Pt(_CELL_PAD_X)), int(Pt(_CELL_PAD_Y))
    return parse_xml(
        f'<a:tcPr {nsdecls("a")} anchor="t" marL="{x}" marR="{x}" marT="{y}" marB="{y}">'
        f'<a:solidFill><a:srgbClr val="{fill.lstrip("#").upper()}"/></a:solidFill></a:tcPr>'
    )


class ChartStyle:
    """The look of the deck's emotion charts, set through python-pptx on the first chart
    and copied as XML onto the next ones (the same map: the same scale, personas and
    colours), which is many times faster than setting each property again."""

    def __init__(self) -> None:
        self._first: BaseOxmlElement | None = None  # the first chart's c:chartSpace

    def apply(self, chart: Chart, format_first: Callable[[Chart], None]) -> None:
        space = chart._chartSpace
        first = self._first
        if first is None or len(_series(first)) != len(_series(space)):
            format_first(chart)
            self._first = space
            return
        for path in (
            "c:chart/c:plotArea/c:catAx",
            "c:chart/c:plotArea/c:valAx",
            "c:chart/c:legend",
            "c:txPr",
        ):
            (mine,) = space.xpath(path)
            (theirs,) = first.xpath(path)
            mine.getparent().replace(mine, deepcopy(theirs))
        for mine, theirs in zip(_series(space), _series(first), strict=True):
            tx = mine.find(qn("c:tx"))
            for tag in ("c:marker", "c:spPr"):  # after c:tx: c:spPr, then c:marker
                old = mine.find(qn(tag))
                if old is not None:
                    mine.remove(old)
                tx.addnext(deepcopy(theirs.find(qn(tag))))
            old = mine.find(qn("c:smooth"))
            old.getparent().replace(old, deepcopy(theirs.find(qn("c:smooth"))))


def _series(space: BaseOxmlElement) -> list[BaseOxmlElement]:
    return list(space.xpath("c:chart/c:plotArea/c:lineChart/c:ser"))


def _emotion_chart(
    slide: Slide,
    journey: JourneyMap,
    steps_: Sequence[Step],
    curves: Sequence[tuple[int, Persona]],
    top: int,
    bottom: int,
    style: ChartStyle,
) -> None:
    """One line per persona over the stage's steps, on the map's emotion scale."""
    scale = journey.info.scale
    data = CategoryChartData(number_format='+0;"–"0;0')
    data.categories = [step.name for step in steps_]
    for _, persona in curves:
        values = []
        for step in steps_:
            point = journey.emotion(persona.id, step.id)
            values.append(None if point is None else scale.clamp(point.score))
        data.add_series(persona.name, values)
    labels_w = Inches(2.1)
    graphic = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS,
        Emu(_MARGIN),
        Emu(top),
        Emu(_INNER_WIDTH - labels_w),
        Emu(bottom - top),
        data,
    )
    style.apply(graphic.chart, lambda chart: _format_chart(chart, scale, curves))
    levels = [
        Line(
            f"{score:+d}".replace("-", "–") + f"  {scale.label(score)}"
            if score
            else f"0  {scale.label(0)}",
            9,
            palette.MUTED,
        )
        for score in range(scale.maximum, scale.minimum - 1, -1)
    ]
    _box(
        slide,
        _MARGIN + _INNER_WIDTH - labels_w + Inches(0.1),
        top,
        labels_w - Inches(0.1),
        bottom - top,
        [Line("Emotion scale", 9, palette.INK, True), *levels],
    )


def _format_chart(chart: Chart, scale: EmotionScale, curves: Sequence[tuple[int, Persona]]) -> None:
    chart.font.size = Pt(9)
    chart.font.name = "Noto Sans"
    chart.font.color.rgb = rgb(palette.MUTED)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    axis = chart.value_axis
    axis.minimum_scale = scale.minimum
    axis.maximum_scale = scale.maximum
    axis.major_unit = 1
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb(palette.SCALE_LINE)
    axis.tick_labels.number_format = '+0;"–"0;0'
    axis.tick_labels.number_format_is_linked = False
    chart.category_axis.tick_labels.font.size = Pt(8)
    # Step names under the chart, not on the neutral line across its middle.
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    for (index, persona), series in zip(curves, chart.plots[0].series, strict=True):
        ink = rgb(palette.persona_colour(persona.colour, index))
        series.smooth = True  # the poster draws smooth curves
        series.format.line.color.rgb = ink
        series.format.line.width = Pt(2.25)
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 7
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = ink
        series.marker.format.line.color.rgb = rgb(palette.PAPER)


# ---------------------------------------------------------------------- personas
#: A photo bigger than this (in pixels) is left out: decoding it would take gigabytes.
_MAX_PHOTO_PIXELS = 40_000_000


def _photo(data: bytes | None) -> io.BytesIO | None:
    """The photo as PNG bytes python-pptx can place, or None if it cannot be read."""
    if not data:
        return None
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            if image.width * image.height > _MAX_PHOTO_PIXELS:
                return None
            image.load()
            out = io.BytesIO()
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(out, "PNG")
            out.seek(0)
            return out
    except Exception:  # an unreadable photo is left out rather than stopping the export
        return None


def persona_slide(deck: Presentation, journey: JourneyMap, persona: Persona, index: int) -> None:
    slide = blank(deck)
    ink = palette.persona_colour(persona.colour, index)
    role = persona.role + (" · primary persona" if persona.is_primary else "")
    _heading(slide, persona.name, role.strip(" ·"), band=ink)
    left = _MARGIN
    photo = _photo(persona.photo)
    if photo is not None:
        picture = slide.shapes.add_picture(photo, Emu(_MARGIN), Emu(_BODY_TOP), width=Inches(2.2))
        if picture.height > Inches(3.2):  # a tall photo: limit its height instead
            ratio = Inches(3.2) / picture.height
            picture.height = Emu(Inches(3.2))
            picture.width = Emu(int(picture.width * ratio))
        left = _MARGIN + Inches(2.5)
    width = _MARGIN + _INNER_WIDTH - left
    notes = []
    top = _BODY_TOP
    if persona.quote.strip():
        quote = f"“{persona.quote.strip()}”"
        shown = fit_lines(quote, _pt(width) - 14, 18, 3)
        _box(slide, left, top, width, Inches(1.2), [Line(shown, 18, palette.INK, italic=True)])
        if shown != quote:
            notes.append(f"Quote: {persona.quote}")
        top += Inches(1.3)
    column_w = int(width / 3)
    room = max(2, int(_pt(SLIDE_HEIGHT - top - Inches(0.8)) / (12 * 1.25)))
    for column, (label, text) in enumerate(
        (("Goals", persona.goals), ("Needs", persona.needs), ("Frustrations", persona.frustrations))
    ):
        paragraphs = [part.strip() for part in text.splitlines() if part.strip()]
        shown_parts, cut = fit_list(paragraphs, _pt(column_w) - 24, 12, room)
        lines = [Line(label.upper(), 11, ink, True)]
        lines += [Line(part, 12, palette.INK) for part in shown_parts] or [
            Line("—", 12, palette.MUTED)
        ]
        _box(
            slide,
            left + column * column_w,
            top,
            column_w - Inches(0.15),
            SLIDE_HEIGHT - top - Inches(0.4),
            lines,
        )
        if cut:
            notes.append(f"{label}:\n{text}")
    if persona.notes.strip():
        notes.append(f"Notes: {persona.notes}")
    set_notes(slide, "\n\n".join(notes))


# ---------------------------------------------------------------------- backlog
def backlog_slide(deck: Presentation, journey: JourneyMap) -> None:
    """Pain points and opportunities, highest priority first, as a native table."""
    slide = blank(deck)
    cards = backlog(journey)
    _heading(slide, "Backlog: pain points and opportunities", f"{len(cards)} cards by priority")
    if not cards:
        _box(
            slide,
            _MARGIN,
            _BODY_TOP,
            _INNER_WIDTH,
            Inches(1),
            [Line("No pain points or opportunities yet.", 14, palette.MUTED)],
        )
        return
    head = ["Priority", "Kind", "Card", "Where", "Owner"]
    fractions = (0.13, 0.12, 0.4, 0.23, 0.12)
    row_h = Inches(0.36)
    fit = int((SLIDE_HEIGHT - _BODY_TOP - Inches(0.3)) / row_h) - 1  # rows under the head
    shown = cards if len(cards) <= fit else cards[: fit - 1]
    rows = len(shown) + 1 + (1 if len(shown) < len(cards) else 0)
    frame = slide.shapes.add_table(
        rows, len(head), Emu(_MARGIN), Emu(_BODY_TOP), Emu(_INNER_WIDTH), Emu(row_h * rows)
    )
    table = frame.table
    widths = [int(_INNER_WIDTH * f) for f in fractions]
    cells = _sized(table, widths, [row_h] * rows)
    for col, text in enumerate(head):
        _cell(cells[0][col], [Line(text, _HEAD, palette.PAPER, True)], palette.HEADER)
    notes = []
    for row, card in enumerate(cards, 1):
        step = journey.step(card.step_id)
        priority = f"{card.priority.label} ({card.priority_score})" if card.priority else "—"
        where = f"{journey.stage(step.stage_id).name} › {step.name}"
        values = [priority, card.kind.label, card.title or "(untitled)", where, card.owner]
        notes.append(" · ".join(v for v in values if v))
        if row > len(shown):
            continue
        fill = palette.PAPER if row % 2 else "#f3f5f7"
        for col, value in enumerate(values):
            text = fit_lines(value, _pt(widths[col]) - 2 * _CELL_PAD_X, _CELL, 1)
            _cell(cells[row][col], [Line(text, _CELL, palette.INK, col == 2)], fill)
    if len(shown) < len(cards):
        more = f"{ELLIPSIS} +{len(cards) - len(shown)} more (all in the notes)"
        last = table.cell(rows - 1, 0)
        last.merge(table.cell(rows - 1, len(head) - 1))
        _cell(last._tc, [Line(more, _CELL, palette.MUTED, True)], palette.PAPER)
    set_notes(slide, "All pain points and opportunities, by priority:\n" + "\n".join(notes))


__all__ = [
    "OVERVIEW_BOX_PX",
    "ChartStyle",
    "backlog_slide",
    "overview_pixels",
    "overview_slide",
    "persona_slide",
    "set_font",
    "stage_slide",
    "title_slide",
]
