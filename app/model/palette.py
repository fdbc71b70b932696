"""The colours and little icons of a journey map, shared by the canvas and every export.

Pure data: hex colours ('#rrggbb') and icon shapes made of simple primitives in
a unit box (x to the right, y downwards, 0..1), which a Qt painter path and a
ReportLab canvas path can both draw. Keeping them here makes the poster, the
workbook and the screen agree on what a pain point or the web channel looks like.
"""

from __future__ import annotations

import colorsys
import functools
import math
from dataclasses import dataclass
from typing import Literal

from app.model.codec import is_colour
from app.model.entities import Card, Lane
from app.model.vocab import DEFAULT_PERSONA_COLOUR, CardKind, Channel, LaneKind, Priority

# ---------------------------------------------------------------------- colours
INK = "#1f2933"  # text on light fills
MUTED = "#5f6b7a"  # secondary text: meta lines, scale labels
PAPER = "#ffffff"
HEADER = "#2f3b4c"  # corner and title-block rule
STAGE = "#44546a"  # stage header fill (white text)
STEP = "#d6dce4"  # step header fill
GRID = "#b7bec8"  # cell borders
ZERO_LINE = "#7b8794"  # the neutral line of an emotion lane
SCALE_LINE = "#dde1e6"  # the other score lines
MOMENT_OF_TRUTH = "#e0a800"
TRUNCATED = "#b03a2e"  # the mark on a card whose text was cut

#: Lane fills for lanes without a colour of their own.
LANE_COLOURS: dict[LaneKind, str] = {
    LaneKind.ACTIONS: "#dbe9f6",
    LaneKind.TOUCHPOINTS: "#e3f1e0",
    LaneKind.THOUGHTS: "#fdf1d6",
    LaneKind.EMOTIONS: "#f4f4f6",
    LaneKind.PAIN_POINTS: "#fbe0dd",
    LaneKind.OPPORTUNITIES: "#dff5ea",
    LaneKind.FRONTSTAGE: "#ece4f6",
    LaneKind.BACKSTAGE: "#e7e9ec",
    LaneKind.KPIS: "#dcf1f6",
    LaneKind.NOTES: "#fff7c2",
}

#: Card fills by kind.
CARD_COLOURS: dict[CardKind, str] = {
    CardKind.TOUCHPOINT: "#cfe8c9",
    CardKind.ACTION: "#c6dcf2",
    CardKind.THOUGHT: "#fbe3a8",
    CardKind.PAIN_POINT: "#f6c1bb",
    CardKind.OPPORTUNITY: "#bfe9d3",
    CardKind.PROCESS: "#dccdf0",
    CardKind.KPI: "#bfe3ee",
    CardKind.NOTE: "#fff0a0",
}

#: A darker tone per kind: the card's edge strip and its kind icon.
CARD_ACCENTS: dict[CardKind, str] = {
    CardKind.TOUCHPOINT: "#3b8a3e",
    CardKind.ACTION: "#2f6db0",
    CardKind.THOUGHT: "#b7791f",
    CardKind.PAIN_POINT: "#c0392b",
    CardKind.OPPORTUNITY: "#1e8c5a",
    CardKind.PROCESS: "#6c4fa3",
    CardKind.KPI: "#1b7f99",
    CardKind.NOTE: "#9a8a12",
}

#: Channel badge colours.
CHANNEL_COLOURS: dict[Channel, str] = {
    Channel.WEB: "#2f6db0",
    Channel.MOBILE_APP: "#6c4fa3",
    Channel.EMAIL: "#b7791f",
    Channel.PHONE: "#1e8c5a",
    Channel.STORE: "#8e5b3a",
    Channel.SOCIAL: "#c2185b",
    Channel.CHAT: "#1b7f99",
    Channel.ADS: "#d35400",
    Channel.WORD_OF_MOUTH: "#546e7a",
    Channel.OTHER: "#7b8794",
}

#: The one or two letters written in a channel's badge.
CHANNEL_GLYPHS: dict[Channel, str] = {
    Channel.WEB: "W",
    Channel.MOBILE_APP: "M",
    Channel.EMAIL: "@",
    Channel.PHONE: "T",
    Channel.STORE: "S",
    Channel.SOCIAL: "So",
    Channel.CHAT: "C",
    Channel.ADS: "Ad",
    Channel.WORD_OF_MOUTH: "WM",
    Channel.OTHER: "?",
}

#: Severity badges of pain points, from the low-priority grey to the high-priority red.
SEVERITY_COLOURS: dict[int, str] = {
    5: "#a93226",
    4: "#c0392b",
    3: "#d68910",
    2: "#b9770e",
    1: "#7b8794",
}

PRIORITY_COLOURS: dict[Priority, str] = {
    Priority.HIGH: "#c0392b",
    Priority.MEDIUM: "#d68910",
    Priority.LOW: "#7b8794",
}

