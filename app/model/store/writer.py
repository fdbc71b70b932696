"""Saving a map: write a complete new file beside the target, check it, then swap it in.

The previous file is never touched until the new one is complete, checked
(quick_check, application id), and flushed to disk with its folder; then
``os.replace`` swaps it in atomically. A crash at any moment leaves either the
old or the new file. Every save is a full rewrite, so text deleted from the map
never survives in the file's free pages. A link is saved through (the file it points
at is replaced, with its permissions), and a read-only file only when the user agrees
(``app.model.paths``).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import uuid
from collections.abc import Callable
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, event, insert
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError

from app.model.codec import map_to_dict
from app.model.document import MapDocument
from app.model.journey import JourneyMap
from app.model.paths import (
    Destination,
    PathProblem,
    create_private,
    destination,
    keep_attributes,
    not_regular,
)
from app.model.store import schema as tables
from app.model.store.element_rows import element_row
from app.model.store.errors import ReadOnlyError, StoreError

TEMP_SUFFIX = ".cjm-saving"


def save_map(journey: JourneyMap, path: str | Path) -> None:
    """Write a new document holding just ``journey`` to ``path`` (a new file, or a copy).

    A map opened from a file is saved back with ``save_document``, which keeps
    the file's other parts (snapshots, future map, comments, pictures).
    """
    save_document(MapDocument(journey), path)


def save_document(
    document: MapDocument, path: str | Path, *, replace_read_only: bool = False
) -> None:
    """Write ``document`` to ``path`` safely; raises StoreError with a one-line reason.

    Through a link, the file it points at is replaced (the link stays); the replaced
    file's permissions and, where allowed, owner are kept. A read-only file raises
    ReadOnlyError unless ``replace_read_only`` (the user said yes). Anything that is
    not a regular file (a folder, a FIFO, a device) is refused and left alone.
    """
    path = Path(path)
    target = check_destination(path, replace_read_only=replace_read_only)
    folder = target.folder
    remove_leftovers(target.target)
    temp = folder / f".{target.target.name}.{uuid.uuid4().hex[:8]}{TEMP_SUFFIX}"
    try:
        create_private(temp, target.existing)
        write_database(document, temp)
        verify(temp)
        keep_attributes(temp, target.existing)
        _fsync_file(temp)
        os.replace(temp, target.target)
        _fsync_folder(folder)
    except StoreError:
        _discard(temp)
        raise
    except (OSError, sqlite3.Error, DBAPIError) as error:
        _discard(temp)
        cause = error.orig if isinstance(error, DBAPIError) and error.orig else error
        raise StoreError(path, f"could not be saved: {_reason(cause, folder)}") from None


def check_destination(path: Path, *, replace_read_only: bool = False) -> Destination:
    """Where saving ``path`` writes; StoreError if it cannot be a map, ReadOnlyError if it
    is a read-only file and ``replace_read_only`` is not given."""
    try:
        target = destination(path.absolute())  # absolute: a map named "-" is a file
    except PathProblem as problem:
        raise StoreError(path, f"could not be saved: {problem}") from None
    if target.stream:
        mode = target.existing.st_mode if target.existing is not None else 0
        raise StoreError(path, f"could not be saved: {not_regular(mode)}")
    if target.read_only and not replace_read_only:
        raise ReadOnlyError(path, "the file is read-only; it was not changed")
    return target


def remove_leftovers(path: Path) -> None:
    """Delete temporary files an interrupted save of ``path`` left behind."""
    folder = path.parent if str(path.parent) else Path(".")
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f".{path.name}.*{TEMP_SUFFIX}*"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def write_database(document: MapDocument, target: Path) -> None:
    """Create ``target`` from scratch with our schema and every row of the document."""
    engine = create_engine(f"sqlite:///{target}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # A half-written temp file is thrown away, so it needs no journal of its own;
        # durability comes from the fsync before the rename.
        dbapi_connection.execute("PRAGMA journal_mode = OFF")
        dbapi_connection.execute("PRAGMA synchronous = OFF")

    try:
        with engine.begin() as db:
            db.exec_driver_sql(f"PRAGMA application_id = {tables.APPLICATION_ID}")
            db.exec_driver_sql(f"PRAGMA user_version = {tables.SCHEMA_VERSION}")
            tables.metadata.create_all(db)
            for table, rows in (*_rows(document.current), *_part_rows(document)):
                if rows:
                    # The statement is SQLAlchemy's; the rows go to the driver as tuples,
                    # because binding thousands of dicts one by one costs more than writing.
                    statement, values_of = _insert_statement(table)
                    db.exec_driver_sql(statement, list(map(values_of, rows)))
    finally:
        engine.dispose()


@cache
def _insert_statement(table: Table) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]]]:
    """The INSERT of every column of ``table``, and what takes a row's values in its order."""
    statement = str(insert(table).compile(dialect=sqlite.dialect()))
    return statement, itemgetter(*table.columns.keys())


