"""The handout: the map as a document, with every card's full text (platypus).

A cover with the title and objective, a page per persona, a section per stage
(steps, cards by lane with body, metrics and evidence) and a backlog of pain
points and opportunities sorted by priority. User text only ever reaches
Paragraph markup through ``paragraph_markup`` (escaped, fallback fonts), and
long text is cut into several paragraphs so that no single flowable is taller
than a page (which would stop ReportLab with a LayoutError).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app import APP_NAME
from app.export.fonts import (
    REGULAR,
    draw_string,
    fit_string,
    string_width,
)
from app.export.pdf_text import paragraph_style, user_paragraph
from app.export.style import colour
from app.export.watermark import canvas_class
from app.model import palette
from app.model.document import CommentThread
from app.model.entities import Card, Persona
from app.model.journey import JourneyMap
from app.model.vocab import CardKind

#: Paragraphs are cut at about this many characters (at a space if there is one).
CHUNK = 1500
#: Table cells show at most this many characters; the stage sections have the full text.
CELL_LIMIT = 300


TITLE = paragraph_style("title", 24, True, after=10)
H1 = paragraph_style("h1", 17, True, before=4, after=8)
H2 = paragraph_style("h2", 13, True, before=10, after=4)
H3 = paragraph_style("h3", 10.5, True, ink=palette.MUTED, before=8, after=3)
CARD = paragraph_style("card", 10, True, before=6, after=1)
#: A lane's name heads its cards: set off from the card before, close to its first card.
LANE = paragraph_style("lane", 8, ink=palette.MUTED, before=9, after=0)
LANE.keepWithNext = 1  # never alone at the foot of a page
FIRST_CARD = paragraph_style("firstcard", 10, True, before=1, after=1)
BODY = paragraph_style("body", 9.5)
META = paragraph_style("meta", 8, ink=palette.MUTED, after=2)
COVER = paragraph_style("cover", 10.5, ink=palette.MUTED, after=2)
QUOTE = paragraph_style("quote", 9.5, ink=palette.MUTED, indent=12)
CELL = paragraph_style("cell", 8.5, after=0)
CELL_HEAD = paragraph_style("cellhead", 8.5, True, ink=palette.PAPER, after=0)


def chunks(text: str) -> list[str]:
    """``text`` as pieces of at most ``CHUNK`` characters, cut at spaces where possible."""
    pieces = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        while len(line) > CHUNK:
            cut = line.rfind(" ", CHUNK // 2, CHUNK)
            cut = cut if cut > 0 else CHUNK
            pieces.append(line[:cut])
            line = line[cut:].lstrip(" ")
        pieces.append(line)
    return pieces


def paras(text: str, style: ParagraphStyle, prefix: str = "") -> list[Flowable]:
    """User text as literal paragraphs (a bold label ``prefix`` goes before the first)."""
    result: list[Flowable] = []
    for index, piece in enumerate(chunks(text)):
        if not piece.strip():
            continue
        lead = prefix if index == 0 or not result else ""
        result.append(user_paragraph(piece, style, label=lead))
    return result


def labelled(label: str, text: str, style: ParagraphStyle = BODY) -> list[Flowable]:
    """'Label: text' with a bold label (ours) and literal text (the user's)."""
    if not text.strip():
        return []
    return paras(text, style, prefix=f"{label}:")


def _cover(journey: JourneyMap) -> list[Flowable]:
    info = journey.info
    story: list[Flowable] = [Spacer(1, 30 * mm), *paras(info.title, TITLE)]
    persona = journey.primary_persona
    facts = [info.state.label]
    if persona is not None:
        facts.append(f"Primary persona: {persona.name}")
    facts += [part for part in (info.author, info.organisation) if part.strip()]
    facts += [f"Created {info.created:%Y-%m-%d}", f"Version of {info.modified:%Y-%m-%d %H:%M}"]
    story += paras(" · ".join(facts), COVER)
    story.append(
        HRFlowable(
            width="100%", thickness=2, color=colour(palette.HEADER), spaceBefore=6, spaceAfter=10
        )
    )
    if info.objective.strip():
        story += [Paragraph("Objective", H2), *paras(info.objective, BODY)]
    if info.description.strip():
        story += [Paragraph("Description", H2), *paras(info.description, BODY)]
    counts = (
        f"{len(journey.stages)} stages, {len(journey.steps)} steps, {journey.card_count} cards, "
        f"{len(journey.personas)} personas"
    )
    story += [Paragraph("Contents", H2), Paragraph(counts, BODY)]
    return story


def _persona(journey: JourneyMap, persona: Persona, index: int) -> list[Flowable]:
    ink = palette.persona_colour(persona.colour, index)
    story: list[Flowable] = [PageBreak(), *paras(persona.name, H1)]
    story.append(HRFlowable(width="100%", thickness=4, color=colour(ink), spaceAfter=8))
    photo = _photo(persona.photo)
    if photo is not None:
        story.append(photo)
    role = persona.role + (" · primary persona" if persona.is_primary else "")
    story += paras(role.strip(" ·"), META)
    if persona.quote.strip():
        story += paras(f"“{persona.quote.strip()}”", QUOTE)
    for label, text in (
        ("Goals", persona.goals),
        ("Needs", persona.needs),
        ("Frustrations", persona.frustrations),
        ("Notes", persona.notes),
    ):
        story += labelled(label, text)
    feelings = []
    scale = journey.info.scale
    for step in journey.steps:
        point = journey.emotion(persona.id, step.id)
        if point is not None:
            score = f"{point.score:+d}" if point.score else "0"
            line = f"{journey.stage(step.stage_id).name} › {step.name}: {score} "
            line += f"({scale.label(point.score)})" + (f" — {point.note}" if point.note else "")
            feelings += paras(line, BODY)
    if feelings:
        story += [Paragraph("Along the journey", H2), *feelings]
    return story


#: A photo bigger than this (in pixels) is left out: decoding it would take gigabytes.
_MAX_PHOTO_PIXELS = 40_000_000


def _photo(data: bytes | None) -> Flowable | None:
    if not data:
        return None
    try:
        # Decode it all now: reportlab decodes when the page is drawn, and a truncated
        # photo would then stop the whole export with a message that names nothing.
        with PILImage.open(io.BytesIO(data)) as decoded:
            if decoded.width * decoded.height > _MAX_PHOTO_PIXELS:
                return None
            decoded.load()
        image = Image(io.BytesIO(data))
        ratio = image.imageHeight / max(image.imageWidth, 1)
        image.drawWidth, image.drawHeight = 35 * mm, 35 * mm * ratio
        image.hAlign = "LEFT"
        return image if image.drawHeight <= 60 * mm else None
    except Exception:  # an unreadable photo is left out rather than stopping the export
        return None


def card_facts(journey: JourneyMap, card: Card) -> str:
    """Kind, channel, owner, status, priority and scores, as one line."""
    facts = [card.kind.label]
    if card.channel is not None:
        facts.append(f"Channel: {card.channel.label}")
    if card.owner.strip():
        facts.append(f"Owner: {card.owner}")
    if card.status is not None:
        facts.append(f"Status: {card.status.label}")
    for name, value in (
        ("Severity", card.severity),
        ("Impact", card.impact),
        ("Effort", card.effort),
    ):
        if value is not None:
            facts.append(f"{name} {value}")
    if card.priority is not None:
        facts.append(f"Priority: {card.priority.label} ({card.priority_score})")
    if card.moment_of_truth:
        facts.append("Moment of truth")
    if card.tags:
        facts.append("Tags: " + ", ".join(card.tags))
    return " · ".join(facts)


def _card(journey: JourneyMap, card: Card, first: bool = False) -> list[Flowable]:
    """A card's title, facts, body, metrics and evidence (``first``: under its lane's name)."""
    story = paras(card.title or "(untitled)", FIRST_CARD if first else CARD)
    story += paras(card_facts(journey, card), META)
    story += paras(card.body, BODY)
    for metric in card.metrics:
        target = f" (target {metric.target:g}{metric.unit})" if metric.target is not None else ""
        story += paras(f"{metric.display_name}: {metric.value:g}{metric.unit}{target}", BODY)
    evidence = card.evidence
    for quote in evidence.quotes:
        story += paras(f"“{quote}”", QUOTE)
    if evidence.quotes or evidence.source.strip():
        source = f"Source: {evidence.source} · " if evidence.source.strip() else ""
        story += paras(f"{source}Confidence: {evidence.confidence.label}", META)
    return story


def _stages(journey: JourneyMap) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), Paragraph("The journey, stage by stage", H1)]
    for number, stage in enumerate(journey.stages, 1):
        story += paras(stage.name, H2, prefix=f"Stage {number}:")
        story += labelled("Goal", stage.goal)
        for step in journey.steps_of(stage.id):
            story += paras(step.name, H3, prefix="Step:")
            story += paras(step.description, BODY)
            for lane in journey.lanes:
                cards = journey.cards_in(lane.id, step.id)
                label = paras(lane.name, LANE, prefix="Lane:") if cards else []
                story += label
                for index, card in enumerate(cards):
                    story += _card(journey, card, first=index == 0 and bool(label))
    return story


