"""The cjm-json file: a whole map as diff-friendly JSON (see docs/file-format.md)."""

from __future__ import annotations

import json
from pathlib import Path

from app.export.output import write_atomically
from app.model.codec import FormatError, map_from_dict, map_to_dict
from app.model.journey import JourneyMap

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
    path = Path(path)
    if path.stat().st_size > MAX_JSON_BYTES:
        raise FormatError("", "file is too large for a map")
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise FormatError("", f"not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise FormatError(
            "", f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise FormatError("", "not valid JSON: nested too deeply") from None
    return map_from_dict(data)
