"""Pictures of the map: PNG at a chosen resolution and SVG with text as text."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from app.export.image import ExportCancelled, export_png, export_svg
from app.export.output import ExportError
from app.model.journey import JourneyMap
from tests.export.deck_maps import AWKWARD_TITLES, awkward_map

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(path: Path) -> list[str]:
    """Every line of text the SVG holds, as a viewer shows it."""
    root = ET.parse(path).getroot()
    return ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]


def test_png_has_the_size_of_the_map_at_the_chosen_resolution(
    tmp_path: Path, retail: JourneyMap
) -> None:
    small, large = tmp_path / "96.png", tmp_path / "192.png"
    size96 = export_png(retail, small, dpi=96)
    size192 = export_png(retail, large, dpi=192)
    with Image.open(small) as image96, Image.open(large) as image192:
        assert image96.size == size96
        assert image192.size == size192
        # Twice the resolution, twice the pixels each way (within rounding).
        assert abs(image192.width - 2 * image96.width) <= 2
        assert abs(image192.height - 2 * image96.height) <= 2
        assert round(image96.info["dpi"][0]) == 96
        # Not blank: many colours, and dark text among them.
        rgb = image96.convert("RGB")
        colours = rgb.getcolors(maxcolors=1_000_000)
        assert colours is not None and len(colours) > 50
        assert min(sum(c) for _, c in colours) < 200


def test_png_resolution_out_of_range_is_refused(tmp_path: Path, retail: JourneyMap) -> None:
    for dpi in (95, 601):
        with pytest.raises(ExportError, match="96 to 600"):
            export_png(retail, tmp_path / "x.png", dpi=dpi)
    assert list(tmp_path.iterdir()) == []


def test_png_of_selected_cards_is_smaller(tmp_path: Path, retail: JourneyMap) -> None:
    ids = {card.id for card in list(retail.cards())[:2]}
    whole = export_png(retail, tmp_path / "all.png", dpi=96)
    part = export_png(retail, tmp_path / "part.png", dpi=96, card_ids=ids)
    assert part[0] < whole[0] and part[1] < whole[1]
    with pytest.raises(ExportError, match="none of the selected cards"):
        export_png(retail, tmp_path / "none.png", card_ids={"no-such-card"})


def test_cancelled_png_leaves_no_file(tmp_path: Path, retail: JourneyMap) -> None:
    seen: list[float] = []

    def progress(fraction: float) -> bool:
        seen.append(fraction)
        return fraction < 0.5

    with pytest.raises(ExportCancelled):
        export_png(retail, tmp_path / "map.png", progress=progress)
    assert list(tmp_path.iterdir()) == []
    assert seen and seen == sorted(seen)


def test_svg_parses_and_holds_every_card_title(tmp_path: Path, retail: JourneyMap) -> None:
    path = tmp_path / "map.svg"
    export_svg(retail, path)
    text = "\n".join(svg_texts(path))
    # Card titles wrap over lines: every word of every title is there as text.
    for card in retail.cards():
        for word in card.title.split():
            assert word.strip("…") in text, card.title
    for stage in retail.stages:
        assert stage.name[:10] in text
    assert "Noto Sans" in (ET.parse(path).getroot().get("font-family") or "")


def test_svg_of_selected_cards_holds_only_them(tmp_path: Path, retail: JourneyMap) -> None:
    cards = list(retail.cards())
    path = tmp_path / "part.svg"
    export_svg(retail, path, card_ids={cards[0].id})
    text = "\n".join(svg_texts(path))
    assert cards[0].title.split()[0] in text
    step = retail.step(cards[0].step_id)
    assert step.name[:8] in text
    others = {c.title for c in cards[1:] if c.step_id != cards[0].step_id}
    assert not any(title in text for title in others if len(title) > 12)


def test_svg_escapes_markup_and_keeps_other_scripts(tmp_path: Path) -> None:
    journey = awkward_map()
    path = tmp_path / "map.svg"
    export_svg(journey, path)
    raw = path.read_text(encoding="utf-8")
    assert "<script>" not in raw  # escaped, never markup
    root = ET.parse(path).getroot()
    assert not list(root.iter(f"{SVG}script"))
    text = " ".join(svg_texts(path))
    for title in AWKWARD_TITLES:
        for word in title.split()[:2]:
            assert word.strip("…") in text, title


def test_png_header_is_valid(tmp_path: Path, retail: JourneyMap) -> None:
    path = tmp_path / "map.png"
    width, height = export_png(retail, path, dpi=100)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (width, height)
    with Image.open(path) as image:
        image.load()  # decodes every row: the file is complete
