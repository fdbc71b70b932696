"""The real app in a child process, driven with real key and mouse events, for kill -9 tests.

Child side: ``python -m tests.ui.app_driver [ARGS...]`` starts the app exactly as
``cjm-studio ARGS`` does (``app.ui.main.main``: the start-up checks, the recovery offer,
the event loop) and serves commands read from stdin, one JSON object a line, answering
each with one line ``@@ {json}`` on stdout. Commands are served by a timer, so also while
a modal dialog (the recovery question) waits for an answer. Input goes through QTest:
clicks on the dialog's buttons, clicks and typing in the properties fields, a double
click and typing on the canvas. Nothing here changes how the app decides anything.

Parent side: ``AppProcess`` starts the child, sends commands, waits on conditions with
generous timeouts (never on durations) and kills the child with SIGKILL.

Commands (``{"do": NAME, ...}``):
- ``state``: every window's map title, first card title, path, modified flag, banner text
- ``dialog``: the open modal message box (title, text, buttons), or null
- ``click`` ``button``: click that button of the open message box (done on the next turn
  of the event loop, since the click may open another modal dialog)
- ``type_field`` ``label`` ``text`` [``commit``]: click the map form's field, select all,
  type; with ``commit`` press Return (otherwise the text stays uncommitted)
- ``type_card`` ``text``: double-click the first card and type its title, not committed
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[2]
#: Seconds to wait for one answer or condition: generous, for a slow and busy machine.
PATIENCE = 90.0
MARK = "@@ "

T = TypeVar("T")


# ---------------------------------------------------------------------- parent side
class AppProcess:
    """One run of the app in a child process (HOME and XDG_* are the test's)."""

    def __init__(self, *args: str, log: Path) -> None:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        self.log = log
        self._log_file = log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.app_driver", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log_file,
            text=True,
            encoding="utf-8",
        )
        self._answers: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(MARK):
                self._answers.put(line[len(MARK) :])
        self._answers.put(None)

    def ask(self, do: str, **args: Any) -> Any:
        """Send one command and return its answer."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"do": do, **args}) + "\n")
        self.proc.stdin.flush()
        try:
            line = self._answers.get(timeout=PATIENCE)
        except queue.Empty:
            raise AssertionError(f"the app did not answer {do!r}; {self.stderr()}") from None
        if line is None:
            raise AssertionError(f"the app ended while asked {do!r}; {self.stderr()}")
        answer = json.loads(line)
        if "error" in answer:
            raise AssertionError(f"{do}: {answer['error']}")
        return answer["result"]

    def wait_for(self, what: str, check: Callable[[], T | None]) -> T:
        """Poll ``check`` until it gives something truthy."""
        import time

        end = time.monotonic() + PATIENCE
        while time.monotonic() < end:
            found = check()
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; {self.stderr()}")

    def dialog(self) -> dict[str, Any]:
        """The next modal message box the app shows."""
        return self.wait_for("a dialog", lambda: self.ask("dialog"))

    def window(self, index: int = 0) -> dict[str, Any]:
        """The state of window ``index`` once it exists."""

        def found() -> dict[str, Any] | None:
            windows = self.ask("state")
            return windows[index] if len(windows) > index else None

        return self.wait_for(f"window {index}", found)

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind runs in the app."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=PATIENCE)
        self._log_file.close()

    def stderr(self) -> str:
        self._log_file.flush()
        return "app stderr: " + self.log.read_text("utf-8", errors="replace")[-3000:]


# ---------------------------------------------------------------------- child side
def _serve(commands: queue.Queue[str | None]) -> None:
    while True:
        try:
            line = commands.get_nowait()
        except queue.Empty:
            return
        if line is None:  # the test went away: do not linger
            os._exit(1)
        try:
            command = json.loads(line)
            answer = {"result": _HANDLERS[command.pop("do")](**command)}
        except Exception as error:  # reported to the test, which fails with it
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(MARK + json.dumps(answer), flush=True)


def _windows() -> list[Any]:
    from app.ui.window import WINDOWS

    return list(WINDOWS)


def _state() -> list[dict[str, Any]]:
    found = []
    for window in _windows():
        journey = window.journey
        first = next(journey.cards(), None)
        banner = window.protection
        found.append(
            {
                "title": journey.info.title,
                "first_card": first.title if first is not None else None,
                "path": str(window.document.path) if window.document.path else None,
                "modified": window.document.modified,
                "read_only": window.document.read_only,
                "banner": banner.text() if banner.isVisible() else "",
            }
        )
    return found


def _modal() -> Any:
    from PySide6.QtWidgets import QApplication, QMessageBox

    widget = QApplication.activeModalWidget()
    return widget if isinstance(widget, QMessageBox) else None


def _dialog() -> dict[str, Any] | None:
    box = _modal()
    if box is None or not box.isVisible():
        return None
    return {
        "title": box.windowTitle(),
        "text": box.text(),
        "buttons": [button.text().replace("&", "") for button in box.buttons()],
    }


def _click(button: str) -> str:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    box = _modal()
    if box is None:
        raise LookupError("no dialog is open")
    [target] = [b for b in box.buttons() if b.text().replace("&", "") == button]
    # Later, from the event loop: the click may open another modal dialog.
    QTimer.singleShot(0, lambda: QTest.mouseClick(target, Qt.MouseButton.LeftButton))
    return "clicking"


def _type_field(label: str, text: str, commit: bool = False) -> str:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLabel, QLineEdit

    window = _windows()[0]
    form = window.properties.forms["map"]
    [edit] = [
        form.form.itemAt(row, form.form.ItemRole.FieldRole).widget()
        for row in range(form.form.rowCount())
        if isinstance(
            caption := form.form.itemAt(row, form.form.ItemRole.LabelRole).widget(), QLabel
        )
        and caption.text() == label
    ]
    assert isinstance(edit, QLineEdit)
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
    QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(edit, text)
    if commit:
        QTest.keyClick(edit, Qt.Key.Key_Return)
    return edit.text()


def _type_card(text: str) -> str:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    window = _windows()[0]
    view, scene = window.view, window.scene
    scene.flush()
    card = next(window.journey.cards())
    rect = scene.layout.cards[card.id].rect
    view.ensure_card_visible(card.id)  # where a user would scroll to
    point = view.mapFromScene(QPointF(rect.x + 20, rect.y + 8))
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    if not view.editor.isVisible():
        raise LookupError("the on-canvas editor did not open")
    QTest.keyClicks(view.editor, text)  # replaces the selected title, not committed
    return str(view.editor.toPlainText())


_HANDLERS: dict[str, Callable[..., Any]] = {
    "state": _state,
    "dialog": _dialog,
    "click": _click,
    "type_field": _type_field,
    "type_card": _type_card,
}


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])  # the app's main() uses this one
    commands: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            commands.put(line)
        commands.put(None)

    threading.Thread(target=read, daemon=True).start()
    timer = QTimer(app)
    timer.setInterval(20)
    timer.timeout.connect(lambda: _serve(commands))
    timer.start()
    from app.ui.main import main as app_main

    return app_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
