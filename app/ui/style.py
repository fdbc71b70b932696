"""Colours and glyphs of the canvas, from ``app.model.palette`` (shared with the exports).

The palette module is the one place colours are chosen, so the screen and the
poster match. This module only turns its hex strings into cached QColors and
adds the few colours that exist only on screen (selection, find, drop target).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor

from app.model import palette
from app.model.entities import Card, Lane, Persona
from app.model.vocab import CardKind, Channel, Priority


@cache
def qcolor(hex_colour: str) -> QColor:
    colour = QColor(hex_colour)
    return colour if colour.isValid() else QColor(palette.PAPER)


INK = qcolor(palette.INK)
MUTED_INK = qcolor(palette.MUTED)
PAPER = qcolor(palette.PAPER)
CORNER = qcolor(palette.HEADER)
STAGE_FILL = qcolor(palette.STAGE)
STEP_FILL = qcolor(palette.STEP)
GRID_LINE = qcolor(palette.GRID)
ZERO_LINE = qcolor(palette.ZERO_LINE)
SCALE_LINE = qcolor(palette.SCALE_LINE)
MOMENT_OF_TRUTH = qcolor(palette.MOMENT_OF_TRUTH)
TRUNCATED = qcolor(palette.TRUNCATED)
HEADER_INK = QColor("#ffffff")
# Screen-only colours: interaction feedback that never reaches a poster.
SELECTION = QColor("#1a73e8")
FIND_HIGHLIGHT = QColor("#ff8f00")
FOCUS_FILL = QColor(26, 115, 232, 40)
DROP_FILL = QColor(26, 115, 232, 36)
CANVAS_BACKGROUND = QColor("#eef1f5")


def card_colour(card: Card) -> QColor:
    """The fill of a card: its own colour if set, else its kind's."""
    return qcolor(palette.card_colour(card))


def card_accent(kind: CardKind) -> QColor:
    return qcolor(palette.CARD_ACCENTS[kind])


def lane_colour(lane: Lane) -> QColor:
    return qcolor(palette.lane_colour(lane))


def channel_colour(channel: Channel) -> QColor:
    return qcolor(palette.CHANNEL_COLOURS[channel])


def channel_glyph(channel: Channel) -> str:
    return palette.CHANNEL_GLYPHS[channel]


def priority_colour(priority: Priority) -> QColor:
    return qcolor(palette.PRIORITY_COLOURS[priority])


def persona_colour(persona: Persona, index: int) -> QColor:
    return qcolor(palette.persona_colour(persona.colour, index))


def next_persona_colour(used: set[str]) -> str:
    """The first palette curve colour no persona uses yet."""
    return next((c for c in palette.PERSONA_COLOURS if c not in used), palette.PERSONA_COLOURS[0])


def ink_on(colour: QColor) -> QColor:
    """Dark or white text, whichever reads better on ``colour``."""
    luminance = 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue()
    return INK if luminance > 150 else HEADER_INK


def tint(colour: QColor, amount: float) -> QColor:
    """``colour`` mixed with white: 0 keeps it, 1 is white."""
    return QColor(
        round(colour.red() + (255 - colour.red()) * amount),
        round(colour.green() + (255 - colour.green()) * amount),
        round(colour.blue() + (255 - colour.blue()) * amount),
    )
