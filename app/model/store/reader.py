"""Opening a .cjm: validate a private copy, upgrade it, read its rows into a new map.

Opening is an import. The user's file (and any -journal or -wal beside it) is
copied to a temporary folder and only the copy is opened, so SQLite's own
recovery of a hot journal happens on the copy and the original is never
modified. Rows are read through the guarded connection, checked value by value,
and built into a fresh in-memory map: nothing the file defines ever runs.
"""

from __future__ import annotations

import gc
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Table, literal_column, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError

from app.model.codec import FormatError, map_from_dict
from app.model.document import (
    Answer,
    Comment,
    CommentThread,
    Counterpart,
    MapDocument,
    Picture,
    Snapshot,
    picture_key,
)
from app.model.entities import (
    Card,
    EmotionPoint,
    Lane,
    MapInfo,
    Persona,
    Stage,
    Step,
)
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.store import schema as tables
from app.model.store.card_rows import columns_of, read_cards
from app.model.store.element_rows import element_reader
from app.model.store.errors import StoreError
from app.model.store.guard import Deadline, OutOfTime, guarded_connection
from app.model.store.history import UPGRADES
from app.model.store.validate import (
    MAX_FILE_BYTES,
    check_counts,
    check_header,
    check_identity,
    check_integrity,
    check_schema,
)
from app.model.store.values import (
    Damaged,
    allowed_types,
    check_types,
    decode_json,
    parse_date,
)

SIDECARS = ("-journal", "-wal")
#: Header bytes 18-19 of a file in rollback-journal mode (how we save); 2, 2 is WAL mode.
ROLLBACK_JOURNAL_MODE = b"\x01\x01"
COPY_CHUNK_BYTES = 8 * 1024 * 1024


def open_map(path: str | Path) -> JourneyMap:
    """Read the current map stored in ``path``; raises StoreError with a one-line reason.

    For reading only: a map saved back must go through its whole document
    (``open_document``), or the file's other parts would be lost.
    """
    return open_document(path).current


def open_document(path: str | Path) -> MapDocument:
    """Read the whole document stored in ``path``; raises StoreError with a one-line reason."""
    path = Path(path)
    check_header(path)
    deadline = Deadline()  # for the whole open: copying, checking, reading, building
    try:
        with _guarded_source(path, deadline) as connection:
            return _import(path, connection, deadline)
    except OutOfTime as error:
        # A limit reached, not damage: the file may be fine on a faster computer.
        raise StoreError(path, str(error)) from None


def _import(path: Path, connection: sqlite3.Connection, deadline: Deadline) -> MapDocument:
    """The document read through ``connection``; every failure a one-line StoreError."""
    try:
        return _checked_import(path, connection, deadline)
    except (StoreError, OutOfTime):
        raise
    except Damaged as error:
        raise StoreError(path, f"damaged ({error})") from None
    except (
        sqlite3.Error,
        DBAPIError,
        ModelError,
        FormatError,
        RecursionError,
        ValueError,
        OverflowError,
    ) as error:
        if deadline.expired:
            raise OutOfTime(f"reading it took longer than {deadline.seconds:g} s") from None
        if "too big" in str(error):
            raise StoreError(path, "damaged (a value is larger than 16 MB)") from None
        cause = (error.orig or error) if isinstance(error, DBAPIError) else error
        raise StoreError(path, f"damaged ({_first_line(cause)})") from None


@contextmanager
def _guarded_source(path: Path, deadline: Deadline) -> Iterator[sqlite3.Connection]:
    """A guarded connection to ``path`` or to a private copy of it; ``path`` never changes.

    A file alone, saved the way we save by this schema version, is opened
    read-only as immutable: SQLite neither writes nor locks it, nor looks for a
    journal. Any other (a journal or WAL file beside it, WAL mode, an older
    schema to upgrade) is copied with its journal to a temporary folder, so
    that SQLite's recovery of an interrupted write and the upgrade happen on
    the copy.
    """
    if _stands_alone(path):
        connection = _connected(path, lambda: guarded_connection(path, deadline, read_only=True))
        try:
            yield connection
        finally:
            connection.close()
        return
    with tempfile.TemporaryDirectory(prefix="cjm-open-") as folder:
        copy = Path(folder) / "received.cjm"
        _copy_with_sidecars(path, copy, deadline)
        connection = _connected(path, lambda: guarded_connection(copy, deadline))
        try:
            yield connection
        finally:
            connection.close()


