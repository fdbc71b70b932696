"""Text on slides in the poster's fonts and colours, and fitting text into boxes.

python-pptx writes text that stays editable in PowerPoint; this module sets every
run in Noto Sans (the poster's font) with Droid Sans Fallback for East Asian
text, measures lines as the poster does (``app.export.fonts``), and shortens what
does not fit with a visible ellipsis, so the caller can put the full text in the
slide's notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree  # type: ignore[import-untyped]
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.oxml.text import CT_TextCharacterProperties
from pptx.text.text import TextFrame
from pptx.util import Pt

from app.export.fonts import printable, string_width, wrapped

FONT = "Noto Sans"
EAST_ASIAN_FONT = "Droid Sans Fallback"
ELLIPSIS = "…"


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph: its text, size in points, weight, colour and slant."""

    text: str
    size: float
    colour: str
    bold: bool = False
    italic: bool = False


def fill_frame(frame: TextFrame, lines: Sequence[Line], wrap: bool = True) -> None:
    """Replace ``frame``'s text with ``lines``, one paragraph each."""
    frame.word_wrap = wrap
    paragraphs = [frame.paragraphs[0]]
    for _ in lines[1:]:
        paragraphs.append(frame.add_paragraph())
    for paragraph, line in zip(paragraphs, lines, strict=False):
        run = paragraph.add_run()
        run.text = printable(line.text)
        font = run.font
        font.size = Pt(line.size)
        font.bold = line.bold
        font.italic = line.italic
        font.color.rgb = rgb(line.colour)
        set_font(run._r.get_or_add_rPr())


def set_font(rpr: CT_TextCharacterProperties) -> None:
    """Name the poster's fonts on a run's properties: Latin, East Asian, complex scripts.

    Called after the colour is set: ``a:ea`` and ``a:cs`` must follow ``a:latin``
    and the fill in the schema's order, so they are appended last.
    """
    rpr.get_or_add_latin().set("typeface", FONT)
    for tag, face in (("a:ea", EAST_ASIAN_FONT), ("a:cs", FONT)):
        element = rpr.find(qn(tag))
        if element is None:
            element = etree.SubElement(rpr, qn(tag))
        element.set("typeface", face)


def fit_lines(text: str, width_pt: float, size: float, max_lines: int, bold: bool = False) -> str:
    """``text`` cut to ``max_lines`` lines of ``width_pt``, ending in an ellipsis if cut."""
    lines = wrapped(text, width_pt, size, bold, lines=max(1, max_lines))
    return " ".join(lines)  # PowerPoint wraps again; the cut is what matters


def line_count(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """How many lines ``text`` takes in a box ``width_pt`` wide."""
    return len(wrapped(text, width_pt, size, bold)) if text else 1


def fit_list(
    items: Sequence[str], width_pt: float, size: float, max_lines: int
) -> tuple[list[str], bool]:
    """As many of ``items`` (one paragraph each) as fit in ``max_lines`` lines of
    ``width_pt``. When some are cut or left out, the last paragraph shown ends in an
    ellipsis or says "… +N more". Returns the paragraphs and whether anything was
    shortened."""
    shown: list[str] = []
    used = 0
    for index, item in enumerate(items):
        last = index == len(items) - 1
        reserve = 0 if last else 1  # a line for "… +N more" while items follow
        need = line_count(item, width_pt, size)
        if used + need <= max_lines - reserve:
            shown.append(item)
            used += need
            continue
        room = max_lines - used - reserve
        if not shown and room < 1:  # one line: the first item, cut, and how many follow
            more = f" +{len(items) - 1} more"
            first = fit_lines(item, width_pt - string_width(f" {ELLIPSIS}{more}", size), size, 1)
            return [first + ("" if first.endswith(ELLIPSIS) else f" {ELLIPSIS}") + more], True
        if room >= 1:  # part of this item (ending in an ellipsis)
            shown.append(fit_lines(item, width_pt, size, room))
            index += 1
        if index < len(items):
            shown.append(f"{ELLIPSIS} +{len(items) - index} more")
        return shown, True
    return shown, False
