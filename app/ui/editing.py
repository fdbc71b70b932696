"""Edit-menu operations on the canvas selection: delete, cut, copy, paste, duplicate, add.

Each is one undo step. They act on the focused element: the selected cards,
or the stage, step, lane or persona shown in the properties panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from app.model.commands import (
    AddLane,
    AddStage,
    AddStep,
    RemoveEmotion,
    RemoveLane,
    RemovePersona,
    RemoveStage,
    RemoveStep,
)
from app.model.entities import Card, Stage, Step
from app.model.templates import new_lane
from app.model.vocab import NEW_STAGE_NAME, NEW_STEP_NAME, LaneKind
from app.ui import asks, card_ops, clipboard

if TYPE_CHECKING:
    from app.ui.scene import MapScene
    from app.ui.view import MapView


class Editing:
    """The edit operations of one window's canvas."""

    def __init__(self, view: MapView) -> None:
        self.view = view

    @property
    def scene(self) -> MapScene:
        return self.view.map_scene()

    def _selected_cards(self) -> list[str]:
        scene = self.scene
        return [card_id for card_id in scene.selection.card_ids if scene.journey.has_card(card_id)]

    def delete(self) -> None:
        """Delete what the user last selected: an emotion point, the cards, or the focused
        stage, step, lane or persona (a persona after asking)."""
        scene = self.scene
        document = scene.document
        journey = scene.journey
        point = scene.selection.point
        if point is not None and journey.emotion(*point) is not None:
            document.push(RemoveEmotion(journey, *point))
            return
        cards = self._selected_cards()
        if cards:
            if not self.view.any_card_visible(cards):
                # Never delete what the user cannot see: show it, and let a second Delete act.
                self.view.ensure_card_visible(cards[-1])
                count = "card is" if len(cards) == 1 else f"{len(cards)} cards are"
                scene.say(f"The selected {count} shown now: press Delete again to delete.")
                return
            card_ops.delete_cards(document, cards)
            return
        kind, element_id = scene.selection.focus
        if kind == "stage":
            document.push(RemoveStage(journey, element_id))
        elif kind == "step":
            document.push(RemoveStep(journey, element_id))
        elif kind == "lane":
            document.push(RemoveLane(journey, element_id))
        elif kind == "persona":
            self.delete_persona(element_id)

    def delete_persona(self, persona_id: str) -> None:
        """Remove a persona, its profile and every point of its curve, after asking."""
        journey = self.scene.journey
        if not any(persona.id == persona_id for persona in journey.personas):
            return
        persona = journey.persona(persona_id)
        points = sum(1 for point in journey.emotions() if point.persona_id == persona_id)
        text = (
            f"Delete the persona \u201c{persona.name}\u201d with its profile and the "
            f"{points} points of its emotion curve?"
        )
        if asks.confirm(self.view, "Delete persona", text, "Delete persona"):
            self.scene.document.push(RemovePersona(journey, persona_id))

    def copy(self) -> bool:
        cards = [self.scene.journey.card(card_id) for card_id in self._selected_cards()]
        if not cards:
            return False
        QApplication.clipboard().setMimeData(clipboard.cards_to_mime(cards))
        return True

    def cut(self) -> None:
        if self.copy():
            card_ops.delete_cards(self.scene.document, self._selected_cards())

    def paste(self) -> list[str]:
        scene = self.scene
        journey = scene.journey
        mime = QApplication.clipboard().mimeData()
        if mime is None:
            return []
        cards = clipboard.cards_from_mime(mime)
        lane_id, step_id, index = self._paste_target()
        if not cards and mime.hasText():
            titles = clipboard.titles_from_text(mime.text())
            if lane_id is None or step_id is None:
                lane_id, step_id = self._first_cell()
            if lane_id is None or step_id is None:
                return []
            cards = [card_ops.new_card(journey, lane_id, step_id, title=title) for title in titles]
        if not cards:
            return []
        if lane_id is None:
            lane_id, step_id = (
                (None, None)
                if all(journey.has_lane(c.lane_id) and journey.has_step(c.step_id) for c in cards)
                else self._first_cell()
            )
        added = card_ops.insert_cards(scene.document, cards, lane_id, step_id, index, "Paste")
        scene.flush()
        scene.select_cards(added)
        return added

    def _paste_target(self) -> tuple[str | None, str | None, int | None]:
        """After the last selected card, else at the end of the last clicked cell, else nowhere."""
        scene = self.scene
        journey = scene.journey
        selected = self._selected_cards()
        if selected:
            card = journey.card(selected[-1])
            return card.lane_id, card.step_id, journey.card_index(card.id) + 1
        cell = scene.router.current_cell
        if (
            cell
            and journey.has_lane(cell[0])
            and journey.has_step(cell[1])
            and card_ops.accepts_cards(journey, cell[0])
        ):
            return cell[0], cell[1], None
        return None, None, None

    def _first_cell(self) -> tuple[str | None, str | None]:
        journey = self.scene.journey
        lane = next(
            (lane for lane in journey.lanes if card_ops.accepts_cards(journey, lane.id)), None
        )
        steps = journey.steps
        if lane is None or not steps:
            return None, None
        return lane.id, steps[0].id

    def duplicate(self) -> None:
        cards = self._selected_cards()
        if cards:
            added = card_ops.duplicate_cards(self.scene.document, cards)
            self.scene.flush()
            self.scene.select_cards(added)

    def select_all(self) -> None:
        self.scene.ensure_all_items()
        for item in self.scene.cards.values():
            item.setSelected(True)

    def rename(self) -> None:
        kind, element_id = self.scene.selection.focus
        if kind in ("card", "stage", "step", "lane"):
            self.scene.edit_requested.emit(kind, element_id)

    # ------------------------------------------------------------------ structure
    def add_stage(self) -> None:
        scene = self.scene
        journey = scene.journey
        kind, element_id = scene.selection.focus
        index = journey.stage_index(element_id) + 1 if kind == "stage" else None
        stage = Stage(NEW_STAGE_NAME)
        scene.document.push(AddStage(journey, stage, index, [Step(NEW_STEP_NAME, stage.id)]))
        scene.flush()
        scene.selection.set_focus("stage", stage.id)
        scene.edit_requested.emit("stage", stage.id)

    def add_step(self) -> None:
        scene = self.scene
        journey = scene.journey
        kind, element_id = scene.selection.focus
        if not journey.stages:
            return
        if kind == "step":
            stage_id, index = journey.step(element_id).stage_id, journey.step_index(element_id) + 1
        elif kind == "card":
            step = journey.step(journey.card(element_id).step_id)
            stage_id, index = step.stage_id, journey.step_index(step.id) + 1
        elif kind == "stage":
            stage_id, index = element_id, None
        else:
            stage_id, index = journey.stages[-1].id, None
        step = Step(NEW_STEP_NAME, stage_id)
        scene.document.push(AddStep(journey, step, index))
        scene.flush()
        scene.selection.set_focus("step", step.id)
        scene.edit_requested.emit("step", step.id)

    def add_lane(self, kind: LaneKind = LaneKind.NOTES) -> None:
        scene = self.scene
        journey = scene.journey
        focus_kind, element_id = scene.selection.focus
        index = journey.lane_index(element_id) + 1 if focus_kind == "lane" else None
        lane = new_lane(kind)
        scene.document.push(AddLane(journey, lane, index))
        scene.flush()
        scene.selection.set_focus("lane", lane.id)
        scene.edit_requested.emit("lane", lane.id)

    def add_card(self) -> None:
        """A new card after the selected one, or in the last clicked cell."""
        scene = self.scene
        lane_id, step_id, index = self._paste_target()
        if lane_id is None or step_id is None:
            lane_id, step_id = self._first_cell()
        if lane_id is None or step_id is None:
            return
        card: Card = card_ops.new_card(scene.journey, lane_id, step_id)
        card_ops.add_card(scene.document, card, index)
        scene.flush()
        scene.select_cards([card.id])
        scene.edit_requested.emit("card", card.id)
