"""What the web page draws: the poster's drawing of a map as plain data for the page's script.

Every place, colour, fitted line of text, icon and badge is decided here, with the
poster's own measures (``poster_layout``, ``fit_string``, ``wrapped``, the badge and
pill widths of ``style``), so the page shows what the poster prints and the canvas
shows. The page's script only turns these numbers and strings into SVG elements,
user text always as text. Coordinates are points, y downwards, as in the layout.
"""

from __future__ import annotations

import math
from typing import Any

from app.export.fonts import fit_string, printable, wrapped
from app.export.pdf_poster import poster_layout
from app.export.style import badge_width, channel_pill_width, marks_width
from app.model import palette
from app.model.entities import Card
from app.model.journey import JourneyMap
from app.model.layout import (
    POINT_RADIUS,
    SCALE_WIDTH,
    CardBox,
    Layout,
    TextStyle,
    smooth_curve,
)
from app.model.vocab import (
    CardKind,
    Channel,
    Confidence,
    LaneKind,
    MetricKind,
    Status,
)

#: The stage headers' fills, alternating, as on the poster.
STAGE_FILLS = (palette.STAGE, palette.tint(palette.STAGE, 0.12))
CORNER_INK = "#b8c2d3"


def view_of(journey: JourneyMap, client_safe: bool = False) -> dict[str, Any]:
    """The drawing of ``journey`` and the words the page needs, as JSON-ready data."""
    layout = poster_layout(journey)
    m = layout.metrics
    info = journey.info
    left = m.lane_header_width
    stages = enumerate(journey.stages)
    return {
        "w": _n(layout.width),
        "h": _n(layout.height),
        "laneHeader": left,
        "stageHeight": m.stage_header_height,
        "stepHeight": m.step_header_height,
        "pad": m.card_padding,
        "title": printable(info.title),
        "corner": [
            fit_string(info.title, left - 14, TextStyle.LANE.size, True),
            fit_string(info.state.label, left - 14, TextStyle.CARD_META.size),
        ],
        "subtitle": _subtitle(journey),
        "stages": [_stage(layout, index, stage.id, stage.name) for index, stage in stages],
        "steps": [_step(layout, step.id, step.name) for step in journey.steps],
        "stageEdges": [_n(layout.stage_rects[stage.id].right) for stage in journey.stages],
        "lanes": [_lane(journey, layout, index) for index in range(len(journey.lanes))],
        "personas": [
            {
                "colour": palette.persona_colour(persona.colour, index),
                "photo": picture_type(persona.photo) if persona.photo else "",
            }
            for index, persona in enumerate(journey.personas)
        ],
        "kinds": {
            kind.value: {
                "label": kind.label,
                "accent": palette.CARD_ACCENTS[kind],
                "fill": palette.CARD_COLOURS[kind],
                "icon": _icon(palette.KIND_ICONS[kind]),
            }
            for kind in CardKind
        },
        "star": _icon(palette.MOMENT_OF_TRUTH_ICON),
        "channels": {
            channel.value: {
                "label": channel.label,
                "colour": palette.CHANNEL_COLOURS[channel],
                "glyph": palette.CHANNEL_GLYPHS[channel],
                "width": _n(channel_pill_width(channel)),
            }
            for channel in Channel
        },
        "colours": {
            "paper": palette.PAPER,
            "ink": palette.INK,
            "muted": palette.MUTED,
            "header": palette.HEADER,
            "step": palette.STEP,
            "grid": palette.GRID,
            "stageEdge": palette.darker(palette.GRID, 125),
            "zero": palette.ZERO_LINE,
            "scale": palette.SCALE_LINE,
            "moment": palette.MOMENT_OF_TRUTH,
            "cut": palette.TRUNCATED,
            "corner": CORNER_INK,
        },
        "words": _words(),
        "clientSafe": client_safe,
    }


