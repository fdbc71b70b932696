"""The checks a received .cjm passes before any of its rows is read.

In order: size, SQLite header, application id, schema version (all read from
the file's first 100 bytes, before SQLite touches it), then on a private copy:
integrity (quick_check) and the exact set of tables, indexes and columns of
that schema version. Any trigger, view or unknown object is refused.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from sqlalchemy import MetaData, create_engine

from app.model.paths import PathProblem, open_regular
from app.model.rules import MAX_ELEMENTS, MAX_PERSONAS
from app.model.store.errors import NewerVersionError, StoreError
from app.model.store.history import SCHEMAS, canonical_sql, canonical_statements
from app.model.store.schema import APPLICATION_ID, SCHEMA_VERSION, metadata

SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_FILE_BYTES = 2 * 1024**3

#: SQLite's text encodings by their number in the header (bytes 56-59).
_ENCODINGS = {2: "UTF-16le", 3: "UTF-16be"}

Found = TypeVar("Found")
#: A table's columns as ``PRAGMA table_xinfo`` gives them (hidden and generated ones
#: too), and its flags (strict, without rowid).
Columns = tuple[tuple[object, ...], ...]
SchemaObject = tuple[str, str, str, str, Columns]
SchemaShape = frozenset[SchemaObject]


def is_map_file(path: Path) -> bool:
    """Whether ``path`` is a CJM Studio map by its name or its content (SQLite header with
    our application id). Only a regular file is read, so a FIFO never blocks."""
    if path.suffix.lower() == ".cjm":
        return True
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return (
        header[:16] == SQLITE_MAGIC
        and len(header) >= 72
        and int.from_bytes(header[68:72], "big", signed=True) == APPLICATION_ID
    )


def check_header(path: Path) -> int:
    """Check size, magic, application id and version; return the schema version."""
    try:
        with open_regular(path) as handle:  # a FIFO, device or folder: refused, not opened
            size = os.fstat(handle.fileno()).st_size
            header = handle.read(100)
    except PathProblem as problem:
        raise StoreError(path, str(problem)) from None
    except OSError as error:
        raise StoreError(path, f"cannot be read ({error.strerror or error})") from None
    if size == 0:
        raise StoreError(path, "empty file, not a CJM Studio map")
    if size > MAX_FILE_BYTES:
        raise StoreError(path, f"too large ({size / 1024**3:.1f} GB; the limit is 2 GB)")
    if len(header) < 100 or header[:16] != SQLITE_MAGIC:
        raise StoreError(path, "not a CJM Studio map")
    version = check_identity(
        path,
        int.from_bytes(header[68:72], "big", signed=True),
        int.from_bytes(header[60:64], "big", signed=True),
    )
    encoding = int.from_bytes(header[56:60], "big")
    if encoding not in (0, 1):  # SQLite would read the UTF-8 text as UTF-16: garbage
        name = _ENCODINGS.get(encoding, f"unknown ({encoding})")
        raise StoreError(
            path,
            f"damaged (the header gives its text encoding as {name}; CJM Studio maps are UTF-8)",
        )
    return version


def check_identity(path: Path, application_id: int, version: int) -> int:
    """Refuse files of other programs and of newer versions; return the version."""
    if application_id != APPLICATION_ID:
        raise StoreError(path, "not created by CJM Studio")
    if version > SCHEMA_VERSION:
        raise NewerVersionError(
            path,
            f"saved by a newer version of CJM Studio (schema {version}); "
            f"this version reads up to {SCHEMA_VERSION}",
        )
    if version < 1:
        raise StoreError(path, f"damaged (unknown schema version {version})")
    return version


def check_integrity(path: Path, connection: sqlite3.Connection) -> None:
    rows = connection.execute("PRAGMA quick_check(5)").fetchall()
    if rows != [("ok",)]:
        detail = " ".join(str(rows[0][0]).replace("*** in database main ***", "").split())
        raise StoreError(path, f"damaged (integrity check: {detail[:120]})")


def check_schema(path: Path, connection: sqlite3.Connection, version: int) -> None:
    """The file holds exactly the tables, indexes and columns of its schema version."""
    # The statements SQLite builds its schema from; the same text means the same schema.
    if version == SCHEMA_VERSION and _statements(connection) == _expected_statements():
        return
    found = schema_shape(connection)
    expected = expected_shape(version)
    if found == expected:
        return
    ours = {(kind, name) for kind, name, *_ in expected}
    theirs = {(kind, name) for kind, name, *_ in found}
    if theirs - ours:
        kind, name = sorted(theirs - ours)[0]
        raise StoreError(path, f"contains unexpected content ({kind} {name!r})")
    if ours - theirs:
        kind, name = sorted(ours - theirs)[0]
        raise StoreError(path, f"damaged (missing {kind} {name!r})")
    # Same objects, another definition: an extra CHECK, DEFAULT, COLLATE, a generated
    # column, STRICT... would run or change values when rows are read or upgraded.
    kind, name = sorted(found - expected)[0][:2]
    raise StoreError(path, f"contains unexpected content (a changed definition of {kind} {name!r})")


#: The most rows of each element table a map may hold (the model's caps, rules.py).
ROW_CAPS = {
    "persona": (MAX_PERSONAS, "personas"),
    "stage": (MAX_ELEMENTS, "stages"),
    "step": (MAX_ELEMENTS, "steps"),
    "lane": (MAX_ELEMENTS, "lanes"),
    "card": (MAX_ELEMENTS, "cards"),
}


def check_counts(path: Path, connection: sqlite3.Connection) -> None:
    """Refuse a map with more elements than the model holds, before any row is read.

    SQLite counts a table's rows from its b-tree pages without decoding them, so
    this costs little next to reading, and a file over a cap is refused at once.
    """
    for table, (limit, what) in ROW_CAPS.items():
        (count,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
        if count > limit:
            raise StoreError(path, f"too large to open (more than {limit:,} {what})")


def schema_shape(connection: sqlite3.Connection) -> SchemaShape:
    """Every schema object: kind, name, table, its statement in one spelling, and for a
    table every column (hidden and generated ones too) and its flags (strict, without
    rowid). Two files with the same shape have the very same definitions."""
    objects = connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"
    ).fetchall()
    shape = set()
    for kind, name, table, sql in objects:
        columns: Columns = ()
        if kind == "table":
            columns = tuple(
                connection.execute(
                    'SELECT cid, name, type, "notnull", dflt_value, pk, hidden '
                    "FROM pragma_table_xinfo(?) ORDER BY cid",
                    (name,),
                ).fetchall()
            ) + tuple(
                connection.execute(
                    "SELECT strict, wr FROM pragma_table_list(?) WHERE schema = 'main'", (name,)
                ).fetchall()
            )
        statement = canonical_sql(str(sql)) if sql is not None else ""
        shape.add((str(kind), str(name), str(table), statement, columns))
    return frozenset(shape)


def schema_drift(live: MetaData = metadata) -> list[str]:
    """The statements in which the live schema differs from the frozen current version.

    Empty when they agree; anything else means schema.py changed without a new
    version number, a frozen definition and an upgrade (history.py).
    """
    built = _read_empty_current(canonical_statements, live)
    memory = sqlite3.connect(":memory:")
    try:
        memory.executescript(SCHEMAS[SCHEMA_VERSION])
        frozen = canonical_statements(memory)
    finally:
        memory.close()
    return sorted(set(built) ^ set(frozen))


def _read_empty_current(
    read: Callable[[sqlite3.Connection], Found], live: MetaData = metadata
) -> Found:
    """``read`` applied to an empty database with our current schema, built in memory."""
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            live.create_all(connection)
            raw = connection.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            return read(raw)
    finally:
        engine.dispose()


def _statements(connection: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    rows: list[tuple[str, str, str, str | None]] = connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"
    ).fetchall()
    return rows


@cache
def _expected_statements() -> list[tuple[str, str, str, str | None]]:
    """The schema statements of a file we save."""
    return _read_empty_current(_statements)


@cache
def expected_shape(version: int) -> SchemaShape:
    """The shape a file of ``version`` has, built in memory from our own schema."""
    if version == SCHEMA_VERSION:
        return _read_empty_current(schema_shape)
    memory = sqlite3.connect(":memory:")
    try:
        memory.executescript(SCHEMAS[version])
        return schema_shape(memory)
    finally:
        memory.close()
