"""Reading the map back from a web page written by ``cjm export --html``.

The page carries the map's cjm-json in ``<script type="application/json"
id="cjm-map">``, with every ``<`` written as ``\\u003c`` so no text can close the
element. A page is untrusted input like any import: the file must be a regular file
of at most ``MAX_PAGE_BYTES``, hold exactly one such element, its text at most
``MAX_CARRIED_BYTES``; the JSON then goes through every check of the JSON import
(``json_form.map_from_json``). Errors are one line (FormatError); the page is never
changed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from app.export.json_form import MAX_CARRIED_BYTES, map_from_json
from app.model.codec import FormatError
from app.model.journey import JourneyMap
from app.model.paths import PathProblem, open_regular

#: The id of the element holding the map's cjm-json, and of the one holding the drawing.
MAP_ELEMENT_ID = "cjm-map"
VIEW_ELEMENT_ID = "cjm-view"
#: Biggest page read: the map, its drawing, fonts and photos, with room to spare.
MAX_PAGE_BYTES = 4 * MAX_CARRIED_BYTES

#: A script element's opening tag (attributes bounded: no scan to the end per "<script").
_OPENING = re.compile(rb"<script\b(?P<attributes>[^>]{0,4096})>", re.IGNORECASE)
_ID = re.compile(rb"""\bid\s*=\s*(?:"cjm-map"|'cjm-map'|cjm-map(?=[\s/>]|$))""", re.IGNORECASE)
_JSON_TYPE = re.compile(rb"""\btype\s*=\s*["']?application/json\b""", re.IGNORECASE)
_CLOSING = re.compile(rb"</script", re.IGNORECASE)
_TOO_LARGE = f"too large for a CJM Studio page (over {MAX_PAGE_BYTES // 2**20} MB)"


def read_page(path: str | Path) -> JourneyMap:
    """The map a web page carries; raises FormatError with the problem in one line."""
    try:
        with open_regular(path) as handle:  # refuses a FIFO or device without opening it
            if os.fstat(handle.fileno()).st_size > MAX_PAGE_BYTES:
                raise FormatError("", _TOO_LARGE)
            raw = handle.read(MAX_PAGE_BYTES + 1)
    except PathProblem as problem:
        raise FormatError("", str(problem)) from None
    if len(raw) > MAX_PAGE_BYTES:  # it grew while being read
        raise FormatError("", _TOO_LARGE)
    return map_from_json(carried_json(raw))


def carried_json(page: bytes) -> bytes:
    """The text of the page's one map element, as bytes; raises FormatError."""
    found: list[tuple[int, int]] = []
    for opening in _OPENING.finditer(page):
        attributes = opening.group("attributes")
        if not _ID.search(attributes):
            continue
        if not _JSON_TYPE.search(attributes):
            raise FormatError("", "the page's map element is not JSON data")
        closing = _CLOSING.search(page, opening.end())
        if closing is None:
            raise FormatError("", "the page's map element is not closed")
        found.append((opening.end(), closing.start()))
    if not found:
        raise FormatError(
            "", "holds no CJM Studio map (only pages exported by CJM Studio carry one)"
        )
    if len(found) > 1:
        raise FormatError("", "holds more than one map element; it was not written by CJM Studio")
    start, end = found[0]
    if end - start > MAX_CARRIED_BYTES:
        raise FormatError(
            "", f"the map it carries is too large (over {MAX_CARRIED_BYTES // 2**20} MB)"
        )
    return page[start:end].strip()
