"""Tooltips on the canvas: the full text of a card, an emotion point with its note, a name.

Every tooltip is user text, so it is escaped (``html.escape``) and laid out as
pre-wrapped text: a title like ``<img src=...>`` shows as typed, never as markup.
They are worked out when asked for, so a map of 20,000 cards holds no tooltip strings.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from app.ui.items.card_item import CardItem
from app.ui.items.emotion import EmotionLaneItem
from app.ui.items.headers import HeaderItem

if TYPE_CHECKING:
    from app.ui.scene import MapScene

#: How far (in points) from an emotion point the mouse still shows its tooltip.
POINT_REACH = 9.0


def plain(*paragraphs: str, bold_first: bool = True) -> str:
    """Paragraphs of user text as a safe rich-text tooltip (escaped, wrapped, newlines kept)."""
    parts = []
    for index, text in enumerate(p for p in paragraphs if p):
        escaped = html.escape(text)
        parts.append(f"<b>{escaped}</b>" if bold_first and index == 0 else escaped)
    return '<p style="white-space:pre-wrap">' + "\n\n".join(parts) + "</p>"


def text_at(scene: MapScene, pos: QPointF) -> str | None:
    """The tooltip for scene point ``pos``, or None."""
    journey = scene.journey
    for item in scene.items(pos):
        if isinstance(item, CardItem):
            card = journey.card(item.card_id) if journey.has_card(item.card_id) else None
            if card is None:
                return None
            return plain(card.title, card.body, card.kind.label, bold_first=True)
        if isinstance(item, HeaderItem):
            return _header(scene, item)
        if isinstance(item, EmotionLaneItem):
            return _point(scene, item, pos)
        if getattr(item, "blocks_gestures", False):  # the title corner
            return plain(journey.info.title, journey.info.state.label)
    return None


def _header(scene: MapScene, item: HeaderItem) -> str | None:
    journey = scene.journey
    try:
        if item.kind == "stage":
            return plain(journey.stage(item.element_id).name)
        if item.kind == "step":
            return plain(journey.step(item.element_id).name)
        lane = journey.lane(item.element_id)
        return plain(lane.name, lane.kind.label)
    except KeyError:
        return None


def _point(scene: MapScene, item: EmotionLaneItem, pos: QPointF) -> str | None:
    near = item.point_near(pos.x(), pos.y(), POINT_REACH)
    if near is None:
        return None
    journey = scene.journey
    persona_id, step_id = near
    point = journey.emotion(persona_id, step_id)
    if point is None:
        return None
    persona = journey.persona(persona_id)
    step = journey.step(step_id)
    number = f"{point.score:+d}" if point.score else "0"
    score = f"{step.name}: {journey.info.scale.label(point.score)} ({number})"
    return plain(persona.name, score, point.note)
