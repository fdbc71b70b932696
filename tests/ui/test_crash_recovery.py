"""Crash recovery as a user lives it: the real app, real typing, kill -9, start again.

Each test starts the app in a child process (``tests.ui.app_driver``, offscreen, with
this test's private data folder), edits through the keyboard and mouse, waits until
the working copy holds the edit, kills the app with SIGKILL, and starts it again: the
recovery question must be asked and Restore must bring the work back. Nothing here
depends on durations: every wait is for a condition, with a generous timeout.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.model import commands as c
from app.model.store import StoreError, open_map, save_map
from app.model.store.workspace import data_folder, find_recoverable
from tests.ui.app_driver import AppProcess


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir()
    return folder


class Apps:
    """The app processes of one test, all killed at the end."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[AppProcess] = []

    def start(self, *args: str) -> AppProcess:
        app = AppProcess(*args, log=self.logs / f"app-{len(self.started)}.log")
        self.started.append(app)
        return app


@pytest.fixture
def apps(logs: Path) -> Iterator[Apps]:
    started = Apps(logs)
    yield started
    for app in started.started:
        app.kill()


def working_copy_with(app: AppProcess, check: Any) -> Path:
    """Wait until a working copy holds what ``check(map)`` looks for; its path."""

    def found() -> Path | None:
        for item in find_recoverable():
            try:
                if check(open_map(item.working_copy)):
                    return item.working_copy
            except (StoreError, OSError):  # being replaced right now: look again
                continue
        return None

    return app.wait_for("the working copy", found)


def titled(title: str) -> Any:
    return lambda journey: journey.info.title == title


def crash_after_editing_the_title(apps: Apps, path: Path, title: str) -> None:
    """Open ``path``, type a new title in the properties panel and press Enter, wait for
    the autosave, then kill -9."""
    app = apps.start(str(path))
    assert app.window()["path"] == str(path)
    assert app.ask("type_field", label="Title", text=title, commit=True) == title
    assert app.window()["title"] == title
    working_copy_with(app, titled(title))
    app.kill()


def restore(app: AppProcess, expected: str) -> dict[str, object]:
    """Answer the recovery question with Restore; the dialog it showed."""
    dialog = app.dialog()
    assert dialog["title"] == "Restore unsaved map"
    assert "Restore" in dialog["buttons"] and "Discard" in dialog["buttons"]
    assert expected in dialog["text"]
    app.ask("click", button="Restore")
    app.wait_for("the restored map", lambda: app.window()["title"] == expected)
    return dialog


def modified_window(app: AppProcess) -> dict[str, Any] | None:
    window: dict[str, Any] = app.window()
    return window if window["modified"] else None


def colleague_saves(path: Path) -> None:
    journey = open_map(path)
    c.EditMap(journey, title="A colleague's version").do()
    save_map(journey, path)


@pytest.mark.parametrize("after_the_crash", ["future time", "touched", "saved by someone else"])
def test_a_killed_app_offers_its_edit_whatever_happened_to_the_file(
    apps: Apps, saved_retail: Path, after_the_crash: str
) -> None:
    crash_after_editing_the_title(apps, saved_retail, "Workshop edits")
    if after_the_crash == "future time":  # clock skew, a USB stick from another time zone
        future = time.time() + 3 * 24 * 3600
        os.utime(saved_retail, (future, future))
    elif after_the_crash == "touched":  # a sync client after the crash
        os.utime(saved_retail)
    else:
        colleague_saves(saved_retail)
    app = apps.start()
    dialog = restore(app, "Workshop edits")
    assert str(saved_retail.resolve()) in dialog["text"]
    changed = "The saved file has changed since these changes were made" in dialog["text"]
    assert changed == (after_the_crash == "saved by someone else")
    window = app.window()
    assert window["modified"] and window["path"] == str(saved_retail.resolve())
    assert open_map(saved_retail).info.title != "Workshop edits"  # until the user saves


def test_open_saved_version_then_editing_never_loses_the_unsaved_work(
    apps: Apps, saved_retail: Path
) -> None:
    saved_title = open_map(saved_retail).info.title
    crash_after_editing_the_title(apps, saved_retail, "First unsaved edits")
    app = apps.start()
    offer = app.dialog()
    assert "First unsaved edits" in offer["text"] and "Open saved version" in offer["buttons"]
    app.ask("click", button="Open saved version")
    told = app.wait_for(
        "the kept-changes message",
        lambda: (d := app.ask("dialog")) and d["title"] == "Unsaved changes kept" and d,
    )
    kept = Path(told["text"].split("\n")[1])  # the message shows the kept file's path
    assert kept.is_file() and kept.parent == data_folder() / "recovered"
    assert open_map(kept).info.title == "First unsaved edits"
    app.ask("click", button="OK")
    window = app.window()
    assert window["title"] == saved_title and not window["modified"]
    # Any edit now: the window writes its own copy, never over the kept work.
    app.ask("type_field", label="Title", text="Second unsaved edits", commit=True)
    working_copy_with(app, titled("Second unsaved edits"))
    app.kill()
    assert open_map(kept).info.title == "First unsaved edits"
    again = apps.start()
    restore(again, "Second unsaved edits")
    assert again.ask("dialog") is None  # the kept file is not offered: it is a file now
    assert open_map(kept).info.title == "First unsaved edits"


@pytest.mark.parametrize("where", ["properties field", "on-canvas editor"])
def test_text_still_being_typed_survives_a_kill(apps: Apps, saved_retail: Path, where: str) -> None:
    original = open_map(saved_retail)
    app = apps.start(str(saved_retail))
    app.window()
    if where == "properties field":
        typed = "Typed but not committed"
        assert app.ask("type_field", label="Title", text=typed) == typed
        check = titled(typed)
    else:
        typed = "Half typed card title"
        assert app.ask("type_card", text=typed) == typed
        check = lambda journey: next(journey.cards()).title == typed  # noqa: E731
    working_copy_with(app, check)
    window = app.window()  # the text is still only in the editor: nothing committed
    assert not window["modified"] and window["title"] == original.info.title
    assert window["first_card"] == next(original.cards()).title
    app.kill()
    again = apps.start()
    dialog = again.dialog()
    assert str(saved_retail.resolve()) in dialog["text"]
    again.ask("click", button="Restore")
    restored = again.wait_for("the restored map", lambda: modified_window(again))
    if where == "properties field":
        assert restored["title"] == typed
    else:
        assert restored["first_card"] == typed and restored["title"] == original.info.title


def test_without_a_data_folder_the_app_starts_says_so_and_keeps_working(
    apps: Apps, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder should be", "utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "data"))
    app = apps.start()
    told = app.dialog()
    assert told["title"] == "Changes not protected"
    assert "CJM Studio cannot keep safety copies of your maps" in told["text"]
    assert str(blocker / "data") in told["text"] and "You can keep working" in told["text"]
    app.ask("click", button="OK")
    window = app.window()
    assert "not protected against a crash" in window["banner"]
    assert app.ask("type_field", label="Title", text="Still editing", commit=True)
    window = app.wait_for("the edit", lambda: modified_window(app))
    assert window["title"] == "Still editing" and window["banner"]
    blocker.unlink()  # fixed (here: the file in the way is gone): the warning goes
    app.wait_for("the warning to go", lambda: app.window()["banner"] == "")
    working_copy_with(app, titled("Still editing"))
