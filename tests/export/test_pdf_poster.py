"""The PDF poster: paper sizes, every card title printed, literal text, embedded fonts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.export.fonts import fallback
from app.export.pdf import PAPER_SIZES, export_poster, page_size
from app.export.pdf_poster import poster_layout
from app.model.entities import Card, MapInfo
from app.model.journey import JourneyMap
from app.model.synthetic import synthetic_map
from app.model.templates import new_map
from tests.conftest import EXAMPLES

MIXED = "Grüße Zażółć Καλημέρα Привет こんにちは"
MARKUP = ("a<b", "R&D", "<font size=2000>big</font>", '<img src="/etc/hosts">')


def page_sizes(path: Path) -> list[tuple[int, int]]:
    return [
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in PdfReader(path).pages
    ]


def squeezed(text: str) -> str:
    """Text without whitespace: extraction breaks lines where the poster wraps them."""
    return re.sub(r"\s+", "", text)


def extracted(path: Path) -> str:
    return squeezed("".join(page.extract_text() for page in PdfReader(path).pages))


def fonts_of(path: Path) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font on every page and in every form."""
    found: list[tuple[str, bool]] = []

    def walk(resources: object, seen: set[int]) -> None:
        if not hasattr(resources, "get") or id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font["/BaseFont"]), embedded))
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Resources") is not None:
                walk(xobject["/Resources"].get_object(), seen)

    for page in PdfReader(path).pages:
        walk(page["/Resources"].get_object(), set())
    return found


def map_with_cards(titles: list[str], info: MapInfo | None = None) -> JourneyMap:
    """A blank map with one card per title (the title also as body), spread over the grid."""
    base = new_map("blank")
    lanes, steps = base.lanes, base.steps
    cards = [
        Card(title, lanes[i % len(lanes)].id, steps[i % len(steps)].id, body=title)
        for i, title in enumerate(titles)
    ]
    return JourneyMap.build(info or base.info, base.personas, base.stages, steps, lanes, cards)


def test_an_a1_poster_is_one_landscape_page_of_2384_by_1684_points(
    tmp_path: Path, retail: JourneyMap
) -> None:
    out = tmp_path / "poster.pdf"
    export_poster(retail, out, paper="A1")
    assert page_sizes(out) == [(2384, 1684)]


@pytest.mark.parametrize(
    ("paper", "landscape", "expected"),
    [
        ("A0", True, (3370, 2384)),
        ("A2", True, (1684, 1191)),
        ("A3", False, (842, 1191)),
        ("A4", True, (842, 595)),
        ("letter", False, (612, 792)),
        ("Tabloid", True, (1224, 792)),
    ],
)
def test_every_paper_size_and_orientation(
    tmp_path: Path, blank: JourneyMap, paper: str, landscape: bool, expected: tuple[int, int]
) -> None:
    out = tmp_path / "poster.pdf"
    export_poster(blank, out, paper=paper, landscape=landscape)
    assert page_sizes(out) == [expected]


def test_a_custom_size_in_millimetres(tmp_path: Path, blank: JourneyMap) -> None:
    out = tmp_path / "poster.pdf"
    export_poster(blank, out, custom_mm=(1000, 700))
    assert page_sizes(out) == [(2835, 1984)]


def test_pages_over_200_inches_are_refused_before_writing(
    tmp_path: Path, blank: JourneyMap
) -> None:
    out = tmp_path / "poster.pdf"
    with pytest.raises(ValueError, match="200 inches"):
        export_poster(blank, out, custom_mm=(5100, 1000))
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert max(max(size) for size in PAPER_SIZES.values()) < 14400
    assert max(page_size(custom_mm=(5080, 5080))) <= 14400


