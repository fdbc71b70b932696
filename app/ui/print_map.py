"""File > Print: the poster on the printer's paper, fitted to one sheet or tiled at the
poster's size onto as many sheets as it takes, with overlap, crop marks and sheet labels.

The map is the poster's own drawing (``app.ui.map_picture``: the image exporter's SVG,
vector and text as text) under a title block laid out like the PDF poster's; this
needs no PDF renderer, which Qt's essentials do not have. Tiling uses the poster size
last chosen under File > Export > Poster (PDF).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPainter, QPen
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.model import palette
from app.model.layout import TextStyle
from app.ui import export_targets as targets
from app.ui.map_picture import MapPicture
from app.ui.poster_dialog import MM, PosterOptions

if TYPE_CHECKING:
    from app.ui.view import MapView
    from app.ui.window import MainWindow

KEY = "print"
#: Inside the printer's margin: room for crop marks and the sheet's label.
GUTTER = 6 * MM
MARK = 4 * MM


@dataclass(frozen=True)
class PrintOptions:
    tiled: bool = False
    overlap_mm: float = 10.0

    @classmethod
    def load(cls) -> PrintOptions:
        return cls(targets.load(KEY, "tiled", False), targets.load(KEY, "overlap_mm", 10.0))

    def save(self) -> None:
        targets.store(KEY, "tiled", self.tiled)
        targets.store(KEY, "overlap_mm", self.overlap_mm)


def _font(size: float, bold: bool = False) -> QFont:
    """The poster's font at ``size`` painter units (points here): a pixel size, since a
    point size would be scaled by the printer's resolution on top of the painter's scale."""
    font = QFont("Noto Sans")
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    return font


def draw_poster(
    painter: QPainter,
    picture: MapPicture,
    title: str,
    width: float,
    height: float,
    visible: QRectF | None = None,
) -> float:
    """The poster on a ``width`` x ``height`` point page at the painter's origin: title
    block, then the map fitted below it; returns the printed card title size in points.

    Only the map's part inside ``visible`` (page points) is drawn: a tile draws its
    share, not the whole map clipped, which would make every sheet as heavy as the poster.
    """
    u = min(width, height) / 595.2756  # as the PDF poster: text grows with the paper
    margin = 24 * u
    painter.fillRect(QRectF(0, 0, width, height), QColor(palette.PAPER))
    painter.fillRect(QRectF(margin, margin, 4 * u, 30 * u), QColor(palette.HEADER))
    painter.setFont(_font(22 * u, bold=True))
    painter.setPen(QColor(palette.INK))
    text_box = QRectF(margin + 12 * u, margin, width - 2 * margin - 12 * u, 30 * u)
    painter.drawText(text_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
    top = margin + 44 * u
    footer = 12 * u
    area = QRectF(margin, top, width - 2 * margin, height - top - margin - footer)
    layout = picture.size
    scale = min(area.width() / max(layout.width(), 1.0), area.height() / max(layout.height(), 1.0))
    drawn = QRectF(
        area.x() + (area.width() - layout.width() * scale) / 2,
        area.y(),
        layout.width() * scale,
        layout.height() * scale,
    )
    shown = drawn if visible is None else drawn.intersected(visible)
    if not shown.isEmpty():
        source = QRectF(
            (shown.x() - drawn.x()) / scale,
            (shown.y() - drawn.y()) / scale,
            shown.width() / scale,
            shown.height() / scale,
        )
        picture.draw(painter, shown, source)
    size = TextStyle.CARD_TITLE.size * scale
    painter.setFont(_font(7 * u))
    painter.setPen(QColor(palette.MUTED))
    painter.drawText(
        QRectF(margin, height - margin - footer, width - 2 * margin, footer),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        f"Printed at {scale * 100:.0f}% of the size on screen; card titles are {size:.1f} pt",
    )
    return size


def render(printer: QPrinter, view: MapView, title: str, options: PrintOptions) -> int:
    """Print the poster on ``printer``; returns the number of sheets."""
    picture = MapPicture(view)
    page = printer.pageLayout().paintRect(QPageLayout.Unit.Point)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        # One painter unit is one point, from the printable area's top-left.
        dpi = printer.resolution()
        painter.scale(dpi / 72, dpi / 72)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        if not options.tiled:
            draw_poster(painter, picture, title, page.width(), page.height())
            return 1
        return _tiles(printer, painter, picture, title, page, options.overlap_mm * MM)
    finally:
        painter.end()


def _tiles(
    printer: QPrinter,
    painter: QPainter,
    picture: MapPicture,
    title: str,
    page: QRectF,
    overlap: float,
) -> int:
    try:
        poster = PosterOptions.load().page()
    except ValueError:
        poster = PosterOptions().page()
    content = (page.width() - 2 * GUTTER, page.height() - 2 * GUTTER)
    overlap = min(overlap, min(content) / 3)
    step = (content[0] - overlap, content[1] - overlap)
    columns = max(1, math.ceil((poster[0] - overlap) / step[0] - 1e-9))
    rows = max(1, math.ceil((poster[1] - overlap) / step[1] - 1e-9))
    first = True
    for row in range(rows):
        for column in range(columns):
            if not first:
                printer.newPage()
            first = False
            painter.save()
            painter.setClipRect(QRectF(GUTTER, GUTTER, *content))
            painter.translate(GUTTER - column * step[0], GUTTER - row * step[1])
            part = QRectF(column * step[0], row * step[1], *content)
            draw_poster(painter, picture, title, *poster, visible=part)
            painter.restore()
            _marks(painter, QRectF(GUTTER, GUTTER, *content))
            label = f"{_row_name(row)}{column + 1} of {columns}x{rows}"
            painter.setFont(_font(7))
            painter.setPen(QColor(palette.INK))
            painter.drawText(
                QRectF(GUTTER, page.height() - GUTTER, content[0], GUTTER),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{label} · overlap {overlap / MM:.0f} mm: lay each sheet over its left and "
                "upper neighbours",
            )
    return columns * rows


def _marks(painter: QPainter, r: QRectF) -> None:
    painter.setPen(QPen(QColor(palette.INK), 0.4))
    for x, y, dx, dy in (
        (r.left(), r.top(), -1, -1),
        (r.right(), r.top(), 1, -1),
        (r.left(), r.bottom(), -1, 1),
        (r.right(), r.bottom(), 1, 1),
    ):
        painter.drawLine(QPointF(x + dx * 1 * MM, y), QPointF(x + dx * MARK, y))
        painter.drawLine(QPointF(x, y + dy * 1 * MM), QPointF(x, y + dy * MARK))


def _row_name(row: int) -> str:
    name = ""
    row += 1
    while row:
        row, rest = divmod(row - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


class PrintSetup(QDialog):
    """Fit to one sheet or tile; then Preview or Print."""

    PREVIEW = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print")
        start = PrintOptions.load()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.fit = QRadioButton("Fit the poster to one sheet")
        self.tile = QRadioButton("Tile the poster onto sheets, at its size")
        group = QButtonGroup(self)
        group.addButton(self.fit)
        group.addButton(self.tile)
        (self.tile if start.tiled else self.fit).setChecked(True)
        form.addRow(self.fit)
        form.addRow(self.tile)
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(0, 50)
        self.overlap.setSuffix(" mm")
        self.overlap.setValue(start.overlap_mm)
        form.addRow("Overlap:", self.overlap)
        try:
            poster = PosterOptions.load()
            size = poster.page()
            text = (
                f"Tiles follow the poster size chosen for export: {poster.paper}, "
                f"{size[0] / MM:.0f} × {size[1] / MM:.0f} mm."
            )
        except ValueError:
            text = ""
        note = QLabel(text)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        form.addRow(note)
        self.tile.toggled.connect(self.overlap.setEnabled)
        self.overlap.setEnabled(start.tiled)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button = QPushButton("Preview…")
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button = buttons.addButton("Print…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.preview_button.clicked.connect(lambda: self.done(self.PREVIEW))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def options(self) -> PrintOptions:
        return PrintOptions(self.tile.isChecked(), self.overlap.value())

    def done(self, result: int) -> None:
        if result:
            self.options().save()
        super().done(result)


def ask_print(printer: QPrinter, parent: QWidget) -> bool:
    """The platform's print dialog; True to print (tests replace this function)."""
    return QPrintDialog(printer, parent).exec() == QDialog.DialogCode.Accepted


