"""Map geometry shared by the canvas and the PDF poster, so the poster looks like the screen.

``compute_layout`` places stage and step headers, lane headers, cells, cards
(with their wrapped text) and emotion curves, given a ``TextMeasurer`` for the
fonts in use. The canvas measures with Qt, the PDF with ReportLab; both measure
the same bundled fonts and use the same wrapping, so lines break alike.
Units are points (1/72 inch): the canvas draws one scene unit per point.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol

from app.model.clusters import clusters
from app.model.entities import Card
from app.model.journey import JourneyMap
from app.model.vocab import CardKind, LaneKind


class TextStyle(Enum):
    """The text roles of a map, with their size in points and weight."""

    CARD_TITLE = (9.5, True)
    CARD_BODY = (8.0, False)
    CARD_META = (7.0, False)
    STAGE = (12.0, True)
    STEP = (9.5, True)
    LANE = (10.0, True)
    SCALE = (7.0, False)

    @property
    def size(self) -> float:
        return float(self.value[0])

    @property
    def bold(self) -> bool:
        return bool(self.value[1])


# How the bundled Noto Sans sits in its lines, the same on screen and on paper, as
# factors of the font size:
#: the height of one line of text;
LINE_HEIGHT = 1.3
#: the drop from the top of a line to its baseline (the font's ascent);
ASCENT = 1.02
#: the drop from the middle of a box to the baseline of one line centred in it (half the
#: height of a capital; upwards on a PDF page, whose y axis points up).
CENTRED_BASELINE = 0.36


class TextMeasurer(Protocol):
    """Measures text in the fonts a renderer draws with."""

    def width(self, text: str, style: TextStyle) -> float: ...

    def line_height(self, style: TextStyle) -> float: ...


class AverageMeasurer:
    """A font-free measurer (average glyph widths) for headless uses that draw nothing."""

    def width(self, text: str, style: TextStyle) -> float:
        wide = sum(1 for char in text if ord(char) >= 0x2E80)  # CJK is about square
        factor = 0.58 if style.bold else 0.53
        return style.size * (factor * (len(text) - wide) + 1.0 * wide)

    def line_height(self, style: TextStyle) -> float:
        return style.size * LINE_HEIGHT


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.right and self.y <= y < self.bottom


#: Room at the right of an emotion lane's header for the scores of its scale, in points.
SCALE_WIDTH = 26.0
#: The radius of a point of an emotion curve, in points.
POINT_RADIUS = 4.5


@dataclass(frozen=True, slots=True)
class Metrics:
    """Fixed sizes of the grid, in points."""

    lane_header_width: float = 150.0
    stage_header_height: float = 30.0
    step_header_height: float = 26.0
    cell_padding: float = 7.0
    card_gap: float = 6.0
    card_padding: float = 5.0
    meta_height: float = 12.0
    max_title_lines: int = 6
    max_body_lines: int = 3
    emotion_padding: float = 18.0
    empty_stage_width: float = 120.0


@dataclass(frozen=True, slots=True)
class CardBox:
    """Where a card is drawn and the lines of text it shows."""

    card_id: str
    rect: Rect
    title_lines: tuple[str, ...]
    body_lines: tuple[str, ...]
    truncated: bool  # True when some of the card's text did not fit


@dataclass(frozen=True, slots=True)
class CurvePoint:
    step_id: str
    x: float
    y: float
    score: int


@dataclass(slots=True)
class Layout:
    """The geometry of a whole map."""

    width: float
    height: float
    metrics: Metrics
    stage_rects: dict[str, Rect] = field(default_factory=dict)
    step_rects: dict[str, Rect] = field(default_factory=dict)  # step headers
    lane_rects: dict[str, Rect] = field(default_factory=dict)  # lane headers
    cells: dict[tuple[str, str], Rect] = field(default_factory=dict)
    cards: dict[str, CardBox] = field(default_factory=dict)
    curves: dict[str, list[CurvePoint]] = field(default_factory=dict)
    emotion_scale_y: dict[str, dict[int, float]] = field(default_factory=dict)  # lane -> score -> y
    moments_of_truth: list[tuple[str, float]] = field(default_factory=list)  # (step id, x)
    step_order: list[str] = field(default_factory=list)
    lane_order: list[str] = field(default_factory=list)

    def cell_at(self, x: float, y: float) -> tuple[str, str] | None:
        """The (lane id, step id) of the cell under a point, or None."""
        lane_id = next(
            (lane for lane in self.lane_order if _in_band(self.lane_rects[lane], y)), None
        )
        step_id = next(
            (step for step in self.step_order if _in_span(self.step_rects[step], x)), None
        )
        if lane_id is None or step_id is None:
            return None
        return lane_id, step_id

    def insert_index(self, journey: JourneyMap, lane_id: str, step_id: str, y: float) -> int:
        """Where a card dropped at height ``y`` goes in a cell: before the first card below y."""
        for index, card in enumerate(journey.cards_in(lane_id, step_id)):
            box = self.cards.get(card.id)
            if box and y < box.rect.y + box.rect.height / 2:
                return index
        return len(journey.cards_in(lane_id, step_id))

    def score_at(self, lane_id: str, y: float) -> int:
        """The emotion score nearest to height ``y`` in an emotion lane."""
        levels = self.emotion_scale_y[lane_id]
        return min(levels, key=lambda score: abs(levels[score] - y))


def _in_band(rect: Rect, y: float) -> bool:
    return rect.y <= y < rect.bottom


def _in_span(rect: Rect, x: float) -> bool:
    return rect.x <= x < rect.right


# ---------------------------------------------------------------------- wrapping
def wrap_text(
    text: str,
    max_width: float,
    measure: Callable[[str], float],
    fits_whole: Callable[[str], bool] | None = None,
) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width``.

    Breaks at spaces; a word wider than a line (long URLs, Chinese or Japanese
    text with no spaces) is broken between characters. Newlines are kept.
    A line's width is the sum of its words' and spaces' widths, so each distinct
    word is measured once (renderers cache by word) and every renderer using this
    function breaks lines at the same places. ``fits_whole`` may say cheaply that a
    paragraph is surely narrower than a line (it then stays one line); it must
    never say so of one the word sums would break.
    """
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if fits_whole is not None and fits_whole(paragraph):
            lines.append(paragraph)
            continue
        words: list[str] = []
        width = 0.0
        for word in paragraph.split(" "):
            word_width = measure(word)
            if words and width + space + word_width <= max_width:
                words.append(word)
                width += space + word_width
                continue
            if not words and word_width <= max_width:
                words, width = [word], word_width
                continue
            if words:
                lines.append(" ".join(words))
            if word_width <= max_width:
                words, width = [word], word_width
                continue
            pieces = _break_word(word, max_width, measure)
            lines.extend(pieces[:-1])
            words, width = [pieces[-1]], measure(pieces[-1])
        lines.append(" ".join(words))
    return lines


