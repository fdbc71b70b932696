"""Right-click menus on the canvas: the actions that apply where the user clicked.

On a card (and the other selected cards), an empty cell, a stage, step or lane
header, an emotion point or an empty step of the emotion lane, and the empty canvas.
Every action is one command (one undo step) or opens the in-place editor. A right
press never drops the selection: on a card outside it, that card alone is selected.
The menu pops up without blocking (``popup``), so it is as testable as it is usable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QMenu

from app.model.commands import AddLane, AddStage, AddStep, RemoveEmotion, SetEmotion
from app.model.document import FUTURE
from app.model.entities import Stage, Step
from app.model.templates import new_lane
from app.model.vocab import DEFAULT_CARD_KIND, NEW_STAGE_NAME, NEW_STEP_NAME, LaneKind
from app.ui import card_ops
from app.ui.editing import Editing
from app.ui.items.card_item import CardItem
from app.ui.items.emotion import EmotionLaneItem
from app.ui.items.headers import HeaderItem
from app.ui.menu_text import menu_text

if TYPE_CHECKING:
    from app.ui.scene import MapScene
    from app.ui.view import MapView

MENU_NAME = "canvas-context-menu"
POINT_REACH = 9.0


def select_for_menu(view: MapView, scene_pos: QPointF) -> None:
    """A right press: select what is under the mouse unless it is already selected."""
    scene = view.map_scene()
    scene.flush()
    item = _top(scene, scene_pos)
    if isinstance(item, CardItem):
        if not item.isSelected():
            scene.clearSelection()
            item.setSelected(True)
        scene.selection.set_focus("card", item.card_id)
    elif isinstance(item, HeaderItem):
        scene.selection.set_focus(item.kind, item.element_id)
    elif isinstance(item, EmotionLaneItem):
        near = item.point_near(scene_pos.x(), scene_pos.y(), POINT_REACH)
        if near is not None:
            scene.clearSelection()
            scene.selection.set_point(*near)


def _top(scene: MapScene, pos: QPointF) -> object:
    for item in scene.items(pos):
        if isinstance(item, (CardItem, HeaderItem, EmotionLaneItem)):
            return item
        if getattr(item, "blocks_gestures", False):
            return None
    return None


class CanvasMenu:
    """Builds and shows the menu for one right-click."""

    def __init__(self, view: MapView, pos: QPoint) -> None:
        self.view = view
        self.scene = view.map_scene()
        self.pos = view.mapToScene(pos)
        self.editing = Editing(view)
        self.read_only = self.scene.document.read_only
        self.menu = QMenu(view)
        self.menu.setObjectName(MENU_NAME)
        self.menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _add(self, menu: QMenu, text: str, slot: Callable[[], object], edits: bool = True) -> None:
        # '&' in user text would be a mnemonic: doubled so names show as typed.
        action = menu.addAction(menu_text(text))
        action.triggered.connect(lambda _checked=False: slot())
        action.setEnabled(not (edits and self.read_only))

    def build(self) -> QMenu:
        scene = self.scene
        item = _top(scene, self.pos)
        if isinstance(item, CardItem):
            self._card(item.card_id)
        elif isinstance(item, HeaderItem):
            {"stage": self._stage, "step": self._step, "lane": self._lane}[item.kind](
                item.element_id
            )
        elif isinstance(item, EmotionLaneItem):
            self._emotion(item)
        else:
            cell = scene.layout.cell_at(self.pos.x(), self.pos.y())
            if cell is not None and card_ops.accepts_cards(scene.journey, cell[0]):
                self._cell(*cell)
            else:
                self._canvas()
        from app.ui.comments_ui import add_comment_entry

        add_comment_entry(self, item)  # "Add Comment…" on the element, or on the map
        return self.menu

    # ------------------------------------------------------------------ cards and cells
    def _card(self, card_id: str) -> None:
        scene, menu, editing = self.scene, self.menu, self.editing
        journey = scene.journey
        card = journey.card(card_id)
        selected = [i for i in scene.selection.card_ids if journey.has_card(i)] or [card_id]
        many = f" {len(selected)} Cards" if len(selected) > 1 else ""
        self._add(menu, "Edit Title", lambda: scene.edit_requested.emit("card", card_id))
        expanded = card_id in scene.engine.expanded
        if expanded or scene.layout.cards[card_id].truncated:
            text = "Fold Long Text" if expanded else "Show Full Text"
            self._add(menu, text, lambda: scene.toggle_expanded(card_id), edits=False)
        menu.addSeparator()
        self._add(menu, "Cut", editing.cut)
        self._add(menu, "Copy", editing.copy, edits=False)
        self._add(menu, "Paste", editing.paste)
        self._add(menu, f"Duplicate{many}", editing.duplicate)
        stages = menu.addMenu("Move to Stage")
        stages.setEnabled(not self.read_only)
        current = journey.step(card.step_id).stage_id
        for stage in journey.stages:
            if not journey.steps_of(stage.id):
                continue
            action = stages.addAction(stage.name.replace("&", "&&"))
            action.setEnabled(stage.id != current)
            action.triggered.connect(lambda _c=False, s=stage.id: self._move_to_stage(selected, s))
        kind = DEFAULT_CARD_KIND[journey.lane(card.lane_id).kind]
        index = journey.card_index(card_id) + 1
        self._add(
            menu,
            f"Add {_words(kind.label)} Here",
            lambda: self._new_card(card.lane_id, card.step_id, index),
        )
        if scene.document.state == FUTURE:  # a future card says which pain points it answers
            from app.ui.answers_dialog import open_answers

            answered = len(scene.document.map_document.answered_by(card_id))
            text = f"Answers Pain Points… ({answered})" if answered else "Answers Pain Points…"
            self._add(menu, text, lambda: open_answers(scene.document, card_id, self.view))
        menu.addSeparator()
        self._add(menu, f"Delete{many}", lambda: card_ops.delete_cards(scene.document, selected))

    def _move_to_stage(self, card_ids: list[str], stage_id: str) -> None:
        """Each card to the step at its own position in the target stage, in its lane."""
        scene = self.scene
        journey = scene.journey
        steps = journey.steps_of(stage_id)
        targets = {}
        for card_id in card_ids:
            card = journey.card(card_id)
            own = journey.steps_of(journey.step(card.step_id).stage_id)
            position = [s.id for s in own].index(card.step_id)
            targets[card_id] = (card.lane_id, steps[min(position, len(steps) - 1)].id)
        order = [c.id for c in journey.cards() if c.id in targets]
        card_ops.move_to_cells(scene.document, order, targets)
        scene.flush()
        scene.select_cards(card_ids)

    def _cell(self, lane_id: str, step_id: str) -> None:
        journey = self.scene.journey
        kind = DEFAULT_CARD_KIND[journey.lane(lane_id).kind]
        self._add(
            self.menu, f"Add {_words(kind.label)} Here", lambda: self._new_card(lane_id, step_id)
        )
        self._add(self.menu, "Paste Here", lambda: self._paste_in(lane_id, step_id))
        self.menu.addSeparator()
        self._add(self.menu, "Select All Cards", self.editing.select_all, edits=False)

    def _new_card(self, lane_id: str, step_id: str, index: int | None = None) -> None:
        scene = self.scene
        card = card_ops.new_card(scene.journey, lane_id, step_id)
        card_ops.add_card(scene.document, card, index)
        scene.flush()
        scene.select_cards([card.id])
        scene.edit_requested.emit("card", card.id)

    def _paste_in(self, lane_id: str, step_id: str) -> None:
        self.scene.clearSelection()
        self.scene.router.current_cell = (lane_id, step_id)
        self.editing.paste()

    # ------------------------------------------------------------------ headers
    def _stage(self, stage_id: str) -> None:
        scene, menu = self.scene, self.menu
        journey = scene.journey
        self._add(menu, "Rename Stage", lambda: scene.edit_requested.emit("stage", stage_id))
        menu.addSeparator()
        index = journey.stage_index(stage_id)
        self._add(menu, "Insert Stage Before", lambda: self._insert_stage(index))
        self._add(menu, "Insert Stage After", lambda: self._insert_stage(index + 1))
        self._add(menu, "Add Step", lambda: self._insert_step(stage_id, None))
        menu.addSeparator()
        self._add(menu, "Delete Stage", self.editing.delete)

    def _step(self, step_id: str) -> None:
        scene, menu = self.scene, self.menu
        journey = scene.journey
        stage_id = journey.step(step_id).stage_id
        index = [s.id for s in journey.steps_of(stage_id)].index(step_id)
        self._add(menu, "Rename Step", lambda: scene.edit_requested.emit("step", step_id))
        menu.addSeparator()
        self._add(menu, "Insert Step Before", lambda: self._insert_step(stage_id, index))
        self._add(menu, "Insert Step After", lambda: self._insert_step(stage_id, index + 1))
        menu.addSeparator()
        self._add(menu, "Delete Step", self.editing.delete)

    def _lane(self, lane_id: str) -> None:
        scene, menu = self.scene, self.menu
        journey = scene.journey
        index = journey.lane_index(lane_id)
        self._add(menu, "Rename Lane", lambda: scene.edit_requested.emit("lane", lane_id))
        menu.addSeparator()
        for label, at in (("Insert Lane Before", index), ("Insert Lane After", index + 1)):
            kinds = menu.addMenu(label)
            kinds.setEnabled(not self.read_only)
            for kind in LaneKind:
                action = kinds.addAction(menu_text(kind.label))
                action.triggered.connect(lambda _c=False, k=kind, i=at: self._insert_lane(k, i))
        menu.addSeparator()
        self._add(menu, "Delete Lane", self.editing.delete)

    def _insert_stage(self, index: int) -> None:
        scene = self.scene
        stage = Stage(NEW_STAGE_NAME)
        scene.document.push(AddStage(scene.journey, stage, index, [Step(NEW_STEP_NAME, stage.id)]))
        scene.flush()
        scene.selection.set_focus("stage", stage.id)
        scene.edit_requested.emit("stage", stage.id)

    def _insert_step(self, stage_id: str, index: int | None) -> None:
        scene = self.scene
        step = Step(NEW_STEP_NAME, stage_id)
        scene.document.push(AddStep(scene.journey, step, index))
        scene.flush()
        scene.selection.set_focus("step", step.id)
        scene.edit_requested.emit("step", step.id)

    def _insert_lane(self, kind: LaneKind, index: int) -> None:
        scene = self.scene
        lane = new_lane(kind)
        scene.document.push(AddLane(scene.journey, lane, index))
        scene.flush()
        scene.selection.set_focus("lane", lane.id)
        scene.edit_requested.emit("lane", lane.id)

    # ------------------------------------------------------------------ emotions
    def _emotion(self, item: EmotionLaneItem) -> None:
        scene, menu = self.scene, self.menu
        journey = scene.journey
        near = item.point_near(self.pos.x(), self.pos.y(), POINT_REACH)
        if near is not None:
            persona_id, step_id = near
            self._add(
                menu,
                "Set Emotion Note…",
                lambda: scene.edit_requested.emit("note", f"{persona_id}/{step_id}"),
            )
            self._add(
                menu,
                "Remove Point",
                lambda: scene.document.push(RemoveEmotion(journey, persona_id, step_id)),
            )
        else:
            persona_id = scene.selection.active_persona(journey) or ""
            cell = scene.layout.cell_at(self.pos.x(), self.pos.y())
            if persona_id and cell is not None:
                score = scene.layout.score_at(item.lane_id, self.pos.y())
                name = journey.persona(persona_id).name.replace("&", "&&")
                self._add(
                    menu,
                    f"Set {name}’s Point Here",
                    lambda: scene.document.push(SetEmotion(journey, persona_id, cell[1], score)),
                )
        if persona_id:
            menu.addSeparator()
            name = journey.persona(persona_id).name.replace("&", "&&")
            self._add(
                menu,
                f"Delete Persona “{name}”…",
                lambda: self.editing.delete_persona(persona_id),
            )

    # ------------------------------------------------------------------ the canvas
    def _canvas(self) -> None:
        menu, editing, view = self.menu, self.editing, self.view
        self._add(menu, "Add Stage", lambda: self._insert_stage(len(self.scene.journey.stages)))
        lanes = menu.addMenu("Add Lane")
        lanes.setEnabled(not self.read_only)
        for kind in LaneKind:
            action = lanes.addAction(menu_text(kind.label))
            action.triggered.connect(
                lambda _c=False, k=kind: self._insert_lane(k, len(self.scene.journey.lanes))
            )
        window = view.window()
        add_persona = getattr(getattr(window, "personas", None), "add_persona", None)
        if add_persona is not None:
            self._add(menu, "Add Persona", add_persona)
        menu.addSeparator()
        self._add(menu, "Paste", editing.paste)
        self._add(menu, "Select All Cards", editing.select_all, edits=False)
        self._add(menu, "Fit Map", view.zoom_fit, edits=False)


def open_menu(view: MapView, pos: QPoint) -> QMenu:
    """Show the menu for a right-click at viewport point ``pos`` (without blocking)."""
    for old in view.findChildren(QMenu, MENU_NAME):
        old.setObjectName("")  # closing: deleted later
        old.close()
    menu = CanvasMenu(view, pos).build()
    menu.popup(view.viewport().mapToGlobal(pos))
    return menu


def _words(label: str) -> str:
    """A vocabulary label in a menu's title case ("Pain point" -> "Pain Point")."""
    return " ".join(word[:1].upper() + word[1:] for word in label.split(" "))
