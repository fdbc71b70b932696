"""The cjm-json file: a whole map as diff-friendly JSON (see docs/file-format.md)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app.export.output import write_atomically
from app.model.codec import FormatError, map_from_dict, map_to_dict
from app.model.codec_comments import document_from_dict, with_threads
from app.model.codec_document import document_to_dict
from app.model.document import CommentThread, MapDocument
from app.model.journey import JourneyMap
from app.model.paths import PathProblem, open_regular

#: Biggest JSON file ``read_json`` accepts.
MAX_JSON_BYTES = 256 * 1024 * 1024
#: Biggest cjm-json carried inside another file (a web page, a poster PDF) and read back.
MAX_CARRIED_BYTES = 64 * 1024 * 1024


def dumps(journey: JourneyMap, comments: Iterable[CommentThread] = ()) -> str:
    """The map as JSON text: sorted as in the map, two-space indent, UTF-8 characters kept;
    with ``comments`` (the document's threads), those on the map go under "comments"."""
    plain = with_threads(map_to_dict(journey), comments)
    return json.dumps(plain, ensure_ascii=False, indent=2) + "\n"


def document_dumps(document: MapDocument) -> str:
    """The whole document as JSON text: the current map with its comments, then its
    future state, counterpart links and snapshots when it has them (``codec_document``)."""
    return json.dumps(document_to_dict(document), ensure_ascii=False, indent=2) + "\n"


def export_document_json(document: MapDocument, path: str | Path) -> None:
    """Write the whole document as cjm-json: nothing of the file is lost in a JSON round trip."""
    text = document_dumps(document)

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    write_atomically(path, write)


def export_json(
    journey: JourneyMap, path: str | Path, *, comments: Iterable[CommentThread] = ()
) -> None:
    text = dumps(journey, comments)

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    write_atomically(path, write)


def compact(journey: JourneyMap) -> str:
    """The map's cjm-json on one line, for carrying inside another file (a web page, a PDF)."""
    return json.dumps(map_to_dict(journey), ensure_ascii=False, separators=(",", ":"))


def read_json(path: str | Path) -> JourneyMap:
    """A map from a cjm-json file; raises FormatError naming the bad value's path.

    Its comments, if it has any, are checked and left aside (``read_json_document``).
    """
    return read_json_document(path).current


def read_json_document(path: str | Path) -> MapDocument:
    """A new document from a cjm-json file: the map, its comment threads, and its future
    state, counterpart links and snapshots when the file has them."""
    try:
        with open_regular(path) as handle:  # refuses a FIFO or device without opening it
            if os.fstat(handle.fileno()).st_size > MAX_JSON_BYTES:
                raise FormatError("", "file is too large for a map")
            raw = handle.read()
    except PathProblem as problem:
        raise FormatError("", str(problem)) from None
    return document_from_dict(plain_from_json(raw))


def map_from_json(raw: bytes) -> JourneyMap:
    """A map from cjm-json bytes, with every check of the JSON import.

    Raises FormatError: not UTF-8, not JSON, nested too deeply, a number too long,
    or (naming the path) a value the map's rules refuse.
    """
    return map_from_dict(plain_from_json(raw))


def plain_from_json(raw: bytes) -> Any:
    """The plain data of cjm-json bytes; FormatError if they are not UTF-8 JSON."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FormatError("", "UTF-16 text; save it as UTF-8 and import that")
    try:
        # A byte-order mark, as some Windows editors write, is not part of the JSON.
        data = json.loads(raw.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError as error:
        raise FormatError("", f"not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise FormatError(
            "", f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise FormatError("", "not valid JSON: nested too deeply") from None
    except ValueError as error:  # a number of thousands of digits: say so, not echo it
        if "digits" not in str(error):
            raise
        raise FormatError(
            "", f"not valid JSON: a number has more than {sys.get_int_max_str_digits()} digits"
        ) from None
    return data
