"""Drawing the palette's colours, icons and the legend on a ReportLab canvas.

The colours and icon shapes themselves live in ``app.model.palette`` (plain
data shared with the Qt canvas); this module only turns them into PDF paths.
All positions are in the canvas's own coordinates (y upwards); an icon is
placed by its top-left corner.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from app.export.fonts import draw_string, string_width
from app.model import palette
from app.model.journey import JourneyMap
from app.model.layout import CENTRED_BASELINE
from app.model.palette import (
    CARD_ACCENTS,
    CHANNEL_COLOURS,
    CHANNEL_GLYPHS,
    KIND_ICONS,
    MOMENT_OF_TRUTH,
    MOMENT_OF_TRUTH_ICON,
    PAPER,
    Icon,
)
from app.model.vocab import CardKind, Channel, Priority


@functools.cache
def colour(hex_colour: str) -> Color:
    """A ReportLab colour from '#rrggbb' (cached: maps reuse a handful of colours)."""
    return HexColor(hex_colour)


def draw_icon(
    canvas: Canvas, icon: Icon, x: float, top: float, size: float, hex_colour: str
) -> None:
    """Draw ``icon`` in a ``size`` square whose top-left corner is (x, top)."""
    ink = colour(hex_colour)
    canvas.setFillColor(ink)
    canvas.setStrokeColor(ink)
    canvas.setLineWidth(size * 0.12)
    for part in icon:
        points = [(x + px * size, top - py * size) for px, py in part.points]
        if part.shape == "circle":
            (cx, cy), radius = points[0], part.radius * size
            canvas.circle(cx, cy, radius, stroke=0 if part.filled else 1, fill=int(part.filled))
            continue
        path = canvas.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        if part.shape == "polygon":
            path.close()
            canvas.drawPath(path, stroke=0 if part.filled else 1, fill=int(part.filled))
        else:
            canvas.drawPath(path, stroke=1, fill=0)


def draw_kind_icon(canvas: Canvas, kind: CardKind, x: float, top: float, size: float) -> None:
    draw_icon(canvas, KIND_ICONS[kind], x, top, size, CARD_ACCENTS[kind])


def draw_moment_of_truth(canvas: Canvas, x: float, top: float, size: float) -> None:
    draw_icon(canvas, MOMENT_OF_TRUTH_ICON, x, top, size, MOMENT_OF_TRUTH)


def draw_pill(
    canvas: Canvas, x: float, y: float, text: str, hex_colour: str, size: float = 7.0
) -> float:
    """A rounded label as the canvas draws it (bottom-left corner at (x, y), ``size`` pt
    text, 9/7 of ``size`` high); returns its width."""
    width = string_width(text, size) + size * 6 / 7
    height = size * 9 / 7
    canvas.setFillColor(colour(hex_colour))
    canvas.roundRect(x, y, width, height, size * 3 / 7, stroke=0, fill=1)
    canvas.setFillColor(colour(PAPER))
    draw_string(canvas, x + size * 3 / 7, y + height / 2 - size * CENTRED_BASELINE, text, size)
    return width


def channel_pill_width(channel: Channel, size: float = 7.0) -> float:
    return string_width(CHANNEL_GLYPHS[channel], size) + size * 5 / 7


def draw_channel_pill(canvas: Canvas, channel: Channel, x: float, y: float, size: float) -> None:
    """The channel's letters on a pill of its colour (bottom-left corner at (x, y))."""
    width, height = channel_pill_width(channel, size), size * 9 / 7
    canvas.setFillColor(colour(CHANNEL_COLOURS[channel]))
    canvas.roundRect(x, y, width, height, size * 3 / 7, stroke=0, fill=1)
    canvas.setFillColor(colour(PAPER))
    baseline = y + height / 2 - size * CENTRED_BASELINE
    draw_string(canvas, x + size * 2.5 / 7, baseline, CHANNEL_GLYPHS[channel], size)


# ---------------------------------------------------------------------- symbols
_FORMS: weakref.WeakKeyDictionary[Canvas, dict[Hashable, str]] = weakref.WeakKeyDictionary()
META = 12.0  # the height of a card's bottom line (Metrics.meta_height)


def marks_width(moment_of_truth: bool, channel: Channel | None) -> float:
    """The width of a card's kind icon, star and channel pill, as the canvas spaces them."""
    width = 7.5 + 3.0 + (11.0 if moment_of_truth else 0.0)
    return width + (channel_pill_width(channel) + 3.0 if channel else 0.0)


def badge_width(text: str) -> float:
    return string_width(text, 7.0) + 6.0


