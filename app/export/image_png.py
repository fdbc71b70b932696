"""The map as a PNG picture, drawn exactly as the poster draws it, without Qt.

The map is drawn once into a PDF page by the poster's own painter
(``pdf_poster.MapPainter``: same layout, fonts and colours), and that page is
rasterised by PDFium (the ``pypdfium2`` wheel, which carries its own library: no
external program, on any platform). A big map at a high resolution is far larger
than memory allows in one piece (5,000 cards at 150 dpi is about 8,600 x 38,900
pixels), so the page is rendered in bands and the PNG is written as they come,
compressed row by row. The PNG records its resolution (pHYs), so programs that
place it (Word, PowerPoint) size it as printed.
"""

from __future__ import annotations

import struct
import threading
import zlib
from collections.abc import Collection
from pathlib import Path
from typing import BinaryIO

import pypdfium2

from app.export.image_map import MARGIN, image_layout, image_size, selected_map
from app.export.output import ExportError, write_atomically
from app.export.pdf import new_canvas
from app.export.pdf_poster import MapPainter
from app.export.progress import Progress, report, scaled
from app.export.style import colour
from app.model import palette
from app.model.journey import JourneyMap
from app.model.layout import Layout

MIN_DPI = 96
MAX_DPI = 600
#: A side longer than this many pixels is refused (viewers and PNG libraries give up).
MAX_SIDE_PX = 100_000
#: PDF readers (PDFium too) refuse pages over 200 inches a side; a bigger map is drawn
#: smaller on the page and rendered that much finer.
_MAX_PAGE_PT = 14_000.0
#: The height of one rendered band, in pixels: about 50 MB of RGB at 8,600 pixels wide.
_BAND_PX = 2048


def export_png(
    journey: JourneyMap,
    path: str | Path,
    dpi: int = 150,
    card_ids: Collection[str] | None = None,
    progress: Progress | None = None,
    draft: bool = False,
) -> tuple[int, int]:
    """Write the map (or only ``card_ids``) as a PNG at ``dpi`` (96-600); returns its
    size in pixels; ``draft``: with the DRAFT watermark. Raises ExportError for a
    resolution out of range or a picture too big, ExportCancelled when ``progress``
    answers False (no file is left)."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ExportError(f"the resolution must be {MIN_DPI} to {MAX_DPI} dpi, not {dpi}")
    return render_png(journey, path, dpi / 72.0, card_ids, progress, dpi=dpi, draft=draft)


def render_png(
    journey: JourneyMap,
    path: str | Path,
    pixels_per_point: float,
    card_ids: Collection[str] | None = None,
    progress: Progress | None = None,
    dpi: float | None = None,
    layout: Layout | None = None,
    draft: bool = False,
) -> tuple[int, int]:
    """``export_png`` at any scale (the deck's overview picture is smaller than 96 dpi);
    ``layout``, the whole map's poster layout if the caller has it already."""
    shown = selected_map(journey, card_ids)
    if layout is None or card_ids is not None:
        layout = image_layout(shown)
    width_pt, height_pt = image_size(layout)
    size = round(width_pt * pixels_per_point), round(height_pt * pixels_per_point)
    if max(size) > MAX_SIDE_PX:
        raise ExportError(
            f"the picture would be {size[0]:,} x {size[1]:,} pixels; "
            "choose a lower resolution or fewer cards"
        )
    report(progress, 0.0)

    def write(temp: Path) -> None:
        page = temp.with_name(temp.name + ".pdf")
        try:
            fit = _draw_page(shown, layout, page, draft)
            report(progress, 0.2)
            with PDFIUM_LOCK:
                _rasterise(
                    page, temp, size, pixels_per_point / fit, dpi, scaled(progress, 0.2, 1.0)
                )
        finally:
            page.unlink(missing_ok=True)

    write_atomically(path, write)
    return size


def _draw_page(journey: JourneyMap, layout: Layout, path: Path, draft: bool = False) -> float:
    """The map alone on a PDF page, as the poster draws it; returns the page's scale."""
    width, height = image_size(layout)
    fit = min(1.0, _MAX_PAGE_PT / max(width, height))
    page = (width * fit, height * fit)
    canvas = new_canvas(path, page, journey, "Journey map picture", draft)
    canvas.setFillColor(colour(palette.PAPER))
    canvas.rect(0, 0, *page, stroke=0, fill=1)
    canvas.saveState()  # the watermark (a draft) is drawn on the page as it ends
    canvas.translate(MARGIN * fit, (height - MARGIN) * fit)
    canvas.scale(fit, fit)
    MapPainter(canvas, journey, layout).draw()
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return fit


#: PDFium is not thread-safe: every use of it (exports in worker threads, the poster
#: dialog's preview) holds this lock.
PDFIUM_LOCK = threading.Lock()


def _rasterise(
    pdf: Path,
    target: Path,
    size: tuple[int, int],
    scale: float,
    dpi: float | None,
    progress: Progress | None,
) -> None:
    """Render the page band by band into a PNG of ``size`` pixels (PDFium lock held)."""
    width, height = size
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        page = document[0]
        page_height = page.get_height() * scale  # in pixels at this scale
        with target.open("wb") as out:
            png = _PngWriter(out, width, height, dpi)
            top = 0
            while top < height:
                rows = min(_BAND_PX, height - top)
                # crop is (left, bottom, right, top) in points trimmed from each side.
                bottom_cut = max(page_height - top - rows, 0.0) / scale
                bitmap = page.render(
                    scale=scale,
                    crop=(0, bottom_cut, 0, top / scale),
                    rev_byteorder=True,  # RGB, as PNG stores it
                    may_draw_forms=False,
                )
                png.rows(bitmap.buffer, bitmap.stride, min(rows, bitmap.height), width)
                top += rows
                report(progress, top / height)
            png.finish()
        page.close()
    finally:
        document.close()


class _PngWriter:
    """An 8-bit RGB PNG written a band of rows at a time (IDAT chunks as they fill)."""

    def __init__(self, out: BinaryIO, width: int, height: int, dpi: float | None) -> None:
        self._out = out
        self._width, self._height, self._written = width, height, 0
        self._zip = zlib.compressobj(6)
        out.write(b"\x89PNG\r\n\x1a\n")
        self._chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        if dpi:
            per_metre = round(dpi / 0.0254)
            self._chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))

    def _chunk(self, kind: bytes, data: bytes) -> None:
        self._out.write(struct.pack(">I", len(data)) + kind + data)
        self._out.write(struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)) & 0xFFFFFFFF))

    def rows(self, buffer: object, stride: int, count: int, width: int) -> None:
        """Add ``count`` rows from a bitmap ``buffer`` whose rows are ``stride`` bytes."""
        view = memoryview(buffer).cast("B")  # type: ignore[arg-type]
        count = min(count, self._height - self._written)
        row = width * 3
        # Filter "none" (0) before each row; a white row compresses to almost nothing.
        raw = b"".join(
            b"\x00" + view[line * stride : line * stride + row].tobytes() for line in range(count)
        )
        self._written += count
        data = self._zip.compress(raw)
        if data:
            self._chunk(b"IDAT", data)

    def finish(self) -> None:
        if self._written < self._height:  # never a short picture, whatever PDFium gave
            blank = (b"\x00" + b"\xff" * self._width * 3) * (self._height - self._written)
            self._chunk(b"IDAT", self._zip.compress(blank))
        self._chunk(b"IDAT", self._zip.flush())
        self._chunk(b"IEND", b"")
        if self._written > self._height:
            raise ExportError("the picture came out larger than planned")
