"""Client-safe exports leave out owners, the notes lanes, evidence and confidence, comments and
internal tags, in every deliverable; the client-safe workbook still merges back.

Each export of ``secret_map()`` (the retail example with every internal text marked by a
word starting "zq") is searched as a client would read it: the poster's and handout's
text (pdftotext), every part of the workbook and the deck (unzipped XML), the JSON and the
SVG text. The full export is searched too, so a check that finds nothing is known to look
in the right place.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from app.export.image import export_png, export_svg
from app.export.json_form import export_json
from app.export.pdf import export_handout, export_poster
from app.export.pptx_deck import export_pptx
from app.export.sharing import ShareOptions
from app.export.xlsx_export import export_workbook
from app.export.xlsx_report import report_lines
from app.export.xlsx_three_way import merged_map, plan_workbook_merge
from app.model.client_safe import client_copy, client_document
from app.model.document import Snapshot
from app.model.entities import Evidence
from app.model.journey import JourneyMap
from app.model.vocab import LaneKind
from tests.export.client_safe_map import (
    CARD_SPELLING,
    CONFIDENCE_LABELS,
    INTERNAL_TAG,
    VISIBLE_TAG,
    internal_words,
    secret_document,
    secret_map,
    visible_titles,
)

MAP_ID = "4a1d7d0e-6a3c-4f57-9d0e-2b8c1f5a7e31"


def squeezed(text: str) -> str:
    return " ".join(text.split()).lower()


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return squeezed(done.stdout)


def zip_text(path: Path) -> str:
    """Every XML (and other text) part of an Office file, together, lower case."""
    with zipfile.ZipFile(path) as archive:
        parts = [archive.read(name) for name in archive.namelist() if not name.endswith(".png")]
    text = "\n".join(part.decode("utf-8", "replace") for part in parts)
    return html.unescape(text).lower()


def found(words: list[str], text: str) -> list[str]:
    return [word for word in words if word in text]


@pytest.fixture(scope="module")
def journey() -> JourneyMap:
    return secret_map()


@pytest.fixture(scope="module")
def safe(journey: JourneyMap) -> JourneyMap:
    return client_copy(journey)


# ---------------------------------------------------------------------- the copy itself
def test_the_copy_leaves_out_every_kind_of_internal_content(
    journey: JourneyMap, safe: JourneyMap
) -> None:
    assert [lane.kind for lane in safe.lanes] == [
        lane.kind for lane in journey.lanes if lane.kind is not LaneKind.NOTES
    ]
    assert all(card.owner == "" and card.evidence == Evidence() for card in safe.cards())
    tags = {tag for card in safe.cards() for tag in card.tags}
    assert VISIBLE_TAG in tags and CARD_SPELLING not in tags  # matched ignoring case, spaces
    assert safe.info.internal_tags == ()
    assert [c.title for c in safe.cards()] == visible_titles(journey)
    assert [p.name for p in safe.personas] == [p.name for p in journey.personas]
    assert safe.emotions() == journey.emotions()
    # The map itself is untouched, and a copy of the copy is the same copy.
    assert journey.info.internal_tags == (INTERNAL_TAG,)
    assert any(card.owner for card in journey.cards())
    assert client_copy(safe).snapshot() == safe.snapshot()


def test_the_document_copy_has_no_comments_or_snapshots() -> None:
    document = secret_document()
    document.set_snapshots([Snapshot("Before the workshop", b"")])
    copy = client_document(document)
    assert document.threads and copy.threads == () and copy.snapshots == ()
    assert copy.uid == document.uid
    assert copy.current.snapshot() == client_copy(document.current).snapshot()
    assert ShareOptions(client_safe=True).document_for(document).threads == ()


def test_more_tags_can_be_left_out_for_one_export(journey: JourneyMap) -> None:
    copy = ShareOptions(client_safe=True, internal_tags=("ZQONEOFF",)).map_for(journey)
    assert "zqoneoff" not in {tag for card in copy.cards() for tag in card.tags}
    assert ShareOptions().map_for(journey) is journey


# ---------------------------------------------------------------------- every deliverable
def test_the_poster_shows_no_internal_text(
    journey: JourneyMap, safe: JourneyMap, tmp_path: Path
) -> None:
    full, client = tmp_path / "full.pdf", tmp_path / "client.pdf"
    export_poster(journey, full, "A0")
    export_poster(safe, client, "A0")
    assert found(internal_words(journey), pdf_text(full))  # the notes lane's cards, at least
    text = pdf_text(client)
    assert found(internal_words(journey), text) == []
    assert squeezed(journey.info.title) in text
    assert all(squeezed(title)[:20] in text for title in visible_titles(journey)[:10])


def test_the_handout_shows_no_internal_text(journey: JourneyMap, tmp_path: Path) -> None:
    document = secret_document()
    shared = ShareOptions(client_safe=True).document_for(document)  # as the app and cjm do
    full, client = tmp_path / "full.pdf", tmp_path / "client.pdf"
    export_handout(document.current, full, comments=document.threads)
    export_handout(shared.current, client, comments=shared.threads)
    words = [*internal_words(journey), "zqcomment1", "zqcomment2"]
    full_text = pdf_text(full)
    assert "zqcomment1" in full_text and "zqcomment2" in full_text
    assert len(found(words, full_text)) > len(words) / 2  # owners, quotes, sources, notes
    assert all(label.lower() in full_text for label in CONFIDENCE_LABELS)
    text = pdf_text(client)
    assert found(words, text) == []
    assert not [label for label in CONFIDENCE_LABELS if label.lower() in text]
    assert VISIBLE_TAG in text
    assert all(squeezed(title) in text for title in visible_titles(journey))


def test_the_workbook_xml_holds_no_internal_text(tmp_path: Path) -> None:
    document = secret_document()
    journey, threads = document.current, document.threads
    full, client = tmp_path / "full.xlsx", tmp_path / "client.xlsx"
    export_workbook(journey, full, map_id=MAP_ID, comments=threads)
    export_workbook(journey, client, map_id=MAP_ID, client_safe=True, comments=threads)
    words = [*internal_words(journey), "zqcomment2"]  # the comment on a card
    assert found(words, zip_text(full)) == words
    text = zip_text(client)
    assert found(words, text) == []
    assert not [label for label in CONFIDENCE_LABELS if label.lower() in text]
    for header in (">owner<", ">evidence quotes<", ">evidence source<", ">confidence<",
                   ">comments<"):  # fmt: skip
        assert header not in text
    assert "internal tags" not in text  # no About row either
    assert all(title.lower() in text for title in visible_titles(journey))


def test_the_json_holds_no_internal_text(
    journey: JourneyMap, safe: JourneyMap, tmp_path: Path
) -> None:
    full, client = tmp_path / "full.json", tmp_path / "client.json"
    export_json(journey, full)
    export_json(safe, client)
    words = internal_words(journey)
    assert found(words, full.read_text("utf-8").lower()) == words
    text = client.read_text("utf-8").lower()
    assert found(words, text) == [] and "research_backed" not in text
    assert "partly_backed" not in text
    data = json.loads(text)
    assert {card["owner"] for card in data["cards"]} == {""}
    assert data["map"]["internal_tags"] == []


def test_the_deck_xml_holds_no_internal_text(
    journey: JourneyMap, safe: JourneyMap, tmp_path: Path
) -> None:
    full, client = tmp_path / "full.pptx", tmp_path / "client.pptx"
    export_pptx(journey, full)
    export_pptx(safe, client)
    words = internal_words(journey)
    assert found(words, zip_text(full))  # the backlog's owners, the notes lane's cards
    text = zip_text(client)
    assert found(words, text) == []
    assert squeezed(journey.info.title) in squeezed(text)


def test_the_pictures_leave_out_the_notes_lane(
    journey: JourneyMap, safe: JourneyMap, tmp_path: Path
) -> None:
    export_svg(journey, tmp_path / "full.svg")
    export_svg(safe, tmp_path / "client.svg")
    words = internal_words(journey)
    assert found(words, (tmp_path / "full.svg").read_text("utf-8").lower())
    text = (tmp_path / "client.svg").read_text("utf-8").lower()
    assert found(words, text) == []
    export_png(journey, tmp_path / "full.png", dpi=96)
    export_png(safe, tmp_path / "client.png", dpi=96)
    with Image.open(tmp_path / "full.png") as whole, Image.open(tmp_path / "client.png") as part:
        assert part.width == whole.width and part.height < whole.height  # one lane fewer


# ---------------------------------------------------------------------- the merge back
def _edit_workbook(path: Path, edit: dict[str, str], delete_title: str = "") -> None:
    """Change cells of the Cards sheet as a client would (by header), and maybe delete a row."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(path)
    sheet = book["Cards"]
    headers = [cell.value for cell in sheet[1]]
    title_at = headers.index("Title")
    for row in sheet.iter_rows(min_row=2):
        title = row[title_at].value
        if title in edit:
            row[title_at].value = edit[title]
        if delete_title and title == delete_title:
            sheet.delete_rows(row[0].row)
            break
    book.save(path)


