"""The overview slide's picture of the whole map, at the size the slide shows it.

A map small enough for its cards' text to be read on the slide is the PNG export's
rendering (the poster's painter, rasterised by PDFium), so it matches the poster.
A bigger map shrinks its text below a few pixels: drawing and rasterising the whole
poster (seconds at 5,000 cards) would buy only grey smudges. It is sketched instead
straight from the poster's layout, in the poster's colours: headers, lane bands,
cell lines, every card with its accent strip and its lines of text as bars, and the
personas' emotion curves, at 150 dpi of the slide. Places and sizes are the
poster's; the picture is drawn a few times larger and scaled down, so thin lines and
bars stay soft, as text far away looks.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw

from app.export.fonts import ReportLabMeasurer
from app.export.image_map import MARGIN, image_size
from app.export.image_png import render_png
from app.export.pdf_poster import _STAGE_FILLS
from app.export.pptx_slides import OVERVIEW_BOX_PX, overview_pixels
from app.export.progress import Progress, report
from app.model import palette
from app.model.entities import Card
from app.model.journey import JourneyMap
from app.model.layout import (
    LINE_HEIGHT,
    POINT_RADIUS,
    CardText,
    Layout,
    Metrics,
    TextStyle,
    clip_lines,
    compute_layout,
    smooth_curve,
    wrap_text,
)
from app.model.vocab import LaneKind

#: Card titles smaller than this in the picture (in pixels; the slide's picture is at
#: up to 200 dpi, zoomable) cannot be read: the map is sketched rather than rendered.
LEGIBLE_PX = 2.5
#: The sketch's resolution on the slide: 2,000 pixels across a 13.33-inch slide,
#: plenty for shapes without text.
_SKETCH_DPI = 150
#: The sketch is drawn up to this many times larger, then scaled down (soft edges)...
_SUPERSAMPLE = 3
#: ... in no more pixels than this.
_MAX_DRAWN_PX = 12_000_000
#: Lines of text thinner than this (in pixels) are drawn as one block per card.
_DETAIL_PX = 1.5
#: The average advance of a character of Noto Sans, as a factor of the font size.
_CHAR_WIDTH = 0.55


def overview_picture(journey: JourneyMap, folder: Path, progress: Progress | None = None) -> Path:
    """The whole map as a PNG in ``folder``, sized for the overview slide (at most 200
    dpi on the slide): rendered as the poster when its text can be read there,
    sketched from the poster's layout when not."""
    layout = overview_layout(journey)
    picture = folder / "overview.png"
    scale = overview_pixels(OVERVIEW_BOX_PX, image_size(layout))
    if TextStyle.CARD_TITLE.size * scale >= LEGIBLE_PX:
        render_png(journey, picture, scale, progress=progress, layout=layout)
    else:
        report(progress, 0.0)
        drawn = sketch(journey, layout, scale * _SKETCH_DPI / 200)
        drawn.save(picture, "PNG", compress_level=1)
        report(progress, 1.0)
    return picture


def overview_layout(journey: JourneyMap) -> Layout:
    """The poster's layout of ``journey`` (``image_map.image_layout``), the very same,
    with the cards' lines broken by a leaner ``card_lines``: the same wrapping and
    clipping, each word measured once, the heights summed as ``card_height`` sums."""
    measurer = ReportLabMeasurer()
    metrics = Metrics()
    title_style, body_style = TextStyle.CARD_TITLE, TextStyle.CARD_BODY
    title_height = measurer.line_height(title_style)
    body_height = measurer.line_height(body_style)
    most_title, most_body = metrics.max_title_lines, metrics.max_body_lines
    padding = metrics.card_padding

    def cached(style: TextStyle) -> Callable[[str], float]:
        widths: dict[str, float] = {}
        width_of = measurer.width

        def measure(word: str) -> float:
            width = widths.get(word)
            if width is None:
                width = widths[word] = width_of(word, style)
            return width

        return measure

    title_measure, body_measure = cached(title_style), cached(body_style)

    def card_lines(card: Card, width: float) -> CardText:
        inner = width - 2 * padding
        wrapped = wrap_text(card.title or " ", inner, title_measure)
        title, cut = clip_lines(wrapped, most_title, inner, title_measure)
        body: tuple[str, ...] = ()
        if card.body:
            wrapped = wrap_text(card.body, inner, body_measure)
            body, cut_body = clip_lines(wrapped, most_body, inner, body_measure)
            cut = cut or cut_body
        height = (
            2 * padding + len(title) * title_height + len(body) * body_height + metrics.meta_height
        )
        return title, body, cut, height

    return compute_layout(journey, measurer, metrics, card_lines)


