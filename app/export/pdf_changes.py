"""The "What changed" report: a comparison of two maps as a printable PDF (platypus).

A title block says which two maps are compared (a snapshot and the map now, two
files, the current and the future state); a summary table gives the counts per
kind of element; then a section per kind (the map's own fields, stages, steps,
lanes, personas, cards, emotions), one row per element, coloured by what happened
to it (added, removed, moved, edited...), and under an edited element a row per
field with its value before and after, in full. The words come from
``app.model.diff_report``, so the report says what ``cjm diff`` prints.

User text (titles, names, values) is plain text: it reaches Paragraph markup only
through ``paragraph_markup`` (escaped, fallback fonts) or as shaped lines
(``pdf_text.user_paragraph``). Long values are cut into pieces of a few hundred
words, a row each, so that no table row is taller than a page.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app import APP_NAME
from app.export.fonts import (
    REGULAR,
    draw_string,
    fit_string,
    paragraph_markup,
    register_fonts,
    string_width,
)
from app.export.output import write_atomically
from app.export.pdf_text import paragraph_style, user_paragraph
from app.export.style import colour
from app.model import palette
from app.model.diff import MapDiff
from app.model.diff_report import NO_DIFFERENCES, ONLY_MODIFIED, Entry, Section, report
from app.model.journey import JourneyMap

REPORT_TITLE = "What changed"
#: A value is cut into pieces of at most this many characters or lines, a table row each
#: (about a sixth of a page in its column), so that a page breaks close to its foot.
PIECE_CHARACTERS = 450
PIECE_LINES = 12
#: The colour of each verb's tag, by the first word of the verb.
VERB_COLOURS = {
    "added": "#2e7d32",
    "removed": "#c62828",
    "moved": "#1565c0",
    "reordered": "#1565c0",
    "renamed": "#6a1b9a",
    "edited": "#b26a00",
    "changed": "#b26a00",
}
MARGIN = 16 * mm


def _style(name: str, size: float, bold: bool = False, ink: str = palette.INK,
           before: float = 0, after: float = 2) -> ParagraphStyle:  # fmt: skip
    return paragraph_style(name, size, bold, ink, before, after)


TITLE = _style("title", 22, True, after=6)
SUBTITLE = _style("subtitle", 10, ink=palette.MUTED, after=1)
HEADING = _style("heading", 13, True, before=12, after=5)
BODY = _style("body", 10)
CELL = _style("cell", 8.5, after=0)
CELL_BOLD = _style("cellbold", 8.5, True, after=0)
FIELD = _style("field", 8, ink=palette.MUTED, after=0)
TAG = _style("tag", 8, True, ink=palette.PAPER, after=0)


def export_changes(
    diff: MapDiff,
    old: JourneyMap,
    new: JourneyMap,
    path: str | Path,
    old_label: str,
    new_label: str,
    printed: datetime | None = None,
) -> int:
    """Write the report comparing ``old`` (``old_label``) with ``new`` to ``path``, safely
    (a failed export leaves no file); returns its page count."""
    pages: list[int] = []
    write_atomically(
        path,
        lambda temp: pages.append(
            build_changes(diff, old, new, temp, old_label, new_label, printed)
        ),
    )
    return pages[0]


def build_changes(
    diff: MapDiff,
    old: JourneyMap,
    new: JourneyMap,
    path: Path,
    old_label: str,
    new_label: str,
    printed: datetime | None = None,
) -> int:
    register_fonts()
    width, _height = A4
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{REPORT_TITLE}: {new.info.title}",
        author=new.info.author,
        subject=f"Changes from {old_label} to {new_label}",
        creator=APP_NAME,
        initialFontName=REGULAR,
    )
    footer_title = f"{REPORT_TITLE} · {new.info.title}"

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(colour(palette.MUTED))
        text = f"Page {document.page}"
        draw_string(canvas, width - MARGIN - string_width(text, 8), MARGIN / 2, text, 8)
        room = width - 2 * MARGIN - string_width(text, 8) - 12
        draw_string(canvas, MARGIN, MARGIN / 2, fit_string(footer_title, room, 8), 8)
        canvas.restoreState()

    sections = report(diff, old, new, arrow="→")
    story = _title_block(new, old_label, new_label, printed or datetime.now().astimezone())
    if not sections:
        story.append(Paragraph(ONLY_MODIFIED if diff.info else NO_DIFFERENCES, BODY))
    else:
        story += _summary(sections, doc.width)
        for section in sections:
            story += _section(section, doc.width)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return int(doc.page)


def _title_block(new: JourneyMap, old_label: str, new_label: str,
                 printed: datetime) -> list[Flowable]:  # fmt: skip
    return [
        Paragraph(REPORT_TITLE, TITLE),
        user_paragraph(new.info.title, _style("maptitle", 13, True, after=4)),
        user_paragraph(old_label, SUBTITLE, label="From:"),
        user_paragraph(new_label, SUBTITLE, label="To:"),
        Paragraph(f"Printed {printed:%Y-%m-%d %H:%M}", SUBTITLE),
        Spacer(1, 4 * mm),
    ]


def _summary(sections: list[Section], width: float) -> list[Flowable]:
    rows = [[Paragraph("In short", CELL_BOLD), Paragraph("", CELL)]]
    rows += [[Paragraph(section.heading, CELL_BOLD), Paragraph(section.summary, CELL)]
             for section in sections]  # fmt: skip
    table = Table(rows, colWidths=[35 * mm, width - 35 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colour(palette.HEADER)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colour(palette.GRID)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [table]


def _section(section: Section, width: float) -> list[Flowable]:
    heading = Paragraph(f"{section.heading} <font size=9 color='{palette.MUTED}'>"
                        f"{paragraph_markup(section.summary)}</font>", HEADING)  # fmt: skip
    tag_width, field_width = 19 * mm, 26 * mm
    value_width = (width - tag_width - field_width) / 2
    rows: list[list[Flowable | str]] = []
    style: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ]
    for entry in section.entries:
        start = len(rows)
        if section.kind != "map":
            row = len(rows)
            rows.append([Paragraph(entry.verb, TAG), _entry_text(entry), "", ""])
            style += [
                ("SPAN", (1, row), (3, row)),
                ("BACKGROUND", (0, row), (0, row), colour(_verb_colour(entry.verb))),
                ("LINEABOVE", (0, row), (-1, row), 0.4, colour(palette.GRID)),
            ]
        if entry.details:
            first = len(rows)
            rows.append(["", Paragraph("", FIELD), Paragraph("Before", FIELD),
                         Paragraph("After", FIELD)])  # fmt: skip
            for detail in entry.details:
                olds, news = _pieces(detail.old), _pieces(detail.new)
                for index in range(max(len(olds), len(news))):
                    rows.append([
                        "",
                        Paragraph(paragraph_markup(detail.label), FIELD) if index == 0 else "",
                        _value(olds, index),
                        _value(news, index),
                    ])  # fmt: skip
            style += [
                ("BACKGROUND", (1, first), (-1, len(rows) - 1), colour("#f4f6f8")),
                ("LINEBELOW", (1, first), (-1, first), 0.3, colour(palette.GRID)),
                # The element's line, the column heads and its first field stay together
                # (one piece of a value: never taller than a page).
                ("NOSPLIT", (0, start), (-1, first + 1)),
            ]
    table = Table(rows, colWidths=[tag_width, field_width, value_width, value_width],
                  repeatRows=0, hAlign="LEFT")  # fmt: skip
    table.setStyle(TableStyle(style))
    return [heading, table]


def _entry_text(entry: Entry) -> Flowable:
    text = " ".join(part for part in (entry.subject, entry.where) if part)
    return user_paragraph(text, CELL)


def _value(pieces: list[str], index: int) -> Flowable | str:
    return user_paragraph(pieces[index], CELL) if index < len(pieces) else ""


def _verb_colour(verb: str) -> str:
    return VERB_COLOURS.get(verb.split(" ")[0], palette.MUTED)


def _pieces(text: str) -> list[str]:
    """``text`` in pieces of at most PIECE_CHARACTERS characters and PIECE_LINES lines,
    cut at line ends, else at spaces."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        while len(line) > PIECE_CHARACTERS:
            cut = line.rfind(" ", PIECE_CHARACTERS // 2, PIECE_CHARACTERS)
            cut = cut if cut > 0 else PIECE_CHARACTERS
            if current:
                pieces.append("\n".join(current))
                current, size = [], 0
            pieces.append(line[:cut])
            line = line[cut:].lstrip(" ")
        if current and (size + len(line) > PIECE_CHARACTERS or len(current) >= PIECE_LINES):
            pieces.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        pieces.append("\n".join(current))
    return pieces or [""]
