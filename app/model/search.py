"""Find: which elements of a map contain a text, ignoring case and accents.

``fold`` reduces a text to what a search compares: Unicode-decomposed, accents
(combining marks) dropped, case-folded; so "uber" finds "Über", "strasse" finds
"Straße" and "Zofia wisniewska" finds "Zofia Wiśniewska". ``Finder`` searches
every named element: stage, step and lane names (and a stage's goal, a step's
description), cards (title, body, owner, tags, metrics, evidence) and personas.
It remembers each element's folded text while the element is unchanged (elements
are immutable, so an edit makes a new one), which keeps typing in a big map quick.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.model.entities import Card, Lane, Persona, Stage, Step
from app.model.journey import JourneyMap

#: The kinds of element a match names, in the order matches are listed.
KINDS = ("stage", "step", "lane", "card", "persona")


def fold(text: str) -> str:
    """``text`` as search compares it: no accents, no case ("Über" -> "uber")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.casefold()


@dataclass(frozen=True, slots=True)
class Match:
    """An element containing the text: its kind (``KINDS``) and id."""

    kind: str
    id: str


def card_texts(card: Card) -> Iterable[str]:
    """Every text of a card that find looks in."""
    yield from (card.title, card.body, card.owner, *card.tags)
    for metric in card.metrics:
        yield f"{metric.display_name} {metric.value:g} {metric.unit}"
    yield from card.evidence.quotes
    yield card.evidence.source


def persona_texts(persona: Persona) -> Iterable[str]:
    return (
        persona.name,
        persona.role,
        persona.quote,
        persona.goals,
        persona.needs,
        persona.frustrations,
        persona.notes,
    )


def _texts(element: Any) -> Iterable[str]:
    if isinstance(element, Card):
        return card_texts(element)
    if isinstance(element, Persona):
        return persona_texts(element)
    if isinstance(element, Stage):
        return (element.name, element.goal)
    if isinstance(element, Step):
        return (element.name, element.description)
    if isinstance(element, Lane):
        return (element.name,)
    return ()


class Finder:
    """Searches one map; keeps folded texts of unchanged elements between searches."""

    def __init__(self) -> None:
        self._folded: dict[tuple[str, str], tuple[object, str]] = {}

    def find(self, journey: JourneyMap, text: str) -> list[Match]:
        """Every element containing ``text`` (case and accents ignored), stages first,
        then steps, lanes, cards (in reading order) and personas; none for blank text."""
        needle = fold(text.strip())
        if not needle:
            return []
        groups: tuple[tuple[str, Iterable[Any]], ...] = (
            ("stage", journey.stages),
            ("step", journey.steps),
            ("lane", journey.lanes),
            ("card", journey.cards()),
            ("persona", journey.personas),
        )
        seen: set[tuple[str, str]] = set()
        found = []
        for kind, elements in groups:
            for element in elements:
                key = (kind, element.id)
                seen.add(key)
                if needle in self._haystack(key, element):
                    found.append(Match(kind, element.id))
        if len(self._folded) > len(seen):  # forget removed elements
            self._folded = {k: v for k, v in self._folded.items() if k in seen}
        return found

    def _haystack(self, key: tuple[str, str], element: object) -> str:
        cached = self._folded.get(key)
        if cached is not None and cached[0] is element:
            return cached[1]
        # A character no text has between fields: a match never spans two of them.
        haystack = "\x00".join(fold(text) for text in _texts(element) if text)
        self._folded[key] = (element, haystack)
        return haystack


def find(journey: JourneyMap, text: str) -> list[Match]:
    """Every element of ``journey`` containing ``text`` (see ``Finder.find``)."""
    return Finder().find(journey, text)
