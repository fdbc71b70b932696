"""Fast line breaking for the canvas, giving exactly the lines of ``app.model.layout``.

The canvas wraps thousands of cards when a map opens. This is
``app.model.layout.wrap_text`` step for step (same word cache, same float sums,
so the same breaks), minus its per-call setup, plus a shortcut: with an additive
measurer (``QtTextMeasurer``) a paragraph clearly narrower than the line is one
line. The canvas tests hold the results equal to ``compute_layout``'s.
"""

from __future__ import annotations

from app.model.entities import Card
from app.model.layout import Metrics, TextStyle
from app.ui.measurer import UNITS_PER_POINT, QtTextMeasurer

ELLIPSIS = "…"


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
        width_of = self._width
        space = width_of(" ")
        advances = self._measurer.learn(self._style, text)
        # A paragraph that fits whole, with room to spare for rounding, is one line.
        sure_limit = max_width * UNITS_PER_POINT - 1
        lines: list[str] = []
        for paragraph in text.split("\n"):
            if sum(map(advances.__getitem__, paragraph)) <= sure_limit:
                lines.append(paragraph)
                continue
            words: list[str] = []
            width = 0.0
            for word in paragraph.split(" "):
                word_width = width_of(word)
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
                pieces = self._break_word(word, max_width)
                lines.extend(pieces[:-1])
                words, width = [pieces[-1]], width_of(pieces[-1])
            lines.append(" ".join(words))
        return lines

    def _break_word(self, word: str, max_width: float) -> list[str]:
        width_of = self._width
        pieces: list[str] = []
        piece, width = "", 0.0
        for char in word:
            char_width = width_of(char)
            if piece and width + char_width > max_width:
                pieces.append(piece)
                piece, width = "", 0.0
            piece += char
            width += char_width
        pieces.append(piece)
        return pieces

    def clip(
        self, lines: list[str], max_lines: int, max_width: float
    ) -> tuple[tuple[str, ...], bool]:
        """At most ``max_lines`` lines, the last ending in an ellipsis when text was cut."""
        if len(lines) <= max_lines:
            return tuple(lines), False
        kept = lines[:max_lines]
        last = kept[-1].rstrip()
        measure = self._measurer.units
        while last and measure(last + ELLIPSIS, self._style) / UNITS_PER_POINT > max_width:
            last = last[:-1].rstrip()
        kept[-1] = last + ELLIPSIS
        return tuple(kept), True


class CardLines:
    """The title and body lines of cards, as ``app.model.layout.card_text_lines`` gives them."""

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