def _stands_alone(path: Path) -> bool:
    """Whether ``path`` can be read in place: our schema, rollback mode, no journal beside it."""
    try:
        if any(path.with_name(path.name + suffix).exists() for suffix in SIDECARS):
            return False
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        raise StoreError(path, f"cannot be read ({error.strerror or error})") from None
    version = int.from_bytes(header[60:64], "big", signed=True)
    return header[18:20] == ROLLBACK_JOURNAL_MODE and version == tables.SCHEMA_VERSION


def _copy_with_sidecars(path: Path, copy: Path, deadline: Deadline) -> None:
    """Copy ``path`` and its journal or WAL, sizes checked first and time bounded."""
    try:
        sidecars = [
            (sidecar, copy.with_name(copy.name + suffix))
            for suffix in SIDECARS
            if (sidecar := path.with_name(path.name + suffix)).is_file()
        ]
        # Sizes before copying: a huge (perhaps sparse) -wal would cost time and disk.
        total = path.stat().st_size + sum(source.stat().st_size for source, _ in sidecars)
        if total > MAX_FILE_BYTES:
            names = " and ".join([path.name, *(source.name for source, _ in sidecars)])
            raise StoreError(
                path,
                f"too large ({names} together {total / 1024**3:.1f} GB; "
                f"the limit is {MAX_FILE_BYTES // 1024**3} GB)",
            )
        for source, target in [(path, copy), *sidecars]:
            _copy(source, target, deadline)
    except OSError as error:
        raise StoreError(path, f"cannot be read ({error.strerror or error})") from None


def _copy(source: Path, target: Path, deadline: Deadline) -> None:
    """Copy a file in chunks, stopping when the open's time budget is spent."""
    with source.open("rb") as reading, target.open("xb") as writing:
        while chunk := reading.read(COPY_CHUNK_BYTES):
            writing.write(chunk)
            deadline.check()


def _connected(path: Path, connect: Callable[[], sqlite3.Connection]) -> sqlite3.Connection:
    try:
        return connect()
    except sqlite3.Error as error:
        raise StoreError(path, f"damaged ({_first_line(error)})") from None


def _checked_import(path: Path, connection: sqlite3.Connection, deadline: Deadline) -> MapDocument:
    # Recovery of a hot journal or WAL happens here, on the copy.
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    check_identity(path, application_id, version)
    # The schema first: quick_check evaluates CHECK constraints, and nothing the file
    # defines may run before it is known to be exactly ours.
    check_schema(path, connection, version)
    check_integrity(path, connection)
    check_counts(path, connection)  # before any upgrade or row read: a huge file stops here
    for step_from in range(version, tables.SCHEMA_VERSION):
        UPGRADES[step_from](connection)
        deadline.check()
    # The thousands of objects built below hold no reference cycles: the cycle
    # collector would only walk them again and again while they are made. It is
    # paused, and afterwards they join the oldest generation (freeze, then
    # unfreeze), where they are not walked again at the next young collection.
    collecting = gc.isenabled()
    gc.disable()
    rows = _Rows(connection, deadline)
    try:
        document = _read_document(rows)
        gc.freeze()
        gc.unfreeze()
        return document
    finally:
        # A cursor left open (in the frames of an error) would keep the file open
        # after the connection closes, until the cycle collector happened to run.
        rows.close()
        if collecting:
            gc.enable()


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]


# ---------------------------------------------------------------------- types
class _Rows:
    """Reads whole tables as plain tuples, each row checked for wrongly typed values.

    The queries are built by SQLAlchemy (compiled once); the rows come straight
    from the driver's cursor, because building result objects would cost more
    than reading the file.
    A last column computed by SQLite in the same scan flags a row holding a value
    of the wrong type, so checking types costs no second pass over the table.
    The card table, by far the biggest, is read without that column: its values
    are checked in Python a column at a time (card_rows.py), which is cheaper.
    """

    def __init__(self, connection: sqlite3.Connection, deadline: Deadline) -> None:
        self._cursor = connection.cursor()
        self.deadline = deadline

    def close(self) -> None:
        self._cursor.close()

    def all(self, table: Table) -> list[tuple[Any, ...]]:
        self.deadline.check()  # the Python work since the last statement counts too
        rows: list[tuple[Any, ...]] = self._cursor.execute(_checked_select(table)).fetchall()
        for row in rows:
            if row[-1]:
                check_types(f"{table.name} {row[0]!r}", list(table.columns), row)
                raise Damaged(f"{table.name} {row[0]!r}: a value has the wrong type")
        return rows

    def cards(self) -> list[Card]:
        """Every card, in the order of its cell (rows are stored that way already)."""
        self.deadline.check()
        return read_cards(tables.card, lambda: self._cursor.execute(_card_select()))


