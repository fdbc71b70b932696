"""The elements of a journey map as immutable values.

Every element is immutable: a command changes a map by putting a new value in
place of the old one, so undo only has to put the old value back and nothing
outside a command can edit an element. Most elements are frozen dataclasses
(changed with ``dataclasses.replace``). Cards, and the metrics and evidence
inside them, are named tuples (changed with ``_replace``): a map holds thousands
of them, and a tuple can be built from a row of values at C speed, which is what
keeps opening a big file near the cost of reading its rows (docs/performance.md).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from app.model.vocab import (
    DEFAULT_PERSONA_COLOUR,
    LANE_HEIGHT,
    CardKind,
    Channel,
    Confidence,
    LaneKind,
    MapState,
    MetricKind,
    Priority,
    Status,
)


def new_id() -> str:
    """A fresh stable id (uuid4); ids are never reused."""
    return str(uuid.uuid4())


def now_utc() -> datetime:
    """The current time, timezone-aware, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class EmotionScale:
    """The bounded scale emotion scores live on, with a label per score."""

    minimum: int = -3
    maximum: int = 3
    labels: tuple[tuple[int, str], ...] = (
        (-3, "Very negative"),
        (-2, "Negative"),
        (-1, "Slightly negative"),
        (0, "Neutral"),
        (1, "Slightly positive"),
        (2, "Positive"),
        (3, "Very positive"),
    )

    def clamp(self, score: float) -> int:
        """``score`` rounded and held inside the scale."""
        return max(self.minimum, min(self.maximum, round(score)))

    def label(self, score: int) -> str:
        return dict(self.labels).get(score, str(score))

    def contains(self, score: int) -> bool:
        return self.minimum <= score <= self.maximum


@dataclass(frozen=True, slots=True)
class MapInfo:
    """What the map is about: shown in the title block and the About sheet."""

    title: str = "Untitled journey"
    objective: str = ""
    description: str = ""
    state: MapState = MapState.CURRENT
    author: str = ""
    organisation: str = ""
    created: datetime = field(default_factory=now_utc)
    modified: datetime = field(default_factory=now_utc)
    scale: EmotionScale = field(default_factory=EmotionScale)
    #: Tags the consultant keeps internal: a client-safe export leaves them off every card
    #: (``app.model.client_safe``); matched ignoring case and surrounding spaces.
    internal_tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Persona:
    name: str
    id: str = field(default_factory=new_id)
    role: str = ""
    quote: str = ""
    goals: str = ""
    needs: str = ""
    frustrations: str = ""
    notes: str = ""
    colour: str = DEFAULT_PERSONA_COLOUR
    photo: bytes | None = None
    is_primary: bool = False
    show_curve: bool = True


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    id: str = field(default_factory=new_id)
    goal: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    """One column of the map; it belongs to exactly one stage."""

    name: str
    stage_id: str
    id: str = field(default_factory=new_id)
    description: str = ""
    width: float = 200.0


@dataclass(frozen=True, slots=True)
class Lane:
    """One row of the map; its kind decides what it shows."""

    name: str
    kind: LaneKind
    id: str = field(default_factory=new_id)
    colour: str = ""
    min_height: float = LANE_HEIGHT


class Metric(NamedTuple):
    """A measurement on a card: CSAT, NPS, CES or a named custom metric."""

    kind: MetricKind
    value: float
    name: str = ""
    unit: str = ""
    target: float | None = None

    @property
    def display_name(self) -> str:
        return self.name if self.kind is MetricKind.CUSTOM else self.kind.label

    def problem(self) -> str | None:
        """Why this metric breaks the map's rules (``rules.py``), or None."""
        from app.model.rules import metric_problem  # rules import the elements

        problem = metric_problem(self)
        return str(problem) if problem else None


class Evidence(NamedTuple):
    """Why we believe a card: quotes, where they come from, how sure we are."""

    quotes: tuple[str, ...] = ()
    source: str = ""
    confidence: Confidence = Confidence.ASSUMPTION


class _CardFields(NamedTuple):
    """A sticky note in one cell (lane x step)."""

    title: str
    lane_id: str
    step_id: str
    kind: CardKind = CardKind.NOTE
    id: str = ""  # Card() fills in a fresh id
    body: str = ""
    channel: Channel | None = None
    owner: str = ""
    moment_of_truth: bool = False
    severity: int | None = None
    impact: int | None = None
    effort: int | None = None
    status: Status | None = None
    metrics: tuple[Metric, ...] = ()
    evidence: Evidence = Evidence()
    tags: tuple[str, ...] = ()
    colour: str = ""


class Card(_CardFields):
    """A sticky note in one cell (lane x step); made without an id, it gets a fresh one."""

    __slots__ = ()

    if not TYPE_CHECKING:  # type checkers see the fields' own signature

        def __new__(cls, *args: Any, **kwargs: Any) -> Card:
            card = super().__new__(cls, *args, **kwargs)
            return card if card.id else card._replace(id=new_id())

    @property
    def priority_score(self) -> int | None:
        """1..25: opportunities by impact over effort, pain points by severity."""
        if self.kind is CardKind.OPPORTUNITY and self.impact and self.effort:
            return self.impact * (6 - self.effort)
        if self.kind is CardKind.PAIN_POINT and self.severity:
            return self.severity * 5
        return None

    @property
    def priority(self) -> Priority | None:
        score = self.priority_score
        if score is None:
            return None
        if score >= 15:
            return Priority.HIGH
        if score >= 8:
            return Priority.MEDIUM
        return Priority.LOW

    def problem(self) -> str | None:
        """Why this card breaks the map's rules (``rules.py``), or None."""
        from app.model.rules import element_problem  # rules import the elements

        problem = element_problem(self)
        return str(problem) if problem else None


@dataclass(frozen=True, slots=True)
class EmotionPoint:
    """One persona's feeling at one step."""

    persona_id: str
    step_id: str
    score: int
    note: str = ""
