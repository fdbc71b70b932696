"""The tables of a .cjm file (SQLite), as SQLAlchemy Core metadata.

One row per element; order is an explicit ``position`` column. Lists and small
records inside a card (metrics, quotes, tags) are JSON text columns. Around the
map's own tables, the document's parts: its stable id, pictures by content hash
(persona photos name theirs), the future-state map as cjm-json text, snapshots
as compressed JSON (whole, or the changes from another snapshot), counterpart
links, and comment threads. One .cjm file holds everything.

This is the definition of the current version only. Every released version is
frozen as text in ``history.py``, and a test fails if this one drifts from it:
a change here needs a new version number and an upgrade.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

#: PRAGMA application_id of every .cjm file: "CJMS" in ASCII.
APPLICATION_ID = 0x434A4D53
#: PRAGMA user_version: the schema version this program writes.
SCHEMA_VERSION = 4

metadata = MetaData()

journey_map = Table(
    "journey_map",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("objective", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("organisation", Text, nullable=False),
    Column("created", Text, nullable=False),
    Column("modified", Text, nullable=False),
    Column("scale_min", Integer, nullable=False),
    Column("scale_max", Integer, nullable=False),
    Column("scale_labels", Text, nullable=False),
    Column("internal_tags", Text),  # JSON list of strings, NULL if none
    CheckConstraint("id = 1", name="one_map_per_file"),
)

persona = Table(
    "persona",
    metadata,
    Column("id", Text, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("quote", Text, nullable=False),
    Column("goals", Text, nullable=False),
    Column("needs", Text, nullable=False),
    Column("frustrations", Text, nullable=False),
    Column("notes", Text, nullable=False),
    Column("colour", Text, nullable=False),
    Column("photo_sha256", Text, ForeignKey("picture.sha256")),
    Column("is_primary", Integer, nullable=False),
    Column("show_curve", Integer, nullable=False),
)

stage = Table(
    "stage",
    metadata,
    Column("id", Text, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("goal", Text, nullable=False),
)

step = Table(
    "step",
    metadata,
    Column("id", Text, primary_key=True),
    Column("stage_id", Text, ForeignKey("stage.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("width", Float, nullable=False),
)

lane = Table(
    "lane",
    metadata,
    Column("id", Text, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("colour", Text, nullable=False),
    Column("min_height", Float, nullable=False),
)

card = Table(
    "card",
    metadata,
    Column("id", Text, primary_key=True),
    Column("lane_id", Text, ForeignKey("lane.id"), nullable=False),
    Column("step_id", Text, ForeignKey("step.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("channel", Text),
    Column("owner", Text, nullable=False),
    Column("moment_of_truth", Integer, nullable=False),
    Column("severity", Integer),
    Column("impact", Integer),
    Column("effort", Integer),
    Column("status", Text),
    Column("metrics", Text),  # JSON list of {kind, name, value, unit, target}, NULL if none
    Column("evidence_quotes", Text),  # JSON list of strings, NULL if none
    Column("evidence_source", Text, nullable=False),
    Column("confidence", Text, nullable=False),
    Column("tags", Text),  # JSON list of strings, NULL if none
    Column("colour", Text, nullable=False),
)

emotion = Table(
    "emotion",
    metadata,
    Column("persona_id", Text, ForeignKey("persona.id"), nullable=False),
    Column("step_id", Text, ForeignKey("step.id"), nullable=False),
    Column("score", Integer, nullable=False),
    Column("note", Text, nullable=False),
    PrimaryKeyConstraint("persona_id", "step_id"),
)

# ---------------------------------------------------------------------- the document's parts
document = Table(
    "document",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", Text, nullable=False),
    CheckConstraint("id = 1", name="one_document_per_file"),
)

picture = Table(
    "picture",
    metadata,
    Column("sha256", Text, primary_key=True),
    Column("media_type", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

# The future-state map, as cjm-json text (one row per role; "future" today).
map_part = Table(
    "map_part",
    metadata,
    Column("role", Text, primary_key=True),
    Column("content", Text, nullable=False),
)

counterpart = Table(
    "counterpart",
    metadata,
    Column("current_id", Text, nullable=False),
    Column("future_id", Text, nullable=False),
    PrimaryKeyConstraint("current_id", "future_id"),
)

# A card of the future map answers a pain point of the current map (version 4).
answer = Table(
    "answer",
    metadata,
    Column("future_card_id", Text, nullable=False),
    Column("current_card_id", Text, nullable=False),
    PrimaryKeyConstraint("future_card_id", "current_card_id"),
)

# A named version of the map: compressed JSON, the whole map (cjm-json) when ``base``
# is NULL, else the changes from the map of the snapshot ``base`` names (app/model/snapshots.py).
snapshot = Table(
    "snapshot",
    metadata,
    Column("id", Text, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("taken", Text, nullable=False),
    Column("author", Text, nullable=False),
    Column("base", Text, ForeignKey("snapshot.id")),
    Column("content", LargeBinary, nullable=False),
)

comment_thread = Table(
    "comment_thread",
    metadata,
    Column("id", Text, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("map_role", Text, nullable=False),
    Column("element_id", Text, nullable=False),
    Column("resolved", Integer, nullable=False),
)

comment = Table(
    "comment",
    metadata,
    Column("id", Text, primary_key=True),
    Column("thread_id", Text, ForeignKey("comment_thread.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("author", Text, nullable=False),
    Column("written", Text, nullable=False),
    Column("text", Text, nullable=False),
)
