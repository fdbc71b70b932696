"""Every script and symbol on paper: the poster and the handout keep every character a user typed.

What a reader copies from the PDF (``pdftotext -raw``, which reads text in the
order it was written) must be the typed text, after Unicode NFKC normalisation
(Arabic is drawn with its joined forms, which NFKC turns back into letters).
Whitespace is ignored: extraction breaks lines where the poster wraps them, and
bidi control characters, which the extractor adds around right-to-left runs.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.export.fonts import draw_string
from app.export.pdf import export_handout, export_poster
from app.model.entities import Card, MapInfo
from app.model.journey import JourneyMap
from app.model.store import save_map
from app.model.templates import new_map
from tests.export.test_pdf_poster import fonts_of
from tests.test_cli import run

#: One card per script the issue names, and the mixed cases.
SCRIPTS = {
    "korean": "고객 여정 지도: 결제 단계에서 이탈이 많음",
    "arabic": "رحلة العميل في المتجر",
    "arabic with numbers and Latin": "نسبة التحويل 42% في Q3 عبر app",
    "hebrew": "מסע הלקוח",
    "hebrew with punctuation": "מסע הלקוח, שלב התשלום!",
    "hindi": "ग्राहक यात्रा में क्षत्रिय",
    "thai without spaces": "การเดินทางของลูกค้าที่ร้านค้า",
    "emoji": "Happy 😀 and 👍🏽 from 👨‍👩‍👧 ❤️",
    "symbols": "NPS ≥ 40, drop-off 42% → 20% ✓ ★ ⚠",
    "latin, greek, cyrillic": "Grüße Zażółć Καλημέρα Привет",
    "chinese and japanese": "顾客旅程 お客様の旅",
}
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def comparable(text: str) -> str:
    """Text as compared: NFKC, no whitespace, no bidi controls, no joiners."""
    text = BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text))
    return "".join(char for char in text if not char.isspace() and char != "\u200d")


def scripts_map(extra: str = "") -> JourneyMap:
    """A blank map with one card per text (the text as title and as body)."""
    base = new_map("blank")
    lanes, steps = base.lanes, base.steps
    texts = [*SCRIPTS.values(), *([extra] if extra else [])]
    cards = [
        Card(text, lanes[i % len(lanes)].id, steps[i % len(steps)].id, body=text)
        for i, text in enumerate(texts)
    ]
    info = MapInfo(title="Scripts")
    return JourneyMap.build(info, base.personas, base.stages, steps, lanes, cards)


def pdftotext(path: Path, *options: str) -> str:
    done = subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def poster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scripts") / "poster.pdf"
    export_poster(scripts_map(), out, paper="A2")
    return out


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scripts") / "handout.pdf"
    export_handout(scripts_map(), out)
    return out


@pytest.mark.parametrize("name", SCRIPTS)
def test_the_poster_gives_back_every_text_as_typed(poster: Path, name: str) -> None:
    copied = comparable(pdftotext(poster, "-raw"))
    assert copied.count(comparable(SCRIPTS[name])) >= 2, name  # the card's title and body


@pytest.mark.parametrize("name", SCRIPTS)
def test_the_handout_gives_back_every_text_as_typed(handout: Path, name: str) -> None:
    copied = comparable(pdftotext(handout, "-raw"))
    assert copied.count(comparable(SCRIPTS[name])) >= 2, name


@pytest.mark.parametrize("path_of", ["poster", "handout"])
def test_every_font_used_is_embedded(path_of: str, request: pytest.FixtureRequest) -> None:
    fonts = fonts_of(request.getfixturevalue(path_of))
    assert fonts and all(embedded for _, embedded in fonts), fonts
    names = {name.split("+")[-1] for name, _ in fonts}
    for family in ("Arabic", "Hebrew", "Devanagari", "Thai", "Hangul", "Emoji", "Symbols2"):
        assert any(family in name for name in names), (family, names)


def test_arabic_is_drawn_joined_and_hindi_as_conjuncts(poster: Path) -> None:
    drawn = pdftotext(poster, "-raw")
    # Joined Arabic letters are drawn with their positional forms (U+FE70..U+FEFF).
    assert any(0xFE70 <= ord(char) <= 0xFEFF for char in drawn)
    stream = PdfReader(poster).pages[0].get_contents().get_data()
    # The Devanagari conjunct has no character of its own: the copied text comes
    # from the span's ActualText, which holds the typed letters.
    actual = "ग्राहक".encode("utf-16-be").hex().upper().encode()
    assert b"/ActualText <FEFF" + actual in stream


def words_left_to_right(path: Path) -> list[str]:
    """The words pdftotext finds on a one-line page, ordered by their x on the page.

    A word's characters come in the order its glyphs are drawn, left to right:
    a right-to-left word is turned back to read as typed.
    """
    html = pdftotext(path, "-bbox")
    words = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
    result = []
    for _, text in sorted(words, key=lambda word: float(word[0])):
        word = comparable(text)
        right_to_left = any(unicodedata.bidirectional(char) in ("R", "AL") for char in word)
        result.append(word[::-1] if right_to_left else word)
    return result


def drawn_line(tmp_path: Path, text: str) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    out = tmp_path / "line.pdf"
    canvas = Canvas(str(out), pagesize=(400, 60))
    draw_string(canvas, 10, 30, text, 14)
    canvas.save()
    return out


def test_a_right_to_left_line_reads_from_the_right(tmp_path: Path) -> None:
    first, last = "رحلة", "المتجر"
    words = words_left_to_right(drawn_line(tmp_path, f"{first} العميل في {last}"))
    assert words.index(comparable(last)) < words.index(comparable(first))


def test_left_to_right_words_in_hebrew_text_keep_their_order_and_place(tmp_path: Path) -> None:
    words = words_left_to_right(drawn_line(tmp_path, "מסע Check out הלקוח"))
    # The Hebrew line starts at the right: its last word is leftmost; "Check out" stays in order.
    assert words[0] == comparable("הלקוח")
    assert words.index("Check") + 1 == words.index("out")
    assert words[-1] == comparable("מסע")


def test_left_to_right_text_with_a_hebrew_phrase_keeps_the_latin_at_the_left(
    tmp_path: Path,
) -> None:
    words = words_left_to_right(drawn_line(tmp_path, "Checkout עם כרטיס done"))
    assert words[0] == "Checkout" and words[-1] == "done"
    assert words.index(comparable("כרטיס")) < words.index(comparable("עם"))


def test_a_character_no_font_has_is_a_visible_mark_and_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "map.cjm"
    # Amharic (Ethiopic) is not among the bundled scripts; U+E000 is a private-use character.
    save_map(scripts_map(extra="Amharic ሰላም and private \ue000"), source)
    code, _, err = run(capsys, "export", source, "--pdf", tmp_path / "out.pdf")
    assert code == 0
    assert err.strip() == (
        "warning: 4 characters have no glyph in the bundled fonts: "
        "U+120B U+121D U+1230 U+E000 (shown as \ufffd)"
    )
    copied = pdftotext(tmp_path / "out.pdf", "-raw")
    assert "\ufffd" in copied and "\ue000" not in copied and "ሰ" not in copied
    assert comparable("Amharic \ufffd\ufffd\ufffd and private \ufffd") in comparable(copied)


@pytest.mark.parametrize("flag", ["--pdf", "--svg", "--pptx"])
def test_no_warning_when_every_character_has_a_glyph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str
) -> None:
    source = tmp_path / "map.cjm"
    save_map(scripts_map(), source)
    code, _, err = run(capsys, "export", source, flag, tmp_path / f"out{flag[1:]}")
    assert (code, err) == (0, "")


def test_the_warning_comes_with_every_export_that_draws_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "map.cjm"
    save_map(scripts_map(extra="\ue000"), source)
    for flag in ("--svg", "--pptx", "--png"):
        code, _, err = run(capsys, "export", source, flag, tmp_path / f"out.{flag[2:]}")
        assert code == 0 and "U+E000" in err, flag
    code, _, err = run(capsys, "export", source, "--json", tmp_path / "out.json")
    assert (code, err) == (0, "")  # JSON keeps the character itself: nothing is drawn


def word_boxes(path: Path) -> list[tuple[float, float, str]]:
    html = pdftotext(path, "-bbox")
    words = re.findall(r'<word xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]*)</word>', html)
    return [(float(left), float(right), text) for left, right, text in words]


def test_right_to_left_text_is_set_flush_right_and_left_to_right_flush_left(
    tmp_path: Path,
) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from app.export.fonts import TextWriter

    out = tmp_path / "lines.pdf"
    canvas = Canvas(str(out), pagesize=(400, 200))
    arabic = TextWriter(canvas)
    arabic.move_to(10, 150)
    # One right-to-left paragraph broken into two lines: both end at the right edge.
    for line in ("رحلة العميل", "app"):
        arabic.line(line, 12, width=200, right_to_left=True)
    arabic.finish()
    latin = TextWriter(canvas)
    latin.move_to(10, 60)
    latin.line("Checkout", 12, width=200)
    latin.finish()
    canvas.save()
    boxes = word_boxes(out)
    rights = [right for _, right, text in boxes if text != "Checkout"]
    assert rights and abs(max(rights) - 210) < 1.5, boxes
    assert any(abs(right - 210) < 1.5 for _, right, text in boxes if text == "app"), boxes
    assert any(abs(left - 10) < 1.5 for left, _, text in boxes if text == "Checkout"), boxes


DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def test_the_deck_names_the_font_of_the_chain_that_draws_each_run(tmp_path: Path) -> None:
    from pptx import Presentation

    from app.export.pptx_deck import export_pptx

    out = tmp_path / "deck.pptx"
    export_pptx(scripts_map(), out)
    faces: list[tuple[str, str]] = []  # (run text, its Latin typeface)
    right_to_left: list[str] = []  # paragraphs marked right-to-left
    for slide in Presentation(str(out)).slides:
        for paragraph in slide.shapes._spTree.iter(f"{DRAWING}p"):
            properties = paragraph.find(f"{DRAWING}pPr")
            if properties is not None and properties.get("rtl") == "1":
                right_to_left.append("".join(t.text or "" for t in paragraph.iter(f"{DRAWING}t")))
            for text_run in paragraph.iter(f"{DRAWING}r"):
                text = "".join(t.text or "" for t in text_run.iter(f"{DRAWING}t"))
                for latin in text_run.iter(f"{DRAWING}latin"):
                    faces.append((text, latin.get("typeface")))
    expected = (("고객", "CJM Hangul"), ("رحلة", "Noto Sans Arabic"), ("ลูกค้า", "Noto Sans Thai"))
    for word, family in expected:
        assert any(word in text and face == family for text, face in faces), word
    assert any(SCRIPTS["arabic"] in text for text in right_to_left)
    assert not any("Grüße" in text for text in right_to_left)


def test_an_svg_picture_carries_the_fonts_its_text_needs(tmp_path: Path) -> None:
    from app.export.html_fonts import family_name
    from app.export.image_svg import svg_text
    from app.font_chain import chain

    families = chain().families
    svg = svg_text(scripts_map())
    for family in ("Noto Sans Arabic", "CJM Hangul", "Noto Sans Thai", "Noto Emoji"):
        index = families.index(family)
        assert f"font-family:{family_name(index)};" in svg, family
    latin_only = svg_text(scripts_map_of(["Checkout", "Grüße"]))
    assert f"font-family:{family_name(families.index('Noto Sans Arabic'))};" not in latin_only


def scripts_map_of(texts: list[str]) -> JourneyMap:
    base = new_map("blank")
    lanes, steps = base.lanes, base.steps
    cards = [Card(text, lanes[0].id, steps[0].id) for text in texts]
    return JourneyMap.build(MapInfo(title="Latin"), base.personas, base.stages, steps, lanes, cards)