def _break_word(word: str, max_width: float, measure: Callable[[str], float]) -> list[str]:
    """Split a word too wide for a line between clusters (at least one per piece).

    Chinese, Japanese and Thai words have no spaces; a break never separates a
    letter from its marks, a conjunct, an emoji sequence or a Thai syllable.
    """
    pieces: list[str] = []
    piece, width = "", 0.0
    for cluster in clusters(word):
        cluster_width = measure(cluster)
        if piece and width + cluster_width > max_width:
            pieces.append(piece)
            piece, width = "", 0.0
        piece += cluster
        width += cluster_width
    pieces.append(piece)
    return pieces


def clip_lines(
    lines: list[str], max_lines: int, max_width: float, measure: Callable[[str], float]
) -> tuple[tuple[str, ...], bool]:
    """At most ``max_lines`` lines; the last shows an ellipsis when text was cut."""
    if len(lines) <= max_lines:
        return tuple(lines), False
    kept = lines[:max_lines]
    last = kept[-1].rstrip()
    while last and measure(last + "…") > max_width:
        last = last[:-1].rstrip()
    kept[-1] = last + "…"
    return tuple(kept), True


class _CachedMeasure:
    """Caches widths per style and text: maps repeat words a lot."""

    def __init__(self, measurer: TextMeasurer) -> None:
        self._measurer = measurer
        self._measures: dict[TextStyle, Callable[[str], float]] = {}

    def for_style(self, style: TextStyle) -> Callable[[str], float]:
        measure = self._measures.get(style)
        if measure is None:
            cache: dict[str, float] = {}
            width_of = self._measurer.width

            def measure(text: str) -> float:
                width = cache.get(text)
                if width is None:
                    width = cache[text] = width_of(text, style)
                return width

            self._measures[style] = measure
        return measure


# ---------------------------------------------------------------------- layout
def _card_lines(
    card: Card, width: float, cached: _CachedMeasure, metrics: Metrics
) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """The title and body lines a card of ``width`` shows, and whether text was cut."""
    inner = width - 2 * metrics.card_padding
    title_measure = cached.for_style(TextStyle.CARD_TITLE)
    title, cut_title = clip_lines(
        wrap_text(card.title or " ", inner, title_measure),
        metrics.max_title_lines,
        inner,
        title_measure,
    )
    body: tuple[str, ...] = ()
    cut_body = False
    if card.body:
        body_measure = cached.for_style(TextStyle.CARD_BODY)
        body, cut_body = clip_lines(
            wrap_text(card.body, inner, body_measure), metrics.max_body_lines, inner, body_measure
        )
    return title, body, cut_title or cut_body


def card_height(
    title_lines: int, body_lines: int, measurer: TextMeasurer, metrics: Metrics
) -> float:
    return (
        2 * metrics.card_padding
        + title_lines * measurer.line_height(TextStyle.CARD_TITLE)
        + body_lines * measurer.line_height(TextStyle.CARD_BODY)
        + metrics.meta_height
    )


#: A card's wrapped title lines, body lines, whether text was cut, and its height.
CardText = tuple[tuple[str, ...], tuple[str, ...], bool, float]


