"""Every released .cjm schema, frozen as it was written, and the upgrades from each.

``SCHEMAS[n]`` is the definition of version n, never edited once released;
``UPGRADES[n]`` turns a version-n database into version n+1, in place (always on
a temporary copy, never on the user's file). Each version has a committed
fixture file (tests/fixtures/v*.cjm) that the tests open and upgrade, and a
test fails when the live schema (schema.py) drifts from the frozen text of the
current version. To change the schema: freeze the new definition here as the
next version, write its upgrade, bump SCHEMA_VERSION, add a fixture.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import uuid
import zlib
from collections.abc import Callable

from app.model.document import media_type_of

#: Version 1: no step widths, lane heights or curve visibility; tags as "a, b, c" text.
SCHEMA_V1_SQL = """
CREATE TABLE journey_map (
    id INTEGER NOT NULL, title TEXT NOT NULL, objective TEXT NOT NULL,
    description TEXT NOT NULL, state TEXT NOT NULL, author TEXT NOT NULL,
    organisation TEXT NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL,
    scale_min INTEGER NOT NULL, scale_max INTEGER NOT NULL, scale_labels TEXT NOT NULL,
    PRIMARY KEY (id), CONSTRAINT one_map_per_file CHECK (id = 1)
);
CREATE TABLE persona (
    id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
    quote TEXT NOT NULL, goals TEXT NOT NULL, needs TEXT NOT NULL,
    frustrations TEXT NOT NULL, notes TEXT NOT NULL, colour TEXT NOT NULL, photo BLOB,
    is_primary INTEGER NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE stage (
    id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, goal TEXT NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE step (
    id TEXT NOT NULL, stage_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
    description TEXT NOT NULL, PRIMARY KEY (id), FOREIGN KEY(stage_id) REFERENCES stage (id)
);
CREATE TABLE lane (
    id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
    colour TEXT NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE card (
    id TEXT NOT NULL, lane_id TEXT NOT NULL, step_id TEXT NOT NULL,
    position INTEGER NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
    channel TEXT, owner TEXT NOT NULL, moment_of_truth INTEGER NOT NULL, severity INTEGER,
    impact INTEGER, effort INTEGER, status TEXT, metrics TEXT, evidence_quotes TEXT,
    evidence_source TEXT NOT NULL, confidence TEXT NOT NULL, tags TEXT NOT NULL,
    colour TEXT NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(lane_id) REFERENCES lane (id), FOREIGN KEY(step_id) REFERENCES step (id)
);
CREATE TABLE emotion (
    persona_id TEXT NOT NULL, step_id TEXT NOT NULL, score INTEGER NOT NULL,
    note TEXT NOT NULL, PRIMARY KEY (persona_id, step_id),
    FOREIGN KEY(persona_id) REFERENCES persona (id), FOREIGN KEY(step_id) REFERENCES step (id)
);
"""

#: Version 2: step widths, lane heights, curve visibility; tags as a JSON list.
SCHEMA_V2_SQL = """
CREATE TABLE journey_map (
    id INTEGER NOT NULL, title TEXT NOT NULL, objective TEXT NOT NULL,
    description TEXT NOT NULL, state TEXT NOT NULL, author TEXT NOT NULL,
    organisation TEXT NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL,
    scale_min INTEGER NOT NULL, scale_max INTEGER NOT NULL, scale_labels TEXT NOT NULL,
    PRIMARY KEY (id), CONSTRAINT one_map_per_file CHECK (id = 1)
);
CREATE TABLE persona (
    id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
    quote TEXT NOT NULL, goals TEXT NOT NULL, needs TEXT NOT NULL,
    frustrations TEXT NOT NULL, notes TEXT NOT NULL, colour TEXT NOT NULL, photo BLOB,
    is_primary INTEGER NOT NULL, show_curve INTEGER NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE stage (
    id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, goal TEXT NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE lane (
    id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
    colour TEXT NOT NULL, min_height FLOAT NOT NULL, PRIMARY KEY (id)
);
CREATE TABLE step (
    id TEXT NOT NULL, stage_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
    description TEXT NOT NULL, width FLOAT NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(stage_id) REFERENCES stage (id)
);
CREATE TABLE card (
    id TEXT NOT NULL, lane_id TEXT NOT NULL, step_id TEXT NOT NULL,
    position INTEGER NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
    channel TEXT, owner TEXT NOT NULL, moment_of_truth INTEGER NOT NULL, severity INTEGER,
    impact INTEGER, effort INTEGER, status TEXT, metrics TEXT, evidence_quotes TEXT,
    evidence_source TEXT NOT NULL, confidence TEXT NOT NULL, tags TEXT,
    colour TEXT NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(lane_id) REFERENCES lane (id), FOREIGN KEY(step_id) REFERENCES step (id)
);
CREATE TABLE emotion (
    persona_id TEXT NOT NULL, step_id TEXT NOT NULL, score INTEGER NOT NULL,
    note TEXT NOT NULL, PRIMARY KEY (persona_id, step_id),
    FOREIGN KEY(persona_id) REFERENCES persona (id), FOREIGN KEY(step_id) REFERENCES step (id)
);
"""

#: Version 3: the document. Its stable id, pictures by content hash (persona photos
#: move there), the future-state map, counterpart links, snapshots, comment threads.
#: The statements as SQLAlchemy writes them, so a saved file matches them exactly.
SCHEMA_V3_SQL = """
CREATE TABLE journey_map (
    id INTEGER NOT NULL,
    title TEXT NOT NULL,
    objective TEXT NOT NULL,
    description TEXT NOT NULL,
    state TEXT NOT NULL,
    author TEXT NOT NULL,
    organisation TEXT NOT NULL,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    scale_min INTEGER NOT NULL,
    scale_max INTEGER NOT NULL,
    scale_labels TEXT NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT one_map_per_file CHECK (id = 1)
);
CREATE TABLE stage (
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    goal TEXT NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE lane (
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    colour TEXT NOT NULL,
    min_height FLOAT NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE document (
    id INTEGER NOT NULL,
    uid TEXT NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT one_document_per_file CHECK (id = 1)
);
CREATE TABLE picture (
    sha256 TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (sha256)
);
CREATE TABLE map_part (
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (role)
);
CREATE TABLE counterpart (
    current_id TEXT NOT NULL,
    future_id TEXT NOT NULL,
    PRIMARY KEY (current_id, future_id)
);
CREATE TABLE snapshot (
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    taken TEXT NOT NULL,
    author TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE comment_thread (
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    map_role TEXT NOT NULL,
    element_id TEXT NOT NULL,
    resolved INTEGER NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE persona (
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    quote TEXT NOT NULL,
    goals TEXT NOT NULL,
    needs TEXT NOT NULL,
    frustrations TEXT NOT NULL,
    notes TEXT NOT NULL,
    colour TEXT NOT NULL,
    photo_sha256 TEXT,
    is_primary INTEGER NOT NULL,
    show_curve INTEGER NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(photo_sha256) REFERENCES picture (sha256)
);
CREATE TABLE step (
    id TEXT NOT NULL,
    stage_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    width FLOAT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(stage_id) REFERENCES stage (id)
);
CREATE TABLE comment (
    id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    author TEXT NOT NULL,
    written TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(thread_id) REFERENCES comment_thread (id)
);
CREATE TABLE card (
    id TEXT NOT NULL,
    lane_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    channel TEXT,
    owner TEXT NOT NULL,
    moment_of_truth INTEGER NOT NULL,
    severity INTEGER,
    impact INTEGER,
    effort INTEGER,
    status TEXT,
    metrics TEXT,
    evidence_quotes TEXT,
    evidence_source TEXT NOT NULL,
    confidence TEXT NOT NULL,
    tags TEXT,
    colour TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(lane_id) REFERENCES lane (id),
    FOREIGN KEY(step_id) REFERENCES step (id)
);
CREATE TABLE emotion (
    persona_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    score INTEGER NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (persona_id, step_id),
    FOREIGN KEY(persona_id) REFERENCES persona (id),
    FOREIGN KEY(step_id) REFERENCES step (id)
);
"""

_V3_SNAPSHOT_SQL = """CREATE TABLE snapshot (
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    taken TEXT NOT NULL,
    author TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (id)
);"""
_V4_SNAPSHOT_SQL = """CREATE TABLE snapshot (
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    taken TEXT NOT NULL,
    author TEXT NOT NULL,
    base TEXT,
    content BLOB NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(base) REFERENCES snapshot (id)
);"""
assert SCHEMA_V3_SQL.count(_V3_SNAPSHOT_SQL) == 1

_V3_MAP_END = """    scale_labels TEXT NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT one_map_per_file CHECK (id = 1)
);"""
_V4_MAP_END = """    scale_labels TEXT NOT NULL,
    internal_tags TEXT,
    PRIMARY KEY (id),
    CONSTRAINT one_map_per_file CHECK (id = 1)
);"""
assert SCHEMA_V3_SQL.count(_V3_MAP_END) == 1

_V4_ANSWER_SQL = """CREATE TABLE answer (
    future_card_id TEXT NOT NULL,
    current_card_id TEXT NOT NULL,
    PRIMARY KEY (future_card_id, current_card_id)
);"""

#: Version 4: snapshots stored compactly. ``content`` is compressed JSON (zlib): the whole
#: map as cjm-json when ``base`` is NULL, else the changes from the map of the snapshot
#: ``base`` names (a cjm-json delta). ``journey_map.internal_tags``: the tags a
#: client-safe export leaves out (JSON list, NULL if none). ``answer``: the current pain
#: points each future card answers. Every other table is as in version 3.
SCHEMA_V4_SQL = (
    SCHEMA_V3_SQL.replace(_V3_SNAPSHOT_SQL, _V4_SNAPSHOT_SQL).replace(_V3_MAP_END, _V4_MAP_END)
    + _V4_ANSWER_SQL
    + "\n"
)

#: The schema text of each released version, by version number.
SCHEMAS: dict[int, str] = {
    1: SCHEMA_V1_SQL,
    2: SCHEMA_V2_SQL,
    3: SCHEMA_V3_SQL,
    4: SCHEMA_V4_SQL,
}


def upgrade_1_to_2(connection: sqlite3.Connection) -> None:
    """Add layout sizes and curve visibility; turn "a, b" tag text into a JSON list."""
    connection.executescript(
        """
        ALTER TABLE step ADD COLUMN width FLOAT NOT NULL DEFAULT 200.0;
        ALTER TABLE lane ADD COLUMN min_height FLOAT NOT NULL DEFAULT 90.0;
        UPDATE lane SET min_height = 180.0 WHERE kind = 'emotions';
        ALTER TABLE persona ADD COLUMN show_curve INTEGER NOT NULL DEFAULT 1;
        """
    )
    # One UPDATE calling our own function: SQLite streams the rows, so memory stays
    # bounded however big the table (fetching every row first cost gigabytes).
    connection.create_function("cjm_tags_to_json", 1, _tags_to_json, deterministic=True)
    connection.execute("UPDATE card SET tags = cjm_tags_to_json(tags)")
    connection.execute("PRAGMA user_version = 2")


def _tags_to_json(tags_text: object) -> str:
    """Version 1's "a, b" tag text as version 2's JSON list."""
    tags = [tag.strip() for tag in str(tags_text).split(",") if tag.strip()]
    return json.dumps(tags, ensure_ascii=False)


_V3_NEW_TABLES = ("document", "picture", "map_part", "counterpart", "snapshot", "comment_thread",
                  "comment")  # fmt: skip


def upgrade_2_to_3(connection: sqlite3.Connection) -> None:
    """Add the document's parts and move persona photos into the picture store."""
    for statement in SCHEMA_V3_SQL.split(";"):
        name = re.search(r"CREATE TABLE (\w+)", statement)
        if name and name.group(1) in _V3_NEW_TABLES:
            connection.execute(statement)
    connection.execute("INSERT INTO document (id, uid) VALUES (1, ?)", (str(uuid.uuid4()),))
    connection.execute(
        "ALTER TABLE persona ADD COLUMN photo_sha256 TEXT REFERENCES picture (sha256)"
    )
    # One photo in memory at a time (each may be up to the 16 MB cap on a value).
    with_photos = connection.execute("SELECT id FROM persona WHERE photo IS NOT NULL").fetchall()
    for (persona_id,) in with_photos:
        (photo,) = connection.execute(
            "SELECT photo FROM persona WHERE id = ?", (persona_id,)
        ).fetchone()
        data = bytes(photo)
        key = hashlib.sha256(data).hexdigest()
        connection.execute(
            "INSERT OR IGNORE INTO picture (sha256, media_type, size, data) VALUES (?, ?, ?, ?)",
            (key, media_type_of(data), len(data), data),
        )
        connection.execute("UPDATE persona SET photo_sha256 = ? WHERE id = ?", (key, persona_id))
    connection.execute("ALTER TABLE persona DROP COLUMN photo")
    connection.execute("PRAGMA user_version = 3")


def upgrade_3_to_4(connection: sqlite3.Connection) -> None:
    """Store each snapshot's cjm-json text compressed, as a whole map (no base); add the
    map's internal tags (none) and the answer links (none)."""
    connection.execute("ALTER TABLE snapshot RENAME TO snapshot_v3")
    connection.execute(_V4_SNAPSHOT_SQL.rstrip(";"))
    # One INSERT calling our own function: SQLite streams the rows (memory stays bounded).
    connection.create_function("cjm_pack_text", 1, _pack_text, deterministic=True)
    connection.execute(
        "INSERT INTO snapshot (id, position, name, taken, author, base, content) "
        "SELECT id, position, name, taken, author, NULL, cjm_pack_text(content) FROM snapshot_v3"
    )
    connection.execute("DROP TABLE snapshot_v3")
    connection.execute("ALTER TABLE journey_map ADD COLUMN internal_tags TEXT")
    connection.execute(_V4_ANSWER_SQL.rstrip(";"))
    connection.execute("PRAGMA user_version = 4")


def _pack_text(text: object) -> bytes:
    """Version 3's snapshot text as version 4 stores it: UTF-8, compressed."""
    if not isinstance(text, str):
        raise TypeError("a snapshot's content is not text")  # the open reports it damaged
    return zlib.compress(text.encode("utf-8"), 6)


UPGRADES: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: upgrade_1_to_2,
    2: upgrade_2_to_3,
    3: upgrade_3_to_4,
}


def canonical_statements(connection: sqlite3.Connection) -> list[str]:
    """The schema's CREATE statements in one spelling, sorted: equal for equal schemas.

    Spacing is made uniform and each table's clauses (columns and constraints)
    are sorted, so only a real difference in the schema tells two apart.
    """
    rows = connection.execute("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL").fetchall()
    return sorted(canonical_sql(str(sql)) for (sql,) in rows)


def canonical_sql(sql: str) -> str:
    """One CREATE statement in one spelling: spacing made uniform, its clauses sorted.

    Everything else is kept as written (CHECK, DEFAULT, COLLATE, GENERATED, and
    what follows the closing bracket, such as STRICT or WITHOUT ROWID), so two
    statements are equal only when they define the same thing.
    """
    text = re.sub(r"\s+", " ", sql)
    text = re.sub(r" ?([(),]) ?", r"\1", text).strip()
    head, _, rest = text.partition("(")
    body, tail = _split_body(rest)
    return f"{head}({','.join(sorted(_clauses(body)))}){tail}"


def _split_body(rest: str) -> tuple[str, str]:
    """The text up to the bracket that closes the first one, and what follows it."""
    depth = 1
    for index, char in enumerate(rest):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return rest[:index], rest[index + 1 :]
    return rest, ""


def _clauses(body: str) -> list[str]:
    """The comma-separated clauses of a table definition, commas inside brackets kept."""
    clauses, depth, start = [], 0, 0
    for index, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            clauses.append(body[start:index])
            start = index + 1
    clauses.append(body[start:])
    return clauses
