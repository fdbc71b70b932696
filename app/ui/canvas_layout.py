"""The map's geometry for the canvas: ``compute_layout``'s result, kept warm between edits.

``CanvasLayout.compute`` is ``app.model.layout.compute_layout`` with the Qt
measurer, given a ``card_lines`` that remembers each card's wrapped lines, so a
relayout after an edit only re-wraps the cards whose text or column width changed.
"""

from __future__ import annotations

from app.model.entities import Card
from app.model.journey import JourneyMap
from app.model.layout import CardText, Layout, Metrics, card_height, compute_layout
from app.ui.measurer import QtTextMeasurer
from app.ui.text_lines import CardLines

DEFAULT_METRICS = Metrics()
_Lines = CardText


class CanvasLayout:
    """Computes layouts of one map, re-wrapping only the cards that changed."""

    def __init__(
        self, measurer: QtTextMeasurer | None = None, metrics: Metrics = DEFAULT_METRICS
    ) -> None:
        self.measurer = measurer or QtTextMeasurer()
        self.metrics = metrics
        self._card_lines = CardLines(self.measurer, metrics)
        self._cache: dict[str, tuple[str, str, float, _Lines]] = {}

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
        return compute_layout(journey, self.measurer, self.metrics, card_lines=self._lines)
