"""The deck's DRAFT mark: "DRAFT" in bold red in the bottom-right corner of every slide.

The slides leave the bottom 0.3 inch free, so the mark covers nothing; it is an
ordinary text box, which the consultant can delete from a slide in PowerPoint.
The deck's properties say "DRAFT" too (keywords), so a file list shows it.
"""

from __future__ import annotations

from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from app.export.pptx_slides import SLIDE_HEIGHT, SLIDE_WIDTH
from app.export.pptx_text import rgb
from app.export.watermark import DRAFT_TEXT, WATERMARK_COLOUR

#: The mark's box: in the free strip under the slides' content, at the right.
_WIDTH, _HEIGHT, _RIGHT = Inches(1.6), Inches(0.3), Inches(0.45)


def mark_deck_draft(deck: Presentation) -> None:
    """Put the DRAFT mark on every slide of ``deck`` and in its keywords."""
    for slide in deck.slides:
        box = slide.shapes.add_textbox(
            SLIDE_WIDTH - _RIGHT - _WIDTH, SLIDE_HEIGHT - _HEIGHT, _WIDTH, _HEIGHT
        )
        box.name = "DRAFT mark"
        frame = box.text_frame
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.RIGHT
        run = paragraph.add_run()
        run.text = DRAFT_TEXT
        run.font.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = rgb(WATERMARK_COLOUR)
    keywords = deck.core_properties.keywords or ""
    deck.core_properties.keywords = f"{DRAFT_TEXT} {keywords}".strip()
