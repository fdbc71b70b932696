"""`cjm import --into` is a real change: it sets the map's modified time (the posters'
"Version of"); a merge that changes nothing leaves the file, and the time, as they were."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.model.store import open_map
from tests.test_cli import run


def test_a_merge_that_changes_the_map_sets_its_modified_time(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import openpyxl

    path, book = tmp_path / "shop.cjm", tmp_path / "shop.xlsx"
    run(capsys, "new", path, "--template", "retail-checkout")
    created = open_map(path).info.modified
    assert run(capsys, "export", path, "--xlsx", book)[0] == 0
    assert run(capsys, "import", book, "--into", path)[0] == 0
    assert open_map(path).info.modified == created  # nothing merged: nothing changed
    workbook = openpyxl.load_workbook(book)
    cards = workbook["Cards"]
    title_column = [cell.value for cell in cards[1]].index("Title") + 1
    cards.cell(row=2, column=title_column).value = "Renamed in Excel"
    workbook.save(book)
    started = datetime.now(UTC).replace(microsecond=0)
    assert run(capsys, "import", book, "--into", path)[0] == 0
    modified = open_map(path).info.modified
    assert modified >= started and modified != created
    before = path.read_bytes()
    assert "No changes" in run(capsys, "import", book, "--into", path)[1]
    assert path.read_bytes() == before
