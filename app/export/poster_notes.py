"""Emotion point notes on the poster: each note in a small box beside its point.

On screen a note shows when the pointer rests on its point; on paper it has to be
printed. Notes are placed one at a time (the primary persona's first), each at the
spot around its point (right, left, above, below or on a diagonal) that covers the
fewest curve points, stars and curve stretches and no note already placed, inside
the emotion lane. The text is the user's, drawn as plain text by the font helpers
(never as markup), wrapped to a few lines and cut with an ellipsis beyond them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from app.export.fonts import string_width, wrapped
from app.model.layout import LINE_HEIGHT, POINT_RADIUS, Rect, TextStyle, smooth_curve

#: The text role of a note (7 pt, like a card's meta line).
NOTE_STYLE = TextStyle.CARD_META
#: Widest a note's text runs, and most lines it takes, in layout points.
NOTE_WIDTH = 110.0
NOTE_LINES = 3
#: Room between a note's box and its text.
PAD = 2.5
#: Room between a point's centre and its note.
_GAP = POINT_RADIUS + 2.0

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Note:
    """A note to print: its point (layout coordinates), its text and its persona's colour."""

    x: float
    y: float
    text: str
    ink: str


@dataclass(frozen=True, slots=True)
class PlacedNote:
    """Where a note is drawn and the lines it shows."""

    note: Note
    rect: Rect
    lines: tuple[str, ...]

    @property
    def edge(self) -> Point:
        """The point of the box's edge nearest to the note's point."""
        return (
            min(max(self.note.x, self.rect.x), self.rect.right),
            min(max(self.note.y, self.rect.y), self.rect.bottom),
        )

    @property
    def detached(self) -> bool:
        """Whether the box was pushed away from its point (a leader line joins them)."""
        x, y = self.edge
        return math.hypot(x - self.note.x, y - self.note.y) > _GAP + 3


def note_lines(text: str) -> tuple[tuple[str, ...], float, float]:
    """A note's lines and its box's (width, height)."""
    size = NOTE_STYLE.size
    lines = tuple(wrapped(text.strip(), NOTE_WIDTH, size, lines=NOTE_LINES))
    width = max((string_width(line, size) for line in lines), default=0.0)
    return lines, width + 2 * PAD, len(lines) * size * LINE_HEIGHT + 2 * PAD


def curve_samples(curves: Sequence[Sequence[Point]], per_segment: int = 12) -> list[Point]:
    """Points along each drawn curve (the Bézier segments the painters draw)."""
    samples: list[Point] = []
    for points in curves:
        if len(points) == 1:
            samples.append(points[0])
        for p0, c1, c2, p3 in smooth_curve(points):
            for k in range(per_segment):
                t = k / per_segment
                a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
                samples.append(
                    (
                        a * p0[0] + b * c1[0] + c * c2[0] + d * p3[0],
                        a * p0[1] + b * c1[1] + c * c2[1] + d * p3[1],
                    )
                )
        if len(points) > 1:
            samples.append(points[-1])
    return samples


def place_notes(
    notes: Sequence[Note],
    curves: Sequence[Sequence[Point]],
    markers: Sequence[Point],
    area: Rect,
) -> list[PlacedNote]:
    """Boxes for ``notes`` inside ``area``, in the order given (earlier ones choose first).

    ``curves`` are the drawn curves' points, ``markers`` every point and star a
    note should not hide.
    """
    samples = curve_samples(curves)
    placed: list[PlacedNote] = []
    for note in notes:
        lines, width, height = note_lines(note.text)
        if not lines:
            continue
        choices = []
        for rank, (x, y) in enumerate(_candidates(note, width, height)):
            rect = _inside(Rect(x, y, width, height), area)
            cost = _cost(rect, note, samples, markers, placed) + rank * 0.1
            cost += 0.3 * (abs(rect.x - x) + abs(rect.y - y))  # pushed away from its point
            choices.append((cost, rank, rect))
        placed.append(PlacedNote(note, min(choices)[2], lines))
    return placed


def _candidates(note: Note, w: float, h: float) -> list[Point]:
    """Top-left corners of the spots around a point, in order of preference."""
    px, py, g, d = note.x, note.y, _GAP, _GAP * 0.7
    return [
        (px + d, py - d - h),  # right, above
        (px + d, py + d),  # right, below
        (px - d - w, py - d - h),  # left, above
        (px - d - w, py + d),  # left, below
        (px - w / 2, py - g - h),  # above
        (px - w / 2, py + g),  # below
        (px + g, py - h / 2),  # right
        (px - g - w, py - h / 2),  # left
    ]


def _inside(rect: Rect, area: Rect) -> Rect:
    x = min(max(rect.x, area.x + 1), area.right - 1 - rect.width)
    y = min(max(rect.y, area.y + 1), area.bottom - 1 - rect.height)
    return Rect(max(x, area.x + 1), max(y, area.y + 1), rect.width, rect.height)


def _cost(
    rect: Rect,
    note: Note,
    samples: Sequence[Point],
    markers: Sequence[Point],
    placed: Sequence[PlacedNote],
) -> float:
    cost = 0.0
    for other in placed:
        shared = _overlap(rect, other.rect)
        if shared > 0:
            cost += 1000 + 10 * shared
    for x, y in markers:
        if (x, y) == (note.x, note.y):  # its own point: the box may touch it, not cover it
            if _near(rect, x, y, 1 - POINT_RADIUS):
                cost += 200
        elif _near(rect, x, y, POINT_RADIUS + 1):
            cost += 60
    cost += sum(1 for x, y in samples if _near(rect, x, y, 1.5))
    return cost


def _near(rect: Rect, x: float, y: float, reach: float) -> bool:
    return rect.x - reach < x < rect.right + reach and rect.y - reach < y < rect.bottom + reach


def _overlap(a: Rect, b: Rect) -> float:
    w = min(a.right, b.right) - max(a.x, b.x) + 2  # a little room between boxes too
    h = min(a.bottom, b.bottom) - max(a.y, b.y) + 2
    return w * h if w > 0 and h > 0 else 0.0
