"""The map's geometry for the canvas: ``compute_layout``'s result, kept warm between edits.

``CanvasLayout.compute`` returns the same ``Layout`` as
``app.model.layout.compute_layout(journey, QtTextMeasurer())`` (a test holds
them equal), but remembers each card's wrapped lines, so a relayout after an
edit only re-wraps the cards whose text or column width changed. The grid
arithmetic below follows ``compute_layout`` step for step; keep them in step
(or move this cache into app.model.layout).
"""

from __future__ import annotations

from app.model.entities import Card
from app.model.journey import JourneyMap
from app.model.layout import CardBox, CurvePoint, Layout, Metrics, Rect, card_height
from app.model.vocab import CardKind, LaneKind
from app.ui.measurer import QtTextMeasurer
from app.ui.text_lines import CardLines

DEFAULT_METRICS = Metrics()
_Lines = tuple[tuple[str, ...], tuple[str, ...], bool, float]


class CanvasLayout:
    """Computes layouts of one map, re-wrapping only the cards that changed."""

    def __init__(
        self, measurer: QtTextMeasurer | None = None, metrics: Metrics = DEFAULT_METRICS
    ) -> None:
        self.measurer = measurer or QtTextMeasurer()
        self.metrics = metrics
        self._card_lines = CardLines(self.measurer, metrics)
        self._cache: dict[str, tuple[str, str, float, _Lines]] = {}

    def forget(self) -> None:
        """Drop every remembered card (another map is shown)."""
        self._cache.clear()

    def _lines(self, card: Card, width: float) -> _Lines:
        cached = self._cache.get(card.id)
        if (
            cached is not None
            and cached[0] == card.title
            and cached[1] == card.body
            and cached[2] == width
        ):
            return cached[3]
        title, body, cut = self._card_lines.lines(card, width)
        height = card_height(len(title), len(body), self.measurer, self.metrics)
        result = (title, body, cut, height)
        self._cache[card.id] = (card.title, card.body, width, result)
        return result

    def compute(self, journey: JourneyMap) -> Layout:
        metrics = self.metrics
        layout = Layout(0.0, 0.0, metrics)
        top = metrics.stage_header_height + metrics.step_header_height

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

        padding = metrics.cell_padding
        gap = metrics.card_gap
        columns = [(step_id, layout.step_rects[step_id]) for step_id in layout.step_order]
        boxes = layout.cards
        y = top
        for lane in journey.lanes:
            layout.lane_order.append(lane.id)
            tallest = lane.min_height
            placed = []
            for step_id, column in columns:
                card_width = column.width - 2 * padding
                stacked = []
                content = padding
                for card in journey.cards_in(lane.id, step_id):
                    lines = self._lines(card, card_width)
                    stacked.append((card.id, lines))
                    content += lines[3] + gap
                content += padding - (gap if stacked else 0)
                if content > tallest:
                    tallest = content
                placed.append((step_id, column, card_width, stacked))
            layout.lane_rects[lane.id] = Rect(0.0, y, metrics.lane_header_width, tallest)
            for step_id, column, card_width, stacked in placed:
                layout.cells[(lane.id, step_id)] = Rect(column.x, y, column.width, tallest)
                card_y = y + padding
                left = column.x + padding
                for card_id, (title, body, cut, height) in stacked:
                    boxes[card_id] = CardBox(
                        card_id, Rect(left, card_y, card_width, height), title, body, cut
                    )
                    card_y += height + gap
            if lane.kind is LaneKind.EMOTIONS:
                _place_emotions(journey, layout, lane.id, y, tallest)
            y += tallest

        layout.width = grid_right
        layout.height = y
        return layout


def _place_emotions(
    journey: JourneyMap, layout: Layout, lane_id: str, top: float, height: float
) -> None:
    """As ``app.model.layout._place_emotions``: the scale, the curves, the moments of truth."""
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
        lanes = journey.lanes
        for step_id in layout.step_order:
            if any(
                card.moment_of_truth and card.kind is CardKind.TOUCHPOINT
                for lane in lanes
                for card in journey.cards_in(lane.id, step_id)
            ):
                column = layout.step_rects[step_id]
                layout.moments_of_truth.append((step_id, column.x + column.width / 2))
