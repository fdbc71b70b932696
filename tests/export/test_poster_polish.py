"""Poster polish: the primary persona's curve on top, emotion notes on the poster, portrait
posters that use the page, a footer that fits on Letter portrait, and the handout's lane
labels next to the cards they name."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from app.export.pdf import export_handout, export_poster, page_size, poster_map_box
from app.export.pdf_poster import poster_layout
from app.model.entities import Card, EmotionPoint, Persona, Stage, Step
from app.model.journey import JourneyMap
from app.model.templates import new_map
from app.model.vocab import LaneKind
from tests.conftest import EXAMPLES

pdfium = pytest.importorskip("pypdfium2")

COLOURS = ("#e4572e", "#2e86ab", "#7b2cbf")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdftotext(path: Path, *options: str) -> str:
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


Box = tuple[float, float, float, float]  # x0, y0 (from the top), x1, y1, in points


def words(path: Path, page: int = 1) -> list[tuple[str, Box]]:
    """Every word on ``page`` with its box, from poppler's pdftotext."""
    html = pdftotext(path, "-bbox", "-f", str(page), "-l", str(page))
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html,
    )
    return [(text, (float(a), float(b), float(c), float(d))) for a, b, c, d, text in found]


def union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def feelings(scores: list[int], primary: int, notes: dict[int, str] | None = None) -> JourneyMap:
    """The blank map with three personas, each scoring ``scores`` (one per step);
    persona ``primary`` is the primary one; ``notes`` by persona index on the middle step."""
    base = new_map("blank")
    personas = [
        Persona(f"Persona {i}", colour=COLOURS[i], is_primary=i == primary) for i in range(3)
    ]
    middle = len(base.steps) // 2
    emotions = [
        EmotionPoint(
            persona.id,
            step.id,
            score,
            (notes or {}).get(i, "") if index == middle else "",
        )
        for i, persona in enumerate(personas)
        for index, (step, score) in enumerate(zip(base.steps, scores, strict=False))
    ]
    return JourneyMap.build(
        base.info, personas, base.stages, base.steps, base.lanes, list(base.cards()), emotions
    )


def render(path: Path, scale: float) -> tuple[bytes, int, int, int]:
    """The first page as RGB pixels: (data, width, height, stride)."""
    document = pdfium.PdfDocument(str(path))
    try:
        bitmap = document[0].render(scale=scale, rev_byteorder=True)
        return bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride
    finally:
        document.close()


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def nearest(pixel: tuple[int, int, int], colours: tuple[str, ...]) -> str:
    return min(colours, key=lambda c: sum((p - q) ** 2 for p, q in zip(pixel, rgb(c), strict=True)))


# ---------------------------------------------------------------- the primary curve on top
@pytest.mark.parametrize("primary", [0, 1])
def test_the_primary_personas_points_show_where_scores_coincide(
    tmp_path: Path, primary: int
) -> None:
    journey = feelings([2, 0, -2, 1, 3], primary)
    out = tmp_path / "poster.pdf"
    width, height = page_size("A3")
    export_poster(journey, out, paper="A3")
    layout = poster_layout(journey)
    _facts, (bx, by, bw, _bh) = poster_map_box(journey, width, height, layout)
    s = bw / layout.width
    zoom = 4.0
    data, _w, _h, stride = render(out, zoom)
    persona = journey.personas[primary]
    for point in layout.curves[persona.id]:
        x = round((bx + point.x * s) * zoom)
        y = round((by + point.y * s) * zoom)
        at = data[y * stride + x * 3 : y * stride + x * 3 + 3]
        assert nearest((at[0], at[1], at[2]), COLOURS) == COLOURS[primary], point.step_id


# ---------------------------------------------------------------- emotion notes
@pytest.mark.parametrize("template", EXAMPLES)
def test_every_emotion_note_is_printed_on_the_poster(tmp_path: Path, template: str) -> None:
    journey = new_map(template)
    notes = [point.note for point in journey.emotions() if point.note]
    assert notes
    out = tmp_path / "poster.pdf"
    export_poster(journey, out)
    text = squeezed(pdftotext(out))
    assert [note for note in notes if squeezed(note) not in text] == []


def test_emotion_notes_are_plain_text(tmp_path: Path) -> None:
    note = "<b>bold</b> & R&D <font size=2000>big</font>"
    journey = feelings([0, 0, 0, 0, 0], 0, {0: note})
    out = tmp_path / "poster.pdf"
    export_poster(journey, out, paper="A3")
    assert squeezed(note) in squeezed(pdftotext(out))