def verify(target: Path) -> None:
    """Reopen the written file and check it is whole and ours."""
    connection = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        check = connection.execute("PRAGMA quick_check").fetchall()
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    finally:
        connection.close()
    if check != [("ok",)] or application_id != tables.APPLICATION_ID:
        raise StoreError(target, "the saved copy failed its check; the old file is unchanged")


def _rows(journey: JourneyMap) -> list[tuple[Any, list[dict[str, Any]]]]:
    """The rows of the map's own tables, each element's by its declared fields."""
    steps = [
        element_row(step, position=i)
        for stage in journey.stages
        for i, step in enumerate(journey.steps_of(stage.id))
    ]
    # A card's position is its place in reading order over the whole map (lane by
    # lane, step by step, down each cell), so a reader can check order in one pass.
    cards = [element_row(card, position=i) for i, card in enumerate(journey.cards())]
    return [
        (tables.journey_map, [element_row(journey.info, id=1)]),
        (tables.persona, [element_row(p, position=i) for i, p in enumerate(journey.personas)]),
        (tables.stage, [element_row(s, position=i) for i, s in enumerate(journey.stages)]),
        (tables.step, steps),
        (tables.lane, [element_row(lane, position=i) for i, lane in enumerate(journey.lanes)]),
        (tables.card, cards),
        (tables.emotion, [element_row(point) for point in journey.emotions()]),
    ]


def _part_rows(document: MapDocument) -> list[tuple[Any, list[dict[str, Any]]]]:
    """The rows of the document's parts around the current map."""
    pictures = [
        {"sha256": key, "media_type": p.media_type, "size": len(p.data), "data": p.data}
        for key, p in sorted(document.all_pictures().items())
    ]
    parts = []
    if document.future is not None:
        content = json.dumps(map_to_dict(document.future), ensure_ascii=False)
        parts.append({"role": "future", "content": content})
    snapshots = [
        {
            "id": s.id,
            "position": i,
            "name": s.name,
            "taken": s.taken.isoformat(),
            "author": s.author,
            "base": s.base,
            "content": s.data,
        }
        for i, s in enumerate(document.snapshots)
    ]
    threads = [
        {
            "id": t.id,
            "position": i,
            "map_role": t.map_role,
            "element_id": t.element_id,
            "resolved": int(t.resolved),
        }
        for i, t in enumerate(document.threads)
    ]
    comments = [
        {
            "id": c.id,
            "thread_id": t.id,
            "position": i,
            "author": c.author,
            "written": c.written.isoformat(),
            "text": c.text,
        }
        for i, (t, c) in enumerate((t, c) for t in document.threads for c in t.comments)
    ]
    links = [{"current_id": c.current_id, "future_id": c.future_id} for c in document.counterparts]
    answers = [
        {"future_card_id": a.future_card_id, "current_card_id": a.current_card_id}
        for a in document.answers
    ]
    return [
        (tables.document, [{"id": 1, "uid": document.uid}]),
        (tables.picture, pictures),
        (tables.map_part, parts),
        (tables.counterpart, links),
        (tables.answer, answers),
        (tables.snapshot, snapshots),
        (tables.comment_thread, threads),
        (tables.comment, comments),
    ]


def _fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder for fsync
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _discard(temp: Path) -> None:
    for leftover in (temp, temp.with_name(temp.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _reason(error: BaseException, folder: Path) -> str:
    code = getattr(error, "errno", None)
    text = str(error).lower()
    if code == errno.ENOSPC or "disk is full" in text or "database or disk is full" in text:
        return "the disk is full; the previous file is unchanged"
    if code == errno.EFBIG or "disk i/o error" in text:  # SQLite's word for EFBIG, EIO
        return (
            "the disk could not take the file (full, too small or failing); "
            "the previous file is unchanged"
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text:
        return f"no permission to write in {folder}; the previous file is unchanged"
    if code == errno.ENOENT or "unable to open" in text:
        if folder.is_dir() and not os.access(folder, os.W_OK):  # SQLite only says "unable"
            return f"no permission to write in {folder}; the previous file is unchanged"
        return f"the folder {folder} is not available; the previous file is unchanged"
    return f"{getattr(error, 'strerror', None) or error}; the previous file is unchanged"