#: Curve colours offered to new personas, in order.
PERSONA_COLOURS: tuple[str, ...] = (
    DEFAULT_PERSONA_COLOUR,
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
)


def lane_colour(lane: Lane) -> str:
    """The fill of a lane: its own colour if valid, else the default of its kind."""
    return lane.colour if lane.colour and is_colour(lane.colour) else LANE_COLOURS[lane.kind]


def card_colour(card: Card) -> str:
    """The fill of a card: its own colour if valid, else the colour of its kind."""
    return card.colour if card.colour and is_colour(card.colour) else CARD_COLOURS[card.kind]


def persona_colour(colour: str, index: int) -> str:
    """A persona's curve colour, or the palette's colour for its position if invalid."""
    return colour if colour and is_colour(colour) else PERSONA_COLOURS[index % len(PERSONA_COLOURS)]


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02x}" for v in (red, green, blue))


@functools.cache
def ink_on(colour: str) -> str:
    """Dark or white text, whichever reads better on ``colour``."""
    red, green, blue = _rgb(colour)
    return INK if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else PAPER


@functools.cache
def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: 0 keeps it, 1 is white."""
    return _hex(*(v + (255 - v) * amount for v in _rgb(colour)))


@functools.cache
def darker(colour: str, factor: int) -> str:
    """``colour`` with its HSV value divided by ``factor``/100 (Qt's ``QColor.darker``)."""
    hue, saturation, value = colorsys.rgb_to_hsv(*(v / 255 for v in _rgb(colour)))
    red, green, blue = colorsys.hsv_to_rgb(hue, saturation, value * 100 / factor)
    return _hex(red * 255, green * 255, blue * 255)


# ---------------------------------------------------------------------- icons
@dataclass(frozen=True, slots=True)
class Primitive:
    """One part of an icon in a unit box (y downwards).

    ``polygon``: closed through ``points``; ``polyline``: open through ``points``
    (always stroked); ``circle``: centre ``points[0]`` and ``radius``.
    """

    shape: Literal["polygon", "polyline", "circle"]
    points: tuple[tuple[float, float], ...]
    radius: float = 0.0
    filled: bool = True


Icon = tuple[Primitive, ...]


def _star(cx: float, cy: float, outer: float, inner: float) -> tuple[tuple[float, float], ...]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return tuple(points)


#: A small icon per card kind, drawn in the kind's accent colour.
KIND_ICONS: dict[CardKind, Icon] = {
    CardKind.TOUCHPOINT: (
        Primitive("circle", ((0.5, 0.5),), 0.42, filled=False),
        Primitive("circle", ((0.5, 0.5),), 0.18),
    ),
    CardKind.ACTION: (
        Primitive(
            "polygon",
            (
                (0.05, 0.35),
                (0.55, 0.35),
                (0.55, 0.1),
                (0.95, 0.5),
                (0.55, 0.9),
                (0.55, 0.65),
                (0.05, 0.65),
            ),
        ),
    ),
    CardKind.THOUGHT: (
        Primitive("circle", ((0.38, 0.42),), 0.26),
        Primitive("circle", ((0.62, 0.38),), 0.24),
        Primitive("circle", ((0.5, 0.55),), 0.22),
        Primitive("circle", ((0.18, 0.85),), 0.09),
    ),
    CardKind.PAIN_POINT: (Primitive("polygon", ((0.5, 0.05), (0.97, 0.92), (0.03, 0.92))),),
    CardKind.OPPORTUNITY: (
        Primitive(
            "polygon",
            (
                (0.5, 0.04),
                (0.93, 0.5),
                (0.66, 0.5),
                (0.66, 0.96),
                (0.34, 0.96),
                (0.34, 0.5),
                (0.07, 0.5),
            ),
        ),
    ),
    CardKind.PROCESS: (
        Primitive(
            "polygon",
            ((0.28, 0.08), (0.72, 0.08), (0.95, 0.5), (0.72, 0.92), (0.28, 0.92), (0.05, 0.5)),
        ),
    ),
    CardKind.KPI: (
        Primitive("polygon", ((0.05, 0.6), (0.3, 0.6), (0.3, 0.95), (0.05, 0.95))),
        Primitive("polygon", ((0.375, 0.35), (0.625, 0.35), (0.625, 0.95), (0.375, 0.95))),
        Primitive("polygon", ((0.7, 0.05), (0.95, 0.05), (0.95, 0.95), (0.7, 0.95))),
    ),
    CardKind.NOTE: (
        Primitive("polygon", ((0.1, 0.05), (0.65, 0.05), (0.9, 0.3), (0.9, 0.95), (0.1, 0.95))),
    ),
}

#: The star marking a moment of truth.
MOMENT_OF_TRUTH_ICON: Icon = (Primitive("polygon", _star(0.5, 0.53, 0.5, 0.2)),)
