"""The command line keeps the app's save rules: the open-once lock, the backup, and exports
that never write over the map they read, any other map, or a file without --overwrite."""

from __future__ import annotations

import getpass
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest

from app import cli
from app.export.xlsx_export import export_workbook
from app.model.store import open_map, save_map
from app.model.store.workspace import (
    DocumentLock,
    backups_of,
    data_folder,
    document_key,
    previous_version,
)
from tests.model.full_map import full_map
from tests.store.test_format_versions import FIXTURES, assert_same_parts
from tests.test_cli import digest, run

ROOT = Path(__file__).resolve().parent.parent

#: A second process that opens the map the way the app does, then waits on stdin.
HOLDER = """
import sys
from pathlib import Path
from app.model.store.workspace import DocumentLock
lock = DocumentLock(Path(sys.argv[1]).resolve())  # the app's program name: "CJM Studio"
print("held" if lock.acquire() else "refused", flush=True)
sys.stdin.readline()
lock.release()
"""


@contextmanager
def held_by_the_app(path: Path) -> Iterator[subprocess.Popen[str]]:
    """``path`` held open by another process, as CJM Studio holds a map it shows."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        cwd=ROOT,
        env=os.environ.copy(),  # the same private HOME/XDG_DATA_HOME: the same lock folder
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "held"
        yield child
    finally:
        if child.stdin is not None:
            child.stdin.close()  # the holder reads end of input and lets go
        child.wait(30)


def refused_by(child: subprocess.Popen[str], name: str) -> re.Pattern[str]:
    """The one error line naming the process holding ``name``."""
    who = f"by {re.escape(getpass.getuser())} on {re.escape(socket.gethostname())}"
    return re.compile(
        rf"error: {re.escape(name)} is open in CJM Studio \({who}, process {child.pid}, "
        rf"since \d\d:\d\d\); close it there first\n"
    )


def edited_workbook(map_path: Path, book: Path) -> str:
    """Export ``map_path`` to ``book`` and rename its first card there; the new title."""
    export_workbook(open_map(map_path), book)
    workbook = openpyxl.load_workbook(book)
    cards = workbook["Cards"]
    title_column = [cell.value for cell in cards[1]].index("Title") + 1
    cards.cell(row=2, column=title_column).value = "Renamed by the client"
    workbook.save(book)
    return str(cards.cell(row=2, column=1).value)


# ---------------------------------------------------------------------- the lock
def test_merge_into_a_map_open_in_the_app_is_refused_until_it_is_closed(
    capsys: pytest.CaptureFixture[str], saved_retail: Path, tmp_path: Path
) -> None:
    book = tmp_path / "edits.xlsx"
    card_id = edited_workbook(saved_retail, book)
    before = saved_retail.read_bytes()
    with held_by_the_app(saved_retail) as app:
        code, out, err = run(capsys, "import", book, "--into", saved_retail)
        assert (code, out) == (1, "")
        assert refused_by(app, "retail.cjm").fullmatch(err), err
        assert saved_retail.read_bytes() == before
        assert backups_of(saved_retail) == []
    code, out, err = run(capsys, "import", book, "--into", saved_retail)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "1 change from the workbook (1 field edited)."
    assert open_map(saved_retail).card(card_id).title == "Renamed by the client"
    newest = previous_version(saved_retail)  # the backup the app keeps too
    assert newest is not None and newest.read_bytes() == before


@pytest.mark.parametrize("command", ["import", "new"])
def test_overwrite_of_a_map_open_in_the_app_is_refused_until_it_is_closed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    source = tmp_path / "full.cjm"
    save_map(full_map(), source)
    assert run(capsys, "export", source, "--json", tmp_path / "full.json")[0] == 0
    target = tmp_path / "shop.cjm"
    assert run(capsys, "new", target, "--template", "retail-checkout")[0] == 0
    before = target.read_bytes()
    args = ["import", tmp_path / "full.json"] if command == "import" else ["new"]
    with held_by_the_app(target) as app:
        code, out, err = run(capsys, *args, target, "--overwrite")
        assert (code, out) == (1, "")
        assert refused_by(app, "shop.cjm").fullmatch(err), err
        assert target.read_bytes() == before
    assert run(capsys, *args, target, "--overwrite") == (0, "", "")
    newest = previous_version(target)
    assert newest is not None and newest.read_bytes() == before
    assert open_map(target).card_count != open_map(newest).card_count


def test_an_unreadable_holder_record_still_refuses_with_a_plain_reason(
    capsys: pytest.CaptureFixture[str], saved_retail: Path, tmp_path: Path
) -> None:
    book = tmp_path / "edits.xlsx"
    edited_workbook(saved_retail, book)
    before = digest(saved_retail)
    lock = DocumentLock(saved_retail)
    assert lock.acquire()
    try:
        record = data_folder() / "locks" / f"{document_key(saved_retail)}.holder.json"
        record.write_text("{not json", "utf-8")
        code, out, err = run(capsys, "import", book, "--into", saved_retail)
        assert (code, out) == (1, "")
        assert err == (
            "error: retail.cjm is open in another window or program; close it there first\n"
        )
        assert digest(saved_retail) == before
    finally:
        lock.release()


def test_the_command_holds_the_lock_as_cjm_while_it_writes(
    capsys: pytest.CaptureFixture[str],
    saved_retail: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    book = tmp_path / "edits.xlsx"
    edited_workbook(saved_retail, book)
    seen: list[str] = []
    write = cli.save_with_backup

    def watched(journey: object, path: Path) -> None:
        other = DocumentLock(path)  # what the app would find while the command writes
        seen.append("free" if other.acquire() else other.describe_holder())
        write(journey, path)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "save_with_backup", watched)
    assert run(capsys, "import", book, "--into", saved_retail)[0] == 0
    [holder] = seen
    assert holder.startswith(f"in use by cjm (by {getpass.getuser()} on ")
    assert f"process {os.getpid()}," in holder
    after = DocumentLock(saved_retail)  # and lets go when done
    assert after.acquire()
    after.release()


# ---------------------------------------------------------------------- export
@pytest.mark.parametrize("flag", ["--pdf", "--xlsx", "--json"])
@pytest.mark.parametrize("spelling", ["same", "dotdot", "symlink"])
def test_export_onto_its_own_map_is_refused(
    capsys: pytest.CaptureFixture[str],
    saved_retail: Path,
    tmp_path: Path,
    flag: str,
    spelling: str,
) -> None:
    (tmp_path / "x").mkdir()
    output = {
        "same": saved_retail,
        "dotdot": tmp_path / "x" / ".." / "retail.cjm",
        "symlink": tmp_path / "x" / "poster.out",
    }[spelling]
    if spelling == "symlink":
        output.symlink_to(saved_retail)
    before = digest(saved_retail)
    files = sorted(tmp_path.rglob("*"))
    code, out, err = run(capsys, "export", saved_retail, flag, output, "--overwrite")
    assert (code, out) == (1, "")
    assert err == f"error: {output.name}: {flag} would write over the map being exported\n"
    assert digest(saved_retail) == before and open_map(saved_retail).card_count > 40
    assert sorted(tmp_path.rglob("*")) == files  # nothing written anywhere


@pytest.mark.parametrize("name", ["other.cjm", "other-map.pdf"])
def test_export_never_replaces_another_map_even_with_overwrite(
    capsys: pytest.CaptureFixture[str], saved_retail: Path, tmp_path: Path, name: str
) -> None:
    other = tmp_path / name  # a map by its name, or by its content under another name
    save_map(full_map(), other)
    before = digest(other)
    for extra in ([], ["--overwrite"]):
        code, out, err = run(capsys, "export", saved_retail, "--pdf", other, *extra)
        assert (code, out) == (1, "")
        assert err == f"error: {name} is a CJM Studio map; export never replaces a map\n"
        assert digest(other) == before


def test_export_replaces_another_file_only_with_overwrite(
    capsys: pytest.CaptureFixture[str], saved_retail: Path, tmp_path: Path
) -> None:
    poster = tmp_path / "poster.pdf"
    poster.write_bytes(b"last week's poster")
    code, out, err = run(capsys, "export", saved_retail, "--pdf", poster)
    assert (code, out) == (1, "")
    assert err == "error: poster.pdf already exists (use --overwrite to replace it)\n"
    assert poster.read_bytes() == b"last week's poster"
    assert run(capsys, "export", saved_retail, "--pdf", poster, "--overwrite") == (0, "", "")
    assert poster.read_bytes().startswith(b"%PDF")


def test_every_output_is_checked_before_any_is_written(
    capsys: pytest.CaptureFixture[str], saved_retail: Path, tmp_path: Path
) -> None:
    existing = tmp_path / "shop.json"
    existing.write_text("{}", "utf-8")
    code, _, err = run(
        capsys, "export", saved_retail, "--pdf", tmp_path / "new.pdf", "--json", existing
    )
    assert code == 1 and err == "error: shop.json already exists (use --overwrite to replace it)\n"
    assert not (tmp_path / "new.pdf").exists() and existing.read_text("utf-8") == "{}"
    twice = tmp_path / "out.data"
    code, _, err = run(
        capsys, "export", saved_retail, "--json", twice, "--xlsx", tmp_path / "." / "out.data"
    )
    assert code == 1 and err == "error: out.data is given for both --json and --xlsx\n"
    assert not twice.exists()


# ---------------------------------------------------------------------- every part kept
def test_a_merge_keeps_every_other_part_of_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from app.model.store import open_document

    target = tmp_path / "reviewed.cjm"
    target.write_bytes((FIXTURES / "v3.cjm").read_bytes())
    before = open_document(target)
    book = tmp_path / "edits.xlsx"
    card_id = edited_workbook(target, book)
    code, _out, err = run(capsys, "import", book, "--into", target)
    assert (code, err) == (0, "")
    after = open_document(target)
    assert after.current.card(card_id).title == "Renamed by the client"
    assert_same_parts(after, before)
