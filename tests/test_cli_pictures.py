"""`cjm export --pptx / --png / --svg`: the deck and pictures from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from tests.test_cli import digest, run


def test_exports_deck_png_and_svg(capsys: pytest.CaptureFixture[str], saved_retail: Path) -> None:
    folder = saved_retail.parent
    deck, png, svg = folder / "deck.pptx", folder / "map.png", folder / "map.svg"
    code, out, err = run(
        capsys, "export", saved_retail, "--pptx", deck, "--png", png, "--dpi", "100", "--svg", svg
    )
    assert (code, out, err) == (0, "", "")
    assert len(Presentation(str(deck)).slides) > 3
    with Image.open(png) as image:
        assert round(image.info["dpi"][0]) == 100
    assert svg.read_text(encoding="utf-8").startswith("<?xml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--png", "{out}.png", "--dpi", "50"], "error: --dpi must be 96 to 600, not 50\n"),
        (["--svg", "{out}.svg", "--dpi", "150"], "error: --dpi goes with --png OUT.png\n"),
        (["--svg", "{map}"], "error: retail.cjm: --svg would write over the map being exported\n"),
        (
            ["--pptx", "{existing}"],
            "error: old.pptx already exists (use --overwrite to replace it)\n",
        ),
        (
            ["--png", "{out}.png", "--svg", "{out}.png"],
            "error: out.png is given for both --png and --svg\n",
        ),
    ],
)
def test_bad_requests_are_one_line_and_write_nothing(
    capsys: pytest.CaptureFixture[str], saved_retail: Path, args: list[str], message: str
) -> None:
    folder = saved_retail.parent
    existing = folder / "old.pptx"
    existing.write_bytes(b"keep me")
    before = {p.name: digest(p) for p in folder.iterdir()}
    values = {"out": str(folder / "out"), "map": str(saved_retail), "existing": str(existing)}
    code, out, err = run(capsys, "export", saved_retail, *(a.format(**values) for a in args))
    assert (code, out, err) == (1, "", message)
    assert {p.name: digest(p) for p in folder.iterdir()} == before


def test_overwrite_replaces_a_picture(
    capsys: pytest.CaptureFixture[str], saved_retail: Path
) -> None:
    svg = saved_retail.parent / "map.svg"
    svg.write_text("old", encoding="utf-8")
    assert run(capsys, "export", saved_retail, "--svg", svg, "--overwrite")[0] == 0
    assert "<svg" in svg.read_text(encoding="utf-8")