def backlog(journey: JourneyMap) -> list[Card]:
    """Pain points and opportunities, highest priority first (unrated last, map order kept)."""
    cards = [c for c in journey.cards() if c.kind in (CardKind.PAIN_POINT, CardKind.OPPORTUNITY)]
    return sorted(cards, key=lambda c: -(c.priority_score or 0))


def _cell(text: str, style: ParagraphStyle = CELL) -> Flowable:
    clipped = text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT].rstrip() + "…"
    return user_paragraph(clipped, style)


def _backlog(journey: JourneyMap, width: float) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), Paragraph("Backlog: pain points and opportunities", H1)]
    cards = backlog(journey)
    if not cards:
        return [*story, Paragraph("No pain points or opportunities yet.", BODY)]
    head = ["Priority", "Kind", "Card", "Where", "Owner", "Status"]
    rows: list[list[Paragraph]] = [[Paragraph(h, CELL_HEAD) for h in head]]
    for card in cards:
        step = journey.step(card.step_id)
        priority = f"{card.priority.label} ({card.priority_score})" if card.priority else "—"
        rows.append(
            [
                _cell(priority),
                _cell(card.kind.label),
                _cell(card.title),
                _cell(f"{journey.stage(step.stage_id).name} › {step.name}"),
                _cell(card.owner),
                _cell(card.status.label if card.status else ""),
            ]
        )
    fractions = (0.13, 0.13, 0.28, 0.2, 0.14, 0.12)
    table = Table(rows, colWidths=[width * f for f in fractions], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, 0), colour(palette.HEADER)),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colour(palette.PAPER), colour("#f3f5f7")]),
                ("GRID", (0, 0), (-1, -1), 0.4, colour(palette.GRID)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [*story, table]


def build_handout(
    journey: JourneyMap,
    path: Path,
    size: tuple[float, float],
    *,
    draft: bool = False,
    comments: Iterable[CommentThread] | None = None,
) -> int:
    """Write the handout to ``path``; returns its page count. ``draft``: the DRAFT
    watermark on every page."""
    margin = 18 * mm
    doc = SimpleDocTemplate(
        str(path),
        pagesize=size,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=journey.info.title,
        author=journey.info.author,
        subject="Journey map handout",
        creator=APP_NAME,
        initialFontName=REGULAR,
    )
    title = journey.info.title

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(colour(palette.MUTED))
        text = f"Page {document.page}"
        draw_string(canvas, size[0] - margin - string_width(text, 8), margin / 2, text, 8)
        draw_string(canvas, margin, margin / 2, fit_string(title, size[0] - 2 * margin - 60, 8), 8)
        canvas.restoreState()

    story: list[Flowable] = _cover(journey)
    for index, persona in enumerate(journey.personas):
        story += _persona(journey, persona, index)
    story += _stages(journey)
    story += _backlog(journey, size[0] - 2 * margin)
    if comments is not None:  # the optional Comments section, after the backlog
        from app.export.pdf_comments import comments_story

        story += comments_story(journey, comments)
    doc.build(story, onFirstPage=footer, onLaterPages=footer, canvasmaker=canvas_class(draft))
    return int(doc.page)
