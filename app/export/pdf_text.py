"""User text in a ReportLab story, shaped and in bidirectional order, like the poster's.

ReportLab's Paragraph lays out text word by word in one direction; a paragraph
holding Arabic, Hebrew, Devanagari, Thai or emoji sequences is instead broken
into lines as the shared layout breaks card text (``fonts.wrapped``) and each
line is drawn by ``fonts.TextWriter``, which shapes it and puts right-to-left
runs in right-to-left order. Text that needs none of that stays a Paragraph.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from app.export.fonts import (
    BOLD,
    REGULAR,
    TextWriter,
    needs_shaped_lines,
    paragraph_markup,
    printable,
    string_width,
    wrapped,
)
from app.export.style import colour
from app.model import palette
from app.model.clusters import reads_right_to_left
from app.model.layout import LINE_HEIGHT


class ShapedText(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """Plain user text drawn line by line in the bundled fonts, with an optional bold label."""

    def __init__(self, text: str, style: ParagraphStyle, label: str = "") -> None:
        super().__init__()
        self.text = printable(text.replace("\n", " "))
        self.style = style
        self.label = label
        self._lines: list[str] = []

    @property
    def _bold(self) -> bool:
        return bool(self.style.fontName.endswith("Bold"))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        size = self.style.fontSize
        text = f"{self.label} {self.text}" if self.label else self.text
        self._lines = wrapped(text, available_width, size, self._bold) or [""]
        self.width = available_width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def getSpaceBefore(self) -> float:  # ReportLab's name
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # ReportLab's name
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        size, leading = self.style.fontSize, self.style.leading
        writer = TextWriter(self.canv)
        writer.colour(self.style.textColor)
        baseline = self.height - size
        right_to_left = reads_right_to_left(self.text)
        # Right-to-left text is set flush right, unless a (left-to-right) label leads it.
        flush = 0.0 if self.label else self.width
        for index, line in enumerate(self._lines):
            x = 0.0
            if index == 0 and self.label and line.startswith(self.label):
                # The label is ours and bold; the rest of the line is the user's.
                writer.move_to(0, baseline)
                writer.line(self.label, size, bold=True)
                x = string_width(self.label + " ", size, bold=True)
                line = line[len(self.label) :].lstrip(" ")
            writer.move_to(x, baseline)
            writer.line(line, size, self._bold, leading, flush, right_to_left)
            baseline -= leading
        writer.finish()


def paragraph_style(
    name: str,
    size: float,
    bold: bool = False,
    ink: str = palette.INK,
    before: float = 0,
    after: float = 3,
    indent: float = 0,
) -> ParagraphStyle:
    """A story's paragraph style in the bundled fonts (the handout's, the reports')."""
    return ParagraphStyle(
        name,
        fontName=BOLD if bold else REGULAR,
        fontSize=size,
        leading=size * LINE_HEIGHT,
        textColor=colour(ink),
        spaceBefore=before,
        spaceAfter=after,
        leftIndent=indent,
        splitLongWords=1,
    )


def user_paragraph(text: str, style: ParagraphStyle, label: str = "") -> Flowable:
    """A Paragraph for plain text; a ``ShapedText`` when the text needs shaping or bidi.

    ``label`` (ours, e.g. "Owner:") is set in bold before the user's text.
    """
    if needs_shaped_lines(text):
        return ShapedText(text, style, label)
    bold = bool(style.fontName.endswith("Bold"))
    lead = f"<b>{paragraph_markup(label, bold)}</b> " if label else ""
    return Paragraph(lead + paragraph_markup(text, bold), style)