class Symbols:
    """The marks on a card's bottom line and the emotion lanes' stars, as PDF forms.

    Each distinct mark is drawn once per document and then placed by reference,
    which keeps a 5,000-card poster small and quick to write. Sizes and places
    follow the canvas's card item.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self._names = _FORMS.setdefault(canvas, {})

    def _place(
        self,
        key: Hashable,
        x: float,
        y: float,
        size: tuple[float, float],
        draw: Callable[[Canvas], object],
    ) -> None:
        """The form for ``key`` with its bottom-left corner at (x, y), drawn first if new."""
        c = self.c
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = f"cjm-symbol-{len(self._names)}"
            c.beginForm(name, 0, 0, size[0], size[1])
            draw(c)
            c.endForm()
        # q/cm/Q written directly: thousands of placements, and nothing between them
        # changes the canvas's own record of the graphics state.
        c.addLiteral(f"q 1 0 0 1 {x:.3f} {y:.3f} cm")
        c.doForm(name)
        c.addLiteral("Q")

    def star(self, x: float, y: float, size: float) -> None:
        self._place(
            ("star", size), x, y, (size, size), lambda c: draw_moment_of_truth(c, 0, size, size)
        )

    def meta_row(
        self,
        kind: CardKind,
        moment_of_truth: bool,
        channel: Channel | None,
        label: str,
        label_ink: str,
        x: float,
        y: float,
    ) -> None:
        """Kind icon, star, channel pill (None: no room for it) and a label already cut to
        fit, from the bottom-left corner (x, y) of a card's bottom line."""
        width = marks_width(moment_of_truth, channel) + string_width(label, 7.0)

        def draw(c: Canvas) -> None:
            draw_icon(c, KIND_ICONS[kind], 0, (META + 7.5) / 2, 7.5, CARD_ACCENTS[kind])
            left = 10.5
            if moment_of_truth:
                draw_moment_of_truth(c, left, META / 2 + 4.25, 8.5)
                left += 11.0
            if channel is not None:
                draw_channel_pill(c, channel, left, 1.5, 7.0)
                left += channel_pill_width(channel) + 3.0
            if label:
                c.setFillColor(colour(label_ink))
                draw_string(c, left, META / 2 - 7.0 * CENTRED_BASELINE, label, 7.0)

        key = ("row", kind, moment_of_truth, channel, label, label_ink)
        self._place(key, x, y, (width, META), draw)

    def badge(self, text: str, hex_colour: str, right: float, y: float) -> None:
        """A pill ending at ``right`` on a card's bottom line (severity, priority, KPI)."""
        width = badge_width(text)
        self._place(
            ("badge", text, hex_colour),
            right - width,
            y,
            (width, META),
            lambda c: draw_pill(c, 0, 1.5, text, hex_colour),
        )


# ---------------------------------------------------------------------- legend
@dataclass(frozen=True, slots=True)
class LegendItem:
    """One entry of the legend: a symbol and its label (a group title has no symbol)."""

    symbol: str  # "title", "kind", "channel", "persona", "star", "cut", "pill", "level"
    label: str
    value: str = ""  # the kind or channel token, a colour, or a score


def legend_items(journey: JourneyMap) -> list[LegendItem]:
    """Card kinds, channels, emotion scale, persona curves and marks, in reading order."""
    items = [LegendItem("title", "Cards")]
    items += [LegendItem("kind", kind.label, kind.value) for kind in CardKind]
    items.append(LegendItem("title", "Channels"))
    items += [LegendItem("channel", ch.label, ch.value) for ch in Channel]
    scale = journey.info.scale
    items.append(LegendItem("title", "Emotion"))
    items += [
        LegendItem("level", scale.label(score), f"{score:+d}".replace("-", "–") if score else "0")
        for score in range(scale.maximum, scale.minimum - 1, -1)
    ]
    curves = [
        (index, persona) for index, persona in enumerate(journey.personas) if persona.show_curve
    ]
    if curves:
        items.append(LegendItem("title", "Personas"))
        items += [
            LegendItem(
                "persona",
                persona.name + (" (primary)" if persona.is_primary else ""),
                palette.persona_colour(persona.colour, index),
            )
            for index, persona in curves
        ]
    items.append(LegendItem("title", "Marks"))
    items.append(LegendItem("star", "Moment of truth"))
    items.append(LegendItem("pill", "Severity 1–5", palette.SEVERITY_COLOURS[4]))
    items += [
        LegendItem("pill", f"{p.label} priority", palette.PRIORITY_COLOURS[p]) for p in Priority
    ]
    items.append(LegendItem("pill", "KPI value", CARD_ACCENTS[CardKind.KPI]))
    items.append(LegendItem("cut", "Text continues in the handout"))
    return items


