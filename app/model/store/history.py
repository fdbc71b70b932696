"""The schemas of older .cjm versions, as they were written, and the upgrades from each.

``UPGRADES[n]`` turns a version-n database into version n+1, in place (always on
a temporary copy, never on the user's file). Each step has a test that opens a
fixture file of that version (tests/fixtures/schema_v*.sql).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

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

#: The schema text of each older version, by version number.
OLD_SCHEMAS: dict[int, str] = {1: SCHEMA_V1_SQL}


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
    rows = connection.execute("SELECT id, tags FROM card").fetchall()
    updates = []
    for card_id, tags_text in rows:
        tags = [tag.strip() for tag in str(tags_text).split(",") if tag.strip()]
        updates.append((json.dumps(tags, ensure_ascii=False), card_id))
    connection.executemany("UPDATE card SET tags = ? WHERE id = ?", updates)
    connection.execute("PRAGMA user_version = 2")


UPGRADES: dict[int, Callable[[sqlite3.Connection], None]] = {1: upgrade_1_to_2}