def test_an_unknown_paper_name_is_refused(blank: JourneyMap, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown paper"):
        export_poster(blank, tmp_path / "poster.pdf", paper="B5")


@pytest.mark.parametrize("template", EXAMPLES)
def test_every_card_title_of_each_example_map_is_printed(tmp_path: Path, template: str) -> None:
    journey = new_map(template)
    assert journey.card_count > 0
    out = tmp_path / "poster.pdf"
    export_poster(journey, out)
    text = extracted(out)
    missing = [card.title for card in journey.cards() if squeezed(card.title) not in text]
    assert missing == []
    for stage in journey.stages:
        assert squeezed(stage.name) in text
    assert squeezed(journey.info.title) in text


def test_the_title_block_legend_and_scale_are_printed(tmp_path: Path, retail: JourneyMap) -> None:
    out = tmp_path / "poster.pdf"
    facts = export_poster(retail, out)
    text = extracted(out)
    persona = retail.primary_persona
    assert persona is not None
    for expected in (
        "Currentstatejourneymap",
        squeezed(persona.name),
        squeezed(retail.info.author),
        squeezed(retail.info.organisation),
        f"Versionof{retail.info.modified:%Y-%m-%d}",
        "OBJECTIVE",
        "Cards",
        "Painpoint",
        "Channels",
        "Mobileapp",
        "Veryneg",
        "Personas",
        "Momentoftruth",
        f"printedat{facts.scale * 100:.0f}%",
        "A1landscape,841×594mm",
    ):
        assert expected in text
    assert squeezed(retail.info.objective)[:60] in text


def test_the_map_is_scaled_to_fit_and_the_footer_says_when_text_gets_too_small(
    tmp_path: Path,
) -> None:
    journey = synthetic_map(600)
    small = export_poster(journey, tmp_path / "a4.pdf", paper="A4")
    large = export_poster(journey, tmp_path / "a0.pdf", paper="A0")
    assert small.scale < large.scale
    assert not small.readable
    assert "under6pt" in extracted(tmp_path / "a4.pdf")
    layout = poster_layout(journey)
    width, height = page_size("A0")
    assert layout.width * large.scale < width and layout.height * large.scale < height


def test_mixed_scripts_print_with_no_missing_glyph(tmp_path: Path) -> None:
    journey = map_with_cards([MIXED], MapInfo(title=MIXED))
    out = tmp_path / "poster.pdf"
    export_poster(journey, out)
    assert text_has(extracted(out), MIXED, times=3)  # map title, card title, card body
    fonts = fallback()
    for char in MIXED.replace(" ", ""):
        name = fonts.font_for(char, bold=False)
        assert fonts.has_glyph(name, char), char


def text_has(text: str, wanted: str, times: int = 1) -> bool:
    return text.count(squeezed(wanted)) >= times


def test_markup_in_user_text_prints_literally(tmp_path: Path) -> None:
    journey = map_with_cards(list(MARKUP), MapInfo(title=MARKUP[2], objective=MARKUP[3]))
    out = tmp_path / "poster.pdf"
    export_poster(journey, out)
    text = extracted(out)
    for markup in MARKUP:
        assert text_has(text, markup, times=2), markup


def test_every_font_is_embedded_and_none_is_helvetica(tmp_path: Path) -> None:
    journey = map_with_cards([MIXED, *MARKUP], MapInfo(title=MIXED))
    out = tmp_path / "poster.pdf"
    export_poster(journey, out)
    fonts = fonts_of(out)
    names = {name.split("+")[-1] for name, _ in fonts}
    assert names == {"NotoSans-Regular", "NotoSans-Bold", "DroidSansFallback"}
    assert all(embedded for _, embedded in fonts)
    assert all("+" in name for name, _ in fonts)  # subset, not the whole font


def test_cut_card_text_ends_with_an_ellipsis(tmp_path: Path) -> None:
    long_title = " ".join(f"word{i}" for i in range(200))
    journey = map_with_cards([long_title])
    layout = poster_layout(journey)
    (box,) = layout.cards.values()
    assert box.truncated and box.title_lines[-1].endswith("…")
    out = tmp_path / "poster.pdf"
    export_poster(journey, out)
    assert squeezed(box.title_lines[-1]) in extracted(out)


def test_a_5000_card_map_exports_to_a0(tmp_path: Path) -> None:
    journey = synthetic_map(5000)
    out = tmp_path / "big.pdf"
    facts = export_poster(journey, out, paper="A0")
    assert page_sizes(out) == [(3370, 2384)]
    assert facts.scale > 0
    assert out.stat().st_size < 5_000_000


def test_a_failed_export_leaves_no_file(tmp_path: Path, blank: JourneyMap) -> None:
    out = tmp_path / "missing-folder" / "poster.pdf"
    with pytest.raises(OSError):
        export_poster(blank, out)
    assert not out.exists()


def test_an_empty_map_and_odd_values_still_export(tmp_path: Path) -> None:
    from app.model.entities import EmotionPoint, EmotionScale, Lane, Persona, Stage, Step
    from app.model.vocab import LaneKind

    assert export_poster(JourneyMap(), tmp_path / "empty.pdf").scale > 0
    stage = Stage("Only stage")
    step = Step("Only step", stage.id, width=10)
    lanes = [Lane("Feelings", LaneKind.EMOTIONS, min_height=10), Lane("", LaneKind.NOTES)]
    personas = [Persona("No colour", colour=""), Persona("Hidden", show_curve=False)]
    journey = JourneyMap.build(
        MapInfo(title="", scale=EmotionScale(-5, 5, ())),
        personas,
        [stage, Stage("Empty stage")],
        [step],
        lanes,
        [Card("", lanes[1].id, step.id), Card("x" * 300, lanes[0].id, step.id)],
        [EmotionPoint(personas[0].id, step.id, 5), EmotionPoint(personas[1].id, step.id, -5)],
    )
    out = tmp_path / "odd.pdf"
    export_poster(journey, out, paper="A4", landscape=False)
    assert page_sizes(out) == [(595, 842)]
