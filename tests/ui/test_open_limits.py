"""The app and the command line say the same of a map over a limit (issue 18, item 10):
"too large to open (more than 100,000 cards)", never "damaged"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.model.store import save_map
from app.model.synthetic import synthetic_map
from app.ui import dialogs
from app.ui.window import MainWindow


def test_the_app_names_the_limit_like_the_cli(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "huge.cjm"
    save_map(synthetic_map(10), path)
    connection = sqlite3.connect(path)
    lane, step = connection.execute("SELECT lane_id, step_id FROM card LIMIT 1").fetchone()
    connection.executemany(
        "INSERT INTO card (id, lane_id, step_id, position, kind, title, body, owner, "
        "moment_of_truth, evidence_source, confidence, colour) "
        "VALUES (?, ?, ?, ?, 'note', '', '', '', 0, '', 'assumption', '')",
        [(f"extra-{i}", lane, step, 100 + i) for i in range(100_001)],
    )
    connection.commit()
    connection.close()
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, text: shown.append(text))
    before = window.journey
    assert not window.files.open(path, ask=False)
    assert shown == ["huge.cjm: too large to open (more than 100,000 cards)"]
    assert window.journey is before
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().err == f"error: {shown[0]}\n"
