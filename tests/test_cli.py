"""The `cjm` command line: what a user types and what they see."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli import main
from app.model.store import save_map
from tests.model.full_map import full_map


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"cjm {__version__}\n", "")


def test_templates_lists_one_name_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "templates")
    names = out.splitlines()
    assert code == 0
    assert names[0] == "blank"
    assert {"retail-checkout", "bank-account-opening", "saas-onboarding"} <= set(names)


def test_new_info_and_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "shop.cjm"
    assert run(capsys, "new", path, "--template", "retail-checkout")[0] == 0
    code, out, _ = run(capsys, "info", path, "--json")
    info = json.loads(out)
    assert code == 0 and info["schema_version"] == 4
    assert info["cards"] > 40 and info["personas"] >= 2 and info["emotion_points"] > 10
    assert set(info) == {
        "title",
        "schema_version",
        "stages",
        "steps",
        "lanes",
        "cards",
        "personas",
        "emotion_points",
    }
    code, out, _ = run(capsys, "info", path)
    assert code == 0 and f"cards: {info['cards']}" in out.splitlines()
    assert run(capsys, "check", path) == (0, "ok\n", "")


def test_new_refuses_to_replace_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mine.cjm"
    save_map(full_map(), path)
    before = digest(path)
    code, out, err = run(capsys, "new", path)
    assert (code, out) == (1, "")
    assert err == "error: mine.cjm already exists (use --overwrite to replace it)\n"
    assert digest(path) == before


def test_unknown_template(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "new", tmp_path / "x.cjm", "--template", "nope")
    assert code == 1 and err.startswith("error: unknown template 'nope'")
    assert not (tmp_path / "x.cjm").exists()


def test_json_round_trip_through_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    save_map(full_map(), tmp_path / "a.cjm")
    assert run(capsys, "export", tmp_path / "a.cjm", "--json", tmp_path / "a.json")[0] == 0
    assert run(capsys, "import", tmp_path / "a.json", tmp_path / "b.cjm")[0] == 0
    assert run(capsys, "export", tmp_path / "b.cjm", "--json", tmp_path / "b.json")[0] == 0
    assert (tmp_path / "a.json").read_text("utf-8") == (tmp_path / "b.json").read_text("utf-8")


def test_import_refuses_an_existing_map_unless_overwrite(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    save_map(full_map(), tmp_path / "a.cjm")
    run(capsys, "export", tmp_path / "a.cjm", "--json", tmp_path / "a.json")
    target = tmp_path / "existing.cjm"
    run(capsys, "new", target)
    before = digest(target)
    code, _, err = run(capsys, "import", tmp_path / "a.json", target)
    assert code == 1 and "already exists" in err and digest(target) == before
    assert run(capsys, "import", tmp_path / "a.json", target, "--overwrite")[0] == 0
    assert run(capsys, "info", target, "--json")[1].count('"cards": 4') == 1


def test_bad_json_names_the_file_and_the_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    save_map(full_map(), tmp_path / "a.cjm")
    run(capsys, "export", tmp_path / "a.cjm", "--json", tmp_path / "a.json")
    data = json.loads((tmp_path / "a.json").read_text("utf-8"))
    data["cards"][3]["lane"] = "ghost"
    (tmp_path / "bad.json").write_text(json.dumps(data), "utf-8")
    code, _, err = run(capsys, "import", tmp_path / "bad.json", tmp_path / "out.cjm")
    assert code == 1
    assert err == "error: bad.json: cards[3].lane: unknown lane id 'ghost'\n"
    assert not (tmp_path / "out.cjm").exists()
    (tmp_path / "broken.json").write_text('{"format": "cjm-json",', "utf-8")
    code, _, err = run(capsys, "import", tmp_path / "broken.json", tmp_path / "out.cjm")
    assert code == 1 and err.startswith("error: broken.json: not valid JSON")


@pytest.mark.parametrize("command", ["info", "check"])
def test_a_file_that_is_not_a_map_fails_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    path = tmp_path / "photo.cjm"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 300)
    before = digest(path)
    code, out, err = run(capsys, command, path)
    assert (code, out) == (1, "")
    assert err == "error: photo.cjm: not a CJM Studio map\n"
    assert digest(path) == before


def test_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "check", tmp_path / "gone.cjm") == (1, "", "error: gone.cjm: no such file\n")


def test_usage_mistakes_exit_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "info")[0] == 2


def test_the_installed_program_prints_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.cjm"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "check", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: bad.cjm: ")
    assert "Traceback" not in result.stderr


def test_excel_export_edit_and_merge_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import openpyxl

    path, book = tmp_path / "shop.cjm", tmp_path / "shop.xlsx"
    run(capsys, "new", path, "--template", "retail-checkout")
    assert run(capsys, "export", path, "--xlsx", book)[0] == 0
    no_changes = "No changes: the map already matches the workbook.\n"
    assert run(capsys, "import", book, "--into", path) == (0, no_changes, "")
    workbook = openpyxl.load_workbook(book)
    cards = workbook["Cards"]
    title_column = [cell.value for cell in cards[1]].index("Title") + 1
    card_id = cards.cell(row=2, column=1).value
    cards.cell(row=2, column=title_column).value = "Renamed in Excel"
    workbook.save(book)
    code, out, err = run(capsys, "import", book, "--into", path)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f'Card "Taps a \'shop the look\' post" [{card_id[:8]}]:',
        '  title: "Taps a \'shop the look\' post" -> "Renamed in Excel" (from the workbook)',
        "1 change from the workbook (1 field edited).",
    ]
    assert open_map_title(path, card_id) == "Renamed in Excel"
    before = path.read_bytes()
    assert run(capsys, "import", book, "--into", path)[1] == no_changes  # merged twice
    assert path.read_bytes() == before


def open_map_title(path: Path, card_id: str) -> str:
    from app.model.store import open_map

    return open_map(path).card(card_id).title


def test_a_bad_workbook_fails_with_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = tmp_path / "old.xls"
    book.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 512)
    code, out, err = run(capsys, "import", book, tmp_path / "out.cjm")
    assert (code, out) == (1, "")
    assert err.startswith("error: old.xls: ") and err.count("\n") == 1
    assert not (tmp_path / "out.cjm").exists()


def test_pdf_poster_tiles_and_handout_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from pypdf import PdfReader

    path = tmp_path / "bank.cjm"
    run(capsys, "new", path, "--template", "bank-account-opening")
    assert run(capsys, "export", path, "--pdf", tmp_path / "a1.pdf", "--paper", "A1")[0] == 0
    [page] = PdfReader(tmp_path / "a1.pdf").pages
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (2384, 1684)
    assert run(capsys, "export", path, "--pdf", tmp_path / "tiles.pdf", "--tile", "A4")[0] == 0
    sheets = PdfReader(tmp_path / "tiles.pdf").pages
    assert len(sheets) > 2
    assert {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in sheets[1:]
    } <= {(595, 842), (842, 595)}
    assert run(capsys, "export", path, "--pdf", tmp_path / "h.pdf", "--handout")[0] == 0
    assert len(PdfReader(tmp_path / "h.pdf").pages) > 3
    code, _, err = run(capsys, "export", path, "--pdf", tmp_path / "x.pdf", "--paper", "B9")
    assert code == 1 and err.startswith("error: unknown paper 'B9'")
    assert not (tmp_path / "x.pdf").exists()