def _n(value: float) -> float:
    """A coordinate to 1/100 point (finer than any screen), as a short JSON number."""
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def _stage(layout: Layout, index: int, stage_id: str, name: str) -> list[Any]:
    """[x, width, fill, name cut to the header] (the painter's 8 pt margins, 12 pt bold)."""
    r = layout.stage_rects[stage_id]
    fitted = fit_string(name, r.width - 16, TextStyle.STAGE.size, True)
    return [_n(r.x), _n(r.width), STAGE_FILLS[index % 2], fitted]


def _step(layout: Layout, step_id: str, name: str) -> list[Any]:
    """[id, x, width, name cut to the header] (7 pt margins, 9.5 pt bold)."""
    r = layout.step_rects[step_id]
    fitted = fit_string(name, r.width - 14, TextStyle.STEP.size, True)
    return [step_id, _n(r.x), _n(r.width), fitted]


def picture_type(data: bytes) -> str:
    """The media type of a persona photo a browser shows, from its first bytes ("" if none)."""
    for magic, media in _PICTURES:
        if data.startswith(magic):
            if media == "image/webp" and data[8:12] != b"WEBP":
                continue
            return media
    return ""


_PICTURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"RIFF", "image/webp"),
    (b"BM", "image/bmp"),
)


def _subtitle(journey: JourneyMap) -> list[str]:
    """The title block's lines under the title: state and persona; author and dates."""
    info = journey.info
    second = f"{info.state.label} journey map"
    persona = journey.primary_persona
    if persona is not None:
        role = f" ({persona.role})" if persona.role else ""
        second += f" · Primary persona: {persona.name}{role}"
    third = [part for part in (info.author, info.organisation) if part.strip()]
    third += [f"Created {info.created:%Y-%m-%d}", f"Version of {info.modified:%Y-%m-%d %H:%M}"]
    return [printable(second), printable(" · ".join(third))]


def _icon(icon: palette.Icon) -> list[list[Any]]:
    """An icon's parts: [shape, filled, radius, [x, y, ...]] in its unit box."""
    return [
        [part.shape, int(part.filled), part.radius, [round(v, 4) for xy in part.points for v in xy]]
        for part in icon
    ]


def _words() -> dict[str, dict[str, str]]:
    """The labels of the vocabularies the card details show."""
    return {
        "status": {status.value: status.label for status in Status},
        "confidence": {level.value: level.label for level in Confidence},
        "metric": {kind.value: kind.label for kind in MetricKind},
    }


# ---------------------------------------------------------------------- lanes
def _lane(journey: JourneyMap, layout: Layout, index: int) -> dict[str, Any]:
    lane = journey.lanes[index]
    r = layout.lane_rects[lane.id]
    fill = palette.lane_colour(lane)
    emotions = lane.kind is LaneKind.EMOTIONS
    room = r.width - 18 - (SCALE_WIDTH if emotions else 0)
    style = TextStyle.LANE
    entry: dict[str, Any] = {
        "id": lane.id,
        "y": _n(r.y),
        "h": _n(r.height),
        "fill": fill,
        "edge": palette.darker(fill, 130),
        "band": "" if emotions else palette.tint(fill, 0.6),
        "name": wrapped(lane.name, room, style.size, bold=True, lines=2),
        "detail": (
            fit_string(lane.kind.label, room, TextStyle.CARD_META.size)
            if lane.name != lane.kind.label
            else ""
        ),
        "cards": [
            _card(card, layout.cards[card.id], layout)
            for step_id in layout.step_order
            for card in journey.cards_in(lane.id, step_id)
        ],
    }
    if emotions:
        entry["emotion"] = _emotion_lane(journey, layout, lane.id)
    return entry


