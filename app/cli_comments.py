"""`cjm comment`, `cjm comments` and `cjm elements`: comment threads from the command line.

    cjm elements MAP.cjm [--json]               every element a comment can be on, with its id
    cjm comment MAP.cjm --on ELEMENT_ID --text TEXT [--author NAME]   start a thread
    cjm comment MAP.cjm --reply-to THREAD --text TEXT [--author NAME] reply
    cjm comment MAP.cjm --resolve THREAD | --reopen THREAD
    cjm comments MAP.cjm [--json] [--open]      list the threads, with their replies

``--on map`` is the map itself. A thread is named by its id or the first 8 (at least 4)
characters of it, as ``cjm comments`` shows them. The author is ``--author``, else the
name of the account running the command. Writing keeps the app's save rules (the
open-once lock, the one backup), like every command that writes a map.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC
from pathlib import Path
from typing import Any

from app.cli import CommandError, _holding
from app.model.commands.comments import AddThread, Reply, SetResolved
from app.model.comments import (
    MAP_ELEMENT,
    Element,
    element_of,
    elements,
    find_element,
    find_thread,
    shown_author,
    system_user_name,
)
from app.model.document import CURRENT, FUTURE, Comment, CommentThread, MapDocument
from app.model.errors import ModelError
from app.model.store import open_document, open_map
from app.model.store.workspace import save_with_backup

#: How many characters of a thread's id the listing shows (enough to name it).
CODE_LENGTH = 8
#: What ``--on`` takes for the map itself.
MAP_WORD = "map"


def add_comment_commands(commands: Any) -> None:
    """Add ``comment``, ``comments`` and ``elements`` to the ``cjm`` subcommands."""
    comment = commands.add_parser(
        "comment", help="comment on an element of a map, reply, resolve or reopen a thread"
    )
    comment.add_argument("map", type=Path, metavar="MAP.cjm")
    target = comment.add_mutually_exclusive_group(required=True)
    target.add_argument("--on", metavar="ELEMENT_ID",
                        help="start a thread on this element ('map': the map itself)")
    target.add_argument("--reply-to", metavar="THREAD_ID", help="reply in this thread")
    target.add_argument("--resolve", metavar="THREAD_ID", help="resolve this thread")
    target.add_argument("--reopen", metavar="THREAD_ID", help="reopen this thread")
    comment.add_argument("--text", metavar="TEXT", help="the comment (plain text)")
    comment.add_argument("--future", action="store_true",
                         help="--on names an element of the future state")  # fmt: skip
    comment.add_argument("--author", metavar="NAME",
                         help="who writes it (default: the account's user name)")
    comment.set_defaults(handler=_comment)

    listing = commands.add_parser("comments", help="list a map's comment threads")
    listing.add_argument("map", type=Path, metavar="MAP.cjm")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--open", action="store_true", help="only threads not resolved")
    listing.add_argument("--future", action="store_true",
                         help="only the threads on the future state")  # fmt: skip
    listing.set_defaults(handler=_comments)

    export = commands.choices.get("export")
    if export is not None:
        export.add_argument(
            "--comments",
            action="store_true",
            help="with --handout: add a Comments section (a JSON file and a workbook carry "
            "the comments unless --client-safe)",
        )

    found = commands.add_parser("elements", help="list a map's elements with their ids")
    found.add_argument("map", type=Path, metavar="MAP.cjm")
    found.add_argument("--json", action="store_true", help="print JSON")
    found.add_argument("--future", action="store_true", help="the future state's elements")
    found.set_defaults(handler=_elements)


# ---------------------------------------------------------------------- writing
def _comment(args: argparse.Namespace) -> None:
    writes_text = args.on is not None or args.reply_to is not None
    if writes_text and args.text is None:
        raise CommandError("--on and --reply-to need --text TEXT")
    if not writes_text and (args.text is not None or args.author is not None):
        raise CommandError("--text and --author go with --on or --reply-to")
    name = args.map.name
    author = args.author if args.author is not None else system_user_name()
    with _holding(args.map):  # read, change and write with the map held
        document = open_document(args.map)  # the whole file: saving keeps every part
        try:
            if args.on is not None:
                role = FUTURE if args.future else CURRENT
                element_id = _element_id(document, args.on, name, role)
                command: Any = AddThread(document, element_id, author, args.text, map_role=role)
                command.do()
                thread = command.thread
                done = "Added comment"
            else:
                thread = find_thread(document, args.reply_to or args.resolve or args.reopen)
                if args.reply_to is not None:
                    Reply(document, thread.id, author, args.text).do()
                    done = "Replied to"
                else:
                    SetResolved(document, thread.id, args.resolve is not None).do()
                    done = "Resolved" if args.resolve is not None else "Reopened"
        except ModelError as error:
            raise CommandError(f"{name}: {error}") from None
        save_with_backup(document, args.map)
    print(f"{done} [{thread.id[:CODE_LENGTH]}] on {_described(document, thread)}")


def _element_id(document: MapDocument, given: str, name: str, role: str = CURRENT) -> str:
    """The element ``--on`` names: an element id, or ``map`` for the map itself."""
    journey = document.maps().get(role)
    if journey is None:
        raise CommandError(f"{name}: the map has no future state (create it: cjm future {name})")
    if given.strip() and find_element(journey, given) is not None:
        return given
    if given.strip().casefold() == MAP_WORD:
        return MAP_ELEMENT
    raise CommandError(f"{name}: the map has no element with the id {given!r} "
                       f"(cjm elements {name} lists them)")


# ---------------------------------------------------------------------- reading
def _comments(args: argparse.Namespace) -> None:
    document = open_document(args.map)
    threads = [
        t
        for t in document.threads
        if not (args.open and t.resolved) and not (args.future and t.map_role != FUTURE)
    ]
    if args.json:
        print(json.dumps([_thread_plain(document, t) for t in threads], ensure_ascii=False,
                         indent=2))
        return
    if not threads:
        print("No open comments." if args.open else "No comments.")
        return
    for thread in threads:
        state = "resolved" if thread.resolved else "open"
        print(f"[{thread.id[:CODE_LENGTH]}] {_described(document, thread)} ({state})")
        for index, comment in enumerate(thread.comments):
            indent = "    " if index else "  "
            lines = comment.text.split("\n")
            print(f"{indent}{shown_author(comment)}, {_when(comment)}: {lines[0]}")
            for line in lines[1:]:
                print(f"{indent}  {line}")


def _elements(args: argparse.Namespace) -> None:
    if args.future:
        future = open_document(args.map).future
        if future is None:
            raise CommandError(f"{args.map.name}: the map has no future state "
                               f"(create it: cjm future {args.map.name})")  # fmt: skip
        found = elements(future)
    else:
        found = elements(open_map(args.map))
    if args.json:
        print(json.dumps([_element_plain(e) for e in found], ensure_ascii=False, indent=2))
        return
    for element in found:
        shown = element.id or MAP_WORD
        print(f"{element.kind:<8} {shown:<36}  {_one_line(element.title)}")


def _described(document: MapDocument, thread: CommentThread) -> str:
    element = element_of(document, thread)
    if element is None:
        return f"an element no longer in the map ({thread.element_id})"
    if element.kind == "map":
        return f'the map "{_one_line(element.title)}"'
    return f'{element.kind} "{_one_line(element.title)}"'


def _thread_plain(document: MapDocument, thread: CommentThread) -> dict[str, Any]:
    element = element_of(document, thread)
    return {
        "id": thread.id,
        "element": _element_plain(element) if element is not None
        else {"kind": None, "id": thread.element_id, "title": None},
        "map": thread.map_role,
        "resolved": thread.resolved,
        "comments": [_comment_plain(c) for c in thread.comments],
    }


def _comment_plain(comment: Comment) -> dict[str, Any]:
    return {"id": comment.id, "author": comment.author,
            "written": comment.written.isoformat(), "text": comment.text}


def _element_plain(element: Element) -> dict[str, Any]:
    return {"kind": element.kind, "id": element.id, "title": element.title}


def _when(comment: Comment) -> str:
    return f"{comment.written.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def _one_line(text: str) -> str:
    return " ".join(text.split())
