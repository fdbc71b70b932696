"""The poster dialog's preview: the real poster, rasterised, with the tile grid over it.

The page is drawn by ``pdf.draw_poster`` (the code that writes the PDF: title
block, map with its lane names and emotion curves, legend, footer) into a PDF in
memory and rasterised by PDFium, as the PNG export does. A big map takes a second
or so, so that is done off the GUI thread, one picture at a time, and kept per
setting (paper size and what is included): going back to a setting is instant and
the tile options never redraw the poster. Until a new picture is ready the previous
one stays, marked "Updating preview…".
"""

from __future__ import annotations

import io
import itertools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable

import pypdfium2
import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QLabel, QWidget
from reportlab.pdfbase import pdfmetrics

from app.export import pdf
from app.export.fonts import REGULAR, register_fonts
from app.export.image_png import PDFIUM_LOCK
from app.export.pdf_tiles import TilePlan
from app.export.watermark import canvas_class
from app.model import palette
from app.model.journey import JourneyMap
from app.model.layout import Layout

#: The picture is rendered to fit this many pixels, then scaled to the widget.
RENDER_BOX = (1000, 720)
#: Pictures kept for settings visited before.
CACHE_SIZE = 8


def render_poster(
    journey: JourneyMap,
    page: tuple[float, float],
    paper_label: str,
    layout: Layout,
    box: tuple[int, int] = RENDER_BOX,
    draft: bool = False,
) -> QImage:
    """The poster page as ``pdf.draw_poster`` prints it, as a picture fitting ``box`` pixels
    (``draft``: with the DRAFT watermark).

    Safe off the GUI thread: it touches no widget and reads ``journey`` only.
    """
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        register_fonts()
    buffer = io.BytesIO()
    canvas = canvas_class(draft)(
        buffer, pagesize=page, initialFontName=REGULAR, initialFontSize=10, pageCompression=0
    )
    pdf.draw_poster(canvas, journey, page[0], page[1], paper_label, layout)
    canvas.showPage()
    canvas.save()
    scale = min(box[0] / page[0], box[1] / page[1])
    with PDFIUM_LOCK:  # an export may be using PDFium in another thread
        document = pypdfium2.PdfDocument(buffer.getvalue())
        try:
            pdf_page = document[0]
            bitmap = pdf_page.render(scale=scale, rev_byteorder=True, may_draw_forms=False)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGB888,
            ).copy()  # its own pixels: the bitmap's go with the document
            pdf_page.close()
        finally:
            document.close()
    return image


class _Bridge(QObject):
    """Carries finished pictures from worker threads to the GUI thread; lives as long as
    the app, so a late picture never reaches a deleted object."""

    delivered = Signal(int, object, object, str)


_BRIDGE: list[_Bridge] = []
_RENDERERS: weakref.WeakValueDictionary[int, PosterRenderer] = weakref.WeakValueDictionary()
_NUMBERS = itertools.count()


def _bridge() -> _Bridge:
    if not _BRIDGE:
        _BRIDGE.append(_Bridge())
        _BRIDGE[0].delivered.connect(_deliver)
    return _BRIDGE[0]


def _deliver(number: int, key: Hashable, image: QImage | None, error: str) -> None:
    renderer = _RENDERERS.get(number)
    if renderer is not None and shiboken6.isValid(renderer):  # its dialog may be closed
        renderer._done(key, image, error)


