"""The app's open and save paths with special files, links and permissions (issue 18)."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.model.commands import EditMap
from app.model.store import open_map, save_map
from app.ui import dialogs
from app.ui.window import MainWindow
from tests.model.full_map import full_map

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", ["fifo", "folder", "link to fifo"])
def test_opening_a_special_file_shows_a_message_and_keeps_the_map(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    path = tmp_path / "x.cjm"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        os.mkfifo(tmp_path / "real.cjm")
        path.symlink_to(tmp_path / "real.cjm")
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, text: shown.append(text))
    before = window.journey
    assert not window.files.open(path, ask=False)  # returns: a FIFO is never opened
    assert len(shown) == 1 and "\n" not in shown[0]
    assert shown[0].startswith("x.cjm: ")
    assert ("is a folder" if kind == "folder" else "not a regular file") in shown[0]
    assert window.journey is before


def test_the_app_started_on_a_fifo_does_not_hang(tmp_path: Path) -> None:
    """The black-window case: `cjm-studio x.cjm` with a FIFO; the child reports and quits."""
    fifo = tmp_path / "x.cjm"
    os.mkfifo(fifo)
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.ui import dialogs\n"
        "dialogs.show_error = lambda _p, _t, text: print(text)\n"
        "from app.ui.window import MainWindow\n"
        "window = MainWindow()\n"
        "print(window.files.open(__import__('pathlib').Path(sys.argv[1]), ask=False))\n"
        "window.document.stack.setClean()\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}  # fmt: skip
    try:
        result = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True,
                                text=True, timeout=120, cwd=ROOT, env=env)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("the app blocked on a FIFO")
    assert "x.cjm: not a regular file" in result.stdout and "False" in result.stdout


def test_saving_a_read_only_map_asks_first(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "final.cjm"
    save_map(full_map(), path)
    assert window.files.open(path, ask=False)
    path.chmod(0o444)
    before = digest(path)
    window.document.push(EditMap(window.journey, title="Changed in the workshop"))
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(
        dialogs, "ask_replace_read_only", lambda _p, name: asked.append(name) or answer[0]
    )
    assert not window.files.save()  # the user kept the file: nothing written, no error box
    assert asked == ["final.cjm"] and digest(path) == before
    assert window.isWindowModified()
    answer[0] = True
    assert window.files.save()
    assert open_map(path).info.title == "Changed in the workshop"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444 and not window.isWindowModified()


def test_saving_through_a_link_keeps_the_link_and_permissions(
    window: MainWindow, tmp_path: Path
) -> None:
    real = tmp_path / "synced" / "map.cjm"
    real.parent.mkdir()
    save_map(full_map(), real)
    real.chmod(0o600)
    link = tmp_path / "map.cjm"
    link.symlink_to(real)
    assert window.files.open(link, ask=False)
    window.document.push(EditMap(window.journey, title="Saved through the link"))
    assert window.files.save()
    assert link.is_symlink()
    assert open_map(real).info.title == "Saved through the link"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