def sketch(journey: JourneyMap, layout: Layout, pixels_per_point: float) -> Image.Image:
    """The map drawn from ``layout`` as shapes without text, ``pixels_per_point`` large."""
    return _Sketch(journey, layout, pixels_per_point).draw()


class _Sketch:
    """Draws a layout in layout points onto a picture ``_SUPERSAMPLE`` times larger."""

    def __init__(self, journey: JourneyMap, layout: Layout, pixels_per_point: float) -> None:
        self.journey, self.layout = journey, layout
        width_pt, height_pt = image_size(layout)
        self.size = (
            max(1, round(width_pt * pixels_per_point)),
            max(1, round(height_pt * pixels_per_point)),
        )
        area = self.size[0] * self.size[1]
        self.times = max(1, min(_SUPERSAMPLE, math.isqrt(_MAX_DRAWN_PX // area)))
        self.k = pixels_per_point * self.times
        self.image = Image.new(
            "RGB", (self.size[0] * self.times, self.size[1] * self.times), palette.PAPER
        )
        self.pen = ImageDraw.Draw(self.image)
        self.inks: dict[str, int] = {}

    def box(
        self, x: float, y: float, w: float, h: float, fill: str, edge: str | None = None
    ) -> None:
        k = self.k
        left, top = (x + MARGIN) * k, (y + MARGIN) * k
        right, bottom = max(left, left + w * k - 1), max(top, top + h * k - 1)
        self.pen.rectangle((left, top, right, bottom), fill=fill, outline=edge)

    def line(self, x1: float, y1: float, x2: float, y2: float, ink: str, width: int = 1) -> None:
        k = self.k
        self.pen.line(
            ((x1 + MARGIN) * k, (y1 + MARGIN) * k, (x2 + MARGIN) * k, (y2 + MARGIN) * k),
            fill=ink,
            width=width,
        )

    def draw(self) -> Image.Image:
        journey, layout, box, line = self.journey, self.layout, self.box, self.line
        m = layout.metrics
        left, top = m.lane_header_width, m.stage_header_height + m.step_header_height
        # Lane bands and headers, the grid's lines.
        for lane in journey.lanes:
            r = layout.lane_rects[lane.id]
            fill = palette.lane_colour(lane)
            if lane.kind is not LaneKind.EMOTIONS:
                box(left, r.y, layout.width - left, r.height, palette.tint(fill, 0.6))
            box(r.x, r.y, r.width, r.height, fill)
            box(r.x, r.y, 4, r.height, palette.darker(fill, 130))
            line(0, r.bottom, layout.width, r.bottom, palette.GRID)
        for step_id in layout.step_order:
            x = layout.step_rects[step_id].right
            line(x, top, x, layout.height, palette.GRID)
        thick = max(1, round(1.6 * self.k))
        for r in layout.stage_rects.values():
            line(r.right, top, r.right, layout.height, palette.darker(palette.GRID, 125), thick)
        # Headers: the corner, stages and steps.
        box(0, 0, left, top, palette.HEADER)
        for index, stage in enumerate(journey.stages):
            r = layout.stage_rects[stage.id]
            box(r.x, r.y, r.width, r.height, _STAGE_FILLS[index % 2])
        for step in journey.steps:
            r = layout.step_rects[step.id]
            box(r.x, r.y, r.width, r.height, palette.STEP, palette.GRID)
        for lane in journey.lanes:
            if lane.kind is LaneKind.EMOTIONS:
                self._curves(lane.id)
        self._cards()
        return self.image.resize(self.size, Image.Resampling.BOX)

    def _ink(self, colour: str) -> int:
        """``colour`` as the picture's pixel value, for drawing many shapes quickly."""
        ink = self.inks.get(colour)
        if ink is None:
            ink = self.inks[colour] = self.pen.draw.draw_ink(ImageColor.getrgb(colour))
        return ink

    def _cards(self) -> None:
        """Every card with its accent strip, and its lines of text as bars (thousands of
        shapes: drawn by Pillow's drawing core with inks resolved once per colour)."""
        journey, m, k, ink_of = self.journey, self.layout.metrics, self.k, self._ink
        rectangle = self.pen.draw.draw_rectangle  # (box, ink, fill: 1 or outline: 0, width)
        inks: dict[str, tuple[int, int, int, int, int]] = {}  # fill, edge, title, body, block
        # Sizes in pixels: a line's advance, a bar's drop from the line's top and height.
        title_size, body_size = TextStyle.CARD_TITLE.size, TextStyle.CARD_BODY.size
        title = (title_size * LINE_HEIGHT * k, title_size * 0.25 * k, title_size * 0.7 * k)
        body = (body_size * LINE_HEIGHT * k, body_size * 0.25 * k, body_size * 0.7 * k)
        title_char, body_char = title_size * _CHAR_WIDTH * k, body_size * _CHAR_WIDTH * k
        pad, strip, inset, corner = m.card_padding * k, 3 * k, 1.2 * k, 5 * k
        detailed = body[2] >= _DETAIL_PX * self.times
        accents = {kind: ink_of(colour) for kind, colour in palette.CARD_ACCENTS.items()}
        truncated = ink_of(palette.TRUNCATED)
        for placed in self.layout.cards.values():
            card = journey.card(placed.card_id)
            r = placed.rect
            colour = palette.card_colour(card)
            colours = inks.get(colour)
            if colours is None:
                text_ink = palette.ink_on(colour)
                soft = palette.tint(palette.MUTED if text_ink == palette.INK else text_ink, 0.35)
                colours = inks[colour] = (
                    ink_of(colour),
                    ink_of(palette.darker(colour, 118)),
                    ink_of(text_ink),
                    ink_of(soft),
                    ink_of(_mix(colour, text_ink, 0.2)),  # text seen from afar
                )
            fill, edge, ink, soft_ink, block = colours
            left, top = (r.x + MARGIN) * k, (r.y + MARGIN) * k
            right, bottom = left + max(r.width * k - 1, 0), top + max(r.height * k - 1, 0)
            rectangle((left, top, right, bottom), fill, 1)
            rectangle((left, top, right, bottom), edge, 0, 1)
            rectangle(
                (left, top + inset, left + strip, max(top + inset, bottom - inset)),
                accents[card.kind],
                1,
            )
            x, y = left + pad, top + pad
            room = right - left - 2 * pad
            if detailed:
                for lines, (advance, drop, height), char, line_ink in (
                    (placed.title_lines, title, title_char, ink),
                    (placed.body_lines, body, body_char, soft_ink),
                ):
                    for text in lines:
                        length = min(room, len(text) * char)
                        rectangle((x, y + drop, x + length, y + drop + height), line_ink, 1)
                        y += advance
            else:  # lines too thin to tell apart: the card's text as one block
                count = len(placed.title_lines) + len(placed.body_lines)
                rectangle((x, y + title[1], x + room * 0.8, y + count * title[0]), block, 1)
            if placed.truncated:
                rectangle((right - corner, bottom - corner, right, bottom), truncated, 1)

    def _curves(self, lane_id: str) -> None:
        """An emotion lane's neutral line and the personas' curves, as polylines."""
        journey, layout, k = self.journey, self.layout, self.k
        levels = layout.emotion_scale_y[lane_id]
        header = layout.lane_rects[lane_id]
        if 0 in levels:
            self.line(header.right, levels[0], layout.width, levels[0], palette.ZERO_LINE)
        scale = journey.info.scale
        for index, persona in enumerate(journey.personas):
            points = [
                (
                    layout.step_rects[step_id].x + layout.step_rects[step_id].width / 2,
                    levels[scale.clamp(point.score)],
                )
                for step_id in layout.step_order
                if (point := journey.emotion(persona.id, step_id)) is not None
            ]
            if not persona.show_curve or not points:
                continue
            ink = palette.persona_colour(persona.colour, index)
            path = [points[0]]
            for p1, c1, c2, p2 in smooth_curve(points):
                for i in range(1, 9):
                    t = i / 8
                    a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t**3
                    path.append(
                        (
                            a * p1[0] + b * c1[0] + c * c2[0] + d * p2[0],
                            a * p1[1] + b * c1[1] + c * c2[1] + d * p2[1],
                        )
                    )
            width = max(1, round(1.8 * k))
            self.pen.line(
                [((x + MARGIN) * k, (y + MARGIN) * k) for x, y in path],
                fill=ink,
                width=width,
                joint="curve",
            )
            dot = max(POINT_RADIUS, 1.5 / k)
            for x, y in points:
                self.box(x - dot, y - dot, 2 * dot, 2 * dot, ink)


def _mix(base: str, ink: str, amount: float) -> str:
    """``base`` with ``amount`` of ``ink`` in it: text seen from too far to read."""
    a, b = base.lstrip("#"), ink.lstrip("#")
    channels = (
        round(int(a[i : i + 2], 16) * (1 - amount) + int(b[i : i + 2], 16) * amount)
        for i in (0, 2, 4)
    )
    return "#" + "".join(f"{c:02x}" for c in channels)
