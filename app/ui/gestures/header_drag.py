"""Dragging headers: move a stage, step or lane to another place, or resize it by its edge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF
from PySide6.QtWidgets import QGraphicsSceneMouseEvent

from app.model.commands import Command, EditLane, EditStep, MoveLane, MoveStage, MoveStep
from app.model.vocab import LaneKind
from app.ui.gestures.base import Gesture
from app.ui.items.headers import HeaderItem

if TYPE_CHECKING:
    from app.ui.scene import MapScene

MIN_STEP_WIDTH = 80.0
#: The least height a lane can be dragged to: room for a card, or for the curve's scale.
MIN_LANE_HEIGHT = 44.0
MIN_LANE_HEIGHTS = {LaneKind.EMOTIONS: 120.0}


def _gap(centres: list[float], value: float) -> int:
    """How many of the sorted ``centres`` lie before ``value``."""
    return sum(1 for centre in centres if centre < value)


def _index_after_removal(gap: int, origin: int) -> int:
    return gap if gap <= origin else gap - 1


class HeaderMove(Gesture):
    """Drag a header along its axis; on release the element moves to the gap under the mouse."""

    def __init__(
        self, scene: MapScene, event: QGraphicsSceneMouseEvent, header: HeaderItem
    ) -> None:
        super().__init__(scene, event)
        self.header = header
        self.origin = QPointF(header.pos())
        scene.clearSelection()
        scene.selection.set_focus(header.kind, header.element_id)

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        if not self._passed_threshold(event):
            return
        delta = event.scenePos() - self.press_pos
        if self.header.kind == "lane":
            self.header.setPos(self.origin.x(), self.origin.y() + delta.y())
        else:
            self.header.setPos(self.origin.x() + delta.x(), self.origin.y())
        self.header.setZValue(30.0)
        _command, line = self._plan(event.scenePos())
        self.scene.indicator.show_at(None, line)

    def _plan(self, pos: QPointF) -> tuple[Command | None, QLineF | None]:
        """The command a release at ``pos`` would push, and the line that shows where."""
        scene = self.scene
        layout = scene.layout
        journey = scene.journey
        element_id = self.header.element_id
        bottom = layout.height
        if self.header.kind == "lane":
            lanes = layout.lane_order
            gap = _gap(
                [layout.lane_rects[i].y + layout.lane_rects[i].height / 2 for i in lanes], pos.y()
            )
            y = layout.lane_rects[lanes[gap]].y if gap < len(lanes) else layout.height
            line = QLineF(0.0, y, layout.width, y)
            index = _index_after_removal(gap, journey.lane_index(element_id))
            if index == journey.lane_index(element_id):
                return None, line
            return MoveLane(journey, element_id, index), line
        if self.header.kind == "stage":
            stages = [stage.id for stage in journey.stages]
            rects = [layout.stage_rects[i] for i in stages]
            gap = _gap([r.x + r.width / 2 for r in rects], pos.x())
            x = rects[gap].x if gap < len(rects) else layout.width
            line = QLineF(x, 0.0, x, bottom)
            origin = journey.stage_index(element_id)
            index = _index_after_removal(gap, origin)
            return (None if index == origin else MoveStage(journey, element_id, index)), line
        # A step: into the stage under the mouse, at the gap between its steps.
        stage_id = self._stage_at(pos.x())
        steps = [step.id for step in journey.steps_of(stage_id)]
        rects = [layout.step_rects[i] for i in steps]
        gap = _gap([r.x + r.width / 2 for r in rects], pos.x())
        stage_rect = layout.stage_rects[stage_id]
        x = rects[gap].x if gap < len(rects) else stage_rect.right
        line = QLineF(x, stage_rect.bottom, x, bottom)
        step = journey.step(element_id)
        if step.stage_id == stage_id:
            origin = journey.step_index(element_id)
            index = _index_after_removal(gap, origin)
            return (
                None if index == origin else MoveStep(journey, element_id, stage_id, index)
            ), line
        return MoveStep(journey, element_id, stage_id, gap), line

    def _stage_at(self, x: float) -> str:
        journey = self.scene.journey
        layout = self.scene.layout
        stages = journey.stages
        for stage in stages:
            if x < layout.stage_rects[stage.id].right:
                return stage.id
        return stages[-1].id

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        self.scene.indicator.hide()
        if not self.dragging:
            return
        command, _line = self._plan(event.scenePos())
        self.cancel()
        if command is not None:
            self.scene.document.push(command)

    def cancel(self) -> None:
        self.scene.indicator.hide()
        self.header.setPos(self.origin)
        self.header.setZValue(self.header.base_z)


class HeaderResize(Gesture):
    """Drag the right edge of a step (or stage) to widen it, the bottom of a lane to heighten it."""

    def __init__(
        self, scene: MapScene, event: QGraphicsSceneMouseEvent, header: HeaderItem
    ) -> None:
        super().__init__(scene, event)
        self.header = header
        scene.selection.set_focus(header.kind, header.element_id)

    def _plan(self, pos: QPointF) -> tuple[Command | None, QLineF]:
        scene = self.scene
        layout = scene.layout
        journey = scene.journey
        if self.header.kind == "lane":
            rect = layout.lane_rects[self.header.element_id]
            kind = journey.lane(self.header.element_id).kind
            least = MIN_LANE_HEIGHTS.get(kind, MIN_LANE_HEIGHT)
            height = float(round(max(least, pos.y() - rect.y)))
            line = QLineF(0.0, rect.y + height, layout.width, rect.y + height)
            if height == journey.lane(self.header.element_id).min_height:
                return None, line
            return EditLane(journey, self.header.element_id, min_height=height), line
        if self.header.kind == "stage":
            step_id = journey.steps_of(self.header.element_id)[-1].id
        else:
            step_id = self.header.element_id
        rect = layout.step_rects[step_id]
        edge = (
            layout.stage_rects[self.header.element_id].right
            if self.header.kind == "stage"
            else rect.right
        )
        width = float(round(max(MIN_STEP_WIDTH, rect.width + pos.x() - edge)))
        line = QLineF(rect.x + width, 0.0, rect.x + width, layout.height)
        if width == rect.width:
            return None, line
        return EditStep(journey, step_id, width=width), line

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.header.kind == "stage" and not self.scene.journey.steps_of(self.header.element_id):
            return
        if self._passed_threshold(event):
            _command, line = self._plan(event.scenePos())
            self.scene.indicator.show_at(None, line)

    def release(self, event: QGraphicsSceneMouseEvent) -> None:
        self.scene.indicator.hide()
        if not self.dragging:
            return
        if self.header.kind == "stage" and not self.scene.journey.steps_of(self.header.element_id):
            return
        command, _line = self._plan(event.scenePos())
        if command is not None:
            self.scene.document.push(command)

    def cancel(self) -> None:
        self.scene.indicator.hide()
