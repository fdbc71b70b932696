"""`cjm comment`, `cjm comments`, `cjm elements`, and comments through export, import and merge."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from app.model.store import open_document
from app.model.store.workspace import previous_version
from tests.test_cli import digest, run
from tests.test_cli_save_rules import held_by_the_app, refused_by


@pytest.fixture
def shop(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    path = tmp_path / "shop.cjm"
    assert run(capsys, "new", path, "--template", "retail-checkout")[0] == 0
    return path


def elements(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, str]]:
    code, out, err = run(capsys, "elements", path, "--json")
    assert (code, err) == (0, "")
    found: list[dict[str, str]] = json.loads(out)
    return found


def card_of(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, str]:
    return next(e for e in elements(capsys, path) if e["kind"] == "card")


def test_elements_lists_every_id_a_comment_can_go_on(
    capsys: pytest.CaptureFixture[str], shop: Path
) -> None:
    found = elements(capsys, shop)
    assert found[0] == {"kind": "map", "id": "", "title": open_document(shop).current.info.title}
    assert {e["kind"] for e in found} == {"map", "persona", "stage", "step", "lane", "card"}
    code, out, _ = run(capsys, "elements", shop)
    assert code == 0 and out.splitlines()[0].split()[:2] == ["map", "map"]
    assert sum(line.startswith("card ") for line in out.splitlines()) == sum(
        e["kind"] == "card" for e in found)


def test_comment_reply_resolve_reopen_and_list(
    capsys: pytest.CaptureFixture[str], shop: Path
) -> None:
    card = card_of(capsys, shop)
    before = shop.read_bytes()
    code, out, err = run(capsys, "comment", shop, "--on", card["id"], "--text",
                         "Is this <b>needed</b>?", "--author", "Ana")
    assert (code, err) == (0, "")
    assert out.startswith("Added comment [") and f'on card "{card["title"]}"' in out
    code_ = out[out.index("[") + 1:out.index("]")]
    newest = previous_version(shop)  # the save kept the previous file as the backup
    assert newest is not None and newest.read_bytes() == before
    assert run(capsys, "comment", shop, "--reply-to", code_, "--text", "Yes.\nReally.",
               "--author", "Bob")[0] == 0
    assert run(capsys, "comment", shop, "--on", "map", "--text", "Overall fine")[0] == 0
    assert run(capsys, "comment", shop, "--resolve", code_)[1].startswith("Resolved [")
    code, out, _ = run(capsys, "comments", shop)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == f'[{code_}] card "{card["title"]}" (resolved)'
    assert lines[1].startswith("  Ana, ") and lines[1].endswith(": Is this <b>needed</b>?")
    assert lines[2].startswith("    Bob, ") and lines[3] == "      Really."
    assert lines[4].endswith("(open)") and "the map" in lines[4]
    assert run(capsys, "comments", shop, "--open")[1].count("[") == 1
    listed = json.loads(run(capsys, "comments", shop, "--json")[1])
    assert listed[0]["element"] == card and listed[0]["resolved"] is True
    assert [c["author"] for c in listed[0]["comments"]] == ["Ana", "Bob"]
    assert listed[1]["element"]["kind"] == "map" and listed[1]["comments"][0]["author"]
    assert run(capsys, "comment", shop, "--reopen", code_)[0] == 0
    assert not open_document(shop).threads[0].resolved


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "no-such-id", "--text", "x"],
         "error: shop.cjm: the map has no element with the id 'no-such-id' "
         "(cjm elements shop.cjm lists them)\n"),
        (["--reply-to", "zzzzzzzz", "--text", "x"],
         "error: shop.cjm: no comment thread has the id 'zzzzzzzz'\n"),
        (["--on", "map"], "error: --on and --reply-to need --text TEXT\n"),
        (["--on", "map", "--text", "  "], "error: shop.cjm: a comment needs some text\n"),
        (["--on", "map", "--text", "x", "--author", "A\tB"],
         "error: shop.cjm: an author's name is one line, without tabs\n"),
        (["--resolve", "zzzz", "--text", "x"],
         "error: --text and --author go with --on or --reply-to\n"),
    ],
)
def test_mistakes_are_one_error_line_and_leave_the_map_alone(
    capsys: pytest.CaptureFixture[str], shop: Path, args: list[str], message: str
) -> None:
    before = digest(shop)
    code, out, err = run(capsys, "comment", shop, *args)
    assert (code, out, err) == (1, "", message)
    assert digest(shop) == before


def test_a_map_open_in_the_app_is_not_commented(
    capsys: pytest.CaptureFixture[str], shop: Path
) -> None:
    before = digest(shop)
    with held_by_the_app(shop) as app:
        code, out, err = run(capsys, "comment", shop, "--on", "map", "--text", "x")
        assert (code, out) == (1, "")
        assert refused_by(app, "shop.cjm").fullmatch(err), err
    assert digest(shop) == before
    assert run(capsys, "comment", shop, "--on", "map", "--text", "x")[0] == 0


def test_comments_go_through_json_export_and_import(
    capsys: pytest.CaptureFixture[str], shop: Path, tmp_path: Path
) -> None:
    card = card_of(capsys, shop)
    run(capsys, "comment", shop, "--on", card["id"], "--text", "Keep me", "--author", "Ana")
    out = tmp_path / "shop.json"
    assert run(capsys, "export", shop, "--json", out)[0] == 0
    assert json.loads(out.read_text())["comments"][0]["comments"][0]["text"] == "Keep me"
    copy = tmp_path / "copy.cjm"
    assert run(capsys, "import", out, copy)[0] == 0
    assert open_document(copy).threads == open_document(shop).threads


def test_the_handout_has_comments_only_when_asked(
    capsys: pytest.CaptureFixture[str], shop: Path, tmp_path: Path
) -> None:
    from tests.export.test_pdf_handout import texts

    run(capsys, "comment", shop, "--on", "map", "--text", "Handout remark")
    plain, commented = tmp_path / "plain.pdf", tmp_path / "commented.pdf"
    assert run(capsys, "export", shop, "--pdf", plain, "--handout")[0] == 0
    assert run(capsys, "export", shop, "--pdf", commented, "--handout", "--comments")[0] == 0
    assert "Handoutremark" not in "".join(texts(plain))
    assert "Handoutremark" in "".join(texts(commented))
    code, _, err = run(capsys, "export", shop, "--pdf", tmp_path / "p.pdf", "--comments")
    assert (code, err) == (1, "error: --comments goes with --pdf OUT.pdf --handout\n")


def test_a_clients_comment_arrives_through_the_merge(
    capsys: pytest.CaptureFixture[str], shop: Path, tmp_path: Path
) -> None:
    card = card_of(capsys, shop)
    run(capsys, "comment", shop, "--on", card["id"], "--text", "Why?", "--author", "Ana")
    book_path = tmp_path / "shop.xlsx"
    assert run(capsys, "export", shop, "--xlsx", book_path)[0] == 0
    book = openpyxl.load_workbook(book_path)
    sheet = book["Cards"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("Id")].value == card["id"])
    comments = row[headers.index("Comments")]
    assert comments.value.startswith("Ana (") and comments.value.endswith("): Why?")
    comments.value += "\nCarol: because of the till"
    book.save(book_path)
    code, out, err = run(capsys, "import", book_path, "--into", shop, "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == [
        "No changes to the map. 1 new comment from the workbook.", "Dry run: nothing was saved."]
    assert len(open_document(shop).threads) == 1
    code, out, err = run(capsys, "import", book_path, "--into", shop)
    assert (code, err) == (0, "")
    assert (f'Card "{card["title"]}" [{card["id"][:8]}]: new comment from the workbook by '
            'Carol: "because of the till"') in out.splitlines()
    threads = open_document(shop).threads
    assert [(c.author, c.text) for c in threads[-1].comments] == [("Carol", "because of the till")]
    assert threads[-1].element_id == card["id"]
    before = digest(shop)
    code, out, _ = run(capsys, "import", book_path, "--into", shop)  # again: nothing new
    assert out.splitlines()[-1] == "No changes: the map already matches the workbook."
    assert digest(shop) == before


def test_a_new_map_from_a_workbook_keeps_the_comments(
    capsys: pytest.CaptureFixture[str], shop: Path, tmp_path: Path
) -> None:
    run(capsys, "comment", shop, "--on", "map", "--text", "Map-wide", "--author", "Ana")
    book = tmp_path / "shop.xlsx"
    assert run(capsys, "export", shop, "--xlsx", book)[0] == 0
    copy = tmp_path / "copy.cjm"
    assert run(capsys, "import", book, copy)[0] == 0
    assert open_document(copy).threads == open_document(shop).threads


def test_client_safe_exports_carry_no_comment(
    capsys: pytest.CaptureFixture[str], shop: Path, tmp_path: Path
) -> None:
    from tests.export.test_pdf_handout import texts

    run(capsys, "comment", shop, "--on", "map", "--text", "Internal remark")
    out, pdf = tmp_path / "client.json", tmp_path / "client.pdf"
    assert run(capsys, "export", shop, "--client-safe", "--json", out)[0] == 0
    assert "Internal remark" not in out.read_text(encoding="utf-8")
    code = run(capsys, "export", shop, "--client-safe", "--pdf", pdf, "--handout", "--comments")[0]
    assert code == 0 and "Internalremark" not in "".join(texts(pdf))
