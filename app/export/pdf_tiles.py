"""The poster cut onto sheets of office paper, with overlap, crop marks and sheet labels.

The poster is drawn once, as a PDF form, and every sheet shows its part of it
through a clip: the file stays small and every sheet is vector. Each sheet
keeps a 5 mm margin that office printers can print to; inside it a narrow
gutter carries the crop marks and the label ("B3 of 4x3": row B, column 3 of a
poster 4 columns wide and 3 rows high). The first page shows how the sheets
go together.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.export.fonts import draw_string, fit_string, string_width, wrapped
from app.export.style import colour
from app.model import palette
from app.model.layout import CENTRED_BASELINE

PRINTER_MARGIN = 5 * mm
GUTTER = 6 * mm  # inside the printer margin: crop marks and the label
MARK = 4 * mm
_FORM = "cjm-poster"


@dataclass(frozen=True, slots=True)
class TileFacts:
    """How a poster was cut: ``columns`` x ``rows`` sheets of ``sheet`` points."""

    columns: int
    rows: int
    sheet: tuple[float, float]

    @property
    def sheets(self) -> int:
        return self.columns * self.rows

    @property
    def pages(self) -> int:
        """The sheets plus the assembly page."""
        return self.sheets + 1


@dataclass(frozen=True, slots=True)
class TilePlan:
    poster: tuple[float, float]
    sheet: tuple[float, float]
    overlap: float
    columns: int
    rows: int

    @property
    def content(self) -> tuple[float, float]:
        """The part of a sheet that shows the poster."""
        inset = 2 * (PRINTER_MARGIN + GUTTER)
        return self.sheet[0] - inset, self.sheet[1] - inset

    @property
    def step(self) -> tuple[float, float]:
        """How far the poster moves from one sheet to the next."""
        return self.content[0] - self.overlap, self.content[1] - self.overlap

    @property
    def facts(self) -> TileFacts:
        return TileFacts(self.columns, self.rows, self.sheet)


def _count(length: float, content: float, overlap: float) -> int:
    return max(1, math.ceil((length - overlap) / (content - overlap) - 1e-9))


def tile_plan(poster: tuple[float, float], paper: tuple[float, float], overlap: float) -> TilePlan:
    """The sheet orientation needing fewest sheets (portrait on a tie) and the grid it makes."""
    best: TilePlan | None = None
    short, long = sorted(paper)
    for sheet in ((short, long), (long, short)):
        inset = 2 * (PRINTER_MARGIN + GUTTER)
        content = (sheet[0] - inset, sheet[1] - inset)
        if not 0 <= overlap < min(content) / 2:
            raise ValueError(f"overlap must be between 0 and {min(content) / 2 / mm:.0f} mm")
        plan = TilePlan(
            poster,
            sheet,
            overlap,
            _count(poster[0], content[0], overlap),
            _count(poster[1], content[1], overlap),
        )
        if best is None or plan.columns * plan.rows < best.columns * best.rows:
            best = plan
    assert best is not None
    return best


def row_name(row: int) -> str:
    """A, B, ..., Z, AA, AB, ... for rows 0, 1, ..."""
    name = ""
    row += 1
    while row:
        row, rest = divmod(row - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def sheet_label(plan: TilePlan, row: int, column: int) -> str:
    """e.g. "B3 of 4x3": row B, column 3, on a poster 4 sheets wide and 3 high."""
    return f"{row_name(row)}{column + 1} of {plan.columns}x{plan.rows}"


def draw_tiles(
    canvas: Canvas, plan: TilePlan, draw_poster: Callable[[Canvas], object], label: str
) -> None:
    """The assembly page, then one page per sheet, row by row."""
    canvas.beginForm(_FORM, 0, 0, plan.poster[0], plan.poster[1])
    draw_poster(canvas)
    canvas.endForm()
    canvas.setPageSize(plan.sheet)
    _assembly_page(canvas, plan, label)
    canvas.showPage()
    for row in range(plan.rows):
        for column in range(plan.columns):
            canvas.setPageSize(plan.sheet)
            _sheet(canvas, plan, row, column, label)
            canvas.showPage()


def _sheet(canvas: Canvas, plan: TilePlan, row: int, column: int, label: str) -> None:
    (cw, ch), (sx, sy) = plan.content, plan.step
    left = PRINTER_MARGIN + GUTTER
    top = plan.sheet[1] - PRINTER_MARGIN - GUTTER
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(left, top - ch, cw, ch)
    canvas.clipPath(clip, stroke=0, fill=0)
    # Poster point (column * sx, row * sy from its top) lands on the content's top-left.
    canvas.translate(left - column * sx, top - (plan.poster[1] - row * sy))
    canvas.doForm(_FORM)
    canvas.restoreState()

    # Where the next sheet's edge goes: a dashed line across the overlap.
    canvas.setStrokeColor(colour(palette.MUTED))
    canvas.setLineWidth(0.4)
    canvas.setDash([3, 2])
    if column + 1 < plan.columns and plan.overlap:
        canvas.line(left + sx, top, left + sx, top - ch)
    if row + 1 < plan.rows and plan.overlap:
        canvas.line(left, top - sy, left + cw, top - sy)
    canvas.setDash([])
    _crop_marks(canvas, left, top - ch, cw, ch)

    name = sheet_label(plan, row, column)
    size = 7.0
    baseline = PRINTER_MARGIN + GUTTER / 2 - size * CENTRED_BASELINE
    canvas.setFillColor(colour(palette.INK))
    end = draw_string(canvas, left + 2 * mm, baseline, name, size, bold=True)
    neighbours = [
        f"{row_name(row)}{column}" if column else "",
        f"{row_name(row - 1)}{column + 1}" if row else "",
    ]
    cut = " and ".join(n for n in neighbours if n)
    hint = (
        f"Cut along the marks on the {_edges(row, column)} and lay this sheet over {cut}, "
        "its edge on the dashed line"
        if cut
        else "Top-left sheet: lay the others over it"
    )
    note = f"   {hint} · {label}"
    canvas.setFillColor(colour(palette.MUTED))
    draw_string(canvas, end, baseline, fit_string(note, left + cw - end, size), size)
    top_label = f"{row_name(row)}{column + 1}"
    canvas.setFillColor(colour(palette.INK))
    top_baseline = top + GUTTER / 2 - size * CENTRED_BASELINE
    draw_string(canvas, left + 2 * mm, top_baseline, top_label, size, bold=True)


def _edges(row: int, column: int) -> str:
    if row and column:
        return "left and top edges"
    return "left edge" if column else "top edge"


def _crop_marks(canvas: Canvas, x: float, y: float, w: float, h: float) -> None:
    """Corner marks in the gutter, just off the content's corners."""
    canvas.setStrokeColor(colour(palette.INK))
    canvas.setLineWidth(0.3)
    gap = 1 * mm
    for cx, dx in ((x, -1), (x + w, 1)):
        for cy, dy in ((y, -1), (y + h, 1)):
            canvas.line(cx + dx * gap, cy, cx + dx * (gap + MARK), cy)
            canvas.line(cx, cy + dy * gap, cx, cy + dy * (gap + MARK))


