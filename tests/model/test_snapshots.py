"""Snapshots: taken, stored compactly as deltas, read back exactly, refused when damaged."""

from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.model import commands as c
from app.model.codec import FormatError, map_from_dict, map_to_dict
from app.model.document import MapDocument, Snapshot
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.plain_delta import apply_delta, make_delta
from app.model.snapshots import (
    find_snapshot,
    map_like,
    pack,
    snapshot_map,
    snapshot_plain,
    summaries,
    take_snapshot,
    unpack,
)
from app.model.store import StoreError, open_document, save_document
from app.model.synthetic import synthetic_map
from tests.model import strategies as s
from tests.model.test_diff import changed_copy, copy_of


@s.PROPERTY_SETTINGS
@given(s.maps(), st.data())
def test_every_snapshot_of_a_chain_reads_back_as_the_map_it_was(
    journey: JourneyMap, data: st.DataObject
) -> None:
    document = MapDocument(journey)
    kept = []
    for number in range(data.draw(st.integers(1, 4))):
        take_snapshot(document, f"v{number}")
        kept.append(document.current.snapshot())
        document.current = changed_copy(document.current, data, most=5)
    for number, expected in enumerate(kept):
        assert snapshot_map(document, find_snapshot(document, f"v{number}")).snapshot() == expected
    assert document.snapshots[-1].base is None  # the newest is whole


@s.PROPERTY_SETTINGS
@given(s.maps(), st.data())
def test_a_delta_rebuilds_its_target_exactly(journey: JourneyMap, data: st.DataObject) -> None:
    base, target = map_to_dict(journey), map_to_dict(changed_copy(journey, data))
    assert apply_delta(base, make_delta(base, target)) == target
    assert apply_delta(target, make_delta(target, base)) == base


def test_fifty_snapshots_of_a_big_map_cost_little_more_than_one() -> None:
    document = MapDocument(synthetic_map(2000))
    for number in range(50):
        cards = list(document.current.cards())
        for card in cards[number * 10 : number * 10 + 10]:
            c.EditCard(document.current, card.id, title=f"{card.title} ({number})").do()
        take_snapshot(document, f"Round {number}")
    whole = [snapshot for snapshot in document.snapshots if snapshot.base is None]
    assert len(whole) == 1
    stored = sum(len(snapshot.data) for snapshot in document.snapshots)
    assert stored < 2 * len(whole[0].data)  # 49 deltas weigh less than one whole map
    assert [item.counts["cards"] for item in summaries(document) if item.counts] == [2000] * 50
    first = snapshot_map(document, document.snapshots[0])
    assert first.card(cards[0].id).title.endswith("(0)")


def test_snapshots_survive_save_and_reopen(tmp_path: Path, retail: JourneyMap) -> None:
    document = MapDocument(retail)
    before = copy_of(retail)
    take_snapshot(document, "Before", "Ann")
    c.EditMap(retail, title="After").do()
    take_snapshot(document, "After", "Ann")
    path = tmp_path / "shop.cjm"
    save_document(document, path)
    again = open_document(path)
    assert again.snapshots == document.snapshots
    assert again.snapshots[0].base == again.snapshots[1].id  # stored as the changes
    assert snapshot_map(again, find_snapshot(again, "Before")).snapshot() == before.snapshot()
    assert snapshot_map(again, find_snapshot(again, "After")).info.title == "After"


def test_names_are_checked(retail: JourneyMap) -> None:
    document = MapDocument(retail)
    take_snapshot(document, "v1")
    for name in ("v1", "", " ", "a\nb", "x" * 201, "bad\x00"):
        with pytest.raises(ModelError):
            take_snapshot(document, name)
    assert [snapshot.name for snapshot in document.snapshots] == ["v1"]
    with pytest.raises(ModelError, match="no snapshot named 'v2'; the file has 'v1'"):
        find_snapshot(document, "v2")


def test_the_document_refuses_broken_chains(retail: JourneyMap) -> None:
    data = pack(map_to_dict(retail))
    whole = Snapshot("whole", data)
    with pytest.raises(ModelError, match="unknown base snapshot"):
        MapDocument(retail, snapshots=[whole, Snapshot("orphan", data, base="gone")])
    first = Snapshot("a", data, id="a", base="b")
    with pytest.raises(ModelError, match="go round in a loop"):
        MapDocument(retail, snapshots=[first, Snapshot("b", data, id="b", base="a")])


