"""The web page as a file: self-contained, nothing runs from user text, fonts cut to what is
used, the client-safe option, and its size. (tests/export/test_html_browser.py opens it.)"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from app.export import html_page
from app.export.html_fonts import characters_by_font, family_name
from app.export.html_page import SCRIPT_PARTS, HtmlOptions, export_html, page_script, page_text
from app.export.html_read import carried_json
from app.export.output import ExportError
from app.font_chain import chain
from app.model.client_safe import client_copy
from app.model.codec import map_to_dict
from app.model.journey import JourneyMap
from app.resources import resource_path
from tests.model.full_map import full_map

HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script>",
    "javascript:alert(1)",
)


def hostile_map(journey: JourneyMap) -> JourneyMap:
    """``journey`` with the hostile strings as the first cards' titles, bodies and owner."""
    cards = list(journey.cards())
    for index, text in enumerate(HOSTILE):
        cards[index] = cards[index]._replace(title=text, body=text, owner=text, tags=(text,))
    return JourneyMap.build(
        replace(journey.info, title="</title><script>alert(1)</script>"),
        journey.personas,
        journey.stages,
        journey.steps,
        journey.lanes,
        cards,
        journey.emotions(),
    )


def elements(page: str) -> list[str]:
    """The names of the page's elements as written (the text of scripts and styles left out:
    a browser reads it as data or code, never as elements)."""
    markup = re.sub(r"(?s)<(script|style)\b([^>]*)>.*?</\1>", r"<\1\2></\1>", page)
    return re.findall(r"<([a-zA-Z][a-zA-Z0-9-]*)\b", markup)


def test_the_page_is_one_file_that_asks_for_nothing(retail: JourneyMap) -> None:
    page = page_text(retail)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.group(1).split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["img-src"] == "data:" and rules["font-src"] == "data:"
    assert "'unsafe-eval'" not in policy.group(1) and "http" not in policy.group(1)
    # The script and style sheet are allowed by their hashes, and only they.
    script = re.search(r"<script>(.*?)</script>", page, re.DOTALL)
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)
    assert script is not None and style is not None
    for name, text in (("script-src", script.group(1)), ("style-src", style.group(1))):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert rules[name] == f"'sha256-{digest}'"
    # No address to fetch: no src/href attributes, no url() but data: fonts, no http(s) but
    # the SVG namespace (a name, never fetched).
    assert not re.search(r"\s(src|href|action|srcset)\s*=", page.split("<script")[0])
    assert re.findall(r"url\((?!data:)", page) == []
    assert set(re.findall(r"https?://[^\s\"'<>)]+", page)) == {"http://www.w3.org/2000/svg"}
    assert page.count("<script") == 3 and page.count("<style") == 1


def test_the_script_never_parses_text_as_markup() -> None:
    script = page_script()
    assert all(resource_path("web", name).is_file() for name in SCRIPT_PARTS)
    for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                  "new Function", "setTimeout(\"", "DOMParser", "createContextualFragment",
                  "fetch(", "XMLHttpRequest", "WebSocket", "import("):  # fmt: skip
        assert risky not in script, risky
    assert "JSON.parse" in script and "textContent" in script


def test_hostile_text_stays_in_the_json_blocks(retail: JourneyMap) -> None:
    page = page_text(hostile_map(retail))
    for text in HOSTILE[:2]:
        assert text not in page  # every "<" of user text is written \u003c
    assert page.count("</script>") == 3  # the closing tags of the page's own three
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert elements(page).count("script") == 3  # the two JSON blocks and the page's script
    assert "img" not in elements(page)
    back = json.loads(carried_json(page.encode()))
    assert [card["title"] for card in back["cards"][:4]] == list(HOSTILE)


def test_the_page_carries_every_field(tmp_path: Path) -> None:
    journey = full_map()
    out = tmp_path / "map.html"
    export_html(journey, out)
    assert json.loads(carried_json(out.read_bytes())) == map_to_dict(journey)


