"""The handout: cover, persona pages, every card's full text, the backlog by priority."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.export.pdf import export_handout
from app.export.pdf_handout import backlog
from app.export.pdf_poster import poster_layout
from app.model.entities import Card, Evidence, MapInfo, Metric, Persona
from app.model.journey import JourneyMap
from app.model.synthetic import synthetic_map
from app.model.templates import new_map
from app.model.vocab import CardKind, MetricKind
from tests.conftest import EXAMPLES

MARKUP = ("a<b", "R&D", "<font size=2000>big</font>", '<img src="/etc/hosts">')


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def texts(path: Path) -> list[str]:
    return [squeezed(page.extract_text()) for page in PdfReader(path).pages]


def with_cards(cards_for: list[dict[str, object]], info: MapInfo | None = None) -> JourneyMap:
    base = new_map("blank")
    lanes, steps = base.lanes, base.steps
    cards = [
        Card(**{"lane_id": lanes[i % len(lanes)].id, "step_id": steps[i % len(steps)].id, **fields})
        for i, fields in enumerate(cards_for)
    ]
    return JourneyMap.build(info or base.info, base.personas, base.stages, steps, lanes, cards)


@pytest.mark.parametrize("template", EXAMPLES)
def test_the_handout_has_every_card_in_full(tmp_path: Path, template: str) -> None:
    journey = new_map(template)
    out = tmp_path / "handout.pdf"
    pages = export_handout(journey, out)
    text = "".join(texts(out))
    assert pages == len(PdfReader(out).pages)
    for card in journey.cards():
        assert squeezed(card.title) in text
        assert squeezed(card.body) in text
        for quote in card.evidence.quotes:
            assert squeezed(quote) in text


def test_a_cover_then_one_page_per_persona(tmp_path: Path, retail: JourneyMap) -> None:
    out = tmp_path / "handout.pdf"
    export_handout(retail, out)
    pages = texts(out)
    assert squeezed(retail.info.title) in pages[0]
    assert squeezed(retail.info.objective) in pages[0]
    for number, persona in enumerate(retail.personas, start=1):
        page = pages[number]
        assert page.index(squeezed(persona.name)) < page.index(squeezed(persona.goals))


def test_text_cut_on_the_poster_is_whole_in_the_handout(tmp_path: Path) -> None:
    body = " ".join(f"detail{i}" for i in range(120))
    journey = with_cards([{"title": "Long story", "body": body}])
    (box,) = poster_layout(journey).cards.values()
    assert box.truncated
    out = tmp_path / "handout.pdf"
    export_handout(journey, out)
    assert squeezed(body) in "".join(texts(out))


def test_one_enormous_card_does_not_stop_the_export(tmp_path: Path) -> None:
    words = " ".join(f"word{i}" for i in range(3_500))  # about 27,000 characters
    no_spaces = "長" * 8000
    journey = with_cards(
        [
            {"title": words[:5000], "body": words + "\n" * 50 + no_spaces[:1000]},
            {
                "title": no_spaces,
                "kind": CardKind.PAIN_POINT,
                "severity": 5,
                "evidence": Evidence((words,), source=words[:3000]),
            },
        ]
    )
    out = tmp_path / "handout.pdf"
    pages = export_handout(journey, out)
    assert pages > 10
    text = "".join(texts(out))
    assert "word3499" in text and no_spaces[:100] in text


def test_markup_in_user_text_prints_literally(tmp_path: Path) -> None:
    journey = with_cards(
        [{"title": m, "body": f"{m}\nsecond line {m}", "owner": m} for m in MARKUP],
        MapInfo(title=MARKUP[2], objective=MARKUP[3], description="x & y\n<b>not bold</b>"),
    )
    out = tmp_path / "handout.pdf"
    export_handout(journey, out)
    text = "".join(texts(out))
    for markup in MARKUP:
        assert text.count(squeezed(markup)) >= 3, markup
    assert squeezed("<b>not bold</b>") in text


def test_the_backlog_lists_pain_points_and_opportunities_by_priority(tmp_path: Path) -> None:
    journey = with_cards(
        [
            {"title": "Low pain", "kind": CardKind.PAIN_POINT, "severity": 1},
            {"title": "Top idea", "kind": CardKind.OPPORTUNITY, "impact": 5, "effort": 1},
            {"title": "Unrated idea", "kind": CardKind.OPPORTUNITY},
            {"title": "Mid pain", "kind": CardKind.PAIN_POINT, "severity": 3},
            {"title": "Just a note", "kind": CardKind.NOTE},
            {
                "title": "A KPI",
                "kind": CardKind.KPI,
                "metrics": (Metric(MetricKind.CSAT, 4.2, target=4.5),),
            },
        ]
    )
    assert [card.title for card in backlog(journey)] == [
        "Top idea",
        "Mid pain",
        "Low pain",
        "Unrated idea",
    ]
    out = tmp_path / "handout.pdf"
    export_handout(journey, out)
    last = texts(out)[-1]
    assert "Backlog:painpointsandopportunities" in last
    positions = [last.index(title) for title in ("Topidea", "Midpain", "Lowpain", "Unratedidea")]
    assert positions == sorted(positions)
    assert "Justanote" not in last
    assert "CSAT:4.2(target4.5)" in "".join(texts(out))


def test_a_letter_handout_and_a_5000_card_map(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    pages = export_handout(synthetic_map(5000), out, paper="Letter")
    reader = PdfReader(out)
    assert len(reader.pages) == pages > 100
    assert round(float(reader.pages[0].mediabox.width)) == 612


def test_a_persona_with_a_broken_photo_still_gets_its_page(tmp_path: Path) -> None:
    base = new_map("blank")
    persona = Persona("Ada", photo=b"not an image", quote="<q>", is_primary=True)
    journey = JourneyMap.build(base.info, [persona], base.stages, base.steps, base.lanes)
    out = tmp_path / "handout.pdf"
    export_handout(journey, out)
    assert "Ada" in texts(out)[1]
