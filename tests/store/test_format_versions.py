"""The pinned file format: every released version opens and upgrades, nothing drifts.

tests/fixtures/vN.cjm is a file as version N of CJM Studio wrote it (v1 and v2
hold the same kind of map as tests/model/full_map.py; v3 adds every part of the
document). They are committed once and never rewritten.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, MetaData, Text

from app.model.codec import map_to_dict
from app.model.commands import EditCard
from app.model.document import MapDocument, picture_key
from app.model.journey import JourneyMap
from app.model.store import (
    SCHEMA_VERSION,
    StoreError,
    file_schema_version,
    open_document,
    open_map,
    save_document,
)
from app.model.store import schema as tables
from app.model.store.history import SCHEMAS, UPGRADES
from app.model.store.validate import schema_drift
from app.model.templates import new_map
from tests.model.full_map import PNG_BYTES, full_map, full_map_before_v4

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"


def without_ids(journey: JourneyMap) -> Any:
    """The map's plain form with every id replaced by the order it first appears in."""
    names: dict[str, str] = {}

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if key in ("id", "lane", "step", "persona") and isinstance(value, str):
            return names.setdefault(value, f"#{len(names)}")
        return value

    return walk(map_to_dict(journey))


def assert_same_parts(after: MapDocument, before: MapDocument) -> None:
    """Every part of the document but its current map is as it was."""
    assert after.uid == before.uid
    assert after.snapshots == before.snapshots
    assert after.threads == before.threads
    assert after.counterparts == before.counterparts
    assert (after.future is None) == (before.future is None)
    if after.future is not None and before.future is not None:
        assert after.future.snapshot() == before.future.snapshot()
    assert after.all_pictures() == before.all_pictures()


def copy_of(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copyfile(FIXTURES / name, target)
    return target


# ---------------------------------------------------------------------- every version opens
@pytest.mark.parametrize("version", sorted(SCHEMAS))
def test_each_released_version_has_a_fixture_that_opens(version: int, tmp_path: Path) -> None:
    path = copy_of(f"v{version}.cjm", tmp_path)
    before = path.read_bytes()
    assert file_schema_version(path) == version
    document = open_document(path)
    assert document.current.card_count > 0
    assert path.read_bytes() == before  # upgrades happen on a private copy


def test_version_2_opens_as_the_full_map_with_its_photo_in_the_picture_store(
    tmp_path: Path,
) -> None:
    document = open_document(copy_of("v2.cjm", tmp_path))
    assert without_ids(document.current) == without_ids(full_map_before_v4())
    assert document.current.personas[0].photo == PNG_BYTES
    assert picture_key(PNG_BYTES) in document.all_pictures()
    assert document.snapshots == () and document.threads == () and document.future is None


def test_version_1_upgrades_through_2_to_3(tmp_path: Path) -> None:
    journey = open_map(copy_of("v1.cjm", tmp_path))
    assert journey.info.title == "Opening an account (v1)"
    assert [s.width for s in journey.steps] == [200.0, 200.0]
    assert journey.card("c1").tags == ("form", "web")


@pytest.mark.parametrize("version", sorted(SCHEMAS))
def test_an_upgraded_file_saves_as_the_current_version_with_nothing_lost(
    version: int, tmp_path: Path
) -> None:
    document = open_document(copy_of(f"v{version}.cjm", tmp_path))
    saved = tmp_path / "saved.cjm"
    save_document(document, saved)
    assert file_schema_version(saved) == SCHEMA_VERSION
    again = open_document(saved)
    assert again.current.snapshot() == document.current.snapshot()
    assert again.uid == document.uid
    assert again.all_pictures() == document.all_pictures()


def test_version_3_holds_every_part_of_the_document(tmp_path: Path) -> None:
    document = open_document(copy_of("v3.cjm", tmp_path))
    assert document.uid == "0f1e2d3c-4b5a-4697-8877-665544332211"
    assert document.future is not None
    assert without_ids(document.future) == without_ids(full_map_before_v4())
    first_current = next(iter(document.current.cards()))
    first_future = next(iter(document.future.cards()))
    assert [(c.current_id, c.future_id) for c in document.counterparts] == [
        (first_current.id, first_future.id)
    ]
    [snapshot] = document.snapshots
    assert (snapshot.name, snapshot.author, snapshot.taken.isoformat()) == (
        "After workshop 1",
        "Zofia Nowak",
        "2026-03-04T05:06:07+00:00",
    )
    [thread] = document.threads
    assert thread.element_id == first_current.id and thread.resolved
    assert [(c.author, c.text) for c in thread.comments] == [
        ("Client", "Is this still true?"),
        ("Zofia", "Yes — checked."),
    ]
    assert {p.media_type for p in document.all_pictures().values()} == {"image/png", "image/gif"}


# ---------------------------------------------------------------------- a save keeps every part
def test_saving_an_edited_map_keeps_every_other_part_of_the_file(tmp_path: Path) -> None:
    path = copy_of("v3.cjm", tmp_path)
    document = open_document(path)
    card = next(iter(document.current.cards()))
    EditCard(document.current, card.id, title="Edited after the workshop").do()
    save_document(document, path)
    again = open_document(path)
    assert again.current.card(card.id).title == "Edited after the workshop"
    assert again.future is not None and again.snapshots and again.threads
    assert_same_parts(again, document)


def test_a_picture_whose_bytes_do_not_match_its_hash_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "map.cjm"
    save_document(MapDocument(full_map()), path)
    with closing(sqlite3.connect(path)) as connection, connection:  # commits, then closes
        connection.execute("UPDATE picture SET data = x'00', size = 1")
    with pytest.raises(StoreError, match="do not match its hash"):
        open_document(path)


# ---------------------------------------------------------------------- the format is pinned
def test_the_live_schema_is_the_frozen_current_version() -> None:
    assert schema_drift() == []
    assert max(SCHEMAS) == SCHEMA_VERSION
    assert sorted(UPGRADES) == list(range(1, SCHEMA_VERSION))
    assert sorted(p.name for p in FIXTURES.glob("v*.cjm")) == [
        f"v{version}.cjm" for version in sorted(SCHEMAS)
    ]


def test_a_schema_change_without_a_new_version_is_caught() -> None:
    changed = MetaData()
    for table in tables.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["card"].append_column(Column("due", Text))
    drift = schema_drift(changed)
    assert drift and all("card" in statement for statement in drift)


# ---------------------------------------------------------------------- the bundled examples
@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.cjm")), ids=lambda p: p.stem)
def test_the_bundled_examples_open_as_their_templates(path: Path) -> None:
    assert file_schema_version(path) == SCHEMA_VERSION
    assert without_ids(open_map(path)) == without_ids(new_map(path.stem))
