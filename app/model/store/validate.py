"""The checks a received .cjm passes before any of its rows is read.

In order: size, SQLite header, application id, schema version (all read from
the file's first 100 bytes, before SQLite touches it), then on a private copy:
integrity (quick_check) and the exact set of tables, indexes and columns of
that schema version. Any trigger, view or unknown object is refused.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from sqlalchemy import MetaData, create_engine

from app.model.store.errors import NewerVersionError, StoreError
from app.model.store.history import SCHEMAS, canonical_statements
from app.model.store.schema import APPLICATION_ID, SCHEMA_VERSION, metadata

SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_FILE_BYTES = 2 * 1024**3

Found = TypeVar("Found")
SchemaShape = frozenset[tuple[str, str, str, tuple[tuple[str, str, int, int], ...]]]


def check_header(path: Path) -> int:
    """Check size, magic, application id and version; return the schema version."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        raise StoreError(path, "no such file") from None
    except IsADirectoryError:
        raise StoreError(path, "is a folder, not a map") from None
    except PermissionError:
        raise StoreError(path, "permission denied") from None
    except OSError as error:
        raise StoreError(path, f"cannot be read ({error.strerror or error})") from None
    if size == 0:
        raise StoreError(path, "empty file, not a CJM Studio map")
    if size > MAX_FILE_BYTES:
        raise StoreError(path, f"too large ({size / 1024**3:.1f} GB; the limit is 2 GB)")
    if len(header) < 100 or header[:16] != SQLITE_MAGIC:
        raise StoreError(path, "not a CJM Studio map")
    return check_identity(
        path,
        int.from_bytes(header[68:72], "big", signed=True),
        int.from_bytes(header[60:64], "big", signed=True),
    )


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
    unexpected = sorted(found - expected)
    missing = sorted(expected - found)
    if unexpected:
        kind, name = unexpected[0][0], unexpected[0][1]
        raise StoreError(path, f"contains unexpected content ({kind} {name!r})")
    raise StoreError(path, f"damaged (missing or altered {missing[0][0]} {missing[0][1]!r})")


def schema_shape(connection: sqlite3.Connection) -> SchemaShape:
    """Every schema object with, for tables, its columns (name, type, not null, pk)."""
    objects = connection.execute(
        "SELECT type, name, tbl_name FROM sqlite_schema ORDER BY name"
    ).fetchall()
    shape = set()
    for kind, name, table in objects:
        columns: tuple[tuple[str, str, int, int], ...] = ()
        if kind == "table":
            info = connection.execute(
                'SELECT name, type, "notnull", pk FROM pragma_table_info(?)', (name,)
            ).fetchall()
            columns = tuple((str(c[0]), str(c[1]).upper(), int(c[2]), int(c[3])) for c in info)
        shape.add((str(kind), str(name), str(table), columns))
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
