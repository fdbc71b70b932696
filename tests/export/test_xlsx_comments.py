"""Comments in the workbook: the Cards sheet's Comments column, and a client's new lines
arriving as comments through the merge (never lost, never twice)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.export.xlsx_comments import (
    CommentCells,
    comment_threads,
    new_comments,
    parse_line,
    with_comments,
)
from app.export.xlsx_export import export_workbook
from app.export.xlsx_import import read_workbook
from app.export.xlsx_reader import WorkbookError
from app.export.xlsx_report import report_lines
from app.export.xlsx_three_way import apply_merge, merged_map, plan_workbook_merge
from app.model.commands.comments import AddThread, AddThreads, Reply, SetResolved
from app.model.document import MapDocument
from app.model.templates import new_map
from tests.export.test_xlsx_three_way import Book

WHEN = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def document() -> MapDocument:
    document = MapDocument(new_map("retail-checkout"))
    cards = list(document.current.cards())
    start = AddThread(document, cards[0].id, "Ana", "Is this step\nstill needed?", WHEN)
    start.do()
    Reply(document, start.thread.id, "Bob", "=1+1 is not a formula", WHEN).do()
    done = AddThread(document, cards[1].id, "Ana", "Old question", WHEN)
    done.do()
    SetResolved(document, done.thread.id).do()
    AddThread(document, "", "Ana", "On the whole map: not in the workbook", WHEN).do()
    return document


def export(document: MapDocument, tmp_path: Path, comments: bool = True) -> Book:
    path = tmp_path / "book.xlsx"
    export_workbook(document.current, path, map_id=document.uid,
                    comments=document.threads if comments else None)
    return Book(path)


def merge(document: MapDocument, path: Path) -> tuple[list[str], int]:
    """Plan and apply as the command line does; the report and how many comments arrived."""
    cells = CommentCells()
    journey = document.current
    plan = plan_workbook_merge(path, journey, document.uid, comments=cells)
    merged = merged_map(plan)
    new = new_comments(cells, document)
    apply_merge(journey, merged).do()
    if new:
        AddThreads(document, comment_threads(new, journey, WHEN)).do()
    return with_comments(report_lines(plan), new), len(new)


def cell(book: Book, card_id: str) -> Any:
    return book.sheet("Cards").cell(row=book.row("Cards", card_id),
                                    column=book.column("Cards", "Comments"))


def test_the_cards_sheet_lists_each_cards_comments_as_plain_lines(
    document: MapDocument, tmp_path: Path
) -> None:
    book = export(document, tmp_path)
    first, second = [c.id for c in document.current.cards()][:2]
    shown = cell(book, first)
    assert shown.value == ("Ana (2026-05-01): Is this step still needed?\n"
                           "↳ Bob (2026-05-01): =1+1 is not a formula")
    assert shown.data_type == "s"
    assert cell(book, second).value == "Ana (2026-05-01): Old question [resolved]"
    texts = [c.value for row in book.sheet("Cards").iter_rows() for c in row]
    assert not any(isinstance(t, str) and "whole map" in t for t in texts)


def test_without_the_option_there_is_no_comments_column(
    document: MapDocument, tmp_path: Path
) -> None:
    book = export(document, tmp_path, comments=False)
    headers = [c.value for c in book.sheet("Cards")[1]]
    assert "Comments" not in headers
    every = [c.value for ws in book.book.worksheets for row in ws.iter_rows() for c in row]
    assert not any(isinstance(v, str) and "Old question" in v for v in every)
    assert not any(isinstance(v, str) and v.startswith("Comments") for v in every)


def test_an_untouched_workbook_brings_no_comment_and_rebuilds_the_map(
    document: MapDocument, tmp_path: Path
) -> None:
    path = export(document, tmp_path).save()
    threads, before = document.threads, document.current.snapshot()
    lines, count = merge(document, path)
    assert count == 0 and document.threads == threads
    assert document.current.snapshot() == before
    assert lines[-1] == "No changes: the map already matches the workbook."
    assert read_workbook(path).snapshot() == before  # the column is not a card field


def test_a_clients_new_lines_arrive_as_comments_once(
    document: MapDocument, tmp_path: Path
) -> None:
    book = export(document, tmp_path)
    first, second = [c.id for c in document.current.cards()][:2]
    target = cell(book, first)
    target.value += "\nCarol Client: Yes, drop it.\nwe never use this"
    cell(book, second).value += "\nDan: http://example.com: see this"
    path = book.save()
    lines, count = merge(document, path)
    assert count == 3
    thread = document.threads[-2]
    assert thread.element_id == first and not thread.resolved
    assert [(c.author, c.text) for c in thread.comments] == [
        ("Carol Client", "Yes, drop it."), ("Workbook", "we never use this")]
    assert [(c.author, c.text) for c in document.threads[-1].comments] == [
        ("Dan", "http://example.com: see this")]
    assert any('new comment from the workbook by Carol Client: "Yes, drop it."' in line
               for line in lines)
    assert lines[-1] == "No changes to the map. 3 new comments from the workbook."
    threads = document.threads
    lines, count = merge(document, path)  # the same workbook again: nothing new
    assert count == 0 and document.threads == threads


def test_an_edited_line_is_kept_whole_and_nothing_is_deleted(
    document: MapDocument, tmp_path: Path
) -> None:
    book = export(document, tmp_path)
    first = next(document.current.cards()).id
    cell(book, first).value = "Ana (2026-05-01): Is this step really needed?"
    path = book.save()
    before = len(document.threads)
    _, count = merge(document, path)
    assert count == 1
    (comment,) = document.threads[-1].comments
    assert (comment.author, comment.text) == (
        "Workbook", "Ana (2026-05-01): Is this step really needed?")
    assert len(document.threads) == before + 1  # the old thread is still there


def test_a_new_row_with_a_comment_brings_its_card_and_the_comment(
    document: MapDocument, tmp_path: Path
) -> None:
    book = export(document, tmp_path)
    journey = document.current
    card = next(journey.cards())
    ws = book.sheet("Cards")
    row = ws.max_row + 1
    for header, value in (("Stage", journey.stage(journey.step(card.step_id).stage_id).name),
                          ("Step", journey.step(card.step_id).name),
                          ("Lane", journey.lane(card.lane_id).name), ("Kind", "Note"),
                          ("Title", "Brand-new card"), ("Comments", "Eve: added by the client")):
        ws.cell(row=row, column=book.column("Cards", header)).value = value
    _, count = merge(document, book.save())
    assert count == 1
    added = next(c for c in journey.cards() if c.title == "Brand-new card")
    assert document.threads[-1].element_id == added.id
    assert document.threads[-1].comments[0].author == "Eve"


def test_a_garbled_comment_record_is_refused(document: MapDocument, tmp_path: Path) -> None:
    book = export(document, tmp_path)
    base = book.sheet("Base")
    for row in base.iter_rows(min_row=2):
        if row[0].value == "Comments 1":
            row[1].value = row[1].value[:-8] + "AAAAAAAA"
    with pytest.raises(WorkbookError, match="garbled comments record"):
        plan_workbook_merge(book.save(), document.current, document.uid,
                            comments=CommentCells())


@pytest.mark.parametrize(
    ("line", "author", "text"),
    [
        ("Carol: fine", "Carol", "fine"),
        ("↳ Carol: fine", "Carol", "fine"),
        ("just a note", "Workbook", "just a note"),
        ("Ana (2026-05-01): edited", "Workbook", "Ana (2026-05-01): edited"),
        ("a very long sentence that is not a name at all: text", "Workbook",
         "a very long sentence that is not a name at all: text"),
        ("http://x.org", "Workbook", "http://x.org"),
    ],
)
def test_a_line_names_its_author_when_it_reads_name_colon_text(
    line: str, author: str, text: str
) -> None:
    assert parse_line(line) == (author, text)


def test_openpyxl_reads_our_column_as_written(document: MapDocument, tmp_path: Path) -> None:
    path = export(document, tmp_path).path
    book = openpyxl.load_workbook(path, read_only=True)
    headers = [c.value for c in next(book["Cards"].iter_rows(max_row=1))]
    book.close()
    assert headers.index("Comments") == headers.index("Colour") + 1


def test_a_new_map_from_the_workbook_keeps_every_thread_and_takes_new_lines(
    document: MapDocument, tmp_path: Path
) -> None:
    from app.export.xlsx_import import read_workbook_document

    untouched = export(document, tmp_path).save()
    back = read_workbook_document(untouched)
    assert back.threads == document.threads  # replies, resolved and the map's thread too
    assert back.current.snapshot() == document.current.snapshot()
    book = Book(untouched)
    first = next(document.current.cards()).id
    cell(book, first).value += "\nCarol: from the client"
    back = read_workbook_document(book.save())
    assert back.threads[:-1] == document.threads
    assert (back.threads[-1].element_id, back.threads[-1].comments[0].author) == (first, "Carol")


def test_a_workbook_without_comments_gives_a_map_without_threads(
    document: MapDocument, tmp_path: Path
) -> None:
    from app.export.xlsx_import import read_workbook_document

    path = export(document, tmp_path, comments=False).save()
    assert read_workbook_document(path).threads == ()


def test_a_client_safe_workbook_has_no_comment_anywhere(
    document: MapDocument, tmp_path: Path
) -> None:
    path = tmp_path / "client.xlsx"
    export_workbook(document.current, path, map_id=document.uid, client_safe=True,
                    comments=document.threads)
    book = openpyxl.load_workbook(path)
    every = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert "Comments" not in every
    assert not any(isinstance(v, str) and ("Old question" in v or v.startswith("Comments"))
                   for v in every)
