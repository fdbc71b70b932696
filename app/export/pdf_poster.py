"""The poster's map: the whole grid, its cards and emotion curves as vector drawing.

The map is drawn from ``app.model.layout`` (the geometry the canvas uses),
measured with ``ReportLabMeasurer`` in the same fonts, so the poster looks like
the screen. Layout coordinates have y downwards; the map is drawn under a
translate-and-scale with every y negated, which keeps text upright.
Everything is vector: it stays sharp at any paper size.
"""

from __future__ import annotations

import math

from reportlab.pdfgen.canvas import Canvas

from app.export.fonts import (
    ReportLabMeasurer,
    TextWriter,
    draw_string,
    fit_string,
    string_width,
    wrapped,
)
from app.export.poster_notes import NOTE_STYLE, Note, PlacedNote, place_notes
from app.export.poster_notes import PAD as NOTE_PAD
from app.export.style import Symbols, badge_width, colour, marks_width
from app.model import palette
from app.model.clusters import reads_right_to_left
from app.model.entities import Card
from app.model.journey import JourneyMap
from app.model.layout import (
    ASCENT,
    CENTRED_BASELINE,
    LINE_HEIGHT,
    POINT_RADIUS,
    SCALE_WIDTH,
    CardBox,
    Layout,
    Rect,
    TextStyle,
    compute_layout,
    smooth_curve,
)
from app.model.vocab import CardKind, LaneKind


def poster_layout(journey: JourneyMap) -> Layout:
    """The map's layout measured in the PDF fonts."""
    return compute_layout(journey, ReportLabMeasurer())


