"""The PowerPoint deck, opened with python-pptx as PowerPoint would, and by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.table import Table

from app.export.pptx_deck import export_pptx
from app.export.progress import ExportCancelled
from app.model.journey import JourneyMap
from app.model.synthetic import synthetic_map
from app.model.vocab import LaneKind
from tests.export.deck_maps import AWKWARD_TITLES, awkward_map

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def tables(slide: object) -> list[Table]:
    return [s.table for s in slide.shapes if s.has_table]  # type: ignore[attr-defined]


def charts(slide: object) -> list[Chart]:
    return [s.chart for s in slide.shapes if s.has_chart]  # type: ignore[attr-defined]


def slide_text(slide: object) -> str:
    parts = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def deck_path(tmp_path: Path, retail: JourneyMap) -> Path:
    path = tmp_path / "deck.pptx"
    export_pptx(retail, path)
    return path


def test_deck_has_a_slide_for_each_part(deck_path: Path, retail: JourneyMap) -> None:
    deck = Presentation(str(deck_path))
    slides = list(deck.slides)
    # Title, overview, a slide per stage, one per persona, the backlog.
    assert len(slides) == 2 + len(retail.stages) + len(retail.personas) + 1
    assert retail.info.title in slide_text(slides[0])
    assert any(shape.shape_type == 13 for shape in slides[1].shapes)  # the map's picture
    assert "Backlog" in slide_text(slides[-1])


def test_each_stage_has_a_table_with_its_card_titles(deck_path: Path, retail: JourneyMap) -> None:
    slides = list(Presentation(str(deck_path)).slides)[2 : 2 + len(retail.stages)]
    lanes = [lane for lane in retail.lanes if lane.kind is not LaneKind.EMOTIONS]
    for stage, slide in zip(retail.stages, slides, strict=True):
        assert stage.name in slide_text(slide)
        (table,) = tables(slide)
        steps = retail.steps_of(stage.id)
        assert [cell.text for cell in table.rows[0].cells][1:] == [s.name for s in steps]
        heads = [row.cells[0].text for row in table.rows][1:]
        for head, lane in zip(heads, lanes, strict=True):  # whole, or cut with a marker
            assert head == lane.name or (head.endswith("…") and lane.name.startswith(head[:-1]))
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        for row, lane in enumerate(lanes, 1):
            for col, step in enumerate(steps, 1):
                cell = table.cell(row, col).text
                for card in retail.cards_in(lane.id, step.id):
                    # Each title is in its cell, or the cell says it was cut and the
                    # notes hold the title in full.
                    assert card.title in cell or ("…" in cell and card.title in notes)


def test_each_stage_has_a_chart_with_a_series_per_persona(
    deck_path: Path, retail: JourneyMap
) -> None:
    slides = list(Presentation(str(deck_path)).slides)[2 : 2 + len(retail.stages)]
    scale = retail.info.scale
    for stage, slide in zip(retail.stages, slides, strict=True):
        (chart,) = charts(slide)
        series = list(chart.plots[0].series)
        assert [s.name for s in series] == [p.name for p in retail.personas]
        assert list(chart.plots[0].categories) == [s.name for s in retail.steps_of(stage.id)]
        axis = chart.value_axis
        assert (axis.minimum_scale, axis.maximum_scale) == (scale.minimum, scale.maximum)
        persona = retail.personas[0]
        expected = [
            point.score if (point := retail.emotion(persona.id, step.id)) else None
            for step in retail.steps_of(stage.id)
        ]
        assert list(series[0].values) == expected
        assert scale.label(scale.maximum) in slide_text(slide)


def test_persona_slides_show_who_they_are(deck_path: Path, retail: JourneyMap) -> None:
    first = 2 + len(retail.stages)
    slides = list(Presentation(str(deck_path)).slides)[first : first + len(retail.personas)]
    for persona, slide in zip(retail.personas, slides, strict=True):
        text = slide_text(slide)
        assert persona.name in text
        assert "GOALS" in text and "NEEDS" in text and "FRUSTRATIONS" in text
        if persona.role:
            assert persona.role[:20] in text


def test_big_map_cells_are_shortened_with_a_marker_and_notes(tmp_path: Path) -> None:
    journey = synthetic_map(600)
    path = tmp_path / "big.pptx"
    export_pptx(journey, path)
    slide = list(Presentation(str(path)).slides)[2]
    (table,) = tables(slide)
    cells = [cell.text for row in list(table.rows)[1:] for cell in list(row.cells)[1:]]
    assert any("…" in text for text in cells)
    notes = slide.notes_slide.notes_text_frame.text
    stage = journey.stages[0]
    titles = [
        card.title
        for step in journey.steps_of(stage.id)
        for lane in journey.lanes
        for card in journey.cards_in(lane.id, step.id)
    ]
    assert all(title in notes or title in "\n".join(cells) for title in titles)


def test_text_stays_text_in_any_script(tmp_path: Path) -> None:
    journey = awkward_map()
    path = tmp_path / "deck.pptx"
    export_pptx(journey, path)
    slides = list(Presentation(str(path)).slides)
    text = "\n".join(slide_text(s) for s in slides)
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide)
    for title in AWKWARD_TITLES:
        # On a slide (its start at least, if the cell is short of room), in full in the notes.
        assert title[:4] in text
        assert title in text or title in notes


def test_cancel_leaves_no_file(tmp_path: Path, retail: JourneyMap) -> None:
    with pytest.raises(ExportCancelled):
        export_pptx(retail, tmp_path / "deck.pptx", progress=lambda f: f < 0.6)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ExportCancelled):  # even at the very end, before the rename
        export_pptx(retail, tmp_path / "deck.pptx", progress=lambda f: f < 1.0)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_impress_converts_the_deck_to_pdf(tmp_path: Path) -> None:
    assert SOFFICE is not None
    path = tmp_path / "deck.pptx"
    export_pptx(awkward_map(), path)
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stdout + result.stderr, result.stdout + result.stderr
    from pypdf import PdfReader

    reader = PdfReader(tmp_path / "deck.pdf")
    assert len(reader.pages) == len(list(Presentation(str(path)).slides))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Backlog" in text


def test_big_map_overview_is_a_sketch_at_the_slides_size(tmp_path: Path) -> None:
    from PIL import Image

    from app.export.pptx_overview import overview_picture

    journey = synthetic_map(5000)
    with Image.open(overview_picture(journey, tmp_path)) as picture:
        # The slide's picture box is about 12.4 x 5.9 inches: no more than 200 dpi of it,
        # however big the poster is (the poster at 150 dpi is 8,700 x 38,900 pixels).
        assert picture.height <= 1250 and picture.width <= 2500
        colours = picture.getcolors(1 << 20)
        assert colours is not None and len(colours) > 20  # lanes, cards, curves: not blank


def test_small_map_overview_is_the_posters_rendering(tmp_path: Path, retail: JourneyMap) -> None:
    from PIL import Image

    from app.export.image_map import image_layout, image_size
    from app.export.pptx_overview import overview_picture
    from app.export.pptx_slides import OVERVIEW_BOX_PX, overview_pixels

    scale = overview_pixels(OVERVIEW_BOX_PX, image_size(image_layout(retail)))
    with Image.open(overview_picture(retail, tmp_path)) as picture:
        width, height = image_size(image_layout(retail))
        assert picture.size == (round(width * scale), round(height * scale))


def test_notes_text_is_written_as_python_pptx_writes_it() -> None:
    from lxml import etree

    from app.export.pptx_text import set_text

    text = "Goal: a & <b>\n\n   \nbell\x07here\vnext line\ttab\n• “quoted” 中文"
    ours, theirs = Presentation(), Presentation()
    frames = []
    for deck in (ours, theirs):
        frames.append(deck.slides.add_slide(deck.slide_layouts[6]).notes_slide.notes_text_frame)
    set_text(frames[0]._txBody, text)
    frames[1].text = text
    assert etree.tostring(frames[0]._txBody) == etree.tostring(frames[1]._txBody)


def test_cells_are_written_as_python_pptx_setters_write_them() -> None:
    from lxml import etree
    from pptx.util import Pt

    from app.export.pptx_text import Line, fill_frame, rgb, set_font

    lines = [Line("Title", 10, "#1f2933", True), Line("body", 9, "#5f6b7a", italic=True)]
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    ours = slide.shapes.add_textbox(0, 0, 100, 100).text_frame
    theirs = slide.shapes.add_textbox(0, 0, 100, 100).text_frame
    fill_frame(ours, lines)
    theirs.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = theirs.paragraphs[0] if index == 0 else theirs.add_paragraph()
        run = paragraph.add_run()
        run.text = line.text
        run.font.size = Pt(line.size)
        run.font.bold, run.font.italic = line.bold, line.italic
        run.font.color.rgb = rgb(line.colour)
        set_font(run._r.get_or_add_rPr())
    assert etree.tostring(ours._txBody) == etree.tostring(theirs._txBody)


def test_overview_layout_is_the_posters(retail: JourneyMap) -> None:
    from app.export.image_map import image_layout
    from app.export.pptx_overview import overview_layout

    for journey in (retail, awkward_map(), synthetic_map(300)):
        assert overview_layout(journey) == image_layout(journey)
