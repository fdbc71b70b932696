"""The map as an SVG picture, drawn by the poster's own painter, text kept as text.

``SvgCanvas`` takes the few ReportLab canvas calls the poster's painter makes
(``pdf_poster.MapPainter``: fills, lines, rounded rectangles, Bézier paths, text
objects, and forms for the marks repeated on every card) and writes them as SVG
elements, so the picture has the poster's layout, colours and fonts by
construction. Text is ``<text>`` in the poster's fonts: the bundled fonts the
picture uses travel inside it, cut to its characters (``html_fonts``), then the
chain's families are named in fallback order; user text is escaped. Lines that
need shaping or the bidi algorithm come as runs of typed text, each at its place
on the line; the viewer shapes each run. One SVG unit is one point, and the
picture's size is given in points, so it prints at the poster's scale.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from app.export.fonts import BOLD, string_width
from app.export.glyph_check import map_texts
from app.export.html_fonts import font_css, font_stack
from app.export.image_map import MARGIN, image_layout, image_size, selected_map
from app.export.output import write_atomically
from app.export.pdf_poster import MapPainter
from app.export.progress import Progress, report
from app.export.watermark import svg_watermark
from app.font_chain import chain
from app.model import palette
from app.model.journey import JourneyMap

#: The poster's fonts by name, in the order a viewer should try them (the bundled chain).
FONT_FAMILY = ", ".join([*(f"'{family}'" for family in chain().families), "sans-serif"])
_TRANSLATE = re.compile(r"q 1 0 0 1 (-?[\d.]+) (-?[\d.]+) cm")


def export_svg(
    journey: JourneyMap,
    path: str | Path,
    card_ids: Collection[str] | None = None,
    progress: Progress | None = None,
    draft: bool = False,
) -> None:
    """Write the map (or only ``card_ids`` with their cells' headers) as SVG; ``draft``:
    with the DRAFT watermark.

    Raises ExportError when no chosen card is on the map, ExportCancelled when
    ``progress`` answers False (no file is left).
    """
    text = svg_text(journey, card_ids, progress, draft)

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    write_atomically(path, write)
    report(progress, 1.0)


def svg_text(
    journey: JourneyMap,
    card_ids: Collection[str] | None = None,
    progress: Progress | None = None,
    draft: bool = False,
) -> str:
    """The SVG document of the map, as text (for a file or the clipboard)."""
    shown = selected_map(journey, card_ids)
    report(progress, 0.0)
    layout = image_layout(shown)
    report(progress, 0.3)
    width, height = image_size(layout)
    canvas = SvgCanvas()
    MapPainter(canvas, shown, layout).draw()  # the painter takes any canvas-like object
    report(progress, 0.9)
    w, h = _num(width), _num(height)
    # The fonts the picture's text needs travel inside it, cut to its characters, so any
    # viewer draws every script as the poster does; the named families follow for
    # viewers that ignore embedded fonts.
    families = f"{font_stack().removesuffix(', sans-serif')}, {FONT_FAMILY}"
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'version="1.1" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}" '
        f'xml:space="preserve" font-family="{families}" stroke="none">\n'
        f"<title>{escape(shown.info.title)}</title>\n"
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="{palette.PAPER}"/>\n'
    )
    fonts = font_css(map_texts(shown))
    style = f"<style>\n{fonts}\n</style>\n" if fonts else ""
    defs = "<defs>\n" + style + "".join(canvas.forms) + "</defs>\n"
    body = f'<g transform="translate({_num(MARGIN)} {_num(MARGIN)})">\n'
    mark = svg_watermark(width, height, FONT_FAMILY) if draft else ""
    return head + defs + body + "".join(canvas.out) + "</g>\n" + mark + "</svg>\n"


def _num(value: float) -> str:
    """A coordinate in short form: 12, 12.5, 12.25 (1/100 point is finer than any viewer)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _hex(colour: Any) -> str:
    return "#" + str(colour.hexval())[2:]


class _Path:
    """ReportLab's path calls, kept as SVG path data (y negated: SVG's y points down)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def moveTo(self, x: float, y: float) -> None:
        self.parts.append(f"M{_num(x)} {_num(-y)}")

    def lineTo(self, x: float, y: float) -> None:
        self.parts.append(f"L{_num(x)} {_num(-y)}")

    def curveTo(
        self, x1: float, y1: float, x2: float, y2: float, x3: float, y3: float
    ) -> None:
        self.parts.append(f"C{_num(x1)} {_num(-y1)} {_num(x2)} {_num(-y2)} {_num(x3)} {_num(-y3)}")

    def close(self) -> None:
        self.parts.append("Z")


class _Text:
    """A ReportLab text object: lines of runs, each run in one font."""

    #: Runs come as typed (the SVG viewer shapes them), not as shaped glyphs.
    shapes_itself = True

    def __init__(self) -> None:
        self.x = self.y = self.cursor = 0.0
        self.size, self.leading, self.bold = 10.0, 12.0, False
        self.fill: Any = None
        self.lines: list[tuple[float, float, list[tuple[str, float, bool, Any]]]] = []
        self._runs: list[tuple[str, float, bool, Any]] = []
        self._start = 0.0

    def getStartOfLine(self) -> tuple[float, float]:
        return self._start, self.y

    def setTextOrigin(self, x: float, y: float) -> None:
        self._flush()
        self.x = self.cursor = self._start = x
        self.y = y

    def setFillColor(self, colour: Any) -> None:
        self.fill = colour

    def setFont(self, name: str, size: float, leading: float | None = None) -> None:
        self.size, self.bold = size, name == BOLD or name.endswith("-Bold")
        self.leading = leading if leading is not None else size * 1.2

    def textOut(self, text: str) -> None:
        if text:
            self._runs.append((text, self.size, self.bold, self.fill))
            self.cursor += string_width(text, self.size, self.bold)

    def textLine(self, text: str = "") -> None:
        self.textOut(text)
        self._flush()
        self.y -= self.leading
        self.x = self.cursor = self._start

    def _flush(self) -> None:
        if self._runs:
            self.lines.append((self._start, self.y, self._runs))
        self._runs = []


class SvgCanvas:
    """The part of ReportLab's ``Canvas`` the poster's painter uses, writing SVG."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.forms: list[str] = []
        self._form: list[str] | None = None
        self._fill = palette.INK
        self._stroke = palette.INK
        self._width = 1.0
        self._dash = ""
        self._shift = (0.0, 0.0)
        self._shifts: list[tuple[float, float]] = []

    def _emit(self, element: str) -> None:
        (self._form if self._form is not None else self.out).append(element + "\n")

    def _paint(self, stroke: int, fill: int) -> str:
        """The fill and stroke attributes of a shape."""
        attrs = f'fill="{self._fill}"' if fill else 'fill="none"'
        if stroke:
            attrs += f' stroke="{self._stroke}" stroke-width="{_num(self._width)}"'
            if self._dash:
                attrs += f' stroke-dasharray="{self._dash}"'
        return attrs

    # graphics state
    def setFillColor(self, colour: Any) -> None:
        self._fill = _hex(colour)

    def setStrokeColor(self, colour: Any) -> None:
        self._stroke = _hex(colour)

    def setLineWidth(self, width: float) -> None:
        self._width = width

    def setDash(self, array: list[float] | float | None = None, phase: float = 0) -> None:
        values = [array] if isinstance(array, int | float) else list(array or ())
        self._dash = " ".join(_num(v) for v in values)

    def saveState(self) -> None:
        self._shifts.append(self._shift)

    def restoreState(self) -> None:
        self._shift = self._shifts.pop()

    # shapes
    def rect(self, x: float, y: float, w: float, h: float, stroke: int = 1, fill: int = 0) -> None:
        self._emit(
            f'<rect x="{_num(x)}" y="{_num(-(y + h))}" width="{_num(w)}" height="{_num(h)}" '
            f"{self._paint(stroke, fill)}/>"
        )

    def roundRect(
        self, x: float, y: float, w: float, h: float, radius: float, stroke: int = 1, fill: int = 0
    ) -> None:
        self._emit(
            f'<rect x="{_num(x)}" y="{_num(-(y + h))}" width="{_num(w)}" height="{_num(h)}" '
            f'rx="{_num(radius)}" {self._paint(stroke, fill)}/>'
        )

    def circle(self, x: float, y: float, r: float, stroke: int = 1, fill: int = 0) -> None:
        self._emit(
            f'<circle cx="{_num(x)}" cy="{_num(-y)}" r="{_num(r)}" {self._paint(stroke, fill)}/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self._emit(
            f'<line x1="{_num(x1)}" y1="{_num(-y1)}" x2="{_num(x2)}" y2="{_num(-y2)}" '
            f"{self._paint(1, 0)}/>"
        )

    def beginPath(self) -> _Path:
        return _Path()

    def drawPath(self, path: _Path, stroke: int = 1, fill: int = 0, **_: object) -> None:
        self._emit(f'<path d="{" ".join(path.parts)}" {self._paint(stroke, fill)}/>')

    # text
    def beginText(self) -> _Text:
        return _Text()

    def drawText(self, text: _Text) -> None:
        text.textOut("")
        text._flush()
        for x, y, runs in text.lines:
            styles = [self._text_style(size, bold, fill) for _, size, bold, fill in runs]
            if len(set(styles)) == 1:  # the usual case: one style, on the element itself
                content = escape("".join(run for run, *_ in runs))
            else:
                content = "".join(
                    f"<tspan{style}>{escape(run)}</tspan>"
                    for style, (run, *_) in zip(styles, runs, strict=True)
                )
                styles = [""]
            self._emit(f'<text x="{_num(x)}" y="{_num(-y)}"{styles[0]}>{content}</text>')

    def _text_style(self, size: float, bold: bool, fill: Any) -> str:
        ink = _hex(fill) if fill is not None else self._fill
        weight = ' font-weight="bold"' if bold else ""
        return f' font-size="{_num(size)}"{weight} fill="{ink}"'

    # forms: the marks drawn once and placed on every card
    def beginForm(self, name: str, *_box: float) -> None:
        self._form = []
        self._form_name = name

    def endForm(self) -> None:
        body = "".join(self._form or [])
        self.forms.append(f"<g id={quoteattr(self._form_name)}>\n{body}</g>\n")
        self._form = None

    def addLiteral(self, literal: str) -> None:
        """Only the painter's own placing of a form: ``q 1 0 0 1 x y cm`` and ``Q``."""
        match = _TRANSLATE.fullmatch(literal)
        if match:
            self._shifts.append(self._shift)
            self._shift = (float(match.group(1)), float(match.group(2)))
        elif literal == "Q":
            self._shift = self._shifts.pop()
        else:
            raise ValueError(f"SvgCanvas cannot draw {literal!r}")

    def doForm(self, name: str) -> None:
        x, y = self._shift
        self._emit(f'<use xlink:href="#{name}" x="{_num(x)}" y="{_num(-y)}"/>')
