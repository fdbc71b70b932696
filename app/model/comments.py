"""Comment threads on a map: the rules, the look-ups, and new threads and replies.

A thread (``CommentThread`` in ``document.py``) is attached by id to one element of
a map of the document (a card, step, stage, lane or persona) or to the map itself
(element id ``""``). Its first comment opens it and the others reply, in the order
written; it can be resolved and reopened. Comments are plain text, like all user
text: at most ``MAX_COMMENT_LENGTH`` characters (a card's comments then still fit
together in the workbook's Comments cell in the usual case), and an author's name is
one line of at most ``MAX_AUTHOR_LENGTH`` characters.

The functions here build checked values and never change a document: the commands in
``app.model.commands.comments`` put them in place (one undo step each).
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from app.model.document import CURRENT, FUTURE, Comment, CommentThread, MapDocument
from app.model.entities import now_utc
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.rules import text_problem

#: Longest comment, in characters.
MAX_COMMENT_LENGTH = 5_000
#: Longest author name, in characters (one line).
MAX_AUTHOR_LENGTH = 100
#: The element id of a thread on the map itself.
MAP_ELEMENT = ""
#: The author of a comment whose author is not known (an empty name in the file).
UNKNOWN_AUTHOR = "Unknown"
#: Shortest prefix of a thread id that names it (the command line shows 8 characters).
MIN_PREFIX = 4
#: The kinds of element a thread can be on, in the order they are listed.
KINDS = ("map", "persona", "stage", "step", "lane", "card")


@dataclass(frozen=True, slots=True)
class Element:
    """An element a thread can be on: its kind, id ("" for the map) and what it is called."""

    kind: str
    id: str
    title: str

    @property
    def label(self) -> str:
        """``Card "Pays at the till"``; ``Map "Retail checkout"``."""
        return f'{self.kind.capitalize()} "{self.title}"'


# ---------------------------------------------------------------------- rules
def comment_problem(text: object) -> str | None:
    """Why ``text`` cannot be a comment, or None."""
    problem = text_problem(text)
    if problem:
        return f"the comment {problem}"
    assert isinstance(text, str)
    if not text.strip():
        return "a comment needs some text"
    if len(text) > MAX_COMMENT_LENGTH:
        return f"a comment has at most {MAX_COMMENT_LENGTH:,} characters, not {len(text):,}"
    return None


def author_problem(author: object) -> str | None:
    """Why ``author`` cannot sign a new comment, or None."""
    problem = text_problem(author)
    if problem:
        return f"the author's name {problem}"
    assert isinstance(author, str)
    if not author.strip():
        return "a comment needs an author's name"
    if "\n" in author or "\t" in author:
        return "an author's name is one line, without tabs"
    if len(author) > MAX_AUTHOR_LENGTH:
        return f"an author's name has at most {MAX_AUTHOR_LENGTH} characters"
    return None


def shown_author(comment: Comment) -> str:
    """The author as shown: the name, or ``Unknown`` for a comment without one."""
    return comment.author.strip() or UNKNOWN_AUTHOR


def system_user_name() -> str:
    """The name of the account running the program (the author when none is given)."""
    try:
        name = getpass.getuser().strip()
    except (OSError, KeyError, ImportError):  # no login name and no password entry
        return UNKNOWN_AUTHOR
    name = " ".join(name.split())[:MAX_AUTHOR_LENGTH]
    return name if name and author_problem(name) is None else UNKNOWN_AUTHOR


# ---------------------------------------------------------------------- elements
def find_element(journey: JourneyMap, element_id: str) -> Element | None:
    """The element of ``journey`` with id ``element_id`` ("": the map), or None."""
    if element_id == MAP_ELEMENT:
        return Element("map", MAP_ELEMENT, journey.info.title)
    if journey.has_card(element_id):
        return Element("card", element_id, journey.card(element_id).title)
    if journey.has_step(element_id):
        return Element("step", element_id, journey.step(element_id).name)
    if journey.has_lane(element_id):
        return Element("lane", element_id, journey.lane(element_id).name)
    for stage in journey.stages:
        if stage.id == element_id:
            return Element("stage", element_id, stage.name)
    for persona in journey.personas:
        if persona.id == element_id:
            return Element("persona", element_id, persona.name)
    return None


def elements(journey: JourneyMap) -> list[Element]:
    """Every element a thread can be on: the map, personas, stages, steps, lanes, cards."""
    found = [Element("map", MAP_ELEMENT, journey.info.title)]
    found += [Element("persona", p.id, p.name) for p in journey.personas]
    found += [Element("stage", s.id, s.name) for s in journey.stages]
    found += [Element("step", s.id, s.name) for s in journey.steps]
    found += [Element("lane", lane.id, lane.name) for lane in journey.lanes]
    found += [Element("card", c.id, c.title) for c in journey.cards()]
    return found


def element_of(document: MapDocument, thread: CommentThread) -> Element | None:
    """The element ``thread`` is on, or None if its map no longer has it."""
    journey = document.maps().get(thread.map_role)
    return None if journey is None else find_element(journey, thread.element_id)


# ---------------------------------------------------------------------- threads
def find_thread(document: MapDocument, thread_id: str) -> CommentThread:
    """The thread with id ``thread_id``, or whose id alone starts with it (at least
    ``MIN_PREFIX`` characters); ModelError if there is none or the prefix is ambiguous."""
    for thread in document.threads:
        if thread.id == thread_id:
            return thread
    matches = [t for t in document.threads if len(thread_id) >= MIN_PREFIX
               and t.id.startswith(thread_id)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ModelError(f"{len(matches)} comment threads have ids starting {thread_id!r}; "
                         "give more of the id")
    raise ModelError(f"no comment thread has the id {thread_id!r}")


def threads_on(document: MapDocument, element_id: str, map_role: str = CURRENT
               ) -> list[CommentThread]:
    """The threads on one element (or on the map, for ``""``), in the order started."""
    return [t for t in document.threads
            if t.element_id == element_id and t.map_role == map_role]


def commented(document: MapDocument, map_role: str = CURRENT) -> dict[str, int]:
    """The elements with open threads (the map as ""), and how many open threads each has."""
    counts: dict[str, int] = {}
    for thread in document.threads:
        if thread.map_role == map_role and not thread.resolved:
            counts[thread.element_id] = counts.get(thread.element_id, 0) + 1
    return counts


def new_comment(author: str, text: str, when: datetime | None = None) -> Comment:
    """A checked comment; ModelError if the text or the author breaks a rule."""
    problem = comment_problem(text) or author_problem(author)
    if problem:
        raise ModelError(problem)
    return Comment(author.strip(), text, written=when or now_utc())


def new_thread(
    journey: JourneyMap,
    element_id: str,
    author: str,
    text: str,
    when: datetime | None = None,
    map_role: str = CURRENT,
) -> CommentThread:
    """A thread on ``element_id`` of ``journey`` opened by a checked comment; ModelError
    if the element does not exist or the comment breaks a rule."""
    if map_role not in (CURRENT, FUTURE):
        raise ModelError(f"unknown map {map_role!r}")
    if find_element(journey, element_id) is None:
        raise ModelError(f"the map has no element with the id {element_id!r}")
    return CommentThread(element_id, (new_comment(author, text, when),), map_role=map_role)


def with_reply(thread: CommentThread, comment: Comment) -> CommentThread:
    """``thread`` with ``comment`` added at its end."""
    return replace(thread, comments=(*thread.comments, comment))


def replaced(threads: Iterable[CommentThread], thread: CommentThread) -> tuple[CommentThread, ...]:
    """``threads`` with the one sharing ``thread``'s id replaced by it; ModelError if none."""
    result = tuple(thread if t.id == thread.id else t for t in threads)
    if thread not in result:
        raise ModelError(f"no comment thread has the id {thread.id!r}")
    return result