def test_client_safe_leaves_out_owners_and_evidence(retail: JourneyMap) -> None:
    journey = full_map()
    page = page_text(journey, HtmlOptions(client_safe=True))
    carried = json.loads(carried_json(page.encode()))
    assert carried == map_to_dict(client_copy(journey))  # the copy every export makes
    assert all(card["owner"] == "" for card in carried["cards"])
    assert all(card["evidence"] == {"quotes": [], "source": "", "confidence": "assumption"}
               for card in carried["cards"])  # fmt: skip
    for secret in ("Onboarding team", "Interviews 2026", "It kept failing"):
        assert secret in page_text(journey) and secret not in page
    assert '"clientSafe":true' in page
    # Everything else is there.
    assert [c["title"] for c in carried["cards"]] == [c.title for c in journey.cards()]


def _faces(page: str) -> dict[tuple[str, str], TTFont]:
    faces = {}
    for family, weight, data in re.findall(
        r"@font-face\{font-family:(cjm-\d+);font-style:normal;font-weight:([\d ]+);"
        r"font-display:block;src:url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)",
        page,
    ):
        faces[family, weight] = TTFont(io.BytesIO(base64.b64decode(data)))
    return faces


def test_fonts_are_the_chain_cut_to_the_characters_used(retail: JourneyMap) -> None:
    faces = _faces(page_text(retail))
    assert set(faces) == {("cjm-0", "400"), ("cjm-0", "700")}  # Latin only: Noto Sans
    for font in faces.values():
        cmap = font.getBestCmap()
        assert {ord(c) for c in "Checkout – ß€“”"} <= set(cmap)
        assert ord("Ж") not in cmap and len(font.getGlyphOrder()) < 300
    # Chinese and Japanese text brings Droid Sans Fallback, cut to those characters.
    faces = _faces(page_text(full_map()))
    droid = next(f.index for f in chain().fonts if f.family == "Droid Sans Fallback")
    fallback = faces[family_name(droid), "100 900"].getBestCmap()
    assert {ord(c) for c in "こんにちは"} <= set(fallback) and len(fallback) < 40
    page = page_text(full_map())
    stack = re.search(r"body,svg\{font-family:([^}]+)\}", page)
    assert stack is not None
    assert stack.group(1) == ", ".join(f"cjm-{f.index}" for f in chain().fonts) + ", sans-serif"


def test_marks_and_emoji_sequences_stay_with_their_font() -> None:
    used = characters_by_font(["ﻻ مَرحبا", "👍🏽 ok", "क्षत्रिय"])
    arabic = next(f.index for f in chain().fonts if f.family == "Noto Sans Arabic")
    devanagari = next(f.index for f in chain().fonts if f.family == "Noto Sans Devanagari")
    assert "\u064e" in used[arabic]  # the fatha goes with its letter's font
    assert "\u094d" in used[devanagari]  # the virama too
    assert "\n" not in set().union(*used.values())  # controls are never drawn


def test_the_retail_example_page_is_small(retail: JourneyMap, tmp_path: Path) -> None:
    out = tmp_path / "retail.html"
    export_html(retail, out)
    assert out.stat().st_size < 1_500_000


def test_a_map_too_large_to_carry_is_refused(
    retail: JourneyMap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html_page, "MAX_CARRIED_BYTES", 1000)
    out = tmp_path / "big.html"
    with pytest.raises(ExportError, match="too large to carry in a web page"):
        export_html(retail, out)
    assert not out.exists()


def test_a_draft_page_says_draft_and_its_policy_still_holds(tmp_path: Path) -> None:
    from app.export.html_page import policy
    from app.model.templates import new_map

    journey = new_map("retail-checkout")
    plain = page_text(journey)
    draft = page_text(journey, HtmlOptions(draft=True))
    assert 'id="draft-mark"' in draft and 'id="draft-mark"' not in plain
    assert "<title>DRAFT · " in draft
    style = draft.split("<style>", 1)[1].split("</style>", 1)[0]
    script = draft.split("<script>", 1)[1].split("</script>", 1)[0]
    assert policy(script, style) in draft  # the mark's style is covered by the page's hash
