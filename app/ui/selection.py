"""What the user has selected: cards on the canvas, and the element the panels show.

``focus`` is one element (the map itself, a card, stage, step, lane or persona)
that the properties panel edits; ``card_ids`` are the selected cards, in
reading order. The active persona is the one whose curve an emotion double-click sets.
``point`` is the emotion point last clicked (persona id, step id), while the focus is
its persona: Delete then removes that point, not the persona.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.model.journey import JourneyMap

Focus = tuple[str, str]  # (element kind, id); ("map", "") for the map itself
MAP_FOCUS: Focus = ("map", "")


class SelectionModel(QObject):
    focus_changed = Signal()
    cards_changed = Signal()
    active_persona_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.focus: Focus = MAP_FOCUS
        self.card_ids: list[str] = []
        self.active_persona_id: str | None = None
        self.point: tuple[str, str] | None = None

    def set_focus(self, kind: str, element_id: str = "") -> None:
        focus = (kind, element_id)
        if self.point is not None:
            self.point = None
            self.focus_changed.emit()
        if focus != self.focus:
            self.focus = focus
            self.focus_changed.emit()

    def set_point(self, persona_id: str, step_id: str) -> None:
        """Select one emotion point (its persona gets the focus)."""
        self.set_focus("persona", persona_id)
        self.point = (persona_id, step_id)
        self.focus_changed.emit()

    def set_cards(self, card_ids: list[str]) -> None:
        if card_ids and self.point is not None:
            self.point = None
            self.focus_changed.emit()
        if card_ids != self.card_ids:
            self.card_ids = card_ids
            self.cards_changed.emit()

    def set_active_persona(self, persona_id: str | None) -> None:
        if persona_id != self.active_persona_id:
            self.active_persona_id = persona_id
            self.active_persona_changed.emit()

    def active_persona(self, journey: JourneyMap) -> str | None:
        """The active persona if it still exists, else the primary, else the first."""
        ids = [persona.id for persona in journey.personas]
        if self.active_persona_id in ids:
            return self.active_persona_id
        primary = journey.primary_persona
        if primary is not None:
            return primary.id
        return ids[0] if ids else None

    def drop_missing(self, journey: JourneyMap) -> None:
        """Forget elements that no longer exist (after a delete or an undo)."""
        kind, element_id = self.focus
        exists = {
            "map": lambda: True,
            "card": lambda: journey.has_card(element_id),
            "step": lambda: journey.has_step(element_id),
            "lane": lambda: journey.has_lane(element_id),
            "stage": lambda: any(s.id == element_id for s in journey.stages),
            "persona": lambda: any(p.id == element_id for p in journey.personas),
        }
        if not exists.get(kind, lambda: False)():
            self.set_focus(*MAP_FOCUS)
        if self.point is not None and journey.emotion(*self.point) is None:
            self.point = None
            self.focus_changed.emit()
        self.set_cards([card_id for card_id in self.card_ids if journey.has_card(card_id)])
