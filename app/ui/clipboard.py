"""Cards on the clipboard: our own JSON format between windows, plain text for other programs.

Copied cards travel as ``CARDS_MIME`` (the cards' plain form from
``app.model.codec.card_to_dict``) plus text/plain. Pasted data is read through
``app.model.codec.map_from_dict``, which checks every value; text from other
programs becomes one card per line.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QMimeData

from app.model.codec import FORMAT_NAME, FORMAT_VERSION, FormatError, card_to_dict, map_from_dict
from app.model.entities import Card

CARDS_MIME = "application/x-cjm-studio-cards+json"
MAX_BYTES = 20_000_000
MAX_CARDS = 5_000
MAX_TEXT_CARDS = 200
_LANE = "clipboard-lane"
_STEP = "clipboard-step"


def cards_to_mime(cards: list[Card]) -> QMimeData:
    mime = QMimeData()
    payload = {"format": "cjm-cards", "version": 1, "cards": [card_to_dict(card) for card in cards]}
    mime.setData(CARDS_MIME, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    mime.setText(cards_as_text(cards))
    return mime


def cards_as_text(cards: list[Card]) -> str:
    """Each card as its title, then its body indented, for pasting into other programs."""
    parts = []
    for card in cards:
        lines = [card.title]
        lines += [f"    {line}" for line in card.body.splitlines()]
        parts.append("\n".join(lines))
    return "\n".join(parts)


def cards_from_mime(mime: QMimeData) -> list[Card]:
    """The cards on the clipboard (with their original lane and step ids), or [] if none."""
    if mime.hasFormat(CARDS_MIME):
        data = bytes(mime.data(CARDS_MIME).data())
        if len(data) <= MAX_BYTES:
            try:
                return _decode(json.loads(data.decode("utf-8")))
            except (ValueError, FormatError, TypeError, KeyError, RecursionError):
                return []
    return []


def titles_from_text(text: str) -> list[str]:
    """Plain text from another program: one card title per non-empty line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[:MAX_TEXT_CARDS]


def _decode(payload: Any) -> list[Card]:
    if not isinstance(payload, dict) or payload.get("format") != "cjm-cards":
        return []
    raw = payload.get("cards")
    if not isinstance(raw, list) or len(raw) > MAX_CARDS:
        return []
    origins = []
    cards = []
    for value in raw:
        if not isinstance(value, dict):
            return []
        origins.append((value.get("lane"), value.get("step")))
        cards.append({**value, "lane": _LANE, "step": _STEP})
    wrapper = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "map": {"title": "clipboard"},
        "stages": [{"id": "clipboard-stage", "name": "", "steps": [{"id": _STEP, "name": ""}]}],
        "lanes": [{"id": _LANE, "name": "", "kind": "notes"}],
        "cards": cards,
    }
    journey = map_from_dict(wrapper)
    result = []
    for card, (lane, step) in zip(journey.cards(), origins, strict=True):
        result.append(card._replace(lane_id=str(lane or ""), step_id=str(step or "")))
    return result