def _assembly_page(canvas: Canvas, plan: TilePlan, label: str) -> None:
    width, height = plan.sheet
    left = PRINTER_MARGIN + GUTTER
    inner = width - 2 * left
    y = height - left
    canvas.setFillColor(colour(palette.INK))
    draw_string(canvas, left, y - 16, "How to put the poster together", 16, bold=True)
    y -= 30
    steps = [
        f"{label}: {plan.facts.sheets} sheets, {plan.columns} across "
        f"(columns 1–{plan.columns}) and {plan.rows} down "
        f"(rows A–{row_name(plan.rows - 1)}), overlapping by {plan.overlap / mm:g} mm.",
        "1. Print every page at actual size (100%, no 'fit to page').",
        "2. Cut each sheet along its crop marks on the left and top edges "
        "(not the left edge of column 1 nor the top edge of row A).",
        "3. Lay each sheet over its left and upper neighbours, its cut edge on their dashed "
        "lines, so the picture runs on; tape it from the back.",
    ]
    size = 9.0
    for text in steps:
        for line in wrapped(text, inner, size):
            draw_string(canvas, left, y - size, line, size)
            y -= size * 1.35
        y -= 3
    y -= 8
    # The poster in miniature with the sheets drawn over it.
    (cw, ch), (sx, sy) = plan.content, plan.step
    total_w = sx * (plan.columns - 1) + cw
    total_h = sy * (plan.rows - 1) + ch
    room_h = y - left
    scale = min(inner / total_w, room_h / total_h)
    ox = left + (inner - total_w * scale) / 2
    oy = y
    canvas.saveState()
    canvas.translate(ox, oy - plan.poster[1] * scale)
    canvas.scale(scale, scale)
    canvas.doForm(_FORM)
    canvas.restoreState()
    canvas.setStrokeColor(colour(palette.GRID))  # the poster's own edge
    canvas.setLineWidth(0.5)
    canvas.rect(ox, oy - plan.poster[1] * scale, plan.poster[0] * scale, plan.poster[1] * scale)
    canvas.setStrokeColor(colour(palette.TRUNCATED))
    canvas.setLineWidth(0.8)
    label_size = max(5.0, min(14.0, cw * scale / 6))
    for row in range(plan.rows):
        for column in range(plan.columns):
            x0, y0 = ox + column * sx * scale, oy - row * sy * scale
            canvas.rect(x0, y0 - ch * scale, cw * scale, ch * scale, stroke=1, fill=0)
            name = f"{row_name(row)}{column + 1}"
            cx, cy = x0 + cw * scale / 2, y0 - ch * scale / 2
            canvas.setFillColor(colour(palette.PAPER))
            pad = label_size * 0.3
            w = string_width(name, label_size, bold=True)
            canvas.rect(
                cx - w / 2 - pad,
                cy - label_size * 0.6,
                w + 2 * pad,
                label_size * 1.25,
                stroke=0,
                fill=1,
            )
            canvas.setFillColor(colour(palette.TRUNCATED))
            draw_string(
                canvas, cx - w / 2, cy - label_size * CENTRED_BASELINE, name, label_size, bold=True
            )
