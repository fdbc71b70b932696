"""Commands on a document's comment threads: start one, reply, resolve or reopen, add many.

Comments live beside the map, in the ``MapDocument``, so these commands change the
document's threads; they are ordinary ``Command``s (done and undone on the map's
undo stack like every edit). Each builds its new values once, when made, so redo
gives back the same ids and times; the rules are checked when it is done, so a
refused command raises ModelError and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from app.model.commands.base import Command
from app.model.comments import (
    author_problem,
    comment_problem,
    find_element,
    find_thread,
    replaced,
    with_reply,
)
from app.model.document import CURRENT, Comment, CommentThread, MapDocument
from app.model.entities import now_utc
from app.model.errors import ModelError


class ThreadsCommand(Command):
    """Replace the document's threads by ``_changed(threads)``; undo puts them back."""

    def __init__(self, document: MapDocument) -> None:
        super().__init__(document.current)
        self.document = document
        self._before: tuple[CommentThread, ...] = ()

    def _changed(self, threads: tuple[CommentThread, ...]) -> tuple[CommentThread, ...]:
        raise NotImplementedError

    def _do(self) -> None:
        before = self.document.threads
        self.document.set_threads(self._changed(before))
        self._before = before

    def _undo(self) -> None:
        self.document.set_threads(self._before)


def _checked(comment: Comment) -> Comment:
    problem = comment_problem(comment.text) or author_problem(comment.author)
    if problem:
        raise ModelError(problem)
    return comment


class AddThread(ThreadsCommand):
    """Start a thread on an element (``""``: the map itself) with its first comment."""

    text = "Add comment"

    def __init__(self, document: MapDocument, element_id: str, author: str, text: str,
                 when: datetime | None = None, map_role: str = CURRENT) -> None:
        super().__init__(document)
        comment = Comment(author.strip(), text, written=when or now_utc())
        self.thread = CommentThread(element_id, (comment,), map_role=map_role)

    def _changed(self, threads: tuple[CommentThread, ...]) -> tuple[CommentThread, ...]:
        journey = self.document.maps().get(self.thread.map_role)
        if journey is None or find_element(journey, self.thread.element_id) is None:
            raise ModelError(f"the map has no element with the id {self.thread.element_id!r}")
        _checked(self.thread.comments[0])
        return (*threads, self.thread)


class Reply(ThreadsCommand):
    """Add a comment at the end of a thread."""

    text = "Reply to comment"

    def __init__(self, document: MapDocument, thread_id: str, author: str, text: str,
                 when: datetime | None = None) -> None:
        super().__init__(document)
        self.thread_id = thread_id
        self.comment = Comment(author.strip(), text, written=when or now_utc())

    def _changed(self, threads: tuple[CommentThread, ...]) -> tuple[CommentThread, ...]:
        thread = find_thread(self.document, self.thread_id)
        return replaced(threads, with_reply(thread, _checked(self.comment)))


class SetResolved(ThreadsCommand):
    """Resolve a thread (``resolved=True``) or reopen it."""

    def __init__(self, document: MapDocument, thread_id: str, resolved: bool = True) -> None:
        super().__init__(document)
        self.thread_id = thread_id
        self.resolved = resolved
        self.text = "Resolve comment" if resolved else "Reopen comment"

    def _changed(self, threads: tuple[CommentThread, ...]) -> tuple[CommentThread, ...]:
        thread = find_thread(self.document, self.thread_id)
        if thread.resolved == self.resolved:
            state = "resolved" if self.resolved else "open"
            raise ModelError(f"the comment thread is {state} already")
        return replaced(threads, CommentThread(thread.element_id, thread.comments, thread.id,
                                               thread.map_role, self.resolved))


class AddThreads(ThreadsCommand):
    """Add whole threads at once (a client's comments from a merged workbook)."""

    def __init__(self, document: MapDocument, threads: Iterable[CommentThread],
                 text: str = "Add comments") -> None:
        super().__init__(document)
        self.threads = tuple(threads)
        self.text = text

    def _changed(self, threads: tuple[CommentThread, ...]) -> tuple[CommentThread, ...]:
        for thread in self.threads:
            for comment in thread.comments:
                _checked(comment)
        return (*threads, *self.threads)
