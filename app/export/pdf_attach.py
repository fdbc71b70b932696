"""The map inside its poster: its cjm-json attached to the PDF, and read back from it.

A poster (and the poster tiled) carries the map's cjm-json as an embedded file,
``journey-map.cjm.json``, in the document's ``EmbeddedFiles`` name tree: PDF
readers list it under attachments, and ``cjm import poster.pdf new.cjm`` or a PDF
dropped on the app gives the map back. ReportLab has no call for attachments, so the
file specification and its compressed stream are made with its PDF objects.

Reading treats the PDF as untrusted input: a regular file of at most
``MAX_PDF_BYTES``, parsed by pypdf (pure Python, with its own limits on every
decompression), exactly one attachment of that name, at most ``MAX_CARRIED_BYTES``;
the JSON then goes through every check of the JSON import. Any failure is one
FormatError line; the PDF is never changed.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

from app.export.json_form import MAX_CARRIED_BYTES, compact, map_from_json
from app.model.codec import FormatError
from app.model.journey import JourneyMap
from app.model.paths import PathProblem, open_regular

#: The attachment's file name: what PDF readers show, and what the import looks for.
ATTACHMENT_NAME = "journey-map.cjm.json"
#: Biggest PDF read back: a poster with its fonts, photos and the map, with room to spare.
MAX_PDF_BYTES = 8 * MAX_CARRIED_BYTES
_DESCRIPTION = "The CJM Studio map of this poster (cjm-json): cjm import this.pdf map.cjm"


def attach_map(canvas: Canvas, journey: JourneyMap) -> bool:
    """Attach ``journey``'s cjm-json to the document ``canvas`` writes; call before ``save``.

    Returns False, attaching nothing, when the map is too large to be read back.
    """
    data = compact(journey).encode("utf-8")
    if len(data) > MAX_CARRIED_BYTES:
        return False
    attach_data(canvas, data)
    return True


def attach_data(canvas: Canvas, data: bytes) -> None:
    """Attach ``data`` as the map attachment (``attach_map``; tests attach other bytes)."""
    document = canvas._doc
    stream = PDFStream(
        PDFDictionary(
            {
                "Type": PDFName("EmbeddedFile"),
                "Subtype": "/application#2Fjson",  # PDFName() would leave the "/" as is
                "Params": PDFDictionary({"Size": len(data)}),
                "Filter": PDFArray([PDFName("FlateDecode")]),
            }
        ),
        content=zlib.compress(data, 6),
        filters=[],
    )
    specification = PDFDictionary(
        {
            "Type": PDFName("Filespec"),
            "F": PDFString(ATTACHMENT_NAME),
            "UF": PDFString(ATTACHMENT_NAME),
            "Desc": PDFString(_DESCRIPTION),
            "EF": PDFDictionary({"F": document.Reference(stream)}),
        }
    )
    names = PDFArray([PDFString(ATTACHMENT_NAME), document.Reference(specification)])
    document.Catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": names})})


def read_pdf_map(path: str | Path) -> JourneyMap:
    """The map a poster PDF carries; raises FormatError with the problem in one line."""
    try:
        with open_regular(path) as handle:  # refuses a FIFO or device without opening it
            if os.fstat(handle.fileno()).st_size > MAX_PDF_BYTES:
                raise FormatError("", _TOO_LARGE)
            raw = handle.read(MAX_PDF_BYTES + 1)
    except PathProblem as problem:
        raise FormatError("", str(problem)) from None
    if len(raw) > MAX_PDF_BYTES:
        raise FormatError("", _TOO_LARGE)
    if b"%PDF-" not in raw[:1024]:  # readers allow some bytes before the header
        raise FormatError("", "not a PDF file")
    return map_from_json(attached_json(raw))


_TOO_LARGE = f"too large for a CJM Studio poster (over {MAX_PDF_BYTES // 2**20} MB)"
_CARRIED_TOO_LARGE = f"the map it carries is too large (over {MAX_CARRIED_BYTES // 2**20} MB)"


def attached_json(pdf: bytes) -> bytes:
    """The bytes of the PDF's one map attachment; raises FormatError."""
    from pypdf import PdfReader  # read only here: the app starts without it
    from pypdf.errors import LimitReachedError

    try:
        with _quiet():
            reader = PdfReader(io.BytesIO(pdf), strict=False)
            found = [entry for entry in reader.attachment_list if entry.name == ATTACHMENT_NAME]
            if len(found) > 1:
                raise FormatError("", "holds more than one CJM Studio map")
            data = found[0].content if found else None
    except FormatError:
        raise
    except (LimitReachedError, MemoryError):
        raise FormatError("", _CARRIED_TOO_LARGE) from None
    except Exception as error:  # the PDF library failing on this file: it cannot be read
        raise FormatError("", f"not a PDF this version can read ({_reason(error)})") from None
    if data is None:
        raise FormatError(
            "", "holds no CJM Studio map (only posters exported by CJM Studio carry one)"
        )
    if len(data) > MAX_CARRIED_BYTES:
        raise FormatError("", _CARRIED_TOO_LARGE)
    return bytes(data)


def _reason(error: Exception) -> str:
    """A short, one-line reason from the PDF library's error."""
    text = " ".join(str(error).split())[:120]
    return text or type(error).__name__


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pypdf reports oddities of a damaged file as log records and warnings: the import
    reports its own one line instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
