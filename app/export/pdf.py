"""PDF export, the public entry: a poster, the poster tiled onto office paper, a handout.

Paper sizes are named as on the command line (``A0``..``A4``, ``Letter``,
``Tabloid``/``Ledger``, case-insensitive) or given in millimetres. Every file is
written beside its target and swapped in when complete, so a failed export
leaves nothing half-written.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A0, A1, A2, A3, A4, LETTER, TABLOID
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app import __version__
from app.export.fonts import REGULAR, register_fonts
from app.export.output import write_atomically
from app.export.pdf_handout import build_handout
from app.export.pdf_poster import PosterFacts, draw_poster, poster_layout
from app.export.pdf_tiles import TileFacts, draw_tiles, tile_plan
from app.model.journey import JourneyMap

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


def paper_names() -> list[str]:
    return list(PAPER_SIZES)


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


def new_canvas(path: Path, size: tuple[float, float], journey: JourneyMap, what: str) -> Canvas:
    """A canvas with the bundled font as its initial font (no Helvetica) and the map's metadata."""
    register_fonts()
    canvas = Canvas(
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
) -> PosterFacts:
    """Write the map as a one-page poster; returns its scale and the print size of card text."""
    size = page_size(paper, landscape, custom_mm)
    label = _paper_label(paper, landscape, custom_mm, size)
    layout = poster_layout(journey)
    facts: list[PosterFacts] = []

    def write(temp: Path) -> None:
        canvas = new_canvas(temp, size, journey, "Journey map poster")
        facts.append(draw_poster(canvas, journey, size[0], size[1], label, layout))
        canvas.showPage()
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
) -> TileFacts:
    """Write the poster cut onto sheets of ``tile`` paper, after a page showing the assembly.

    Sheets overlap by ``overlap_mm``, carry crop marks and a label such as
    "B3 of 4x3"; everything stays inside a 5 mm printer margin.
    """
    poster = page_size(poster_paper, landscape, custom_mm)
    label = _paper_label(poster_paper, landscape, custom_mm, poster)
    if _paper_key(tile) not in TILE_PAPERS:
        raise ValueError(f"tiles are printed on {', '.join(TILE_PAPERS)}, not {tile!r}")
    plan = tile_plan(poster, PAPER_SIZES[_paper_key(tile)], overlap_mm * mm)
    layout = poster_layout(journey)

    def write(temp: Path) -> None:
        canvas = new_canvas(temp, plan.sheet, journey, "Journey map poster, tiled")
        draw_tiles(
            canvas,
            plan,
            lambda c: draw_poster(c, journey, *poster, label, layout),
            f"{label} on {_paper_key(tile)}",
        )
        canvas.save()

    write_atomically(path, write)
    return plan.facts


def export_handout(journey: JourneyMap, path: str | Path, paper: str = "A4") -> int:
    """Write the handout (cover, personas, stages with every card's full text, backlog).

    Returns the number of pages.
    """
    size = page_size(paper, landscape=False)
    pages: list[int] = []
    write_atomically(path, lambda temp: pages.append(build_handout(journey, temp, size)))
    return pages[0]
