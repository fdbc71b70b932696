"""The canvas scene: mirrors a journey map as graphics items, following its changes.

The scene subscribes to the map. Changes are noted and the layout is redone
once per turn of the event loop (a zero-time timer), however many primitive
changes a command made; ``flush()`` does a pending relayout at once. Items are
kept in dicts by element id and updated in place. Card items are children of one
``LaneItem`` per lane, placed relative to the lane's top: when a row above grows,
the rows below move as one ``setPos`` each, not one per card. Mouse presses go to the
gesture router (gestures/), which turns drags into commands on release.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QRectF, QTimer, Signal
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent

from app.model.journey import Change, JourneyMap
from app.model.layout import SCALE_WIDTH, CurvePoint, Layout
from app.model.vocab import LaneKind
from app.ui import style
from app.ui.canvas_layout import CanvasLayout
from app.ui.document import Document
from app.ui.items.card_item import CardItem, LaneItem
from app.ui.items.emotion import CurveStyle, EmotionLaneItem, spread_equal
from app.ui.items.grid import GridItem, Row
from app.ui.items.headers import (
    STAGE_FILLS,
    HeaderItem,
    LaneHeaderItem,
    StageHeaderItem,
    StepHeaderItem,
)
from app.ui.items.overlays import DropIndicator
from app.ui.selection import SelectionModel

MARGIN = 40.0
#: Maps with more cards first make the items of the top-left region (what a fresh view shows)
#: and the others over the next turns of the event loop.
PROGRESSIVE_FROM = 1500
FIRST_VIEW = (4000.0, 2500.0)


class MapScene(QGraphicsScene):
    """The items of one map, kept in step with it."""

    #: The layout was redone (items moved, counts may have changed).
    layout_changed = Signal()
    #: Start in-place editing of an element: (kind, id); kinds are card, stage, step, lane, note.
    edit_requested = Signal(str, str)
    #: A short message for the status bar (why a gesture did nothing, for example).
    message = Signal(str)

    def __init__(self, document: Document, selection: SelectionModel) -> None:
        super().__init__()
        self.selection = selection
        self.engine = CanvasLayout()
        self.document = document
        self.layout: Layout = Layout(0.0, 0.0, self.engine.metrics)
        self.cards: dict[str, CardItem] = {}
        #: One item per lane holding its card items (moved as a whole when the lane moves).
        self.lanes: dict[str, LaneItem] = {}
        self.headers: dict[tuple[str, str], HeaderItem] = {}
        self.emotion_items: dict[str, EmotionLaneItem] = {}
        self.highlighted: set[str] = set()
        self.grid = GridItem()
        self.addItem(self.grid)
        self.indicator = DropIndicator()
        self.addItem(self.indicator)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.flush)
        self._pending = False
        self._removed = False
        self._pending_cards: dict[str, None] = {}  # ordered set of card ids
        self._pending_timer = QTimer(self)
        self._pending_timer.setSingleShot(True)
        self._pending_timer.setInterval(0)
        self._pending_timer.timeout.connect(self._make_pending)
        from app.ui.gestures import GestureRouter

        self.router = GestureRouter(self)
        self.selectionChanged.connect(self._on_selection_changed)
        selection.focus_changed.connect(self._show_focus)
        selection.active_persona_changed.connect(self._schedule)
        #: The map this scene draws (a document may switch to its other state: a new
        #: scene follows that one).
        self._journey = document.journey
        self._journey.subscribe(self._on_change)
        self.relayout()

    @property
    def journey(self) -> JourneyMap:
        return self._journey

    def detach(self) -> None:
        """Stop following the map and the window's selection (the scene is being thrown
        away): a signal must never reach a scene whose Qt side is gone."""
        self.journey.unsubscribe(self._on_change)
        self.selection.focus_changed.disconnect(self._show_focus)
        self.selection.active_persona_changed.disconnect(self._schedule)
        # Destroying a scene removes its items, which changes its selection: that signal
        # must not call into a Python side that is already being torn down.
        self.selectionChanged.disconnect(self._on_selection_changed)
        self.blockSignals(True)
        self._timer.stop()
        self._pending_timer.stop()

    # ------------------------------------------------------------------ following the model
    def _on_change(self, change: Change) -> None:
        self.engine.note(self.journey, change)
        if change.action == "removed":
            self._removed = True
        self._schedule()

    def _schedule(self) -> None:
        self._pending = True
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Do a pending relayout now."""
        self._timer.stop()
        if self._pending:
            self.relayout()

    def relayout(self) -> None:
        self._pending = False
        journey = self.journey
        layout = self.layout = self.engine.compute(journey)
        self._sync_headers(layout)
        self._sync_cards(layout)
        self._sync_grid(layout)
        self._sync_emotions(layout)
        self.setSceneRect(
            QRectF(-MARGIN, -MARGIN, layout.width + 2 * MARGIN, layout.height + 2 * MARGIN)
        )
        self.selection.drop_missing(journey)
        self._show_focus()
        self.layout_changed.emit()

    def _sync_lanes(self, layout: Layout) -> None:
        """Make a lane item for each lane and put it at its lane's top."""
        lanes = self.lanes
        for lane_id, rect in layout.lane_rects.items():
            item = lanes.get(lane_id)
            if item is None:
                item = lanes[lane_id] = LaneItem(lane_id)
                self.addItem(item)
            item.place(rect.y)

    def _sync_cards(self, layout: Layout) -> None:
        journey = self.journey
        cards = self.cards
        lanes = self.lanes
        metrics = layout.metrics
        self._sync_lanes(layout)
        progressive = not cards and len(layout.cards) > PROGRESSIVE_FROM
        pending = self._pending_cards
        touched = self.engine.touched  # after a partial relayout, only these can differ
        boxes = (
            layout.cards.items()
            if touched is None or not cards
            else [(i, layout.cards[i]) for i in touched if i in layout.cards]
        )
        for card_id, box in boxes:
            item = cards.get(card_id)
            if item is None:
                rect = box.rect
                if progressive and (rect.x > FIRST_VIEW[0] or rect.y > FIRST_VIEW[1]):
                    pending[card_id] = None  # off screen at first: made on the next turns
                    continue
                if card_id in pending:
                    continue
                card = journey.card(card_id)
                # Made in its lane item, which puts it in the scene.
                cards[card_id] = CardItem(card, box, metrics, lanes[card.lane_id])
            else:
                card = journey.card(card_id)
                lane = lanes[card.lane_id]
                # Unchanged rows keep their box objects: "is" settles most cards at once.
                # Rows that only moved are not touched: their lane item moved them.
                if (
                    item.card is not card
                    or item.lane is not lane
                    or (item.box is not box and item.box != box)
                ):
                    item.follow(card, box, lane)
        if self._removed or len(cards) + len(pending) != len(layout.cards):
            for card_id in [card_id for card_id in cards if card_id not in layout.cards]:
                self.removeItem(cards.pop(card_id))
            self.highlighted &= cards.keys()
        if len(lanes) != len(layout.lane_rects):
            for lane_id in [lane_id for lane_id in lanes if lane_id not in layout.lane_rects]:
                self.removeItem(lanes.pop(lane_id))  # empty: its cards went or moved
        self._removed = False
        if pending and not self._pending_timer.isActive():
            self._pending_timer.start()

    def _make_pending(self, limit: int = 1500) -> None:
        """Make some of the cards left for later (a big map is shown before all exist)."""
        layout = self.layout
        journey = self.journey
        made = 0
        while self._pending_cards and made < limit:
            card_id, _ = self._pending_cards.popitem()
            if card_id in self.cards or card_id not in layout.cards:
                continue
            card = journey.card(card_id)
            # A lane added since the last layout has no item yet: the next relayout
            # (already due) puts the card in it.
            item = self.cards[card_id] = CardItem(
                card, layout.cards[card_id], layout.metrics, self.lanes.get(card.lane_id)
            )
            if card_id in self.highlighted:
                item.set_highlighted(True)
            made += 1
        if self._pending_cards:
            self._pending_timer.start()

    def ensure_all_items(self) -> None:
        """Make every card's item now (before selecting all, searching, rubber-banding)."""
        self.flush()
        while self._pending_cards:
            self._make_pending(len(self._pending_cards))
        self._pending_timer.stop()

    def _sync_headers(self, layout: Layout) -> None:
        journey = self.journey
        wanted: dict[tuple[str, str], tuple[type[HeaderItem], object, str, str]] = {}
        for stage in journey.stages:
            wanted[("stage", stage.id)] = (
                StageHeaderItem,
                layout.stage_rects[stage.id],
                stage.name,
                "",
            )
        for step in journey.steps:
            wanted[("step", step.id)] = (StepHeaderItem, layout.step_rects[step.id], step.name, "")
        for lane in journey.lanes:
            detail = "" if lane.name == lane.kind.label else lane.kind.label
            wanted[("lane", lane.id)] = (
                LaneHeaderItem,
                layout.lane_rects[lane.id],
                lane.name,
                detail,
            )
        for key in [key for key in self.headers if key not in wanted]:
            self.removeItem(self.headers.pop(key))
        # By id: looking each lane or stage up in the map's list made 50,000 lanes quadratic.
        lanes = {lane.id: lane for lane in journey.lanes}
        stage_numbers = {stage.id: number for number, stage in enumerate(journey.stages)}
        for key, (cls, rect, name, detail) in wanted.items():
            item = self.headers.get(key)
            if item is None:
                item = self.headers[key] = cls(key[1], rect, name)  # type: ignore[arg-type]
                self.addItem(item)
            else:
                item.set_rect(rect)  # type: ignore[arg-type]
            item.set_text(name, detail)
            if key[0] == "stage":
                item.set_fill(STAGE_FILLS[stage_numbers[key[1]] % 2])
            elif key[0] == "lane":
                item.set_fill(style.lane_colour(lanes[key[1]]))

    def _sync_grid(self, layout: Layout) -> None:
        journey = self.journey
        rows = [
            Row(
                layout.lane_rects[lane.id].y,
                layout.lane_rects[lane.id].height,
                style.lane_colour(lane),
                lane.kind is LaneKind.EMOTIONS,
            )
            for lane in journey.lanes
        ]
        info = journey.info
        self.grid.set_layout(layout, rows, info.title, info.state.label)

    def _sync_emotions(self, layout: Layout) -> None:
        journey = self.journey
        for lane_id in [
            lane_id for lane_id in self.emotion_items if lane_id not in layout.emotion_scale_y
        ]:
            self.removeItem(self.emotion_items.pop(lane_id))
        active = self.selection.active_persona(journey)
        curves = []
        for persona in journey.personas:
            if not persona.show_curve:
                continue
            notes = frozenset(
                point.step_id
                for point in (journey.emotion(persona.id, step_id) for step_id in layout.step_order)
                if point is not None and point.note
            )
            curves.append(
                CurveStyle(
                    persona.id,
                    style.persona_colour(persona, journey.persona_index(persona.id)),
                    tuple(layout.curves.get(persona.id, ())),
                    notes,
                    persona.id == active,
                    persona.is_primary,
                )
            )
        for lane_id, levels in layout.emotion_scale_y.items():
            item = self.emotion_items.get(lane_id)
            if item is None:
                item = self.emotion_items[lane_id] = EmotionLaneItem(lane_id)
                self.addItem(item)
            item.scale_labels = dict(journey.info.scale.labels)
            lane_rect = layout.lane_rects[lane_id]
            rect = QRectF(
                lane_rect.right - SCALE_WIDTH,
                lane_rect.y,
                layout.width - lane_rect.right + SCALE_WIDTH,
                lane_rect.height,
            )
            # Each emotion lane places the curves on its own scale.
            lane_curves = spread_equal(
                [dataclasses.replace(c, points=_on_scale(c.points, levels)) for c in curves]
            )
            item.set_geometry(rect, levels, lane_curves, [x for _, x in layout.moments_of_truth])

    def say(self, text: str) -> None:
        """Tell the user something in the status bar."""
        self.message.emit(text)

    # ------------------------------------------------------------------ selection and focus
    def _on_selection_changed(self) -> None:
        items = [item for item in self.selectedItems() if isinstance(item, CardItem)]
        order = {lane_id: i for i, lane_id in enumerate(self.layout.lane_order)}
        steps = {step_id: i for i, step_id in enumerate(self.layout.step_order)}
        items.sort(
            key=lambda item: (
                order.get(item.card.lane_id, 0),
                steps.get(item.card.step_id, 0),
                item.y(),
            )
        )
        self.selection.set_cards([item.card_id for item in items])
        if items:
            kind, element_id = self.selection.focus
            if kind != "card" or element_id not in self.selection.card_ids:
                self.selection.set_focus("card", items[-1].card_id)
        elif self.selection.focus[0] == "card":
            self.selection.set_focus("map")

    def _show_focus(self) -> None:
        focus = self.selection.focus
        for key, item in self.headers.items():
            item.set_focused(key == focus)
        for emotion in self.emotion_items.values():
            emotion.set_selected_point(self.selection.point)

    def toggle_expanded(self, card_id: str) -> None:
        """Show a card's whole text, or only its first lines again (a view choice)."""
        self.engine.toggle_expanded(card_id)
        self._schedule()

    def select_cards(self, card_ids: list[str]) -> None:
        """Make exactly ``card_ids`` the selected cards."""
        self.flush()
        if self._pending_cards:
            self.ensure_all_items()
        wanted = set(card_ids)
        for item in self.selectedItems():
            if isinstance(item, CardItem) and item.card_id not in wanted:
                item.setSelected(False)
        for card_id in card_ids:
            item = self.cards.get(card_id)
            if item is not None:
                item.setSelected(True)

    def set_highlighted(self, card_ids: set[str]) -> None:
        """Mark the cards a search found."""
        for card_id in self.highlighted - card_ids:
            if card_id in self.cards:
                self.cards[card_id].set_highlighted(False)
        for card_id in card_ids:
            if card_id in self.cards:
                self.cards[card_id].set_highlighted(True)
        self.highlighted = set(card_ids)

    # ------------------------------------------------------------------ mouse
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.router.press(event):
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.router.move(event):
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.router.release(event):
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.router.double_click(event):
            event.accept()
            return
        super().mouseDoubleClickEvent(event)


def _on_scale(points: tuple[CurvePoint, ...], levels: dict[int, float]) -> tuple[CurvePoint, ...]:
    return tuple(CurvePoint(p.step_id, p.x, levels[p.score], p.score) for p in points)