class PosterRenderer(QObject):
    """Renders pictures one at a time in a worker thread and keeps the last few.

    ``request`` answers a kept picture at once, or starts (or queues, replacing any
    queued one) its rendering and ``ready`` is emitted with its key when it is done.
    """

    ready = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: OrderedDict[Hashable, QImage] = OrderedDict()
        self.errors: dict[Hashable, str] = {}
        self._running: Hashable | None = None
        self._queued: tuple[Hashable, Callable[[], QImage]] | None = None
        self._number = next(_NUMBERS)
        _RENDERERS[self._number] = self
        _bridge()  # made here, on the GUI thread

    def get(self, key: Hashable) -> QImage | None:
        image = self._cache.get(key)
        if image is not None:
            self._cache.move_to_end(key)
        return image

    def busy(self) -> bool:
        return self._running is not None

    def request(self, key: Hashable, job: Callable[[], QImage]) -> QImage | None:
        image = self.get(key)
        if image is not None or key in self.errors:
            return image
        if self._running is None:
            self._start(key, job)
        elif self._running != key:
            self._queued = (key, job)
        else:
            self._queued = None
        return None

    def _start(self, key: Hashable, job: Callable[[], QImage]) -> None:
        self._running = key
        number, bridge = self._number, _bridge()

        def run() -> None:
            image: QImage | None = None
            error = ""
            try:
                image = job()
            except Exception as problem:  # shown in the dialog, never a traceback
                error = str(problem) or type(problem).__name__
            # Through the app-long bridge, never through the renderer itself: the dialog
            # (and its renderer) may be gone by now, and its address reused.
            bridge.delivered.emit(number, key, image, error)  # queued to the GUI thread

        threading.Thread(target=run, name="cjm-poster-preview", daemon=True).start()

    def _done(self, key: Hashable, image: QImage | None, error: str) -> None:
        self._running = None
        if image is not None:
            self._cache[key] = image
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self.errors[key] = error
        queued, self._queued = self._queued, None
        if queued is not None and queued[0] not in self._cache:
            self._start(*queued)
        self.ready.emit(key)


class PosterPreview(QWidget):
    """The page in miniature, as printed, with the sheets of a tiled print drawn over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(460, 320)
        self.page: tuple[float, float] = (1.0, 1.0)
        self.plan: TilePlan | None = None
        #: The poster's picture, the page size it was drawn for and its settings' key.
        self.image: QImage | None = None
        self.image_page: tuple[float, float] = (1.0, 1.0)
        self.image_key: Hashable | None = None
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet(
            "background: rgba(255, 255, 255, 220); color: #333333; padding: 3px 6px;"
        )
        self.note.move(8, 8)
        self.note.hide()

    def set_image(self, image: QImage, page: tuple[float, float], key: Hashable) -> None:
        self.image, self.image_page, self.image_key = image, page, key
        self.update()

    def set_note(self, text: str) -> None:
        """A note over the picture ("Updating preview…"); none when ``text`` is empty."""
        self.note.setText(text)
        self.note.adjustSize()
        self.note.setVisible(bool(text))

    def page_rect(self) -> tuple[float, float, float]:
        """(x, y, scale): where the page's top-left is drawn and pixels per point."""
        width, height = self.page
        # Room for the whole tile grid too: the last sheets reach past the poster's edge.
        reach_w, reach_h = width, height
        if self.plan is not None:
            reach_w = max(width, (self.plan.columns - 1) * self.plan.step[0] + self.plan.content[0])
            reach_h = max(height, (self.plan.rows - 1) * self.plan.step[1] + self.plan.content[1])
        k = min((self.width() - 20) / reach_w, (self.height() - 20) / reach_h)
        return (self.width() - reach_w * k) / 2, (self.height() - reach_h * k) / 2, k

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#d9d9d9"))
        width, height = self.page
        x0, y0, k = self.page_rect()
        page = QRectF(x0, y0, width * k, height * k)
        painter.fillRect(page, QColor(palette.PAPER))
        if self.image is not None:
            # An older picture (another paper) keeps its proportions until the new one comes.
            iw, ih = self.image_page
            fit = min(width / iw, height / ih) if self.image_page != self.page else 1.0
            painter.drawImage(QRectF(x0, y0, iw * fit * k, ih * fit * k), self.image)
        painter.setPen(QPen(QColor("#888888"), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(page)
        if self.plan is not None:
            self._tiles(painter, x0, y0, k)
        painter.end()

    def _tiles(self, painter: QPainter, x0: float, y0: float, k: float) -> None:
        """Each sheet's printed part where ``pdf_tiles`` cuts it: sheet (row, column) shows
        the poster from (column, row) times the step, measured from its top-left."""
        plan = self.plan
        assert plan is not None
        content_w, content_h = plan.content
        step_w, step_h = plan.step
        painter.setPen(QPen(QColor("#c62828"), 1, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for row in range(plan.rows):
            for column in range(plan.columns):
                painter.drawRect(
                    QRectF(
                        x0 + column * step_w * k,
                        y0 + row * step_h * k,
                        content_w * k,
                        content_h * k,
                    )
                )
