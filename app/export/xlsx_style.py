"""Colours, fonts and print set-up of the exported workbook.

The colours are the canvas's (``app.model.palette``): a lane's own colour or
the tint of its kind on the Map, card kinds tinted on the Cards and Backlog
sheets, persona colours on the emotion chart.
Cells take named styles, made once per workbook, which keeps writing a large
map fast.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from app.model.palette import GRID, HEADER, STAGE, STEP


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white; ``amount`` 0 keeps it, 1 makes it white."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in channels)


def is_dark(colour: str) -> bool:
    """True if dark text would be hard to read on ``colour`` ('#rrggbb')."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 0.5


def argb(colour: str) -> str:
    """'#rrggbb' as openpyxl's 'FFRRGGBB'."""
    return "FF" + colour.lstrip("#").upper()


class Styles:
    """The named cell styles of one workbook ("CJM Text", "CJM Header"...).

    A cell takes a whole style by name, which is much cheaper than setting its
    font, fill, border and alignment one by one; a client also finds the styles
    in Excel's cell-style gallery. ``filled`` derives a style with a fill colour.
    """

    TEXT = "CJM Text"
    WRAP = "CJM Wrapped"
    CENTRED = "CJM Centred"
    ID = "CJM Id"
    BOLD = "CJM Label"
    TITLE = "CJM Title"
    HEADER = "CJM Header"
    STAGE = "CJM Stage"
    STEP = "CJM Step"
    NOTE = "CJM Note"

    def __init__(self, book: Workbook) -> None:
        self._book = book
        self._registered: dict[str, NamedStyle] = {}
        thin = Side(style="thin", color=argb(GRID))
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        top = Alignment(vertical="top")
        wrap = Alignment(vertical="top", wrap_text=True)
        centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
        font = Font(name="Calibri", size=10)
        self._base = {
            self.TEXT: NamedStyle(self.TEXT, font=font, border=border, alignment=top),
            self.WRAP: NamedStyle(self.WRAP, font=font, border=border, alignment=wrap),
            self.CENTRED: NamedStyle(self.CENTRED, font=font, border=border,
                                     alignment=Alignment(horizontal="center", vertical="top")),
            self.ID: NamedStyle(self.ID, font=Font(name="Calibri", size=8, color="FF7F7F7F"),
                                border=border, alignment=top),
            self.BOLD: NamedStyle(self.BOLD, font=Font(name="Calibri", size=10, bold=True),
                                  border=border, alignment=wrap),
            self.TITLE: NamedStyle(self.TITLE, font=Font(name="Calibri", size=16, bold=True,
                                                         color=argb(HEADER))),
            self.HEADER: NamedStyle(
                self.HEADER, font=Font(name="Calibri", size=10, bold=True, color="FFFFFFFF"),
                fill=_solid(HEADER), border=border,
                alignment=Alignment(vertical="center", wrap_text=True),
            ),
            self.STAGE: NamedStyle(
                self.STAGE, font=Font(name="Calibri", size=11, bold=True, color="FFFFFFFF"),
                fill=_solid(STAGE), border=border, alignment=centre,
            ),
            self.STEP: NamedStyle(
                self.STEP, font=Font(name="Calibri", size=10, bold=True,
                                     color=argb(HEADER)),
                fill=_solid(STEP), border=border, alignment=centre,
            ),
            self.NOTE: NamedStyle(self.NOTE, font=Font(name="Calibri", size=9, italic=True,
                                                       color="FF595959")),
        }

    def named(self, name: str) -> str:
        """``name``, registered in the workbook on first use."""
        if name not in self._registered:
            style = self._base[name]
            self._book.add_named_style(style)
            self._registered[name] = style
        return name

    def filled(self, name: str, colour: str) -> str:
        """The style ``name`` with a solid ``colour`` ('#rrggbb') fill, registered once."""
        derived = f"{name} {colour.lower()}"
        if derived not in self._registered:
            base = self._base[name]
            font = base.font
            if is_dark(colour):  # keep text readable on a dark lane or persona colour
                font = Font(name=font.name, size=font.size, bold=font.bold, italic=font.italic,
                            color="FFFFFFFF")
            style = NamedStyle(derived, font=font, fill=_solid(colour),
                               border=base.border, alignment=base.alignment)
            self._book.add_named_style(style)
            self._registered[derived] = style
        return derived


def _solid(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor=argb(colour), bgColor=argb(colour))


def print_setup(
    sheet: Worksheet,
    title_rows: str | None = "1:1",
    title_columns: str | None = None,
    fit_height: bool = False,
    a3: bool = False,
) -> None:
    """Landscape, fit to one page wide, header rows repeated on every page (A4, or A3)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3 if a3 else sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if fit_height else 0
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns
    sheet.oddFooter.center.text = "&A - page &P of &N"