def test_a_client_safe_workbook_merges_back_keeping_what_the_client_never_saw(
    journey: JourneyMap, tmp_path: Path
) -> None:
    book = tmp_path / "client.xlsx"
    export_workbook(journey, book, map_id=MAP_ID, client_safe=True)
    edited = next(c for c in journey.cards() if c.owner and CARD_SPELLING in c.tags)
    _edit_workbook(book, {edited.title: "Retitled by the client"})
    plan = plan_workbook_merge(book, journey, MAP_ID)
    assert plan.conflicts == [] and plan.warnings == []
    assert report_lines(plan)[-1] == "1 change from the workbook (1 field edited)."
    merged = merged_map(plan)
    card = merged.card(edited.id)
    assert card.title == "Retitled by the client"
    assert (card.owner, card.evidence, card.tags) == (edited.owner, edited.evidence, edited.tags)
    # Everything else the client never saw is as it was: owners, evidence, the notes lane.
    assert [lane.id for lane in merged.lanes] == [lane.id for lane in journey.lanes]
    unchanged = [c for c in journey.cards() if c.id != edited.id]
    assert [merged.card(c.id) for c in unchanged] == unchanged
    assert merged.info.internal_tags == journey.info.internal_tags


def test_a_client_tag_edit_keeps_the_internal_tags(journey: JourneyMap, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "client.xlsx"
    export_workbook(journey, book, map_id=MAP_ID, client_safe=True)
    card = next(c for c in journey.cards() if CARD_SPELLING in c.tags)
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Cards"]
    headers = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == card.id)
    shown = row[headers.index("Tags")].value
    assert INTERNAL_TAG.lower() not in shown.lower()
    row[headers.index("Tags")].value = "client-added"
    workbook.save(book)
    merged = merged_map(plan_workbook_merge(book, journey, MAP_ID))
    assert merged.card(card.id).tags == ("client-added", CARD_SPELLING)