def _symbol_width(item: LegendItem, size: float) -> float:
    """How far an entry's label starts from its left edge."""
    if item.symbol == "channel":
        return channel_pill_width(Channel(item.value), size * 0.85) + size * 0.4
    return size * (1.6 if item.symbol == "level" else 1.7)


def _item_width(item: LegendItem, size: float) -> float:
    if item.symbol == "pill":
        return string_width(item.label, size * 0.85) + size * 0.85 * 6 / 7 + size * 1.4
    text = string_width(item.label, size, bold=item.symbol == "title")
    if item.symbol == "title":
        return text + size * 0.8
    return _symbol_width(item, size) + text + size * 1.4


def _flow(
    items: list[LegendItem], width: float, size: float, stacked: bool = False
) -> list[tuple[LegendItem, float, int]]:
    """(item, x offset, row) for each item, wrapping rows at ``width``.

    ``stacked`` puts each group title on a row of its own (a narrow legend).
    """
    placed = []
    x, row = 0.0, 0
    for index, item in enumerate(items):
        w = _item_width(item, size)
        title = item.symbol == "title"
        if stacked and title:
            row += 1 if index else 0
            placed.append((item, 0.0, row))
            x, row = 0.0, row + 1
            continue
        gap = size * 1.2 if title and index else 0.0
        # A group title stays with its first entry.
        keep = w + (_item_width(items[index + 1], size) if title else 0.0)
        if x and x + gap + keep > width:
            x, row, gap = 0.0, row + 1, 0.0
        placed.append((item, x + gap, row))
        x += gap + w
    return placed


def legend_height(journey: JourneyMap, width: float, size: float, stacked: bool = False) -> float:
    """The height the legend takes at text ``size`` in ``width``."""
    rows = max(row for _, _, row in _flow(legend_items(journey), width, size, stacked)) + 1
    return rows * size * 1.9


def draw_legend(
    canvas: Canvas,
    journey: JourneyMap,
    x: float,
    top: float,
    width: float,
    size: float,
    stacked: bool = False,
) -> None:
    """The legend with its top-left corner at (x, top)."""
    line = size * 1.9
    for item, dx, row in _flow(legend_items(journey), width, size, stacked):
        left, mid = x + dx, top - row * line - line / 2
        baseline = mid - size * CENTRED_BASELINE
        label_x = left + _symbol_width(item, size)
        s = size * 1.25
        if item.symbol == "title":
            canvas.setFillColor(colour(palette.INK))
            draw_string(canvas, left, baseline, item.label, size, bold=True)
            continue
        if item.symbol == "kind":
            kind = CardKind(item.value)
            canvas.setFillColor(colour(palette.CARD_COLOURS[kind]))
            canvas.setStrokeColor(colour(palette.CARD_ACCENTS[kind]))
            canvas.setLineWidth(size * 0.08)
            canvas.roundRect(left, mid - s * 0.6, s * 1.1, s * 1.2, s * 0.2, stroke=1, fill=1)
            draw_kind_icon(canvas, kind, left + s * 0.15, mid + s * 0.4, s * 0.8)
        elif item.symbol == "channel":
            pill = size * 0.85
            draw_channel_pill(canvas, Channel(item.value), left, mid - pill * 9 / 14, pill)
        elif item.symbol == "persona":
            canvas.setStrokeColor(colour(item.value))
            canvas.setLineWidth(size * 0.3)
            canvas.line(left, mid, left + s * 1.1, mid)
        elif item.symbol == "star":
            draw_moment_of_truth(canvas, left, mid + s / 2, s)
        elif item.symbol == "pill":  # the badge is its own label, as on the cards
            pill = size * 0.85
            draw_pill(canvas, left, mid - pill * 9 / 14, item.label, item.value, pill)
            continue
        elif item.symbol == "cut":
            canvas.setFillColor(colour(palette.CARD_COLOURS[CardKind.NOTE]))
            canvas.setStrokeColor(colour(palette.GRID))
            canvas.setLineWidth(size * 0.08)
            canvas.rect(left, mid - s * 0.6, s * 1.1, s * 1.2, stroke=1, fill=1)
            canvas.setFillColor(colour(palette.TRUNCATED))
            path = canvas.beginPath()
            path.moveTo(left + s * 1.1, mid - s * 0.6 + s * 0.55)
            path.lineTo(left + s * 1.1, mid - s * 0.6)
            path.lineTo(left + s * 0.55, mid - s * 0.6)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
        elif item.symbol == "level":
            canvas.setFillColor(colour(palette.MUTED))
            draw_string(canvas, left, baseline, item.value, size, bold=True)
        canvas.setFillColor(colour(palette.INK))
        draw_string(canvas, label_x, baseline, item.label, size)
