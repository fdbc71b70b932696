"""Fast line breaking for the canvas, giving exactly the lines of ``app.model.layout``.

The canvas wraps thousands of cards when a map opens. This runs the shared
``wrap_text`` and ``clip_lines`` with a per-style word cache and a shortcut: with an
additive measurer (``QtTextMeasurer``) a paragraph clearly narrower than the line
is one line. The canvas tests hold the results equal to ``compute_layout``'s.
"""

from __future__ import annotations

from app.model.entities import Card
from app.model.layout import Metrics, TextStyle, clip_lines, wrap_text
from app.ui.measurer import UNITS_PER_POINT, QtTextMeasurer


class LineBreaker:
    """Wraps and clips text of one style into lines no wider than a limit."""

    def __init__(self, measurer: QtTextMeasurer, style: TextStyle) -> None:
        self._measurer = measurer
        self._style = style
        self._words: dict[str, float] = {}

    def _width(self, word: str) -> float:
        """``measurer.width(word)``, cached by word as the shared wrapping caches it."""
        width = self._words.get(word)
        if width is None:
            advances = self._measurer.learn(self._style, word)
            width = self._words[word] = sum(map(advances.__getitem__, word)) / UNITS_PER_POINT
        return width

    def wrap(self, text: str, max_width: float) -> list[str]:
        """The lines of ``wrap_text(text, max_width, measure)``, with the same float sums."""
        advances = self._measurer.learn(self._style, text)
        # A paragraph that fits whole, with room to spare for rounding, is one line.
        sure_limit = max_width * UNITS_PER_POINT - 1

        def fits_whole(paragraph: str) -> bool:
            return sum(map(advances.__getitem__, paragraph)) <= sure_limit

        return wrap_text(text, max_width, self._width, fits_whole)

    def clip(
        self, lines: list[str], max_lines: int, max_width: float
    ) -> tuple[tuple[str, ...], bool]:
        """At most ``max_lines`` lines, the last ending in an ellipsis when text was cut."""
        return clip_lines(lines, max_lines, max_width, self._text_width)

    def _text_width(self, text: str) -> float:
        return self._measurer.units(text, self._style) / UNITS_PER_POINT


class CardLines:
    """The title and body lines of cards, as ``app.model.layout.compute_layout`` breaks them."""

    def __init__(self, measurer: QtTextMeasurer, metrics: Metrics) -> None:
        self._metrics = metrics
        self._title = LineBreaker(measurer, TextStyle.CARD_TITLE)
        self._body = LineBreaker(measurer, TextStyle.CARD_BODY)

    def lines(self, card: Card, width: float) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
        metrics = self._metrics
        inner = width - 2 * metrics.card_padding
        title, cut_title = self._title.clip(
            self._title.wrap(card.title or " ", inner), metrics.max_title_lines, inner
        )
        body: tuple[str, ...] = ()
        cut_body = False
        if card.body:
            body, cut_body = self._body.clip(
                self._body.wrap(card.body, inner), metrics.max_body_lines, inner
            )
        return title, body, cut_title or cut_body
