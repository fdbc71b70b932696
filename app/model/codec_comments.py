"""Comment threads in the plain (cjm-json) form, and a whole document's plain form.

The JSON export carries the threads on the current map under a top-level
``"comments"`` key, only when there are some (a map without comments gives the
same text as before), so older files read as they always did:

    "comments": [{"id": "...", "element": "<element id, or empty for the map>",
                  "resolved": false,
                  "comments": [{"id": "...", "author": "Ana",
                                "written": "2026-05-01T09:00:00+00:00", "text": "..."}]}]

``document_from_dict`` reads a map with its threads and names the path of a bad
value (``comments[2].comments[0].text: ...``), like the map's own reader.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.model.codec_read import FormatError, _Obj, parse_datetime
from app.model.comments import MAX_COMMENT_LENGTH
from app.model.document import CURRENT, Comment, CommentThread, MapDocument
from app.model.rules import id_problem, text_problem

#: The top-level key of the threads in a cjm-json file.
COMMENTS_KEY = "comments"
_THREAD_KEYS = {"id", "element", "resolved", "comments"}
_COMMENT_KEYS = {"id", "author", "written", "text"}


def threads_to_plain(
    threads: Iterable[CommentThread], role: str = CURRENT
) -> list[dict[str, Any]]:
    """The threads on one map (``role``) as plain data, in the order they were started."""
    return [
        {
            "id": thread.id,
            "element": thread.element_id,
            "resolved": thread.resolved,
            "comments": [
                {"id": c.id, "author": c.author, "written": c.written.isoformat(), "text": c.text}
                for c in thread.comments
            ],
        }
        for thread in threads
        if thread.map_role == role
    ]


def with_threads(plain: dict[str, Any], threads: Iterable[CommentThread]) -> dict[str, Any]:
    """A plain map with the threads added (the map unchanged when there are none)."""
    listed = threads_to_plain(threads)
    return {**plain, COMMENTS_KEY: listed} if listed else plain


def threads_from_plain(
    value: Any, path: str = COMMENTS_KEY, role: str = CURRENT
) -> list[CommentThread]:
    """Threads from their plain form; FormatError naming the path of the first bad value."""
    if not isinstance(value, list):
        raise FormatError(path, "expected a list")
    threads = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        obj = _Obj(item, f"{path}[{i}]", _THREAD_KEYS)
        thread_id = _id(obj, seen)
        element = obj.text("element")
        if element and id_problem(element):
            raise FormatError(obj.at("element"), f"the element id {id_problem(element)}")
        comments = [_comment(value, obj.at(f"comments[{j}]"), seen)
                    for j, value in enumerate(obj.items("comments"))]
        if not comments:
            raise FormatError(obj.at("comments"), "a thread needs at least one comment")
        threads.append(CommentThread(element, tuple(comments), thread_id, role,
                                     obj.flag("resolved")))
    return threads


def _comment(value: Any, path: str, seen: set[str]) -> Comment:
    obj = _Obj(value, path, _COMMENT_KEYS)
    comment_id = _id(obj, seen)
    text = obj.text("text", None)
    author = obj.text("author")
    for key, found in (("text", text), ("author", author)):
        problem = text_problem(found)
        if problem:
            raise FormatError(obj.at(key), problem)
    if len(text) > MAX_COMMENT_LENGTH:
        raise FormatError(obj.at("text"), f"a comment has at most {MAX_COMMENT_LENGTH:,} "
                                          "characters")
    written = parse_datetime(obj.get("written", str), obj.at("written"))
    return Comment(author, text, comment_id, written)


def _id(obj: _Obj, seen: set[str]) -> str:
    value = obj.get("id", str)
    problem = id_problem(value)
    if problem:
        raise FormatError(obj.at("id"), problem)
    if value in seen:
        raise FormatError(obj.at("id"), f"duplicate id {value!r}")
    seen.add(value)
    return str(value)


def document_from_dict(data: Any) -> MapDocument:
    """A new document from its plain form (``codec_document``: future, links, snapshots)."""
    from app.model.codec_document import document_from_dict as whole_document

    return whole_document(data)
