"""The emotion scale in the map form: its ends, and its labels as text, one a line
(``-3 Very negative``), lowest score first. Pure Python; the map's rules (through
``EditMap``) decide what is allowed, e.g. no narrowing past existing points."""

from __future__ import annotations

from dataclasses import replace

from app.model.commands import EditMap
from app.model.entities import EmotionScale
from app.model.journey import JourneyMap

EXAMPLE = "-3 Very negative\n0 Neutral\n3 Very positive"


def labels_text(scale: EmotionScale) -> str:
    return "\n".join(
        f"{score:+d} {label}" if score else f"0 {label}" for score, label in scale.labels
    )


def parse_labels(text: str) -> tuple[tuple[int, str], ...]:
    """Labels from ``labels_text``'s form, sorted by score; ValueError says which line is wrong."""
    labels: dict[int, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        score_text, _, label = line.strip().partition(" ")
        if not score_text:
            continue
        try:
            score = int(score_text.replace("\u2212", "-"))  # a typographic minus too
        except ValueError:
            raise ValueError(
                f"Scale labels line {number}: start with the score, e.g. '-3 Very negative'"
            ) from None
        if not label.strip():
            raise ValueError(f"Scale labels line {number}: the score {score} has no words")
        if score in labels:
            raise ValueError(f"Scale labels line {number}: {score} has a label already")
        labels[score] = label.strip()
    return tuple(sorted(labels.items()))


def set_ends(
    journey: JourneyMap, minimum: int | None = None, maximum: int | None = None
) -> EditMap:
    """The command giving the scale new ends; labels outside them go with the scores."""
    scale = journey.info.scale
    low = scale.minimum if minimum is None else minimum
    high = scale.maximum if maximum is None else maximum
    labels = tuple((score, label) for score, label in scale.labels if low <= score <= high)
    return EditMap(journey, scale=replace(scale, minimum=low, maximum=high, labels=labels))


def set_labels(journey: JourneyMap, text: str) -> EditMap:
    scale = journey.info.scale
    return EditMap(journey, scale=replace(scale, labels=parse_labels(text)))
