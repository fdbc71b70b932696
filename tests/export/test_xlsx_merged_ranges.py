"""Merged ranges cost time in proportion to their number (issue 18, item 9).

A 224 KB workbook with 40,000 merged ranges took 79 s to refuse: every row read
looked at every range. The ranges are now swept in row order; overlapping ranges
(which Excel never writes) are refused. Time is bounded by a subprocess timeout.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

from app.export.xlsx_export import export_workbook
from app.export.xlsx_merged import MergedDown
from tests.model.full_map import full_map


def workbook_with_merges(folder: Path, merges: list[str], far_row: int = 80_000) -> Path:
    """The full map's workbook, its Cards sheet given ``merges`` and one cell at ``far_row``."""
    plain = folder / "plain.xlsx"
    export_workbook(full_map(), plain)
    path = folder / "merged.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        cards = _cards_part(source)
        for info in source.infolist():
            data = source.read(info)
            if info.filename == cards:
                block = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
                cell = f'<c r="T{far_row}" t="inlineStr"><is><t>x</t></is></c>'
                far = f'<row r="{far_row}">{cell}</row></sheetData>'
                block = f'<mergeCells count="{len(merges)}">{block}</mergeCells>'
                data = data.replace(b"</sheetData>", (far + block).encode(), 1)
            out.writestr(info, data)
    return path


def _cards_part(archive: zipfile.ZipFile) -> str:
    """The sheet part of the Cards sheet (the second sheet the export writes)."""
    return "xl/worksheets/sheet2.xml"


def cjm_import(source: Path, target: Path) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "import", str(source), str(target)],
        capture_output=True,
        text=True,
        timeout=60,  # the quadratic version took minutes; linear takes a second or two
    )
    return result.returncode, (result.stdout + result.stderr).strip()


def test_forty_thousand_merged_ranges_are_read_in_linear_time(tmp_path: Path) -> None:
    merges = [f"T{2 * i + 10}:T{2 * i + 11}" for i in range(40_000)]
    path = workbook_with_merges(tmp_path, merges)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    status, output = cjm_import(path, tmp_path / "out.cjm")
    assert status == 1 and output.startswith("error: merged.xlsx: Cards!"), output
    assert "\n" not in output and "Traceback" not in output
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not (tmp_path / "out.cjm").exists()


def test_overlapping_merged_ranges_are_refused(tmp_path: Path) -> None:
    merges = [f"A3:T{1000 + i}" for i in range(500)]
    path = workbook_with_merges(tmp_path, merges, far_row=2_000)
    status, output = cjm_import(path, tmp_path / "out.cjm")
    assert status == 1 and "merged cells overlap" in output, output
    assert output.startswith("error: merged.xlsx: Cards!A") and "\n" not in output


def test_the_sweep_fills_values_down_as_before() -> None:
    merged = MergedDown([(1, 2, 2, 4), (3, 5, 3, 6), (1, 9, 1, 9)], columns=3)
    rows = {number: (f"a{number}", f"b{number}", f"c{number}") for number in range(1, 8)}
    filled = {number: merged.fill(number, values) for number, values in rows.items()}
    assert filled[3] == ("a2", "b2", "c3") and filled[4] == ("a2", "b2", "c4")
    assert filled[5] == ("a5", "b5", "c5") and filled[6] == ("a6", "b6", "c5")
    assert filled[7] == rows[7]
