"""The parts of a document beside its map in cjm-json: future state, links, snapshots.

A JSON export of a whole document carries, besides the current map and its
comments (``codec_comments``), only the parts the document has, so a map alone
gives the same text as before:

    "future": {<a whole map, as the current one>},
    "counterparts": [{"current": "<element id>", "future": "<element id>"}],
    "answers": [{"future": "<future card id>", "current": "<current pain point id>"}],
    "snapshots": [{"id": "...", "name": "After workshop 1", "taken": "<ISO time>",
                   "author": "Ana", "base": null, "data": {<the stored form>}}]

A snapshot's ``data`` is what the file stores, uncompressed: a whole map when
``base`` is null, else the changes from the snapshot ``base`` names
(``app.model.snapshots``). Comment threads on the future map carry
``"map": "future"``. Reading checks every value and names the path of a bad one.
"""

from __future__ import annotations

from typing import Any

from app.model.codec import map_to_dict
from app.model.codec_comments import COMMENTS_KEY, threads_from_plain, threads_to_plain
from app.model.codec_read import FormatError, _Obj, map_from_dict, parse_datetime
from app.model.document import FUTURE, Answer, Counterpart, MapDocument, Snapshot
from app.model.errors import ModelError
from app.model.snapshots import pack, unpack

FUTURE_KEY, LINKS_KEY, SNAPSHOTS_KEY = "future", "counterparts", "snapshots"
ANSWERS_KEY = "answers"
#: Every top-level key a document adds to its current map's plain form.
DOCUMENT_KEYS = (COMMENTS_KEY, FUTURE_KEY, LINKS_KEY, ANSWERS_KEY, SNAPSHOTS_KEY)
_SNAPSHOT_KEYS = {"id", "name", "taken", "author", "base", "data"}


def document_to_dict(document: MapDocument) -> dict[str, Any]:
    """The whole document as plain data: the current map, then the parts it has."""
    plain = map_to_dict(document.current)
    threads = threads_to_plain(document.threads)
    if threads:
        plain[COMMENTS_KEY] = threads
    if document.future is not None:
        plain[FUTURE_KEY] = map_to_dict(document.future)
        future_threads = threads_to_plain(document.threads, role=FUTURE)
        if future_threads:
            plain[FUTURE_KEY][COMMENTS_KEY] = future_threads
    if document.counterparts:
        plain[LINKS_KEY] = [
            {"current": link.current_id, "future": link.future_id} for link in document.counterparts
        ]
    if document.answers:
        plain[ANSWERS_KEY] = [
            {"future": answer.future_card_id, "current": answer.current_card_id}
            for answer in document.answers
        ]
    if document.snapshots:
        plain[SNAPSHOTS_KEY] = [_snapshot_to_plain(snapshot) for snapshot in document.snapshots]
    return plain


def _snapshot_to_plain(snapshot: Snapshot) -> dict[str, Any]:
    try:
        data = unpack(snapshot.data)
    except (ValueError, RecursionError) as error:
        raise ModelError(f"snapshot {snapshot.name!r} cannot be read: {error}") from None
    return {
        "id": snapshot.id,
        "name": snapshot.name,
        "taken": snapshot.taken.isoformat(),
        "author": snapshot.author,
        "base": snapshot.base,
        "data": data,
    }


def document_from_dict(data: Any) -> MapDocument:
    """A new document from its plain form (a map alone is a document too); FormatError."""
    if not isinstance(data, dict):
        return MapDocument(map_from_dict(data))
    rest = {key: value for key, value in data.items() if key not in DOCUMENT_KEYS}
    threads = threads_from_plain(data[COMMENTS_KEY]) if COMMENTS_KEY in data else []
    future = None
    if FUTURE_KEY in data:
        future_plain = data[FUTURE_KEY]
        if not isinstance(future_plain, dict):
            raise FormatError(FUTURE_KEY, "expected an object (a map)")
        if COMMENTS_KEY in future_plain:
            path = f"{FUTURE_KEY}.{COMMENTS_KEY}"
            threads += threads_from_plain(future_plain[COMMENTS_KEY], path, role=FUTURE)
        future = _map_at(FUTURE_KEY, {k: v for k, v in future_plain.items() if k != COMMENTS_KEY})
    links = _links(data.get(LINKS_KEY, []))
    answers = _answers(data.get(ANSWERS_KEY, []))
    snapshots = _snapshots(data.get(SNAPSHOTS_KEY, []))
    current = map_from_dict(rest)
    try:
        return MapDocument(
            current, future=future, counterparts=links, snapshots=snapshots, threads=threads,
            answers=answers,
        )
    except ModelError as error:
        raise FormatError("", str(error)) from None


def _map_at(path: str, plain: Any) -> Any:
    try:
        return map_from_dict(plain)
    except FormatError as error:
        raise FormatError(f"{path}.{error.path}" if error.path else path, error.problem) from None


def _links(value: Any) -> list[Counterpart]:
    if not isinstance(value, list):
        raise FormatError(LINKS_KEY, "expected a list")
    links = []
    for index, item in enumerate(value):
        path = f"{LINKS_KEY}[{index}]"
        obj = _Obj(item, path, {"current", "future"})
        links.append(Counterpart(obj.get("current", str), obj.get("future", str)))
    return links


def _answers(value: Any) -> list[Answer]:
    if not isinstance(value, list):
        raise FormatError(ANSWERS_KEY, "expected a list")
    answers = []
    for index, item in enumerate(value):
        obj = _Obj(item, f"{ANSWERS_KEY}[{index}]", {"future", "current"})
        answers.append(Answer(obj.get("future", str), obj.get("current", str)))
    return answers


def _snapshots(value: Any) -> list[Snapshot]:
    if not isinstance(value, list):
        raise FormatError(SNAPSHOTS_KEY, "expected a list")
    snapshots = []
    for index, item in enumerate(value):
        obj = _Obj(item, f"{SNAPSHOTS_KEY}[{index}]", _SNAPSHOT_KEYS)
        base = obj.get("base", str, None)
        data = obj.get("data", dict)
        name, author, snapshot_id = obj.text("name", None), obj.text("author"), obj.text("id", None)
        taken = parse_datetime(obj.get("taken", str), obj.at("taken"))
        snapshots.append(Snapshot(name, pack(data), snapshot_id, taken, author, base))
    return snapshots