def test_an_untouched_client_workbook_changes_nothing_and_a_deleted_row_removes_the_card(
    journey: JourneyMap, tmp_path: Path
) -> None:
    book = tmp_path / "client.xlsx"
    export_workbook(journey, book, map_id=MAP_ID, client_safe=True)
    plan = plan_workbook_merge(book, journey, MAP_ID)
    assert report_lines(plan) == ["No changes: the map already matches the workbook."]
    gone = next(c for c in journey.cards() if c.owner and c.evidence.quotes)
    _edit_workbook(book, {}, delete_title=gone.title)
    plan = plan_workbook_merge(book, journey, MAP_ID)
    assert plan.conflicts == []  # its owner and evidence are not "changed in the map"
    merged = merged_map(plan)
    assert not merged.has_card(gone.id) and merged.card_count == journey.card_count - 1


def test_internal_tags_travel_the_full_workbook_exactly(tmp_path: Path) -> None:
    from dataclasses import replace

    from app.export.xlsx_import import read_workbook

    journey = secret_map()
    for tags in ((INTERNAL_TAG, "second"), ("a, b", " spaced "), ('["x"]',)):
        info = replace(journey.info, internal_tags=tags)
        shaped = JourneyMap.build(info, journey.personas, journey.stages, journey.steps,
                                  journey.lanes, journey.cards(), journey.emotions())  # fmt: skip
        export_workbook(shaped, tmp_path / "full.xlsx")
        assert read_workbook(tmp_path / "full.xlsx").info.internal_tags == tags


# ---------------------------------------------------------------------- DRAFT
def _pdf_pages_text(path: Path) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]


def test_draft_marks_every_page_of_poster_tiles_and_handout(
    safe: JourneyMap, tmp_path: Path
) -> None:
    from app.export.pdf import export_tiled

    export_poster(safe, tmp_path / "poster.pdf", "A2", draft=True)
    export_tiled(safe, tmp_path / "tiles.pdf", "A2", "A4", draft=True)
    export_handout(safe, tmp_path / "handout.pdf", draft=True)
    for name in ("poster", "tiles", "handout"):
        pages = _pdf_pages_text(tmp_path / f"{name}.pdf")
        assert pages and all("DRAFT" in page for page in pages), name
    export_poster(safe, tmp_path / "plain.pdf", "A2")
    assert not any("DRAFT" in page for page in _pdf_pages_text(tmp_path / "plain.pdf"))


def test_draft_pictures_deck_and_workbook(safe: JourneyMap, tmp_path: Path) -> None:
    export_svg(safe, tmp_path / "map.svg", draft=True)
    svg = (tmp_path / "map.svg").read_text("utf-8")
    assert ">DRAFT</text>" in svg and 'fill-opacity="0.16"' in svg
    export_png(safe, tmp_path / "draft.png", dpi=96, draft=True)
    export_png(safe, tmp_path / "plain.png", dpi=96)
    with Image.open(tmp_path / "draft.png") as draft, Image.open(tmp_path / "plain.png") as plain:
        assert draft.size == plain.size
        changed = ImageChops.difference(draft.convert("RGB"), plain.convert("RGB")).getbbox()
        assert changed is not None  # the watermark spans the middle of the picture
        left, top, right, bottom = changed
        assert right - left > draft.width / 2 and bottom - top > draft.height / 2
        assert _redness(draft) > _redness(plain) + 1  # and it is red
    export_pptx(safe, tmp_path / "deck.pptx", draft=True)
    pptx = pytest.importorskip("pptx")
    deck = pptx.Presentation(str(tmp_path / "deck.pptx"))
    for slide in deck.slides:
        assert any(shape.has_text_frame and shape.text_frame.text == "DRAFT"
                   for shape in slide.shapes)  # fmt: skip
    export_workbook(safe, tmp_path / "book.xlsx", draft=True)
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(tmp_path / "book.xlsx")
    assert book["Map"]["A1"].value == f"DRAFT · {safe.info.title}"
    visible = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    assert visible and all(sheet.oddHeader.center.text == "DRAFT" for sheet in visible)


def _redness(picture: Image.Image) -> float:
    """How much redder than blue the picture is, on average (0..255)."""
    red, _green, blue = ImageStat.Stat(picture.convert("RGB")).mean
    return float(red - blue)
