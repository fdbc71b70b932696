"""`cjm export --client-safe [--internal-tag TAG] [--draft]`: every format, as a user runs it.

The map is ``secret_map()`` in a document with comments (every internal text marked
by a word starting "zq"); each output is searched as a client would read it.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.model.store import open_map, save_document
from tests.export.client_safe_map import (
    CARD_SPELLING,
    ONE_OFF_TAG,
    VISIBLE_TAG,
    internal_words,
    secret_document,
    visible_titles,
)

FORMATS = ("pdf", "xlsx", "json", "pptx", "png", "svg")


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def readable(path: Path) -> str:
    """What a client can read in ``path``: PDF text, every part of a zip, or the text."""
    if path.suffix == ".pdf":
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext (poppler-utils) is not installed")
        done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        text = done.stdout.decode("utf-8")
    elif path.suffix in (".xlsx", ".pptx"):
        with zipfile.ZipFile(path) as archive:
            names = [name for name in archive.namelist() if not name.endswith(".png")]
            text = html.unescape("\n".join(archive.read(n).decode("utf-8", "replace")
                                           for n in names))  # fmt: skip
    else:
        text = path.read_text("utf-8")
    return " ".join(text.split()).lower()


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "shop.cjm"
    save_document(secret_document(), path)
    return path


def test_client_safe_leaves_internal_text_out_of_every_format(
    capsys: pytest.CaptureFixture[str], saved: Path, tmp_path: Path
) -> None:
    outputs = {name: tmp_path / f"client.{name}" for name in FORMATS}
    flags = [arg for name, path in outputs.items() for arg in (f"--{name}", path)]
    code, _out, err = run(
        capsys, "export", saved, "--client-safe", "--internal-tag", ONE_OFF_TAG, *flags
    )
    assert (code, err) == (0, "")
    journey = open_map(saved)
    words = internal_words(journey, one_off=True)
    for name in ("pdf", "xlsx", "json", "pptx", "svg"):
        text = readable(outputs[name])
        assert [word for word in words if word in text] == [], name
        assert "research-backed" not in text and "partly backed" not in text, name
    assert all("zqcomment" not in readable(outputs[name]) for name in ("xlsx", "json"))
    assert outputs["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    titles = visible_titles(journey)
    assert all(title.lower() in readable(outputs["xlsx"]) for title in titles)
    assert VISIBLE_TAG in readable(outputs["json"])
    # The map itself is untouched.
    assert open_map(saved).snapshot() == journey.snapshot()


def test_the_handout_and_the_tiles_too(
    capsys: pytest.CaptureFixture[str], saved: Path, tmp_path: Path
) -> None:
    handout, tiles = tmp_path / "handout.pdf", tmp_path / "tiles.pdf"
    code, _, err = run(
        capsys, "export", saved, "--client-safe", "--pdf", handout, "--handout", "--comments"
    )
    assert (code, err) == (0, "")
    assert run(capsys, "export", saved, "--client-safe", "--pdf", tiles, "--tile", "A4")[0] == 0
    words = [*internal_words(open_map(saved)), "zqcomment"]
    for path in (handout, tiles):
        text = readable(path)
        assert [word for word in words if word in text] == [], path.name
    assert VISIBLE_TAG in readable(handout)


def test_without_the_switch_everything_is_exported(
    capsys: pytest.CaptureFixture[str], saved: Path, tmp_path: Path
) -> None:
    out, handout = tmp_path / "full.json", tmp_path / "full.pdf"
    assert run(capsys, "export", saved, "--json", out)[0] == 0
    text = readable(out)
    assert all(word in text for word in internal_words(open_map(saved), one_off=True))
    assert "zqcomment1" in text and "zqcomment2" in text
    assert run(capsys, "export", saved, "--pdf", handout, "--handout", "--comments")[0] == 0
    assert "zqcomment1" in readable(handout)


def test_draft_marks_the_poster_deck_and_workbook(
    capsys: pytest.CaptureFixture[str], saved: Path, tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf")
    poster, deck, book = tmp_path / "p.pdf", tmp_path / "d.pptx", tmp_path / "b.xlsx"
    code, _, err = run(capsys, "export", saved, "--draft", "--pdf", poster, "--pptx", deck,
                       "--xlsx", book)  # fmt: skip
    assert (code, err) == (0, "")
    assert "DRAFT" in pypdf.PdfReader(str(poster)).pages[0].extract_text()
    assert ">draft<" in readable(deck) and "draft" in readable(book)


def test_usage_mistakes_are_one_line_each(
    capsys: pytest.CaptureFixture[str], saved: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export", saved, "--internal-tag", "x", "--json", tmp_path / "a")
    assert code == 1 and err == "error: --internal-tag goes with --client-safe\n"
    code, _, err = run(capsys, "export", saved, "--draft", "--json", tmp_path / "b.json")
    assert code == 1 and err.startswith("error: --draft goes with --pdf") and "\n" not in err[:-1]
    assert not list(tmp_path.glob("*.json"))


def test_a_client_safe_workbook_merges_back_with_the_command_line(
    capsys: pytest.CaptureFixture[str], saved: Path, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "client.xlsx"
    assert run(capsys, "export", saved, "--client-safe", "--xlsx", book)[0] == 0
    before = open_map(saved)
    card = next(c for c in before.cards() if c.owner and CARD_SPELLING in c.tags)
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Cards"]
    headers = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == card.id)
    row[headers.index("Title")].value = "Shoppable post"
    workbook.save(book)
    code, out, err = run(capsys, "import", book, "--into", saved)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "1 change from the workbook (1 field edited)."
    after = open_map(saved)
    merged = after.card(card.id)
    assert merged.title == "Shoppable post"
    assert (merged.owner, merged.evidence, merged.tags) == (card.owner, card.evidence, card.tags)
    assert [lane.id for lane in after.lanes] == [lane.id for lane in before.lanes]
    assert after.card_count == before.card_count


def test_the_web_page_is_client_safe_too(
    capsys: pytest.CaptureFixture[str], saved: Path, tmp_path: Path
) -> None:
    pytest.importorskip("app.export.html_page")
    page = tmp_path / "client.html"
    code, _, err = run(capsys, "export", saved, "--client-safe", "--html", page)
    assert (code, err) == (0, "")
    text = readable(page)
    words = [*internal_words(open_map(saved)), "zqcomment"]
    assert [word for word in words if word in text] == []