def preview(printer: QPrinter, parent: QWidget, paint: object) -> QPrintPreviewDialog:
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.paintRequested.connect(paint)
    dialog.resize(1100, 800)
    return dialog


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    printer.setPageMargins(QMarginsF(5, 5, 5, 5), QPageLayout.Unit.Millimeter)
    return printer


def print_map(window: MainWindow, printer: QPrinter | None = None) -> PrintSetup:
    """Open the print setup (without blocking); Preview or Print follow from it."""
    setup = PrintSetup(window)
    printer = printer or new_printer()
    window.printer = printer  # type: ignore[attr-defined]  # kept for the window's lifetime

    def paint(target: QPrinter) -> None:
        _print_safely(window, target, setup.options())

    def finished(result: int) -> None:
        if result == PrintSetup.PREVIEW:
            dialog = preview(printer, window, paint)
            window.print_preview = dialog  # type: ignore[attr-defined]
            dialog.open()
        elif result == QDialog.DialogCode.Accepted and ask_print(printer, window):
            paint(printer)
        setup.deleteLater()

    setup.finished.connect(finished)
    window.print_setup = setup  # type: ignore[attr-defined]
    setup.open()
    return setup


def _print_safely(window: MainWindow, printer: QPrinter, options: PrintOptions) -> None:
    from app.ui import dialogs

    try:
        sheets = render(printer, window.view, window.journey.info.title, options)
    except (OSError, ValueError) as error:
        dialogs.show_error(window, "Print", f"The map could not be printed: {error}")
        return
    window.statusBar().showMessage(f"Printed {sheets} sheet{'s' if sheets != 1 else ''}", 4000)
