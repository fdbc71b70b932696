"""The PowerPoint deck (python-pptx), headless: what consultants hand over most.

Slides: a title slide; an overview with a picture of the whole map (the PNG
export's rendering, so it matches the poster; for a map too big for its text to be
read on the slide, a sketch of the poster's layout: ``pptx_overview``); per stage a
native, editable table of lanes by steps with the card titles, and the personas' emotion curves
as a native line chart; a slide per persona; the backlog of pain points and
opportunities by priority. The slides themselves are built in ``pptx_slides``.

The deck is written to a temporary file beside the target and renamed into place
when complete; a cancelled or failed export leaves no file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pptx import Presentation

from app import __version__
from app.export.output import write_atomically
from app.export.pptx_draft import mark_deck_draft
from app.export.pptx_overview import overview_picture
from app.export.pptx_slides import (
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    ChartStyle,
    backlog_slide,
    overview_slide,
    persona_slide,
    stage_slide,
    title_slide,
)
from app.export.progress import Progress, report, scaled
from app.model.journey import JourneyMap


def export_pptx(
    journey: JourneyMap, path: str | Path, progress: Progress | None = None, draft: bool = False
) -> None:
    """Write ``journey`` as a PowerPoint deck at ``path``; ``draft``: DRAFT on every slide.

    ``progress`` is told how far the export is (0..1) and may answer False to
    cancel: ExportCancelled is then raised and no file is written. Raises
    PathProblem or OSError when the file cannot be written.
    """
    report(progress, 0.0)
    with tempfile.TemporaryDirectory(prefix="cjm-deck-") as folder:
        picture = overview_picture(journey, Path(folder), scaled(progress, 0.0, 0.35))
        deck = build_deck(journey, picture, scaled(progress, 0.35, 0.9))
        if draft:
            mark_deck_draft(deck)

        def write(temp: Path) -> None:
            deck.save(str(temp))
            report(progress, 1.0)  # a last chance to cancel, before the file is put in place

        write_atomically(path, write)


def build_deck(
    journey: JourneyMap, picture: Path | None, progress: Progress | None = None
) -> Presentation:
    """The deck in memory (``picture``: the overview's PNG, or None for none)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    properties = deck.core_properties
    properties.title = journey.info.title
    properties.author = journey.info.author
    properties.subject = "Customer journey map"
    properties.comments = f"CJM Studio {__version__}"
    title_slide(deck, journey)
    overview_slide(deck, journey, picture)
    parts = len(journey.stages) + len(journey.personas) + 1
    done = 0
    charts = ChartStyle()  # set on the first stage's chart, copied onto the others
    for number, stage in enumerate(journey.stages, 1):
        stage_slide(deck, journey, stage, number, charts)
        done += 1
        report(progress, done / parts)
    for index, persona in enumerate(journey.personas):
        persona_slide(deck, journey, persona, index)
        done += 1
        report(progress, done / parts)
    backlog_slide(deck, journey)
    report(progress, 1.0)
    return deck
