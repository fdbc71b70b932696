"""The bundled fonts' chain: the file every renderer reads matches the fonts, and its rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.font_chain import REPLACEMENT, chain, missing_characters, missing_warning

ROOT = Path(__file__).resolve().parent.parent


def test_chain_json_matches_the_bundled_fonts() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from font_chain import chain_document  # tools/font_chain.py
    finally:
        sys.path.remove(str(ROOT / "tools"))
    stored = json.loads((ROOT / "resources" / "fonts" / "chain.json").read_text("utf-8"))
    assert stored == chain_document(), "run: python tools/font_chain.py"


def test_every_font_file_and_its_licence_is_bundled() -> None:
    fonts = ROOT / "resources" / "fonts"
    licences = " ".join(path.read_text("utf-8") for path in fonts.glob("*.txt"))
    for font in chain().fonts:
        for name in filter(None, (font.regular, font.bold)):
            assert (fonts / name).is_file(), name
            assert name in licences, f"{name} is named in no licence file"


def test_a_character_goes_to_the_first_font_that_has_it() -> None:
    fonts = chain()
    families = [fonts.families[index] for index, _ in fonts.runs("Aب日≥✓😀")]
    assert families == [
        "Noto Sans", "Noto Sans Arabic", "Droid Sans Fallback", "Noto Sans Math",
        "Noto Sans Symbols2", "Noto Emoji",
    ]  # fmt: skip


def test_marks_and_joiners_stay_with_their_letter() -> None:
    fonts = chain()
    # A Devanagari conjunct, an Arabic letter with its vowel mark, an emoji ZWJ sequence.
    for text in ("क्ष", "بَ", "👨\u200d👩\u200d👧"):
        assert len(fonts.runs(text)) == 1, text


def test_only_characters_no_font_has_are_replaced_and_named() -> None:
    fonts = chain()
    assert fonts.visible("Grüße, 고객, ✓") == "Grüße, 고객, ✓"
    assert fonts.visible("a\ue000b") == f"a{REPLACEMENT}b"
    # Joiners and variation selectors draw nothing on their own: never reported.
    assert missing_characters(["❤\ufe0f", "a\u200db", "plain"]) == []
    assert missing_warning(missing_characters(["ሰ\ue000"])) == (
        "2 characters have no glyph in the bundled fonts: U+1230 U+E000 (shown as \ufffd)"
    )
    assert missing_warning([]) == ""