def test_notes_of_coinciding_points_sit_near_them_without_overlapping(tmp_path: Path) -> None:
    notes = {
        0: "Alpha apple anchor always arrives airborne",
        1: "Bravo banana button",
        2: "Charlie cherry cactus carries cargo carefully",
    }
    journey = feelings([1, 1, -3, 1, 1], 0, notes)
    out = tmp_path / "poster.pdf"
    width, height = page_size("A3")
    export_poster(journey, out, paper="A3")
    layout = poster_layout(journey)
    _facts, (bx, by, bw, _bh) = poster_map_box(journey, width, height, layout)
    s = bw / layout.width
    lane = next(lane for lane in journey.lanes if lane.kind is LaneKind.EMOTIONS)
    rows = layout.lane_rects[lane.id]
    step = layout.step_rects[journey.steps[len(journey.steps) // 2].id]
    top, bottom = by + rows.y * s, by + rows.bottom * s
    point_x = bx + (step.x + step.width / 2) * s
    found = words(out)
    boxes = []
    for note in notes.values():
        vocabulary = set(note.lower().split())  # no note shares a word with the page
        mine = [box for text, box in found if text.lower() in vocabulary]
        assert len(mine) >= len(note.split()), note  # every word printed
        boxes.append(union(mine))
    for i, box in enumerate(boxes):
        assert top - 1 <= box[1] and box[3] <= bottom + 1, "inside the emotion lane"
        near = min(abs(edge - point_x) for edge in (box[0], box[2], (box[0] + box[2]) / 2))
        assert near < step.width * s * 0.75, "beside its point"
        for other in boxes[i + 1 :]:
            assert not overlap(box, other)


# ---------------------------------------------------------------- portrait posters
def blank_bands(path: Path, width: float, height: float) -> list[float]:
    """The heights of the bands of paper, between the margins, with nothing printed across,
    as shares of the page's height."""
    zoom = 0.25
    data, w, h, stride = render(path, zoom)
    margin = round(24 * min(width, height) / 595.2756 * zoom) + 2
    bands, run = [], 0
    for y in range(margin, h - margin):
        row = data[y * stride + margin * 3 : y * stride + (w - margin) * 3]
        if min(row) > 245:
            run += 1
        elif run:
            bands, run = [*bands, run / h], 0
    return [*bands, run / h] if run else bands


@pytest.mark.parametrize("paper", ["A1", "A3", "Letter"])
def test_a_portrait_poster_uses_the_page(tmp_path: Path, retail: JourneyMap, paper: str) -> None:
    out = tmp_path / "poster.pdf"
    width, height = page_size(paper, landscape=False)
    export_poster(retail, out, paper=paper, landscape=False)
    bands = blank_bands(out, width, height)
    assert max(bands) < 0.04  # no strip of blank paper, only the room between lines
    assert sum(bands) < 0.12
    _facts, (x, y, w, h) = poster_map_box(retail, width, height)
    assert w * h > 0.55 * width * height  # the map, not margins, fills the sheet
    assert 0 <= x <= width - w and 0 <= y <= height - h


def wide_map(stages: int = 8) -> JourneyMap:
    """A map of three steps a stage, a card per step in one lane after another."""
    base = new_map("blank")
    stage_list = [Stage(f"Phase {chr(65 + i) * 3}") for i in range(stages)]
    step_list = [Step(f"Step {i}.{k}", s.id) for i, s in enumerate(stage_list) for k in range(3)]
    lanes = [lane for lane in base.lanes if lane.kind is not LaneKind.EMOTIONS]
    cards = [
        Card(f"Card{n}title", lanes[n % len(lanes)].id, step.id, body="A few words of body")
        for n, step in enumerate(step_list)
    ]
    return JourneyMap.build(base.info, base.personas, stage_list, step_list, base.lanes, cards)


def test_a_map_much_wider_than_a_portrait_page_prints_in_bands(tmp_path: Path) -> None:
    journey = wide_map()
    out = tmp_path / "poster.pdf"
    width, height = page_size("A1", landscape=False)
    facts = export_poster(journey, out, paper="A1", landscape=False)
    squeezed_into_the_width = width / poster_layout(journey).width
    assert facts.scale > 2 * squeezed_into_the_width
    text = squeezed(pdftotext(out))
    for card in journey.cards():
        assert text.count(squeezed(card.title)) == 1
    for stage in journey.stages:
        assert text.count(squeezed(stage.name)) == 1
    assert text.count("Customeractions") == 2  # the lane headers start each band
    _facts, (x, y, w, h) = poster_map_box(journey, width, height)
    assert 0 <= x <= width - w and 0 <= y <= height - h


def test_a_landscape_poster_of_a_map_that_fits_stays_as_on_screen(retail: JourneyMap) -> None:
    width, height = page_size("A1")
    layout = poster_layout(retail)
    facts, (_x, _y, w, h) = poster_map_box(retail, width, height, layout)
    assert w == pytest.approx(layout.width * facts.scale)
    assert h == pytest.approx(layout.height * facts.scale)


def test_the_footer_fits_on_letter_portrait(tmp_path: Path, retail: JourneyMap) -> None:
    out = tmp_path / "poster.pdf"
    width, height = page_size("Letter", landscape=False)
    facts = export_poster(retail, out, paper="Letter", landscape=False)
    assert not facts.readable  # the longest footer: it says what to do
    text = squeezed(pdftotext(out))
    assert f"printedat{facts.scale * 100:.0f}%" in text
    assert "thehandouthasthefulltext)" in text
    assert "Letterportrait,216×279mm·CJMStudio" in text
    for _text, (x0, y0, x1, y1) in words(out):
        assert 0 <= x0 <= x1 <= width and 0 <= y0 <= y1 <= height


# ---------------------------------------------------------------- the handout's lane labels
def test_a_lane_label_sits_next_to_the_cards_it_names(tmp_path: Path, retail: JourneyMap) -> None:
    out = tmp_path / "handout.pdf"
    pages = export_handout(retail, out)
    checked = 0
    for page in range(1, pages + 1):
        html = pdftotext(out, "-bbox-layout", "-f", str(page), "-l", str(page))
        lines = [
            (float(y0), float(y1), squeezed(re.sub(r"<[^>]+>", " ", body)))
            for y0, y1, body in re.findall(
                r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>',
                html,
                flags=re.S,
            )
        ]
        lines.sort()
        for index in range(1, len(lines) - 1):
            y0, y1, text = lines[index]
            if not text.startswith("Lane:") or lines[index - 1][2].startswith("Step:"):
                continue
            above = y0 - lines[index - 1][1]
            below = lines[index + 1][0] - y1
            assert above > below + 3, (page, text)
            checked += 1
    assert checked > 20
