"""A bad PySide6 pin (6.12.0 on Python 3.11) crashes after ~5,000 calls returning None."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_twenty_thousand_setpos_calls_do_not_crash_python() -> None:
    # In a child process: the crash is a fatal error that would take pytest down with it.
    script = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication, QGraphicsRectItem
        app = QApplication([])
        item = QGraphicsRectItem(0, 0, 10, 10)
        for i in range(20_000):
            item.setPos(i % 97, i % 89)
        print(item.pos().x(), item.pos().y())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    expected = f"{19_999 % 97:.1f} {19_999 % 89:.1f}"
    assert result.stdout.strip() == expected
