"""PDF export, the public entry: a poster, the poster tiled onto office paper, a handout.

This module also composes the poster page: title block, the map (drawn by
``pdf_poster``, shaped to the page by ``poster_shape``) scaled to fit and
centred, the legend below or beside it, and a footer with the scale (wrapped
onto a second line on narrow pages).

A poster (one page or tiled) carries the map's cjm-json as an attachment
(``pdf_attach``), so ``cjm import poster.pdf new.cjm`` gives the map back.

Paper sizes are named as on the command line (``A0``..``A4``, ``Letter``,
``Tabloid``/``Ledger``, case-insensitive) or given in millimetres. Every file is
written beside its target and swapped in when complete, so a failed export
leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A0, A1, A2, A3, A4, LETTER, TABLOID
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app import __version__
from app.export.fonts import (
    REGULAR,
    draw_string,
    fit_string,
    register_fonts,
    string_width,
    wrapped,
)
from app.export.output import write_atomically
from app.export.pdf_attach import attach_map
from app.export.pdf_handout import build_handout
from app.export.pdf_poster import MapPainter, poster_layout
from app.export.pdf_tiles import TileFacts, draw_tiles, tile_plan
from app.export.poster_shape import MapShape, fitted_shape
from app.export.style import colour, draw_legend, legend_height
from app.export.watermark import canvas_class
from app.model import palette
from app.model.document import CommentThread
from app.model.journey import JourneyMap
from app.model.layout import ASCENT, LINE_HEIGHT, Layout, TextStyle

#: Paper sizes in points, portrait (width, height).
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "A0": A0,
    "A1": A1,
    "A2": A2,
    "A3": A3,
    "A4": A4,
    "Letter": LETTER,
    "Tabloid": TABLOID,
    "Ledger": TABLOID,  # the same sheet, usually named so when landscape
}
#: PDF 1.5 and earlier readers refuse pages over 200 inches a side.
MAX_PAGE_PT = 14400.0
MIN_PAGE_PT = 72.0
#: Tiles are office paper.
TILE_PAPERS = ("A4", "A3", "Letter")


def page_size(
    paper: str = "A1", landscape: bool = True, custom_mm: tuple[float, float] | None = None
) -> tuple[float, float]:
    """(width, height) in points of a named paper or of ``custom_mm`` (width, height in mm).

    ``landscape`` puts the long side across (a custom size too); otherwise it
    stands upright. Raises ValueError for an unknown name or a size a PDF
    reader would refuse (over 200 inches, or under 1 inch, a side).
    """
    if custom_mm is not None:
        width, height = round(custom_mm[0] * mm, 4), round(custom_mm[1] * mm, 4)
        label = f"{custom_mm[0]:g} x {custom_mm[1]:g} mm"
    else:
        width, height = PAPER_SIZES[_paper_key(paper)]
        label = paper
    if not (MIN_PAGE_PT <= width <= MAX_PAGE_PT and MIN_PAGE_PT <= height <= MAX_PAGE_PT):
        raise ValueError(
            f"paper {label} is outside what PDF readers accept "
            f"(25 to 5080 mm, i.e. 200 inches, a side)"
        )
    short, long = sorted((width, height))
    return (long, short) if landscape else (short, long)


def _paper_key(paper: str) -> str:
    for name in PAPER_SIZES:
        if name.lower() == paper.strip().lower():
            return name
    raise ValueError(f"unknown paper {paper!r}; use one of {', '.join(PAPER_SIZES)}")


def _paper_label(
    paper: str, landscape: bool, custom_mm: tuple[float, float] | None, size: tuple[float, float]
) -> str:
    name = "Custom" if custom_mm is not None else _paper_key(paper)
    orientation = "landscape" if landscape else "portrait"
    return f"{name} {orientation}, {size[0] / mm:.0f} × {size[1] / mm:.0f} mm"


def new_canvas(
    path: Path, size: tuple[float, float], journey: JourneyMap, what: str, draft: bool = False
) -> Canvas:
    """A canvas with the bundled font as its initial font (no Helvetica) and the map's metadata;
    ``draft``: the DRAFT watermark on every page (``watermark``)."""
    register_fonts()
    canvas = canvas_class(draft)(
        str(path), pagesize=size, initialFontName=REGULAR, initialFontSize=10, pageCompression=1
    )
    canvas.setTitle(journey.info.title)
    canvas.setAuthor(journey.info.author)
    canvas.setSubject(what)
    canvas.setCreator(f"CJM Studio {__version__}")
    return canvas


def export_poster(
    journey: JourneyMap,
    path: str | Path,
    paper: str = "A1",
    landscape: bool = True,
    custom_mm: tuple[float, float] | None = None,
    draft: bool = False,
) -> PosterFacts:
    """Write the map as a one-page poster; returns its scale and the print size of card text.

    ``draft``: the DRAFT watermark across the page."""
    size = page_size(paper, landscape, custom_mm)
    label = _paper_label(paper, landscape, custom_mm, size)
    layout = poster_layout(journey)
    facts: list[PosterFacts] = []

    def write(temp: Path) -> None:
        canvas = new_canvas(temp, size, journey, "Journey map poster", draft)
        facts.append(draw_poster(canvas, journey, size[0], size[1], label, layout))
        canvas.showPage()
        attach_map(canvas, journey)  # the poster travels back: cjm import poster.pdf
        canvas.save()

    write_atomically(path, write)
    return facts[0]


def export_tiled(
    journey: JourneyMap,
    path: str | Path,
    poster_paper: str = "A1",
    tile: str = "A4",
    overlap_mm: float = 10.0,
    landscape: bool = True,
    custom_mm: tuple[float, float] | None = None,
    draft: bool = False,
) -> TileFacts:
    """Write the poster cut onto sheets of ``tile`` paper, after a page showing the assembly.

    Sheets overlap by ``overlap_mm``, carry crop marks and a label such as
    "B3 of 4x3"; everything stays inside a 5 mm printer margin. ``draft``: the DRAFT
    watermark across every sheet and the assembly page.
    """
    poster = page_size(poster_paper, landscape, custom_mm)
    label = _paper_label(poster_paper, landscape, custom_mm, poster)
    if _paper_key(tile) not in TILE_PAPERS:
        raise ValueError(f"tiles are printed on {', '.join(TILE_PAPERS)}, not {tile!r}")
    plan = tile_plan(poster, PAPER_SIZES[_paper_key(tile)], overlap_mm * mm)
    layout = poster_layout(journey)

    def write(temp: Path) -> None:
        canvas = new_canvas(temp, plan.sheet, journey, "Journey map poster, tiled", draft)
        draw_tiles(
            canvas,
            plan,
            lambda c: draw_poster(c, journey, *poster, label, layout),
            f"{label} on {_paper_key(tile)}",
        )
        attach_map(canvas, journey)
        canvas.save()

    write_atomically(path, write)
    return plan.facts


def export_handout(
    journey: JourneyMap,
    path: str | Path,
    paper: str = "A4",
    draft: bool = False,
    comments: Iterable[CommentThread] | None = None,
) -> int:
    """Write the handout (cover, personas, stages with every card's full text, backlog).

    ``draft``: the DRAFT watermark on every page. ``comments`` (the document's threads):
    a Comments section at the end; None: none. Returns the number of pages.
    """
    size = page_size(paper, landscape=False)
    pages: list[int] = []
    write_atomically(
        path,
        lambda temp: pages.append(
            build_handout(journey, temp, size, draft=draft, comments=comments)
        ),
    )
    return pages[0]


# ---------------------------------------------------------------------- the poster page
#: Text below this size (at print scale) is hard to read; the footer says so.
MIN_READABLE_PT = 6.0


@dataclass(frozen=True, slots=True)
class PosterFacts:
    """What was printed: the map's scale and the print size of its card text."""

    scale: float
    card_text_pt: float

    @property
    def readable(self) -> bool:
        return self.card_text_pt >= MIN_READABLE_PT


def _block_lines(journey: JourneyMap, width: float, u: float) -> list[tuple[str, float, bool, str]]:
    """The title block's lines: (text, size, bold, colour)."""
    info = journey.info
    title_size = 22 * u
    title = wrapped(info.title, width, title_size, bold=True, lines=2)
    lines = [(line, title_size, True, palette.INK) for line in title]
    persona = journey.primary_persona
    second = f"{info.state.label} journey map"
    if persona is not None:
        role = f" ({persona.role})" if persona.role else ""
        second += f" · Primary persona: {persona.name}{role}"
    third = [part for part in (info.author, info.organisation) if part.strip()]
    third += [f"Created {info.created:%Y-%m-%d}", f"Version of {info.modified:%Y-%m-%d %H:%M}"]
    lines += [
        (line, 10 * u, False, palette.INK) for line in wrapped(second, width, 10 * u, lines=2)
    ]
    lines.append((fit_string(" · ".join(third), width, 8 * u), 8 * u, False, palette.MUTED))
    return lines


def _objective_lines(journey: JourneyMap, width: float, u: float) -> list[str]:
    size = 9 * u
    objective = journey.info.objective.strip()
    if not objective:
        return []
    return wrapped(objective, width, size, lines=4)


def _title_block(
    journey: JourneyMap, width: float, u: float
) -> tuple[list[tuple[str, float, bool, str]], list[str], float]:
    """The title block's lines, the objective's lines and the block's height."""
    stacked = width < 700 * u
    left_width = (width if stacked else width * 0.58) - 12 * u
    lines = _block_lines(journey, left_width, u)
    left = sum(size * LINE_HEIGHT for _, size, _, _ in lines)
    objective = _objective_lines(journey, left_width if stacked else width * 0.38, u)
    right = (8 * u * 1.4 + len(objective) * 9 * u * LINE_HEIGHT) if objective else 0.0
    height = left + 10 * u + right if stacked and objective else max(left, right)
    return lines, objective, height


def draw_title_block(
    canvas: Canvas, journey: JourneyMap, x: float, top: float, width: float, u: float
) -> float:
    """Title, state, persona, author and dates, with the objective beside them (or below,
    on narrow paper); returns the height used."""
    stacked = width < 700 * u  # portrait paper: the objective goes under the title
    text_x = x + 12 * u
    lines, objective, height = _title_block(journey, width, u)
    canvas.setFillColor(colour(palette.HEADER))
    canvas.rect(x, top - height, 4 * u, height, stroke=0, fill=1)
    y = top
    for text, size, bold, ink in lines:
        canvas.setFillColor(colour(ink))
        draw_string(canvas, text_x, y - size * ASCENT, text, size, bold)
        y -= size * LINE_HEIGHT
    if objective:
        column, y = (text_x, y - 10 * u) if stacked else (x + width * 0.62, top)
        if not stacked:
            canvas.setStrokeColor(colour(palette.GRID))
            canvas.setLineWidth(0.8 * u)
            canvas.line(column - 10 * u, top, column - 10 * u, top - height)
        canvas.setFillColor(colour(palette.MUTED))
        draw_string(canvas, column, y - 8 * u, "OBJECTIVE", 8 * u, bold=True)
        y -= 8 * u * 1.4
        canvas.setFillColor(colour(palette.INK))
        for line in objective:
            draw_string(canvas, column, y - 9 * u * ASCENT, line, 9 * u)
            y -= 9 * u * LINE_HEIGHT
    return height


def draw_poster(
    canvas: Canvas,
    journey: JourneyMap,
    width: float,
    height: float,
    paper_label: str,
    layout: Layout | None = None,
) -> PosterFacts:
    """Draw the whole poster on the current page (or form) of ``width`` x ``height`` points."""
    layout = layout or poster_layout(journey)
    u = min(width, height) / _A4_SHORT
    margin = 24 * u
    inner = width - 2 * margin
    canvas.setFillColor(colour(palette.PAPER))
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    block = draw_title_block(canvas, journey, margin, height - margin, inner, u)
    map_top = height - margin - block - 14 * u
    size = 7 * u  # legend text
    shape, scale, beside, (area_w, area_h), side_width = _map_area(
        journey, layout, map_top, inner, u
    )
    drawn_w, drawn_h = shape.width * scale, shape.height * scale
    # Beside the legend the map is centred; above it, map and legend are centred together.
    drop = (area_h - drawn_h) / 2
    canvas.saveState()
    canvas.translate(margin + (area_w - drawn_w) / 2, map_top - drop)
    canvas.scale(scale, scale)
    for band in shape.bands:
        canvas.saveState()
        canvas.translate(0, -band.top)
        MapPainter(canvas, band.journey, band.layout).draw()
        canvas.restoreState()
    canvas.restoreState()
    if beside:
        x = margin + inner - side_width
        draw_legend(canvas, journey, x, map_top, side_width, size, stacked=True)
    else:
        draw_legend(canvas, journey, margin, map_top - drop - drawn_h - 12 * u, inner, size)
    facts = PosterFacts(scale, TextStyle.CARD_TITLE.size * scale)
    _draw_footer(canvas, facts, margin, inner, u, paper_label)
    return facts


def poster_facts(
    journey: JourneyMap, width: float, height: float, layout: Layout | None = None
) -> PosterFacts:
    """What ``draw_poster`` would print on a ``width`` x ``height`` page, without drawing:
    for a preview before exporting."""
    return poster_map_box(journey, width, height, layout)[0]


def poster_map_box(
    journey: JourneyMap, width: float, height: float, layout: Layout | None = None
) -> tuple[PosterFacts, tuple[float, float, float, float]]:
    """``poster_facts`` and where the map goes on the page: (x, y from the top, width,
    height) in points."""
    layout = layout or poster_layout(journey)
    u = min(width, height) / _A4_SHORT
    margin = 24 * u
    inner = width - 2 * margin
    block = _title_block(journey, inner, u)[2]
    map_top = height - margin - block - 14 * u
    shape, scale, _beside, (area_w, area_h), _side = _map_area(journey, layout, map_top, inner, u)
    drawn_w, drawn_h = shape.width * scale, shape.height * scale
    box = (margin + (area_w - drawn_w) / 2, height - map_top + (area_h - drawn_h) / 2,
           drawn_w, drawn_h)  # fmt: skip
    return PosterFacts(scale, TextStyle.CARD_TITLE.size * scale), box


def _map_area(
    journey: JourneyMap, layout: Layout, map_top: float, inner: float, u: float
) -> tuple[MapShape, float, bool, tuple[float, float], float]:
    """(the map's shape, its scale, legend beside the map?, the map's area, the side
    legend's width)."""
    margin = 24 * u
    bottom = margin + _footer_height(inner, u) + 12 * u  # above the footer
    size = 7 * u  # legend text
    # The legend goes below the map, or beside it when that lets the map print larger.
    below = legend_height(journey, inner, size)
    side_width = max(inner * 0.2, 150 * u)
    side = legend_height(journey, side_width, size, stacked=True)
    areas = [(inner, map_top - bottom - below - 12 * u)]
    if side <= map_top - bottom:
        areas.append((inner - side_width - 16 * u, map_top - bottom))
    shapes = [fitted_shape(journey, layout, *area) for area in areas]
    scales = [shape.scale_in(*area) for shape, area in zip(shapes, areas, strict=True)]
    beside = len(scales) == 2 and scales[1] > scales[0] * 1.02
    pick = 1 if beside else 0
    return shapes[pick], scales[pick], beside, areas[pick], side_width


def _footer_note(facts: PosterFacts) -> str:
    note = (
        f"Scale: the map is printed at {facts.scale * 100:.0f}% of its size on screen; "
        f"card titles are {facts.card_text_pt:.1f} pt"
    )
    if not facts.readable:
        note += (
            f" (under {MIN_READABLE_PT:g} pt: choose larger paper, tiled if need be;"
            " the handout has the full text)"
        )
    return note


def _footer_label(paper: str) -> str:
    return f"{paper} · CJM Studio {__version__}"


def _footer_lines(note: str, label: str, inner: float, u: float, most: int) -> list[str]:
    """The note's lines beside the label: one if both fit, else the note wrapped."""
    size = 7 * u
    room = inner - string_width(label, size) - 20 * u
    if string_width(note, size) <= room:
        return [note]
    return wrapped(note, room, size, lines=most) or [""]


#: Most lines the footer's note takes.
_FOOTER_LINES = 3
#: The longest footer a poster can have (text too small, with the advice): on any map
#: the footer gets the room this one takes on the page.
_LONGEST_NOTE = _footer_note(PosterFacts(0.99, 5.9))
_LONGEST_LABEL = _footer_label("Custom landscape, 5080 × 5080 mm")


def _footer_line_count(inner: float, u: float) -> int:
    """How many lines the footer has on a page ``inner`` wide (narrow pages wrap the note)."""
    return len(_footer_lines(_LONGEST_NOTE, _LONGEST_LABEL, inner, u, _FOOTER_LINES))


def _footer_height(inner: float, u: float) -> float:
    return _footer_line_count(inner, u) * 7 * u * LINE_HEIGHT


def _draw_footer(
    canvas: Canvas, facts: PosterFacts, margin: float, inner: float, u: float, paper: str
) -> None:
    """A ruled line, the scale note on the left (wrapped on narrow pages), the paper and
    the app on the right of its first line."""
    size = 7 * u
    label = _footer_label(paper)
    lines = _footer_lines(_footer_note(facts), label, inner, u, _footer_line_count(inner, u))
    baseline = margin + size * 0.3 + (len(lines) - 1) * size * LINE_HEIGHT
    canvas.setStrokeColor(colour(palette.GRID))
    canvas.setLineWidth(0.5 * u)
    canvas.line(margin, baseline + size * 1.3, margin + inner, baseline + size * 1.3)
    canvas.setFillColor(colour(palette.MUTED))
    draw_string(canvas, margin + inner - string_width(label, size), baseline, label, size)
    for line in lines:
        draw_string(canvas, margin, baseline, line, size)
        baseline -= size * LINE_HEIGHT


_A4_SHORT = 595.2756  # points: text sizes on the page grow with the paper