@cache
def _checked_select(table: Table) -> str:
    """SELECT every column, plus a last one that is true when a value has the wrong type."""
    wrong = " OR ".join(
        f"typeof({column.name}) NOT IN ({', '.join(repr(t) for t in allowed_types(column))})"
        for column in table.columns
    )
    query = select(table, literal_column(f"({wrong})"))
    if "position" in table.columns:
        query = query.order_by(table.c.position)
    return str(query.compile(dialect=sqlite.dialect()))


@cache
def _card_select() -> str:
    return str(select(*columns_of(tables.card)).compile(dialect=sqlite.dialect()))


# ---------------------------------------------------------------------- rows
def _read_document(rows: _Rows) -> MapDocument:
    uid_rows = rows.all(tables.document)
    if len(uid_rows) != 1:
        raise Damaged(f"expected one document row, found {len(uid_rows)}")
    pictures = _pictures(rows.all(tables.picture))
    current = _read_map(rows, pictures)
    rows.deadline.check()  # building the map is part of the open
    future = None
    for role, content, _ in rows.all(tables.map_part):
        if role != "future":
            raise Damaged(f"map_part: unknown map {role!r}")
        future = _map_from_json(content, "future map")
    comments: dict[str, list[Comment]] = {}
    for comment_id, thread_id, _, author, written, text, _ in rows.all(tables.comment):
        comment = Comment(author, text, comment_id, parse_date(written, "written"))
        comments.setdefault(thread_id, []).append(comment)
    threads = [
        CommentThread(element_id, tuple(comments.pop(thread_id, ())), thread_id, role, bool(done))
        for thread_id, _, role, element_id, done, _ in rows.all(tables.comment_thread)
    ]
    if comments:
        raise Damaged(f"comment: unknown thread id {next(iter(comments))!r}")
    return MapDocument(
        current,
        uid=uid_rows[0][1],
        future=future,
        counterparts=[Counterpart(a, b) for a, b, _ in rows.all(tables.counterpart)],
        answers=[Answer(a, b) for a, b, _ in rows.all(tables.answer)],
        snapshots=[  # kept as stored: decoded only when asked for (app/model/snapshots.py)
            Snapshot(name, content, snapshot_id, parse_date(taken, "taken"), author, base)
            for snapshot_id, _, name, taken, author, base, content, _ in rows.all(tables.snapshot)
        ],
        threads=threads,
        pictures=pictures.values(),
    )


def _pictures(rows: list[tuple[Any, ...]]) -> dict[str, Picture]:
    found = {}
    for key, media_type, size, data, _ in rows:
        if size != len(data) or picture_key(data) != key:
            raise Damaged(f"picture {key[:12]!r}: its bytes do not match its hash")
        found[key] = Picture(data, media_type)
    return found


def _map_from_json(content: str, what: str) -> JourneyMap:
    """A map kept as cjm-json text inside the file (the future-state map)."""
    try:
        return map_from_dict(decode_json(content, what, "content"))
    except FormatError as error:
        raise Damaged(f"{what}: {error}") from None


def _read_map(rows: _Rows, pictures: dict[str, Picture]) -> JourneyMap:
    map_rows = rows.all(tables.journey_map)
    if len(map_rows) != 1:
        raise Damaged(f"expected one map row, found {len(map_rows)}")
    info = _elements(MapInfo, tables.journey_map, map_rows, pictures)[0]
    return JourneyMap.build(
        info,
        _elements(Persona, tables.persona, rows.all(tables.persona), pictures),
        _elements(Stage, tables.stage, rows.all(tables.stage), pictures),
        _elements(Step, tables.step, rows.all(tables.step), pictures),
        _elements(Lane, tables.lane, rows.all(tables.lane), pictures),
        rows.cards(),
        _elements(EmotionPoint, tables.emotion, rows.all(tables.emotion), pictures),
    )


def _elements(
    element_type: type[Any], table: Table, rows: list[tuple[Any, ...]], pictures: dict[str, Picture]
) -> list[Any]:
    """The elements stored in ``rows`` of ``table``, each built by its declared fields."""

    def where(row: Sequence[Any]) -> str:
        return "map" if element_type is MapInfo else f"{table.name} {row[0]!r}"

    return list(map(element_reader(element_type, table.columns.keys(), pictures, where), rows))
