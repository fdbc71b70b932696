"""The JSON form carries the whole document: future state, links, snapshots and comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.export.json_form import document_dumps, dumps, read_json_document
from app.model.codec import FormatError
from app.model.codec_document import document_from_dict
from app.model.commands import EditCard
from app.model.commands.comments import AddThread
from app.model.document import FUTURE, MapDocument
from app.model.future import create_future
from app.model.snapshots import snapshot_map, take_snapshot
from app.model.templates import new_map
from tests.test_cli import run


def whole_document() -> MapDocument:
    document = MapDocument(new_map("retail-checkout"))
    take_snapshot(document, "Workshop 1", author="Ana")
    card = next(iter(document.current.cards()))
    EditCard(document.current, card.id, title="Pay in one tap").do()
    take_snapshot(document, "Workshop 2", author="Ana")  # the first becomes changes
    future = create_future(document)
    future_card = next(iter(future.cards()))
    EditCard(future, future_card.id, title="One-tap checkout everywhere").do()
    AddThread(document, card.id, "Ana", "Still true after the tests?").do()
    AddThread(document, future_card.id, "Ben", "Needs budget", map_role=FUTURE).do()
    return document


def test_a_json_round_trip_keeps_every_part_of_the_document(tmp_path: Path) -> None:
    document = whole_document()
    path = tmp_path / "map.json"
    path.write_text(document_dumps(document), encoding="utf-8")
    back = read_json_document(path)
    assert back.current.snapshot() == document.current.snapshot()
    assert back.future is not None and document.future is not None
    assert back.future.snapshot() == document.future.snapshot()
    assert set(back.counterparts) == set(document.counterparts)
    assert [s.name for s in back.snapshots] == ["Workshop 1", "Workshop 2"]
    assert [s.base is None for s in back.snapshots] == [s.base is None for s in document.snapshots]
    for ours, theirs in zip(document.snapshots, back.snapshots, strict=True):
        assert snapshot_map(back, theirs).snapshot() == snapshot_map(document, ours).snapshot()
    assert back.threads == document.threads


def test_a_map_alone_gives_the_same_text_as_before() -> None:
    journey = new_map("retail-checkout")
    assert document_dumps(MapDocument(journey)) == dumps(journey)
    assert not {"future", "counterparts", "snapshots"} & json.loads(dumps(journey)).keys()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.__setitem__("future", []), "future"),
        (lambda d: d["counterparts"][0].__setitem__("extra", 1), "counterparts[0].extra"),
        (lambda d: d["snapshots"][0].__setitem__("data", "x"), "snapshots[0].data"),
        (lambda d: d.__setitem__("answers", [{"future": "x"}]), "answers[0].current"),
        (lambda d: d["snapshots"][1].__setitem__("taken", "yesterday"), "snapshots[1].taken"),
        (lambda d: d["future"]["cards"][0].__setitem__("title", 7), "future.cards[0].title"),
    ],
)
def test_a_bad_part_is_refused_naming_where(change: object, path: str) -> None:
    plain = json.loads(document_dumps(whole_document()))
    change(plain)  # type: ignore[operator]
    with pytest.raises(FormatError) as refused:
        document_from_dict(json.loads(json.dumps(plain)))
    assert str(refused.value).startswith(path), str(refused.value)


def test_cjm_export_json_then_import_gives_the_whole_document_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.model.store import open_document, save_document

    source = tmp_path / "map.cjm"
    save_document(whole_document(), source)
    code, _, err = run(capsys, "export", source, "--json", tmp_path / "map.json")
    assert (code, err) == (0, "")
    code, _, err = run(capsys, "import", tmp_path / "map.json", tmp_path / "back.cjm")
    assert (code, err) == (0, "")
    before, after = open_document(source), open_document(tmp_path / "back.cjm")
    assert after.future is not None and before.future is not None
    assert after.future.snapshot() == before.future.snapshot()
    assert [s.name for s in after.snapshots] == [s.name for s in before.snapshots]
    assert after.threads == before.threads
    code, _, _ = run(capsys, "export", source, "--client-safe", "--json", tmp_path / "c.json")
    shared = json.loads((tmp_path / "c.json").read_text("utf-8"))
    assert code == 0 and "snapshots" not in shared and "comments" not in shared
