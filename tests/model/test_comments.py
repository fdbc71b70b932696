"""Comment threads: start, reply, resolve, reopen, undo; the rules; the plain form; the store."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.export.json_form import dumps, read_json, read_json_document
from app.model.codec import map_to_dict
from app.model.codec_comments import document_from_dict, with_threads
from app.model.codec_read import FormatError
from app.model.commands import History
from app.model.commands.comments import AddThread, AddThreads, Reply, SetResolved
from app.model.comments import (
    MAX_COMMENT_LENGTH,
    commented,
    elements,
    find_element,
    find_thread,
    new_thread,
    system_user_name,
    threads_on,
)
from app.model.document import CommentThread, MapDocument
from app.model.errors import ModelError
from app.model.store import open_document, save_document
from app.model.templates import new_map

WHEN = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def document() -> MapDocument:
    return MapDocument(new_map("retail-checkout"))


def first_card(document: MapDocument) -> str:
    return next(document.current.cards()).id


def test_start_reply_resolve_reopen_and_undo_all_of_it(document: MapDocument) -> None:
    card = first_card(document)
    history = History(document.current)
    start = AddThread(document, card, "Ana", "Is this step still needed?", WHEN)
    history.push(start)
    thread_id = start.thread.id
    history.push(Reply(document, thread_id, "Bob", "Yes: the till asks for it.", WHEN))
    history.push(SetResolved(document, thread_id))
    (thread,) = document.threads
    assert thread.element_id == card and thread.resolved
    assert [(c.author, c.text) for c in thread.comments] == [
        ("Ana", "Is this step still needed?"), ("Bob", "Yes: the till asks for it.")]
    assert commented(document) == {}
    history.push(SetResolved(document, thread_id, resolved=False))
    assert not document.threads[0].resolved and commented(document) == {card: 1}
    for _ in range(4):
        history.undo()
    assert document.threads == ()
    for _ in range(4):
        history.redo()
    assert document.threads[0].id == thread_id  # redo gives back the same thread and ids
    assert len(document.threads[0].comments) == 2 and not document.threads[0].resolved


def test_threads_go_on_every_kind_of_element_and_the_map(document: MapDocument) -> None:
    journey = document.current
    targets = {e.kind: e.id for e in elements(journey)}
    assert set(targets) == {"map", "persona", "stage", "step", "lane", "card"}
    for kind, element_id in targets.items():
        AddThread(document, element_id, "Ana", f"On the {kind}", WHEN).do()
    assert {find_element(journey, t.element_id).kind for t in document.threads} == set(targets)
    assert threads_on(document, "")[0].comments[0].text == "On the map"
    assert find_element(journey, "")
    assert find_element(journey, "no-such-id") is None


@pytest.mark.parametrize(
    ("author", "text", "reason"),
    [
        ("Ana", "", "needs some text"),
        ("Ana", "   \n ", "needs some text"),
        ("Ana", "x" * (MAX_COMMENT_LENGTH + 1), "at most 5,000 characters"),
        ("Ana", "bell \x07", "cannot hold"),
        ("", "text", "needs an author"),
        ("Ana\nBob", "text", "one line"),
        ("A" * 101, "text", "at most 100 characters"),
    ],
)
def test_rules_refuse_and_change_nothing(
    document: MapDocument, author: str, text: str, reason: str
) -> None:
    command = AddThread(document, first_card(document), author, text, WHEN)
    with pytest.raises(ModelError, match=reason):
        command.do()
    assert document.threads == ()


def test_a_thread_needs_an_element_and_a_reply_needs_a_thread(document: MapDocument) -> None:
    with pytest.raises(ModelError, match="no element"):
        AddThread(document, "no-such-card", "Ana", "Hello", WHEN).do()
    with pytest.raises(ModelError, match="no comment thread"):
        Reply(document, "no-such-thread", "Ana", "Hello", WHEN).do()
    with pytest.raises(ModelError, match="no element"):
        new_thread(document.current, "nope", "Ana", "Hello")
    assert document.threads == ()


def test_resolving_twice_is_refused_and_prefixes_find_threads(document: MapDocument) -> None:
    start = AddThread(document, "", "Ana", "Map-wide remark", WHEN)
    start.do()
    SetResolved(document, start.thread.id).do()
    with pytest.raises(ModelError, match="resolved already"):
        SetResolved(document, start.thread.id).do()
    assert find_thread(document, start.thread.id[:8]).id == start.thread.id
    with pytest.raises(ModelError, match="no comment thread"):
        find_thread(document, start.thread.id[:3])  # too short to name a thread


def test_add_threads_is_one_step(document: MapDocument) -> None:
    card = first_card(document)
    threads = [new_thread(document.current, card, "Workbook", f"line {i}") for i in range(3)]
    command = AddThreads(document, threads, "Comments from the workbook")
    command.do()
    assert len(document.threads) == 3
    command.undo()
    assert document.threads == ()


def test_the_system_user_name_is_a_valid_author() -> None:
    name = system_user_name()
    assert name.strip() and "\n" not in name


# ---------------------------------------------------------------------- the plain form
def commented_document() -> MapDocument:
    document = MapDocument(new_map("retail-checkout"))
    card = first_card(document)
    start = AddThread(document, card, "Ana", "<b>Not bold</b>\nsecond line =1+1", WHEN)
    start.do()
    Reply(document, start.thread.id, "Bob", "Agreed", WHEN).do()
    SetResolved(document, start.thread.id).do()
    AddThread(document, "", "Ana", "Whole map: check the personas", WHEN).do()
    return document


def test_comments_survive_the_json_round_trip(tmp_path: Path) -> None:
    document = commented_document()
    text = dumps(document.current, document.threads)
    assert json.loads(text)["comments"][0]["comments"][1]["author"] == "Bob"
    path = tmp_path / "map.json"
    path.write_text(text, encoding="utf-8")
    back = read_json_document(path)
    assert back.threads == document.threads
    assert back.current.snapshot() == document.current.snapshot()
    assert dumps(back.current, back.threads) == text  # the same text again
    assert read_json(path).snapshot() == document.current.snapshot()


def test_json_without_comments_is_unchanged_and_still_reads() -> None:
    journey = new_map("retail-checkout")
    assert dumps(journey) == dumps(journey, ())
    assert "comments" not in json.loads(dumps(journey))
    assert document_from_dict(map_to_dict(journey)).threads == ()


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda t: t.update(comments=[]), "comments[0].comments"),
        (lambda t: t["comments"][0].update(text=7), "comments[0].comments[0].text"),
        (lambda t: t["comments"][0].update(written="yesterday"), "comments[0].comments[0].written"),
        (lambda t: t.update(colour="#ff0000"), "comments[0].colour"),
        (lambda t: t.update(element="a\tb"), "comments[0].element"),
        (lambda t: t["comments"][0].update(text="x" * 5001), "comments[0].comments[0].text"),
    ],
)
def test_bad_comments_in_json_name_their_path(change, path: str) -> None:  # type: ignore[no-untyped-def]
    document = commented_document()
    plain = with_threads(map_to_dict(document.current), document.threads)
    change(plain["comments"][0])
    with pytest.raises(FormatError) as caught:
        document_from_dict(plain)
    assert caught.value.path == path


# ---------------------------------------------------------------------- the store
def test_comments_survive_save_and_reopen(tmp_path: Path) -> None:
    document = commented_document()
    path = tmp_path / "map.cjm"
    save_document(document, path)
    back = open_document(path)
    assert back.threads == document.threads
    assert [t.resolved for t in back.threads] == [True, False]
    assert back.threads[0].comments[0].text == "<b>Not bold</b>\nsecond line =1+1"


def test_threads_are_kept_when_their_element_goes(document: MapDocument) -> None:
    from app.model.commands import RemoveCard

    card = first_card(document)
    AddThread(document, card, "Ana", "Keep me", WHEN).do()
    RemoveCard(document.current, card).do()
    assert isinstance(document.threads[0], CommentThread)
    assert find_element(document.current, document.threads[0].element_id) is None