def compute_layout(
    journey: JourneyMap,
    measurer: TextMeasurer,
    metrics: Metrics = Metrics(),
    card_lines: Callable[[Card, float], CardText] | None = None,
) -> Layout:
    """The geometry of every header, cell, card and curve of ``journey``.

    ``card_lines(card, width)`` may be given to reuse wrapped lines between
    layouts (the canvas does); it must return what the default would.
    """
    if card_lines is None:
        cached = _CachedMeasure(measurer)

        def card_lines(card: Card, width: float) -> CardText:
            title, body, cut = _card_lines(card, width, cached, metrics)
            return title, body, cut, card_height(len(title), len(body), measurer, metrics)

    layout = Layout(0.0, 0.0, metrics)
    top = metrics.stage_header_height + metrics.step_header_height

    # Columns: steps left to right, stages spanning their steps.
    x = metrics.lane_header_width
    for stage in journey.stages:
        stage_left = x
        steps = journey.steps_of(stage.id)
        for step in steps:
            layout.step_rects[step.id] = Rect(
                x, metrics.stage_header_height, step.width, metrics.step_header_height
            )
            layout.step_order.append(step.id)
            x += step.width
        if not steps:
            x += metrics.empty_stage_width
        layout.stage_rects[stage.id] = Rect(
            stage_left, 0.0, x - stage_left, metrics.stage_header_height
        )
    grid_right = x

    # Rows: each lane as tall as its tallest cell (at least its minimum height).
    y = top
    for lane in journey.lanes:
        layout.lane_order.append(lane.id)
        tallest = lane.min_height
        placed: list[
            tuple[str, str, float, list[tuple[Card, tuple[str, ...], tuple[str, ...], bool, float]]]
        ] = []
        for step_id in layout.step_order:
            column = layout.step_rects[step_id]
            card_width = column.width - 2 * metrics.cell_padding
            stacked = []
            content = metrics.cell_padding
            for card in journey.cards_in(lane.id, step_id):
                title, body, cut, height = card_lines(card, card_width)
                stacked.append((card, title, body, cut, height))
                content += height + metrics.card_gap
            content += metrics.cell_padding - (metrics.card_gap if stacked else 0)
            tallest = max(tallest, content)
            placed.append((lane.id, step_id, card_width, stacked))
        layout.lane_rects[lane.id] = Rect(0.0, y, metrics.lane_header_width, tallest)
        for lane_id, step_id, card_width, stacked in placed:
            column = layout.step_rects[step_id]
            layout.cells[(lane_id, step_id)] = Rect(column.x, y, column.width, tallest)
            card_y = y + metrics.cell_padding
            for card, title, body, cut, height in stacked:
                layout.cards[card.id] = CardBox(
                    card.id,
                    Rect(column.x + metrics.cell_padding, card_y, card_width, height),
                    title,
                    body,
                    cut,
                )
                card_y += height + metrics.card_gap
        if lane.kind is LaneKind.EMOTIONS:
            _place_emotions(journey, layout, lane.id, y, tallest)
        y += tallest

    layout.width = grid_right
    layout.height = y
    return layout


def _place_emotions(
    journey: JourneyMap, layout: Layout, lane_id: str, top: float, height: float
) -> None:
    scale = journey.info.scale
    pad = layout.metrics.emotion_padding
    span = max(1, scale.maximum - scale.minimum)
    usable = height - 2 * pad
    levels = {
        score: top + pad + (scale.maximum - score) / span * usable
        for score in range(scale.minimum, scale.maximum + 1)
    }
    layout.emotion_scale_y[lane_id] = levels
    for persona in journey.personas:
        points = []
        for step_id in layout.step_order:
            point = journey.emotion(persona.id, step_id)
            if point is not None:
                column = layout.step_rects[step_id]
                points.append(
                    CurvePoint(
                        step_id, column.x + column.width / 2, levels[point.score], point.score
                    )
                )
        layout.curves[persona.id] = points
    if not layout.moments_of_truth:
        for step_id in layout.step_order:
            if any(
                card.moment_of_truth and card.kind is CardKind.TOUCHPOINT
                for lane in journey.lanes
                for card in journey.cards_in(lane.id, step_id)
            ):
                column = layout.step_rects[step_id]
                layout.moments_of_truth.append((step_id, column.x + column.width / 2))


Point = tuple[float, float]


def smooth_curve(points: Sequence[Point]) -> list[tuple[Point, Point, Point, Point]]:
    """Cubic Bezier segments through ``points`` (Catmull-Rom, no overshoot past neighbours).

    Each segment is (start, control 1, control 2, end); canvas and PDF draw the same.
    """
    segments = []
    for i in range(len(points) - 1):
        p0 = points[i - 1] if i > 0 else points[i]
        p1, p2 = points[i], points[i + 1]
        p3 = points[i + 2] if i + 2 < len(points) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        # Keep control points vertically between the two ends: no overshoot past the scale.
        low, high = min(p1[1], p2[1]), max(p1[1], p2[1])
        c1 = (c1[0], min(max(c1[1], low), high))
        c2 = (c2[0], min(max(c2[1], low), high))
        segments.append((p1, c1, c2, p2))
    return segments