# ---------------------------------------------------------------------- the map
class MapPainter:
    """Draws a layout with its top-left corner at the current origin, y negated.

    Colours, sizes and places follow the canvas's items (grid, headers, cards,
    emotion lanes), so that the poster looks like the screen.
    """

    def __init__(self, canvas: Canvas, journey: JourneyMap, layout: Layout) -> None:
        self.c = canvas
        self.journey = journey
        self.layout = layout
        self.symbols = Symbols(canvas)

    def text(self, x: float, baseline: float, line: str, style: TextStyle, ink: str) -> None:
        """One line with its baseline at layout height ``baseline``."""
        self.c.setFillColor(colour(ink))
        draw_string(self.c, x, -baseline, line, style.size, style.bold)

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        self.c.setFillColor(colour(fill))
        self.c.rect(x, -(y + h), w, h, stroke=0, fill=1)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.c.line(x1, -y1, x2, -y2)

    def draw(self) -> None:
        self._grid()
        self._headers()
        self._lanes()
        for lane in self.journey.lanes:
            if lane.kind is LaneKind.EMOTIONS:
                self._emotions(lane.id)
        self._cards()

    def _grid(self) -> None:
        c, layout, m = self.c, self.layout, self.layout.metrics
        left, top = m.lane_header_width, m.stage_header_height + m.step_header_height
        self.rect(left, top, layout.width - left, layout.height - top, palette.PAPER)
        for lane in self.journey.lanes:
            r = layout.lane_rects[lane.id]
            if lane.kind is not LaneKind.EMOTIONS:
                self.rect(
                    left,
                    r.y,
                    layout.width - left,
                    r.height,
                    palette.tint(palette.lane_colour(lane), 0.6),
                )
        c.setStrokeColor(colour(palette.GRID))
        c.setLineWidth(1.0)
        for lane_id in layout.lane_order:
            self.line(
                left,
                layout.lane_rects[lane_id].bottom,
                layout.width,
                layout.lane_rects[lane_id].bottom,
            )
        for step_id in layout.step_order:
            x = layout.step_rects[step_id].right
            self.line(x, top, x, layout.height)
        c.setStrokeColor(colour(palette.darker(palette.GRID, 125)))
        c.setLineWidth(1.6)
        for r in layout.stage_rects.values():
            self.line(r.right, top, r.right, layout.height)
        self.rect(0, 0, left, top, palette.HEADER)  # the corner: title and state
        info = self.journey.info
        self.text(7, 20, fit_string(info.title, left - 14, 10, True), TextStyle.LANE, palette.PAPER)
        self.text(
            7, 38, fit_string(info.state.label, left - 14, 7), TextStyle.CARD_META, _CORNER_INK
        )

    def _headers(self) -> None:
        c, layout = self.c, self.layout
        for index, stage in enumerate(self.journey.stages):
            r = layout.stage_rects[stage.id]
            self.rect(r.x, r.y, r.width, r.height, _STAGE_FILLS[index % 2])
            c.setStrokeColor(colour(palette.PAPER))
            c.setLineWidth(1.0)
            self.line(r.right, r.y, r.right, r.bottom)
            self._fitted(r.x + 8, r, stage.name, TextStyle.STAGE, palette.PAPER)
        c.setStrokeColor(colour(palette.GRID))
        for step in self.journey.steps:
            r = layout.step_rects[step.id]
            self.rect(r.x, r.y, r.width, r.height, palette.STEP)
            self.line(r.right, r.y, r.right, r.bottom)
            self.line(r.x, r.bottom, r.right, r.bottom)
            self._fitted(r.x + 7, r, step.name, TextStyle.STEP, palette.INK)

    def _fitted(self, x: float, r: Rect, text: str, style: TextStyle, ink: str) -> None:
        """One line cut with an ellipsis to the header, centred vertically."""
        line = fit_string(text, r.width - 2 * (x - r.x), style.size, style.bold)
        self.text(x, r.y + r.height / 2 + style.size * CENTRED_BASELINE, line, style, ink)

    def _lanes(self) -> None:
        c, layout = self.c, self.layout
        for lane in self.journey.lanes:
            r = layout.lane_rects[lane.id]
            fill = palette.lane_colour(lane)
            self.rect(r.x, r.y, r.width, r.height, fill)
            self.rect(r.x, r.y, 4, r.height, palette.darker(fill, 130))
            c.setStrokeColor(colour(palette.GRID))
            c.setLineWidth(1.0)
            self.line(r.x, r.bottom, r.right, r.bottom)
            self.line(r.right, r.y, r.right, r.bottom)
            room = r.width - 18 - (SCALE_WIDTH if lane.kind is LaneKind.EMOTIONS else 0)
            style = TextStyle.LANE
            baseline = r.y + 8 + style.size
            for line in wrapped(lane.name, room, style.size, bold=True, lines=2):
                self.text(r.x + 12, baseline, line, style, palette.INK)
                baseline += style.size * LINE_HEIGHT
            if lane.name != lane.kind.label:
                meta = TextStyle.CARD_META
                detail = fit_string(lane.kind.label, room, meta.size)
                self.text(r.x + 12, baseline, detail, meta, palette.MUTED)

    def _emotions(self, lane_id: str) -> None:
        c, layout = self.c, self.layout
        levels = layout.emotion_scale_y[lane_id]
        header = layout.lane_rects[lane_id]
        left, right = header.right, layout.width
        style = TextStyle.SCALE
        spacing = abs(levels[min(levels)] - levels[max(levels)]) / max(len(levels) - 1, 1)
        every = max(1, math.ceil(style.size * 1.2 / max(spacing, 0.01)))  # labels must not touch
        for score, y in levels.items():
            c.setStrokeColor(colour(palette.ZERO_LINE if score == 0 else palette.SCALE_LINE))
            c.setLineWidth(1.2 if score == 0 else 0.8)
            c.setDash([] if score == 0 else [3, 2])
            self.line(left, y, right, y)
            if score % every == 0:
                label = f"{score:+d}".replace("-", "–") if score else "0"
                x = left - 4 - string_width(label, style.size)
                self.text(x, y + 2.5, label, style, palette.MUTED)
        top, bottom = header.y, header.bottom
        c.setStrokeColor(colour(palette.MOMENT_OF_TRUTH))
        c.setLineWidth(1.0)
        c.setDash([1, 2])
        for _step_id, x in layout.moments_of_truth:
            self.line(x, top + 13, x, bottom - 2)
        c.setDash([])
        for _step_id, x in layout.moments_of_truth:
            self.symbols.star(x - 5.5, -(top + 13), 11)
        scale = self.journey.info.scale
        curves: list[list[tuple[float, float]]] = []
        notes: list[tuple[bool, Note]] = []
        # The primary persona's curve last, on top where scores coincide (as on screen,
        # where the active persona, the primary one unless another is chosen, is on top).
        personas = sorted(enumerate(self.journey.personas), key=lambda pair: pair[1].is_primary)
        for index, persona in personas:
            if not persona.show_curve:
                continue
            ink = palette.persona_colour(persona.colour, index)
            points = []
            # From this lane's own levels: a map may have more than one emotion lane.
            for step_id in layout.step_order:
                point = self.journey.emotion(persona.id, step_id)
                if point is None:
                    continue
                step = layout.step_rects[step_id]
                xy = (step.x + step.width / 2, levels[scale.clamp(point.score)])
                points.append(xy)
                if point.note.strip():
                    notes.append((not persona.is_primary, Note(*xy, point.note, ink)))
            if points:
                self._curve(points, ink)
                curves.append(points)
        if notes:  # the primary persona's notes choose their places first
            stars = [(x, top + 7.5) for _step_id, x in layout.moments_of_truth]
            markers = [xy for points in curves for xy in points] + stars
            area = Rect(left, top, right - left, header.height)
            ordered = [note for _later, note in sorted(notes, key=lambda pair: pair[0])]
            for placed in place_notes(ordered, curves, markers, area):
                self._note(placed)

    def _curve(self, points: list[tuple[float, float]], ink: str) -> None:
        c = self.c
        c.setStrokeColor(colour(ink))
        c.setLineWidth(1.8)
        path = c.beginPath()
        path.moveTo(points[0][0], -points[0][1])
        for _, c1, c2, end in smooth_curve(points):
            path.curveTo(c1[0], -c1[1], c2[0], -c2[1], end[0], -end[1])
        c.drawPath(path, stroke=1, fill=0)
        c.setFillColor(colour(ink))
        c.setStrokeColor(colour(palette.PAPER))
        c.setLineWidth(1.2)
        for x, y in points:
            c.circle(x, -y, POINT_RADIUS, stroke=1, fill=1)

    def _note(self, placed: PlacedNote) -> None:
        """A note in a white box edged in its persona's colour (plain text, never markup)."""
        c, r, note = self.c, placed.rect, placed.note
        c.setStrokeColor(colour(note.ink))
        c.setLineWidth(0.8)
        if placed.detached:  # pushed away from its point: a leader shows whose it is
            self.line(note.x, note.y, *placed.edge)
        c.setFillColor(colour(palette.PAPER))
        c.roundRect(r.x, -r.bottom, r.width, r.height, 2, stroke=1, fill=1)
        size = NOTE_STYLE.size
        writer = TextWriter(c)
        writer.colour(colour(palette.INK))
        writer.move_to(r.x + NOTE_PAD, -(r.y + NOTE_PAD + size * ASCENT))
        for line in placed.lines:
            writer.line(line, size)
        writer.finish()

    def _cards(self) -> None:
        """Shapes first, then all text: text objects grouped by colour keep the page short."""
        c, m = self.c, self.layout.metrics
        cards = [(self.journey.card(box.card_id), box) for box in self.layout.cards.values()]
        c.setLineWidth(0.8)
        fill = stroke = ""
        for card, box in cards:
            r = box.rect
            if palette.card_colour(card) != fill:
                fill = palette.card_colour(card)
                stroke = palette.darker(fill, 118)
                c.setFillColor(colour(fill))
                c.setStrokeColor(colour(stroke))
            c.roundRect(r.x, -r.bottom, r.width, r.height, 3, stroke=1, fill=1)
        accent = ""
        for card, box in sorted(cards, key=lambda pair: pair[0].kind.value):  # accent strips
            r = box.rect
            if palette.CARD_ACCENTS[card.kind] != accent:
                accent = palette.CARD_ACCENTS[card.kind]
                c.setFillColor(colour(accent))
            # Square ends kept off the card's rounded corners look like the canvas's
            # rounded strip, at a fraction of the cost.
            c.rect(r.x, -(r.bottom - 1.2), 3, r.height - 2.4, stroke=0, fill=1)
        c.setFillColor(colour(palette.TRUNCATED))
        for _card, box in cards:
            r = box.rect
            if box.truncated:  # a folded corner: there is more text than shows
                path = c.beginPath()
                path.moveTo(r.right - 7, -r.bottom)
                path.lineTo(r.right, -(r.bottom - 7))
                path.lineTo(r.right, -r.bottom)
                path.close()
                c.drawPath(path, stroke=0, fill=1)
        writers: dict[str, TextWriter] = {}

        def writer(ink: str) -> TextWriter:
            if ink not in writers:
                writers[ink] = TextWriter(c)
                writers[ink].colour(colour(ink))
            return writers[ink]

        title_style, body_style = TextStyle.CARD_TITLE, TextStyle.CARD_BODY
        for card, box in cards:
            r = box.rect
            ink = palette.ink_on(palette.card_colour(card))
            soft = palette.MUTED if ink == palette.INK else ink
            x, top = r.x + m.card_padding, r.y + m.card_padding
            titles = writer(ink)
            titles.move_to(x, -(top + title_style.size * ASCENT))
            inner = r.width - 2 * m.card_padding  # right-to-left text ends at its right edge
            title_rtl = reads_right_to_left(" ".join(box.title_lines))
            for text in box.title_lines:
                titles.line(text, title_style.size, True, 0.0, inner, title_rtl)
            if box.body_lines:
                top += len(box.title_lines) * title_style.size * LINE_HEIGHT
                bodies = writer(soft)
                bodies.move_to(x, -(top + body_style.size * ASCENT))
                body_rtl = reads_right_to_left(" ".join(box.body_lines))
                for text in box.body_lines:
                    bodies.line(text, body_style.size, False, 0.0, inner, body_rtl)
            self._meta(card, box, soft)
        for each in writers.values():
            each.finish()

    def _meta(self, card: Card, box: CardBox, label_ink: str) -> None:
        """The bottom line: kind icon, star, channel pill and label; a badge on the right."""
        m, r = self.layout.metrics, box.rect
        x, y = r.x + m.card_padding, -(r.bottom - m.card_padding)
        right = r.right - m.card_padding - (6.0 if box.truncated else 0.0)
        badge = _badge(card)
        if badge is not None:
            self.symbols.badge(badge[0], badge[1], right, y)
            right -= badge_width(badge[0]) + 3.0
        channel = card.channel
        if channel is not None and x + marks_width(card.moment_of_truth, channel) - 3 > right:
            channel = None  # no room for the pill: the label alone
        label = card.channel.label if card.channel is not None else card.owner
        room = right - x - marks_width(card.moment_of_truth, channel)
        label = fit_string(label, room, TextStyle.CARD_META.size) if label and room > 0 else ""
        self.symbols.meta_row(card.kind, card.moment_of_truth, channel, label, label_ink, x, y)


def _badge(card: Card) -> tuple[str, str] | None:
    """The badge a card shows: severity of a pain point, priority of an opportunity, a KPI."""
    if card.kind is CardKind.PAIN_POINT and card.severity:
        return f"Severity {card.severity}", palette.SEVERITY_COLOURS.get(card.severity, "#c0392b")
    if card.kind is CardKind.OPPORTUNITY and card.priority is not None:
        return f"{card.priority.label} priority", palette.PRIORITY_COLOURS[card.priority]
    if card.kind is CardKind.KPI and card.metrics:
        metric = card.metrics[0]
        text = f"{metric.display_name} {metric.value:g}{metric.unit}"
        return text, palette.CARD_ACCENTS[CardKind.KPI]
    return None


_STAGE_FILLS = (palette.STAGE, palette.tint(palette.STAGE, 0.12))
_CORNER_INK = "#b8c2d3"
