"""Find ignores case and accents and looks in every named element of the map."""

from __future__ import annotations

from app.model import commands as c
from app.model.entities import Card, Evidence, Metric, Persona
from app.model.journey import JourneyMap
from app.model.search import Finder, Match, find, fold
from app.model.templates import blank_map
from app.model.vocab import CardKind, MetricKind


def test_fold_drops_case_and_accents() -> None:
    assert fold("Über") == "uber"
    assert fold("Straße") == "strasse"
    assert fold("Zażółć") == "zazołc"  # ł is a letter of its own, not an accented l
    assert fold("Καλημέρα") == fold("ΚΑΛΗΜΕΡΑ") == "καλημερα"
    assert fold("ＣＳＡＴ") == "csat"  # full-width letters, as a Japanese keyboard types them


def _map() -> JourneyMap:
    journey = blank_map()
    history = c.History(journey)
    lane, step = journey.lanes[0], journey.steps[0]
    history.push(c.EditStage(journey, journey.stages[0].id, name="Über uns"))
    history.push(c.EditStep(journey, step.id, name="Zahlung", description="Kartenprüfung"))
    history.push(c.EditLane(journey, lane.id, name="Gedanken"))
    card = Card(
        "Wait",
        lane.id,
        step.id,
        CardKind.PAIN_POINT,
        body="Długa kolejka",
        tags=("café",),
        metrics=(Metric(MetricKind.CSAT, 2.5),),
        evidence=Evidence(quotes=("Η ουρά ήταν τεράστια",), source="Interview 7"),
    )
    history.push(c.AddCard(journey, card))
    history.push(c.AddPersona(journey, Persona("Zofia Wiśniewska", role="Buyer")))
    return journey


def _kinds(journey: JourneyMap, text: str) -> list[str]:
    return [match.kind for match in find(journey, text)]


def test_find_looks_in_structure_cards_and_personas() -> None:
    journey = _map()
    assert _kinds(journey, "uber") == ["stage"]
    assert _kinds(journey, "ZAHLUNG") == ["step"]
    assert _kinds(journey, "kartenprufung") == ["step"]
    assert _kinds(journey, "gedanken") == ["lane"]
    assert _kinds(journey, "dluga") == []  # ł stays ł
    assert _kinds(journey, "długa") == ["card"]
    assert _kinds(journey, "cafe") == ["card"]  # a tag
    assert _kinds(journey, "csat 2.5") == ["card"]  # a metric
    assert _kinds(journey, "ουρα") == ["card"]  # a quote
    assert _kinds(journey, "interview") == ["card"]  # the evidence's source
    assert _kinds(journey, "wisniewska") == ["persona"]
    assert find(journey, "   ") == []


def test_the_finder_sees_edits_and_removals() -> None:
    journey = _map()
    finder = Finder()
    card = next(journey.cards())
    assert finder.find(journey, "wait") == [Match("card", card.id)]
    history = c.History(journey)
    history.push(c.EditCard(journey, card.id, title="Queue"))
    assert finder.find(journey, "wait") == []
    assert finder.find(journey, "queue") == [Match("card", card.id)]
    history.push(c.RemoveCard(journey, card.id))
    assert finder.find(journey, "queue") == []