def test_a_damaged_snapshot_is_refused_with_a_reason(retail: JourneyMap) -> None:
    document = MapDocument(retail)
    take_snapshot(document, "v1")
    c.EditMap(retail, title="Later").do()
    take_snapshot(document, "v2")
    older, newest = document.snapshots
    assert older.base == newest.id
    for data in (
        b"not zlib",
        zlib.compress(b"{not json"),
        zlib.compress(b'"cut')[:-3],
        pack({"format": "cjm-json-delta", "version": 1, "cards": [[0, 999999]]}),
        pack({"format": "cjm-json-delta", "version": 1, "cards": [True]}),
        pack({"format": "cjm-json-delta", "version": 1, "extra": 1}),
        pack([1, 2]),
    ):
        damaged = dataclasses.replace(older, data=data)
        document.set_snapshots([damaged, newest])
        with pytest.raises(ModelError, match="snapshot 'v1' is damaged"):
            snapshot_map(document, damaged)
        assert snapshot_map(document, newest).info.title == "Later"  # the others still read
    broken = dataclasses.replace(newest, data=pack({"format": "x"}))
    document.set_snapshots([older, broken])
    with pytest.raises(ModelError, match="snapshot 'v2' is damaged"):
        snapshot_map(document, broken)
    with pytest.raises(ModelError, match="snapshot 'v2' is damaged"):
        snapshot_map(document, older)  # stored as the changes from v2: it cannot be read
    [first, second] = summaries(document)
    assert first.counts is None and second.counts is None and "damaged" in (second.problem or "")


def test_a_crafted_snapshot_cannot_unpack_to_gigabytes() -> None:
    bomb = zlib.compress(b" " * (300 * 1024**2), 9)
    with pytest.raises(ValueError, match="unpacks to more than"):
        unpack(bomb)


def test_a_damaged_base_reference_in_a_file_is_refused_on_open(
    tmp_path: Path, retail: JourneyMap
) -> None:
    import sqlite3
    from contextlib import closing

    document = MapDocument(retail)
    take_snapshot(document, "v1")
    path = tmp_path / "map.cjm"
    save_document(document, path)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE snapshot SET base = 'nowhere'")
    with pytest.raises(StoreError, match="unknown base snapshot"):
        open_document(path)


def test_snapshot_plain_reuses_what_it_decoded(retail: JourneyMap) -> None:
    document = MapDocument(retail)
    for number in range(3):
        take_snapshot(document, f"v{number}")
        c.EditMap(retail, title=f"t{number}").do()
    memo: dict[str, object] = {}
    snapshot_plain(document, document.snapshots[0], memo)
    assert set(memo) == {snapshot.id for snapshot in document.snapshots}


@s.PROPERTY_SETTINGS
@given(s.maps(), st.data())
def test_reading_a_map_like_another_gives_what_the_careful_reader_gives(
    journey: JourneyMap, data: st.DataObject
) -> None:
    changed = changed_copy(journey, data)
    plain = map_to_dict(changed)
    assert map_like(plain, journey).snapshot() == changed.snapshot()
    assert map_like(plain, changed).snapshot() == changed.snapshot()


def test_reading_a_map_like_another_refuses_what_the_careful_reader_refuses(
    retail: JourneyMap,
) -> None:
    plain = map_to_dict(retail)
    first = plain["cards"][0]
    for cards in (
        [{**first, "severity": 9}, *plain["cards"][1:]],  # breaks a rule
        [first, *plain["cards"]],  # the same card twice
        [{**first, "lane": "nowhere"}, *plain["cards"][1:]],  # in no lane
        [["not", "a card"], *plain["cards"][1:]],
        [{**first, "id": ["x"]}, *plain["cards"][1:]],
    ):
        with pytest.raises(FormatError):
            map_from_dict({**plain, "cards": cards})
        with pytest.raises(FormatError):
            map_like({**plain, "cards": cards}, retail)
