"""The cjm-json file: a whole map as diff-friendly JSON (see docs/file-format.md)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from app.export.output import write_atomically
from app.model.codec import FormatError, map_from_dict, map_to_dict
from app.model.journey import JourneyMap
from app.model.paths import PathProblem, open_regular

#: Biggest JSON file ``read_json`` accepts.
MAX_JSON_BYTES = 256 * 1024 * 1024


def dumps(journey: JourneyMap) -> str:
    """The map as JSON text: sorted as in the map, two-space indent, UTF-8 characters kept."""
    return json.dumps(map_to_dict(journey), ensure_ascii=False, indent=2) + "\n"


def export_json(journey: JourneyMap, path: str | Path) -> None:
    text = dumps(journey)

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    write_atomically(path, write)


def read_json(path: str | Path) -> JourneyMap:
    """A map from a cjm-json file; raises FormatError naming the bad value's path."""
    try:
        with open_regular(path) as handle:  # refuses a FIFO or device without opening it
            if os.fstat(handle.fileno()).st_size > MAX_JSON_BYTES:
                raise FormatError("", "file is too large for a map")
            raw = handle.read()
    except PathProblem as problem:
        raise FormatError("", str(problem)) from None
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
    return map_from_dict(data)
