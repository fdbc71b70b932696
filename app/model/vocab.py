"""The fixed vocabularies of a journey map: kinds, channels, states and scales, and
what new elements start with.

Each enum's value is the stable token written to files (.cjm, JSON, Excel);
``label`` is the English text shown to users.
"""

from __future__ import annotations

from enum import StrEnum


class _Vocabulary(StrEnum):
    """A string enum whose members carry a human label."""

    label: str

    def __new__(cls, value: str, label: str = "") -> _Vocabulary:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def parse(cls, token: str) -> _Vocabulary:
        """The member whose value or label is ``token`` (case-insensitive)."""
        wanted = token.strip().lower()
        for member in cls:
            if wanted in (member.value, member.label.lower()):
                return member
        raise ValueError(f"unknown {cls.__name__.lower()} {token!r}")


class MapState(_Vocabulary):
    CURRENT = ("current", "Current state")
    FUTURE = ("future", "Future state")


class LaneKind(_Vocabulary):
    ACTIONS = ("actions", "Customer actions")
    TOUCHPOINTS = ("touchpoints", "Touchpoints")
    THOUGHTS = ("thoughts", "Thoughts & feelings")
    EMOTIONS = ("emotions", "Emotion curve")
    PAIN_POINTS = ("pain_points", "Pain points")
    OPPORTUNITIES = ("opportunities", "Opportunities")
    FRONTSTAGE = ("frontstage", "Frontstage (people)")
    BACKSTAGE = ("backstage", "Backstage (processes & systems)")
    KPIS = ("kpis", "KPIs")
    NOTES = ("notes", "Notes")


class CardKind(_Vocabulary):
    TOUCHPOINT = ("touchpoint", "Touchpoint")
    ACTION = ("action", "Action")
    THOUGHT = ("thought", "Thought")
    PAIN_POINT = ("pain_point", "Pain point")
    OPPORTUNITY = ("opportunity", "Opportunity")
    PROCESS = ("process", "Process")
    KPI = ("kpi", "KPI")
    NOTE = ("note", "Note")


class Channel(_Vocabulary):
    WEB = ("web", "Web")
    MOBILE_APP = ("mobile_app", "Mobile app")
    EMAIL = ("email", "Email")
    PHONE = ("phone", "Phone")
    STORE = ("store", "Store")
    SOCIAL = ("social", "Social")
    CHAT = ("chat", "Chat")
    ADS = ("ads", "Ads")
    WORD_OF_MOUTH = ("word_of_mouth", "Word of mouth")
    OTHER = ("other", "Other")


class Status(_Vocabulary):
    IDEA = ("idea", "Idea")
    PLANNED = ("planned", "Planned")
    IN_PROGRESS = ("in_progress", "In progress")
    DONE = ("done", "Done")


class Confidence(_Vocabulary):
    ASSUMPTION = ("assumption", "Assumption")
    PARTLY_BACKED = ("partly_backed", "Partly backed")
    RESEARCH_BACKED = ("research_backed", "Research-backed")


class MetricKind(_Vocabulary):
    CSAT = ("csat", "CSAT")
    NPS = ("nps", "NPS")
    CES = ("ces", "CES")
    CUSTOM = ("custom", "Custom")


class Priority(_Vocabulary):
    HIGH = ("high", "High")
    MEDIUM = ("medium", "Medium")
    LOW = ("low", "Low")


#: The range each standard metric accepts; custom metrics are unbounded.
METRIC_RANGES: dict[MetricKind, tuple[float, float]] = {
    MetricKind.CSAT: (1, 5),
    MetricKind.NPS: (-100, 100),
    MetricKind.CES: (1, 7),
}

#: The card kind a new card gets when it is dropped into a lane of each kind.
DEFAULT_CARD_KIND: dict[LaneKind, CardKind] = {
    LaneKind.ACTIONS: CardKind.ACTION,
    LaneKind.TOUCHPOINTS: CardKind.TOUCHPOINT,
    LaneKind.THOUGHTS: CardKind.THOUGHT,
    LaneKind.EMOTIONS: CardKind.NOTE,
    LaneKind.PAIN_POINTS: CardKind.PAIN_POINT,
    LaneKind.OPPORTUNITIES: CardKind.OPPORTUNITY,
    LaneKind.FRONTSTAGE: CardKind.PROCESS,
    LaneKind.BACKSTAGE: CardKind.PROCESS,
    LaneKind.KPIS: CardKind.KPI,
    LaneKind.NOTES: CardKind.NOTE,
}

DEFAULT_STAGE_NAMES: tuple[str, ...] = (
    "Awareness",
    "Consideration",
    "Purchase",
    "Use / Experience",
    "Loyalty / Advocacy",
)

#: The names of a stage and a step the user adds (the palette shows them too).
NEW_STAGE_NAME = "New stage"
NEW_STEP_NAME = "New step"

#: The height, in points, a new lane starts with; an emotion lane is taller for its curve.
LANE_HEIGHT = 90.0
EMOTION_LANE_HEIGHT = 180.0

#: The colour of a persona's curve until one is chosen (the first of the palette's).
DEFAULT_PERSONA_COLOUR = "#1f77b4"

SEVERITY_RANGE = (1, 5)
IMPACT_RANGE = (1, 5)
EFFORT_RANGE = (1, 5)
