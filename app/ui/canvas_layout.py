"""The map's geometry for the canvas: ``compute_layout``'s result, kept warm between edits.

``CanvasLayout.compute`` is ``app.model.layout.compute_layout`` with the Qt
measurer, given a ``card_lines`` that remembers each card's wrapped lines, so a
relayout after an edit only re-wraps the cards whose text or column width changed.
Cards the user expanded (``expanded``) show all their lines instead of the first few.

After a change to cards only (a drop, an edit), ``compute`` redoes only the rows of the
lanes whose cards changed (``note`` is told of every change) and moves the rows below
when a height changed; everything else is the previous layout's. The result is the
same as a full ``compute_layout`` (a test holds them equal); a drop on 20,000 cards
relayouts in a few milliseconds instead of a quarter of a second. The rows that only
moved are not in ``touched``: the canvas moves each as one lane item.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, replace

from app.model.entities import Card
from app.model.journey import Change, JourneyMap
from app.model.layout import (
    CardBox,
    CardText,
    CurvePoint,
    Layout,
    Metrics,
    Rect,
    card_height,
    compute_layout,
)
from app.model.vocab import LaneKind
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
        self._all_lines = CardLines(
            self.measurer, replace(metrics, max_title_lines=10_000, max_body_lines=10_000)
        )
        self._cache: dict[str, tuple[str, str, float, _Lines]] = {}
        #: Ids of the cards shown whole (a canvas choice, not part of the map).
        self.expanded: set[str] = set()
        self._last: Layout | None = None
        #: Lanes whose cards changed since the last layout; None: redo everything.
        self._dirty: set[str] | None = None
        #: Of the last layout: each lane's cards, each card's lane, and the cards that are
        #: moments of truth (they draw markers across the map: a change to one redoes all).
        self._lane_cards: dict[str, list[str]] | None = None
        self._lane_of: dict[str, str] = {}
        self._moments: set[str] = set()
        self._indexing = False
        self._previous: dict[str, CardBox] = {}
        #: The cards whose box or value the last ``compute`` may have changed; None: any card.
        #: The cards of a row that only moved (``_shift``) are not in it: their boxes moved
        #: by the same distance as their lane, whose item moves them on the canvas.
        self.touched: set[str] | None = None
        #: Cards named by changes since the last layout: their value may differ (a new kind,
        #: colour or severity) even when their box stays the same.
        self._noted: set[str] = set()

    def toggle_expanded(self, card_id: str) -> None:
        self.expanded ^= {card_id}
        self._cache.pop(card_id, None)
        self._dirty = None

    def note(self, journey: JourneyMap, change: Change) -> None:
        """A change to the map: remember which lanes it touched (or that all must be redone)."""
        if self._dirty is None:
            return
        if change.element != "card" or self._last is None:
            self._dirty = None
            return
        self._noted.add(change.id)
        old = self._lane_of.get(change.id)
        card = journey.card(change.id) if journey.has_card(change.id) else None
        if (
            (card is None and old is None)
            or change.id in self._moments
            or (card is not None and card.moment_of_truth)
        ):
            self._dirty = None
            return
        if old is not None:
            self._dirty.add(old)
        if card is not None:
            self._dirty.add(card.lane_id)

    def _lines(self, card: Card, width: float) -> _Lines:
        if self._indexing:
            assert self._lane_cards is not None
            self._lane_cards[card.lane_id].append(card.id)
            self._lane_of[card.id] = card.lane_id
            if card.moment_of_truth:
                self._moments.add(card.id)
        cached = self._cache.get(card.id)
        if (
            cached is not None
            and cached[0] == card.title
            and cached[1] == card.body
            and cached[2] == width
        ):
            return cached[3]
        breaker = self._all_lines if card.id in self.expanded else self._card_lines
        title, body, cut = breaker.lines(card, width)
        height = card_height(len(title), len(body), self.measurer, self.metrics)
        result = (title, body, cut, height)
        self._cache[card.id] = (card.title, card.body, width, result)
        return result

    def compute(self, journey: JourneyMap) -> Layout:
        dirty, self._dirty = self._dirty, set()
        noted, self._noted = self._noted, set()
        if dirty is None or self._last is None or self._lane_cards is None:
            # The full layout asks for every card's lines in reading order: ``_lines``
            # notes each card's lane meanwhile (a few ms at 20,000 cards).
            self._lane_cards = {lane.id: [] for lane in journey.lanes}
            self._lane_of, self._moments = {}, set()
            self._indexing = True
            try:
                layout = compute_layout(
                    journey, self.measurer, self.metrics, card_lines=self._lines
                )
            finally:
                self._indexing = False
            self.touched = None
        else:
            self.touched = noted  # their items must follow their new values
            with _collector_paused():
                layout = self._recompute_lanes(journey, self._last, dirty)
        self._last = layout
        return layout

    def _recompute_lanes(self, journey: JourneyMap, prev: Layout, dirty: set[str]) -> Layout:
        """``prev`` with the rows of ``dirty`` lanes redone and the rows below moved."""
        assert self._lane_cards is not None
        metrics = self.metrics
        layout = Layout(prev.width, 0.0, metrics)
        layout.stage_rects, layout.step_rects = prev.stage_rects, prev.step_rects
        layout.step_order, layout.lane_order = prev.step_order, prev.lane_order
        layout.moments_of_truth = prev.moments_of_truth
        layout.curves = prev.curves
        layout.emotion_scale_y = dict(prev.emotion_scale_y)
        self._previous = prev.cards
        cards = layout.cards = prev.cards.copy()  # a C-speed copy; boxes are shared
        layout.cells = prev.cells.copy()
        y = metrics.stage_header_height + metrics.step_header_height
        last_emotions: tuple[str, float, float] | None = None
        emotions_moved = False
        for lane_id in prev.lane_order:
            old = prev.lane_rects[lane_id]
            lane = journey.lane(lane_id)
            if lane_id in dirty:
                for card_id in self._lane_cards[lane_id]:
                    del cards[card_id]
                height = self._row(journey, layout, lane_id, lane.min_height, y)
            else:
                height = old.height
                if y != old.y:
                    self._shift(layout, lane_id, y, height)
            layout.lane_rects[lane_id] = Rect(0.0, y, metrics.lane_header_width, height)
            if lane.kind is LaneKind.EMOTIONS:
                last_emotions = (lane_id, y, height)
                if lane_id in dirty or y != old.y or height != old.height:
                    emotions_moved = True
                    layout.emotion_scale_y[lane_id] = _levels(journey, metrics, y, height)
            y += height
        layout.height = y
        if emotions_moved and last_emotions is not None:
            layout.curves = _curves(journey, layout, layout.emotion_scale_y[last_emotions[0]])
        return layout

    def _row(
        self, journey: JourneyMap, layout: Layout, lane_id: str, least: float, y: float
    ) -> float:
        """Lay out one lane's row at ``y`` as ``compute_layout`` does; its height."""
        assert self._lane_cards is not None
        metrics = self.metrics
        tallest = least
        placed = []
        for step_id in layout.step_order:
            column = layout.step_rects[step_id]
            card_width = column.width - 2 * metrics.cell_padding
            stacked = []
            content = metrics.cell_padding
            for card in journey.cards_in(lane_id, step_id):
                title, body, cut, height = self._lines(card, card_width)
                stacked.append((card.id, title, body, cut, height))
                content += height + metrics.card_gap
            content += metrics.cell_padding - (metrics.card_gap if stacked else 0)
            tallest = max(tallest, content)
            placed.append((step_id, column, card_width, stacked))
        ids: list[str] = []
        changed: list[str] = []
        previous = self._previous
        for step_id, column, card_width, stacked in placed:
            layout.cells[(lane_id, step_id)] = Rect(column.x, y, column.width, tallest)
            card_y = y + metrics.cell_padding
            x = column.x + metrics.cell_padding
            for card_id, title, body, cut, height in stacked:
                before = previous.get(card_id)
                if (  # the same place and lines: keep the box (the scene skips it)
                    before is not None
                    and before.rect.y == card_y
                    and before.rect.x == x
                    and before.rect.height == height
                    and before.rect.width == card_width
                    and before.title_lines is title
                    and before.body_lines is body
                ):
                    layout.cards[card_id] = before
                else:
                    rect = Rect(x, card_y, card_width, height)
                    layout.cards[card_id] = CardBox(card_id, rect, title, body, cut)
                    changed.append(card_id)
                card_y += height + metrics.card_gap
                ids.append(card_id)
        for card_id in self._lane_cards[lane_id]:
            self._lane_of.pop(card_id, None)
        self._lane_cards[lane_id] = ids
        if self.touched is not None:
            self.touched.update(changed)
        for card_id in ids:
            self._lane_of[card_id] = lane_id
        return tallest

    def _shift(self, layout: Layout, lane_id: str, y: float, height: float) -> None:
        """Place a row that did not change at ``y`` (its cards keep their lines)."""
        assert self._lane_cards is not None
        for step_id in layout.step_order:
            cell = layout.cells[(lane_id, step_id)]
            layout.cells[(lane_id, step_id)] = Rect(cell.x, y, cell.width, height)
        cards = layout.cards
        pad, gap = self.metrics.cell_padding, self.metrics.card_gap
        column = None
        card_y = y
        # The boxes are built without the frozen dataclasses' __init__ (which sets each
        # field through object.__setattr__): the same values at less than half the cost,
        # which matters here, where a drop can move the boxes of 18,000 cards.
        new = object.__new__
        set_x, set_y, set_width, set_height = _RECT_SLOTS
        set_id, set_rect, set_title, set_body, set_cut = _BOX_SLOTS
        for card_id in self._lane_cards[lane_id]:  # cell by cell, top to bottom
            box = cards[card_id]
            r = box.rect
            if r.x != column:  # the next cell: the same sums as compute_layout's
                column, card_y = r.x, y + pad
            rect = new(Rect)
            set_x(rect, column)
            set_y(rect, card_y)
            set_width(rect, r.width)
            set_height(rect, r.height)
            moved = new(CardBox)
            set_id(moved, card_id)
            set_rect(moved, rect)
            set_title(moved, box.title_lines)
            set_body(moved, box.body_lines)
            set_cut(moved, box.truncated)
            cards[card_id] = moved
            card_y += r.height + gap


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep the cycle collector off the boxes being made (they hold no cycles).

    Moving the rows below a lane that grew makes two objects per card moved (36,000 at
    20,000 cards): left to the collector they were walked by young collections and,
    promoted, brought on a full collection (60-70 ms on such a map) every few drops.
    As the store's reader does, the collector is paused meanwhile and they then join
    the oldest generation (freeze, unfreeze), which does not count towards the next
    full collection. Not while an export keeps objects frozen: unfreezing would let
    the collector walk them again during the export.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if collecting:
            gc.enable()


#: The slot setters of Rect and CardBox, in field order (see ``_shift``).
_RECT_SLOTS = tuple(getattr(Rect, f.name).__set__ for f in fields(Rect))
_BOX_SLOTS = tuple(getattr(CardBox, f.name).__set__ for f in fields(CardBox))


def _levels(journey: JourneyMap, metrics: Metrics, top: float, height: float) -> dict[int, float]:
    """The y of each score of an emotion lane, as ``compute_layout`` places them."""
    scale = journey.info.scale
    pad = metrics.emotion_padding
    span = max(1, scale.maximum - scale.minimum)
    usable = height - 2 * pad
    return {
        score: top + pad + (scale.maximum - score) / span * usable
        for score in range(scale.minimum, scale.maximum + 1)
    }


def _curves(
    journey: JourneyMap, layout: Layout, levels: dict[int, float]
) -> dict[str, list[CurvePoint]]:
    curves = {}
    for persona in journey.personas:
        points = []
        for step_id in layout.step_order:
            point = journey.emotion(persona.id, step_id)
            if point is not None:
                column = layout.step_rects[step_id]
                x = column.x + column.width / 2
                points.append(CurvePoint(step_id, x, levels[point.score], point.score))
        curves[persona.id] = points
    return curves
