"""The poster tiled onto office paper: sheet count, sizes, labels, overlap, printer margin."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import mm

from app.export.pdf import PAPER_SIZES, export_tiled, page_size
from app.export.pdf_tiles import PRINTER_MARGIN, row_name, sheet_label, tile_plan
from app.model.journey import JourneyMap


def page_sizes(path: Path) -> list[tuple[int, int]]:
    return [
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in PdfReader(path).pages
    ]


def page_texts(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(path).pages]


def test_an_a1_poster_on_a4_is_an_assembly_page_and_one_page_per_sheet(
    tmp_path: Path, retail: JourneyMap
) -> None:
    out = tmp_path / "tiled.pdf"
    facts = export_tiled(retail, out, poster_paper="A1", tile="A4")
    sizes = page_sizes(out)
    assert len(sizes) == facts.pages == 1 + facts.rows * facts.columns
    assert (facts.columns, facts.rows) == (5, 3)  # 841 x 594 mm on upright A4, 10 mm overlap
    assert set(sizes) == {(595, 842)}


@pytest.mark.parametrize("tile", ["A4", "A3", "Letter"])
def test_page_count_is_the_assembly_page_plus_rows_times_columns(
    tmp_path: Path, blank: JourneyMap, tile: str
) -> None:
    out = tmp_path / "tiled.pdf"
    facts = export_tiled(blank, out, poster_paper="A0", tile=tile)
    assert len(PdfReader(out).pages) == 1 + facts.rows * facts.columns
    short, long = sorted(round(side) for side in PAPER_SIZES[tile])
    assert {tuple(sorted(size)) for size in page_sizes(out)} == {(short, long)}


@pytest.mark.slow
def test_each_sheet_is_labelled_with_its_row_and_column(tmp_path: Path, retail: JourneyMap) -> None:
    out = tmp_path / "tiled.pdf"
    facts = export_tiled(retail, out)
    texts = page_texts(out)
    assert "How to put the poster together" in texts[0]
    labels = [
        f"{row_name(row)}{column + 1} of {facts.columns}x{facts.rows}"
        for row in range(facts.rows)
        for column in range(facts.columns)
    ]
    for label, text in zip(labels, texts[1:], strict=True):
        assert label in text
    assert "B3 of 5x3" in texts[1 + facts.columns + 2]


def test_sheets_overlap_and_together_cover_the_whole_poster() -> None:
    poster = page_size("A1")
    overlap = 10 * mm
    plan = tile_plan(poster, PAPER_SIZES["A4"], overlap)
    (width, height), (step_x, step_y) = plan.content, plan.step
    assert width - step_x == pytest.approx(overlap) and height - step_y == pytest.approx(overlap)
    assert step_x * (plan.columns - 1) + width >= poster[0]
    assert step_y * (plan.rows - 1) + height >= poster[1]
    # One sheet fewer in either direction would not cover it.
    assert step_x * (plan.columns - 2) + width < poster[0]
    assert step_y * (plan.rows - 2) + height < poster[1]


def test_nothing_is_printed_in_the_5_mm_printer_margin(tmp_path: Path, retail: JourneyMap) -> None:
    out = tmp_path / "tiled.pdf"
    facts = export_tiled(retail, out)
    middle = 1 + facts.columns + 2  # B3: poster content reaches every edge
    for page in (1, 2, middle):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "72",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(out),
                str(tmp_path / f"p{page}"),
            ],
            check=True,
        )
        with Image.open(tmp_path / f"p{page}.png") as image:
            rgb = image.convert("RGB")
            width, height = rgb.size
            band = round(PRINTER_MARGIN) - 1  # 5 mm at 72 dpi, less a pixel for antialiasing
            assert band >= 13
            for box in (
                (0, 0, width, band),
                (0, height - band, width, height),
                (0, 0, band, height),
                (width - band, 0, width, height),
            ):
                assert rgb.crop(box).getextrema() == ((255, 255),) * 3, (page, box)
            inside = rgb.crop((band + 30, band + 30, width - band - 30, height - band - 30))
            assert inside.getextrema() != ((255, 255),) * 3  # the sheet does show something


def test_the_overlap_is_configurable(tmp_path: Path, retail: JourneyMap) -> None:
    none = export_tiled(retail, tmp_path / "a.pdf", overlap_mm=0)
    wide = export_tiled(retail, tmp_path / "b.pdf", overlap_mm=40)
    assert none.sheets <= wide.sheets
    with pytest.raises(ValueError, match="overlap"):
        export_tiled(retail, tmp_path / "c.pdf", overlap_mm=200)
    assert not (tmp_path / "c.pdf").exists()


def test_tiles_are_office_paper_only(tmp_path: Path, blank: JourneyMap) -> None:
    with pytest.raises(ValueError, match="tiles"):
        export_tiled(blank, tmp_path / "t.pdf", tile="A1")


def test_sheet_labels_read_row_letter_then_column_number() -> None:
    plan = tile_plan(page_size("A0"), PAPER_SIZES["A4"], 10 * mm)
    assert sheet_label(plan, 1, 2) == f"B3 of {plan.columns}x{plan.rows}"
    assert [row_name(n) for n in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


def test_a_5000_card_map_tiles_onto_a3(tmp_path: Path) -> None:
    from app.model.synthetic import synthetic_map

    out = tmp_path / "tiled.pdf"
    facts = export_tiled(synthetic_map(5000), out, poster_paper="A0", tile="A3")
    assert len(PdfReader(out).pages) == facts.pages == 1 + facts.rows * facts.columns
