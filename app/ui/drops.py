"""Dropping palette entries on the canvas: a card in a cell, a stage, step, lane or persona.

A palette entry travels as ``PALETTE_MIME`` with a short text payload:
``card:<kind>``, ``stage``, ``step``, ``lane:<kind>`` or ``persona``. While the
drag hovers, the indicator shows where the drop will land; the drop is one command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF

from app.model.commands import AddLane, AddPersona, AddStage, AddStep, Command
from app.model.entities import Persona, Stage, Step
from app.model.templates import new_lane
from app.model.vocab import NEW_STAGE_NAME, NEW_STEP_NAME, CardKind, LaneKind
from app.ui import card_ops, style

if TYPE_CHECKING:
    from app.ui.scene import MapScene

PALETTE_MIME = "application/x-cjm-studio-palette"


def _gap(centres: list[float], value: float) -> int:
    return sum(1 for centre in centres if centre < value)


class PaletteDrop:
    """One palette entry being dragged over the canvas."""

    def __init__(self, scene: MapScene, payload: str) -> None:
        self.scene = scene
        self.payload = payload
        self.kind, _, self.detail = payload.partition(":")

    def hover(self, pos: QPointF) -> bool:
        """Show where a drop at ``pos`` lands; False if it cannot land there."""
        plan = self._plan(pos)
        if plan is None:
            self.scene.indicator.hide()
            return False
        _command, area, line = plan
        self.scene.indicator.show_at(area, line)
        return True

    def cancel(self) -> None:
        self.scene.indicator.hide()

    def drop(self, pos: QPointF) -> bool:
        self.scene.indicator.hide()
        plan = self._plan(pos)
        if plan is None:
            self._say_why(pos)
            return False
        command = plan[0]
        document = self.scene.document
        if self.kind == "card":
            return self._drop_card(pos)
        document.push(command)
        self.scene.flush()
        if isinstance(command, AddPersona):
            self.scene.selection.set_active_persona(command.persona.id)
            self.scene.selection.set_focus("persona", command.persona.id)
        elif isinstance(command, AddStage):
            self.scene.selection.set_focus("stage", command.stage.id)
            self.scene.edit_requested.emit("stage", command.stage.id)
        elif isinstance(command, AddStep):
            self.scene.selection.set_focus("step", command.step.id)
            self.scene.edit_requested.emit("step", command.step.id)
        elif isinstance(command, AddLane):
            self.scene.selection.set_focus("lane", command.lane.id)
            self.scene.edit_requested.emit("lane", command.lane.id)
        return True

    def _drop_card(self, pos: QPointF) -> bool:
        scene = self.scene
        target = self._card_target(pos)
        if target is None:
            return False
        lane_id, step_id, gap = target
        card = card_ops.new_card(scene.journey, lane_id, step_id, CardKind(self.detail))
        card_ops.add_card(scene.document, card, gap)
        scene.flush()
        scene.select_cards([card.id])
        scene.edit_requested.emit("card", card.id)
        return True

    def _say_why(self, pos: QPointF) -> None:
        """A refused drop is said in the status bar, never just ignored."""
        scene = self.scene
        if self.kind != "card":
            return
        cell = scene.layout.cell_at(pos.x(), pos.y())
        if cell is not None and not card_ops.accepts_cards(scene.journey, cell[0]):
            scene.say(
                "Cards cannot go in the emotion lane: it holds the personas' curves. "
                "Drop the card on another lane."
            )
        elif cell is None:
            scene.say("Drop a card on a cell of the grid (a lane under a step).")

    def _card_target(self, pos: QPointF) -> tuple[str, str, int] | None:
        scene = self.scene
        cell = scene.layout.cell_at(pos.x(), pos.y())
        if cell is None or not card_ops.accepts_cards(scene.journey, cell[0]):
            return None
        return (
            cell[0],
            cell[1],
            card_ops.gap_at(scene.layout, scene.journey, cell[0], cell[1], pos.y()),
        )

    def _plan(self, pos: QPointF) -> tuple[Command | None, QRectF | None, QLineF | None] | None:
        scene = self.scene
        layout = scene.layout
        journey = scene.journey
        if self.kind == "card":
            target = self._card_target(pos)
            if target is None:
                return None
            lane_id, step_id, gap = target
            cell = layout.cells[(lane_id, step_id)]
            y = card_ops.gap_line_y(layout, journey, lane_id, step_id, gap)
            pad = layout.metrics.cell_padding
            return (
                None,
                QRectF(cell.x, cell.y, cell.width, cell.height),
                QLineF(cell.x + pad, y, cell.right - pad, y),
            )
        if self.kind == "stage":
            rects = [layout.stage_rects[stage.id] for stage in journey.stages]
            gap = _gap([r.x + r.width / 2 for r in rects], pos.x())
            x = rects[gap].x if gap < len(rects) else layout.width
            stage = Stage(NEW_STAGE_NAME)
            add_stage = AddStage(journey, stage, gap, [Step(NEW_STEP_NAME, stage.id)])
            return add_stage, None, QLineF(x, 0.0, x, layout.height)
        if self.kind == "step":
            stages = journey.stages
            if not stages:
                return None
            stage_id = next(
                (s.id for s in stages if pos.x() < layout.stage_rects[s.id].right), stages[-1].id
            )
            rects = [layout.step_rects[step.id] for step in journey.steps_of(stage_id)]
            gap = _gap([r.x + r.width / 2 for r in rects], pos.x())
            x = rects[gap].x if gap < len(rects) else layout.stage_rects[stage_id].right
            add_step = AddStep(journey, Step(NEW_STEP_NAME, stage_id), gap)
            return add_step, None, QLineF(x, layout.metrics.stage_header_height, x, layout.height)
        if self.kind == "lane":
            kind = LaneKind(self.detail)
            rects = [layout.lane_rects[lane_id] for lane_id in layout.lane_order]
            gap = _gap([r.y + r.height / 2 for r in rects], pos.y())
            y = rects[gap].y if gap < len(rects) else layout.height
            lane = new_lane(kind)
            return AddLane(journey, lane, gap), None, QLineF(0.0, y, layout.width, y)
        if self.kind == "persona":
            colour = style.next_persona_colour({persona.colour for persona in journey.personas})
            persona = Persona(
                f"Persona {len(journey.personas) + 1}",
                colour=colour,
                is_primary=not journey.personas,
            )
            area = QRectF(0.0, 0.0, layout.width, layout.height)
            return AddPersona(journey, persona), area, None
        return None
