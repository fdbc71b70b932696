"""The document a .cjm file holds: the map, and the parts that live beside it.

A ``MapDocument`` owns the current map and every file-level part: a future-state
map derived from it with links between counterpart elements, named snapshots
(kept as cjm-json text and read only when asked for), comment threads attached
to any element, and a store of pictures by content hash. Saving writes the whole
document, so no part of a file is ever dropped by a save of its map.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from app.model.entities import new_id, now_utc
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.rules import MAX_PICTURE_BYTES, id_problem, text_problem

CURRENT, FUTURE = "current", "future"
MAP_ROLES = (CURRENT, FUTURE)

#: Leading bytes of the picture formats we recognise, and their media types.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def picture_key(data: bytes) -> str:
    """The content hash a picture is stored under (sha256, hex)."""
    return hashlib.sha256(data).hexdigest()


def media_type_of(data: bytes) -> str:
    """The picture's media type from its first bytes; unknown kinds are plain bytes."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    return "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Picture:
    """Picture bytes with their media type, stored once however often they are used."""

    data: bytes
    media_type: str

    @property
    def key(self) -> str:
        return picture_key(self.data)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A named version of the map, as it was when the user took it.

    ``data`` is the stored form, decoded only when the snapshot is asked for
    (``app.model.snapshots``): compressed JSON holding the whole map (cjm-json) when
    ``base`` is None, else what differs from the map of the snapshot ``base`` names.
    """

    name: str
    data: bytes
    id: str = field(default_factory=new_id)
    taken: datetime = field(default_factory=now_utc)
    author: str = ""
    base: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    author: str
    text: str
    id: str = field(default_factory=new_id)
    written: datetime = field(default_factory=now_utc)


@dataclass(frozen=True, slots=True)
class CommentThread:
    """Comments on one element (``element_id``; "" for the map) of the current or future map."""

    element_id: str
    comments: tuple[Comment, ...] = ()
    id: str = field(default_factory=new_id)
    map_role: str = CURRENT
    resolved: bool = False


@dataclass(frozen=True, slots=True)
class Counterpart:
    """An element of the current map and the element of the future map derived from it."""

    current_id: str
    future_id: str


@dataclass(frozen=True, slots=True)
class Answer:
    """A card of the future map that answers a pain point of the current map."""

    future_card_id: str
    current_card_id: str


class MapDocument:
    """Everything one .cjm file holds."""

    def __init__(
        self,
        current: JourneyMap,
        *,
        uid: str | None = None,
        future: JourneyMap | None = None,
        counterparts: Iterable[Counterpart] = (),
        snapshots: Iterable[Snapshot] = (),
        threads: Iterable[CommentThread] = (),
        pictures: Iterable[Picture] = (),
        answers: Iterable[Answer] = (),
    ) -> None:
        #: The document's stable id: it stays with the file through every save.
        self.uid = uid or new_id()
        self.current = current
        self.future = future
        self.counterparts = tuple(counterparts)
        #: Which current pain points each future card answers (links by card id; a link
        #: whose card has gone is kept, and shown nowhere).
        self.answers = tuple(answers)
        self.snapshots = tuple(snapshots)
        self.threads = tuple(threads)
        self.pictures: dict[str, Picture] = {picture.key: picture for picture in pictures}
        self.check()

    def answered_by(self, future_card_id: str) -> list[str]:
        """The ids of the current pain points the future card answers (that still exist)."""
        return [
            answer.current_card_id
            for answer in self.answers
            if answer.future_card_id == future_card_id
            and self.current.has_card(answer.current_card_id)
        ]

    def maps(self) -> dict[str, JourneyMap]:
        """The maps of the document by role: the current one, and the future one if any."""
        found = {CURRENT: self.current}
        if self.future is not None:
            found[FUTURE] = self.future
        return found

    def set_snapshots(self, snapshots: Iterable[Snapshot]) -> None:
        """Put ``snapshots`` in place of the document's, checked first: when they break
        a rule, ModelError is raised and the document keeps its snapshots."""
        previous = self.snapshots
        self.snapshots = tuple(snapshots)
        try:
            self.check()
        except ModelError:
            self.snapshots = previous
            raise

    def set_threads(self, threads: Iterable[CommentThread]) -> None:
        """Put ``threads`` in place of the document's comment threads, checked first: when
        they break a rule, ModelError is raised and the document keeps its threads
        (``app.model.commands.comments`` does this as undoable commands)."""
        previous = self.threads
        self.threads = tuple(threads)
        try:
            self.check()
        except ModelError:
            self.threads = previous
            raise

    def all_pictures(self) -> dict[str, Picture]:
        """Every picture the document holds or uses (persona photos included), by key."""
        found = dict(self.pictures)
        for journey in self.maps().values():
            for persona in journey.personas:
                if persona.photo is not None:
                    picture = Picture(persona.photo, media_type_of(persona.photo))
                    found.setdefault(picture.key, picture)
        return found

    def check(self) -> None:
        """Raise ModelError if a part of the document breaks the rules."""
        if id_problem(self.uid):
            raise ModelError(f"document id {id_problem(self.uid)}")
        for link in self.counterparts:
            for end in (link.current_id, link.future_id):
                if id_problem(end):
                    raise ModelError(f"counterpart link: {id_problem(end)}")
        if len(set(self.answers)) != len(self.answers):
            raise ModelError("an answer link is listed twice")
        for answer in self.answers:
            for end in (answer.future_card_id, answer.current_card_id):
                if id_problem(end):
                    raise ModelError(f"answer link: {id_problem(end)}")
        seen: set[str] = set()
        for snapshot in self.snapshots:
            _require_text(f"snapshot {snapshot.name!r}", name=snapshot.name, author=snapshot.author)
            _require_new(snapshot.id, seen, "snapshot")
        _require_chains(self.snapshots)
        for thread in self.threads:
            if thread.map_role not in MAP_ROLES:
                raise ModelError(f"comment thread {thread.id!r}: unknown map {thread.map_role!r}")
            problem = id_problem(thread.element_id) if thread.element_id else None
            if problem:
                raise ModelError(f"comment thread {thread.id!r}: element {problem}")
            _require_new(thread.id, seen, "comment thread")
            for comment in thread.comments:
                _require_text("comment", author=comment.author, text=comment.text)
                _require_new(comment.id, seen, "comment")
        for key, picture in self.pictures.items():
            if len(picture.data) > MAX_PICTURE_BYTES:
                limit = MAX_PICTURE_BYTES // 1024**2
                raise ModelError(f"picture {key[:12]} is larger than {limit} MB")


def _require_text(where: str, **texts: str) -> None:
    for name, value in texts.items():
        problem = text_problem(value)
        if problem:
            raise ModelError(f"{where}: {name} {problem}")


def _require_chains(snapshots: tuple[Snapshot, ...]) -> None:
    """Each snapshot stored as changes names another snapshot of the document as its
    base, and following the bases always ends at one stored whole (no loop)."""
    bases = {snapshot.id: snapshot.base for snapshot in snapshots}
    sound: set[str] = set()  # ids known to end at a whole snapshot: each is walked once
    for snapshot in snapshots:
        walked = {snapshot.id}
        step = snapshot.base
        while step is not None and step not in sound:
            if step not in bases:
                raise ModelError(f"snapshot {snapshot.name!r}: unknown base snapshot {step!r}")
            if step in walked:
                raise ModelError(f"snapshot {snapshot.name!r}: its bases go round in a loop")
            walked.add(step)
            step = bases[step]
        sound |= walked


def _require_new(element_id: str, seen: set[str], what: str) -> None:
    problem = id_problem(element_id)
    if problem:
        raise ModelError(f"{what}: id {problem}")
    if element_id in seen:
        raise ModelError(f"duplicate {what} id {element_id!r}")
    seen.add(element_id)
