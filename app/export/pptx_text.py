"""Text on slides in the poster's fonts and colours, and fitting text into boxes.

python-pptx writes text that stays editable in PowerPoint; this module cuts each
line into runs by the bundled font that draws them (``app.font_chain``, as the
canvas and the poster do) and names that font on the run, measures lines as the
poster does (``app.export.fonts``), and shortens what does not fit with a visible
ellipsis, so the caller can put the full text in the slide's notes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from lxml import etree  # type: ignore[import-untyped]
from lxml.etree import SubElement  # type: ignore[import-untyped]
from pptx.dml.color import RGBColor
from pptx.oxml import element_class_lookup, parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.text import CT_RegularTextRun, CT_TextCharacterProperties
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.text.text import TextFrame

from app.export.fonts import fallback, printable, string_width
from app.font_chain import chain
from app.model.clusters import reads_right_to_left
from app.model.layout import clip_lines, wrap_text

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
    fill_body(frame._txBody, lines, wrap)


def fill_body(body: BaseOxmlElement, lines: Sequence[Line], wrap: bool = True) -> None:
    """Replace the paragraphs of a text body (``p:txBody`` or a table cell's ``a:txBody``)
    with ``lines``, one run each.

    The XML is what python-pptx writes when each run's font is set (size, weight,
    slant, colour, the three typefaces), built directly: each run's properties are a
    copy of one element made per distinct style, which is many times faster.
    """
    body_pr = body.find(_BODY_PR)
    if body_pr is not None:
        body_pr.set("wrap", "square" if wrap else "none")
    for old in body.findall(_P):
        body.remove(old)
    if not lines:
        SubElement(body, _P)
    runs_of = chain().runs
    for line in lines:
        paragraph = SubElement(body, _P)
        text = printable(line.text)
        if reads_right_to_left(text):  # Arabic, Hebrew: a right-to-left paragraph, flush right
            SubElement(paragraph, _PPR, rtl="1", algn="r")
        # One run per bundled font that draws it, named as the typeface of every
        # script slot, so PowerPoint picks the font the canvas and the poster pick.
        for index, part in runs_of(text) if text else [(0, "")]:
            run = SubElement(paragraph, _R)
            properties = _run_properties(line.size, line.bold, line.italic, line.colour, index)
            run.append(deepcopy(properties))
            SubElement(run, _T).text = _xml_text(part)


def set_text(body: BaseOxmlElement, text: str) -> None:
    """``body``'s text replaced by ``text``, a paragraph per line, as python-pptx's
    ``TextFrame.text`` writes it (runs without properties, an empty line an empty
    paragraph), parsed in one piece: notes hold thousands of lines on a big map."""
    for old in body.findall(_P):
        body.remove(old)
    paragraphs = [
        f"<a:p><a:r><a:t>{escape(part)}</a:t></a:r></a:p>"
        if part.isprintable() and part  # the usual line: one run
        else _paragraph(part)
        for part in text.split("\n")
    ]
    parsed = etree.fromstring(
        f"<a:txBody {nsdecls('a')}>{''.join(paragraphs)}</a:txBody>", _TEXT_PARSER
    )
    body.extend(list(parsed))


def _paragraph(line: str) -> str:
    """One line of ``set_text`` as XML: runs between its vertical tabs (line breaks)."""
    runs = [
        f"<a:r><a:t>{escape(_xml_text(piece))}</a:t></a:r>" if piece else ""
        for piece in line.split("\v")
    ]
    return f"<a:p>{'<a:br/>'.join(runs)}</a:p>"


#: python-pptx's parser, keeping text of spaces alone (a line of spaces stays).
_TEXT_PARSER = etree.XMLParser(resolve_entities=False)
_TEXT_PARSER.set_element_class_lookup(element_class_lookup)

_P, _R, _T, _BR, _BODY_PR = (qn(tag) for tag in ("a:p", "a:r", "a:t", "a:br", "a:bodyPr"))
_PPR = qn("a:pPr")


def _xml_text(text: str) -> str:
    """``text`` with control characters escaped as python-pptx escapes them ("_x0007_")."""
    return text if text.isprintable() else CT_RegularTextRun._escape_ctrl_chars(text)


@lru_cache(maxsize=256)
def _run_properties(
    size: float, bold: bool, italic: bool, colour: str, font: int = 0
) -> BaseOxmlElement:
    """One run's ``a:rPr``: size, weight, slant, colour and the typefaces.

    Chain font 0 (Noto Sans) keeps the poster's pair (Noto Sans, Droid Sans
    Fallback for East Asian text); a run another font of the chain draws names
    that font in every slot.
    """
    family = chain().fonts[font].family
    latin, east_asian, complex_script = (
        (FONT, EAST_ASIAN_FONT, FONT) if font == 0 else (family, family, family)
    )
    return parse_xml(
        f'<a:rPr {nsdecls("a")} sz="{round(size * 100)}" b="{int(bold)}" i="{int(italic)}">'
        f'<a:solidFill><a:srgbClr val="{colour.lstrip("#").upper()}"/></a:solidFill>'
        f'<a:latin typeface="{latin}"/><a:ea typeface="{east_asian}"/>'
        f'<a:cs typeface="{complex_script}"/></a:rPr>'
    )


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


def wrapped(text: str, width: float, size: float, bold: bool = False, lines: int = 0) -> list[str]:
    """``app.export.fonts.wrapped``, the same lines, with each word measured once: a
    deck fits thousands of card titles made of far fewer distinct words."""
    measure = _measure(size, bold)
    whole = fallback().width
    scale = size / 1000

    def fits_whole(paragraph: str) -> bool:  # the sum of its words' widths, at C speed
        return whole(paragraph, bold) * scale <= width

    broken = wrap_text(printable(text.replace("\n", " ")), width, measure, fits_whole)
    if lines:
        return list(clip_lines(broken, lines, width, measure)[0])
    return broken


#: Words' widths in 1/1000 em, regular and bold; emptied when it grows past a limit.
_WORD_WIDTHS: dict[bool, dict[str, float]] = {False: {}, True: {}}
_MAX_WORDS = 200_000


def _measure(size: float, bold: bool) -> Callable[[str], float]:
    widths = _WORD_WIDTHS[bold]
    if len(widths) > _MAX_WORDS:
        widths.clear()
    width_of = fallback().width
    scale = size / 1000

    def measure(word: str) -> float:
        width = widths.get(word)
        if width is None:
            width = widths[word] = width_of(word, bold)
        return width * scale

    return measure


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