def _emotion_lane(journey: JourneyMap, layout: Layout, lane_id: str) -> dict[str, Any]:
    """Score lines with their labels, moments of truth and every persona's curve."""
    levels = layout.emotion_scale_y[lane_id]
    header = layout.lane_rects[lane_id]
    size = TextStyle.SCALE.size
    spacing = abs(levels[min(levels)] - levels[max(levels)]) / max(len(levels) - 1, 1)
    every = max(1, math.ceil(size * 1.2 / max(spacing, 0.01)))  # labels must not touch
    scale = journey.info.scale
    curves = []
    for index, persona in enumerate(journey.personas):
        points = [
            (
                layout.step_rects[step_id].x + layout.step_rects[step_id].width / 2,
                levels[scale.clamp(point.score)],
                point.score,
            )
            for step_id in layout.step_order
            if (point := journey.emotion(persona.id, step_id)) is not None
        ]
        if not points:
            continue
        xy = [(x, y) for x, y, _ in points]
        path = f"M{_n(xy[0][0])} {_n(xy[0][1])}" + "".join(
            f"C{_n(c1[0])} {_n(c1[1])} {_n(c2[0])} {_n(c2[1])} {_n(end[0])} {_n(end[1])}"
            for _, c1, c2, end in smooth_curve(xy)
        )
        curves.append(
            {
                "persona": index,
                "colour": palette.persona_colour(persona.colour, index),
                "d": path,
                "points": [[_n(x), _n(y), score] for x, y, score in points],
            }
        )
    return {
        "left": _n(header.right),
        "levels": [
            [score, _n(y), _scale_label(score) if score % every == 0 else ""]
            for score, y in levels.items()
        ],
        "labels": {str(score): printable(scale.label(score)) for score in levels},
        "moments": [_n(x) for _, x in layout.moments_of_truth],
        "curves": curves,
        "radius": POINT_RADIUS,
    }


def _scale_label(score: int) -> str:
    return f"{score:+d}".replace("-", "–") if score else "0"


# ---------------------------------------------------------------------- cards
def _card(card: Card, box: CardBox, layout: Layout) -> list[Any]:
    """[id, x, y, w, h, fill, stroke, ink, soft, kind, titles, bodies, cut, meta, priority]."""
    r = box.rect
    fill = palette.card_colour(card)
    ink = palette.ink_on(fill)
    return [
        card.id,
        _n(r.x),
        _n(r.y),
        _n(r.width),
        _n(r.height),
        fill,
        palette.darker(fill, 118),
        ink,
        palette.MUTED if ink == palette.INK else ink,
        card.kind.value,
        [printable(line) for line in box.title_lines],
        [printable(line) for line in box.body_lines],
        int(box.truncated),
        _meta(card, box, layout),
        card.priority.label if card.priority is not None else "",
    ]


def _meta(card: Card, box: CardBox, layout: Layout) -> list[Any]:
    """The bottom line as the poster draws it: [label, channel shown, star, badge]."""
    m, r = layout.metrics, box.rect
    x = r.x + m.card_padding
    right = r.right - m.card_padding - (6.0 if box.truncated else 0.0)
    badge = _badge(card)
    badge_entry: list[Any] | int = 0
    if badge is not None:
        width = badge_width(badge[0])
        badge_entry = [printable(badge[0]), badge[1], _n(width)]
        right -= width + 3.0
    channel = card.channel
    if channel is not None and x + marks_width(card.moment_of_truth, channel) - 3 > right:
        channel = None  # no room for the pill: the label alone
    label = card.channel.label if card.channel is not None else card.owner
    room = right - x - marks_width(card.moment_of_truth, channel)
    size = TextStyle.CARD_META.size
    label = fit_string(label, room, size) if label and room > 0 else ""
    return [label, channel.value if channel else "", int(card.moment_of_truth), badge_entry]


def _badge(card: Card) -> tuple[str, str] | None:
    """The badge a card shows: severity of a pain point, priority of an opportunity, a KPI
    (as the poster's painter decides it)."""
    if card.kind is CardKind.PAIN_POINT and card.severity:
        return f"Severity {card.severity}", palette.SEVERITY_COLOURS.get(card.severity, "#c0392b")
    if card.kind is CardKind.OPPORTUNITY and card.priority is not None:
        return f"{card.priority.label} priority", palette.PRIORITY_COLOURS[card.priority]
    if card.kind is CardKind.KPI and card.metrics:
        metric = card.metrics[0]
        text = f"{metric.display_name} {metric.value:g}{metric.unit}"
        return text, palette.CARD_ACCENTS[CardKind.KPI]
    return None
