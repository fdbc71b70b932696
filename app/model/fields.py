"""The fields of every element of a map, declared once.

Each element type lists its fields in order, with the kind of value each holds
and the names it travels under: the store's columns and the JSON key. The
model's rules (``rules.py``) check values by their kind, the store takes its
card columns from here, and tests/model/test_fields.py holds every path (store,
JSON, workbook, clipboard) to carrying every declared field. Adding a field to
an element starts here; docs/architecture.md lists the steps.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import Enum
from typing import Any

from app.model import entities as e
from app.model.vocab import CardKind, Channel, Confidence, LaneKind, MapState, MetricKind, Status


class Kind(Enum):
    """What a field holds, which decides the rule it is checked by."""

    ID = "id"  # the element's stable id
    REF = "ref"  # the id of another element
    TEXT = "text"  # text the user wrote
    COLOUR = "colour"  # '#rrggbb', or '' for the default colour
    CHOICE = "choice"  # a member of a vocabulary
    OPTIONAL_CHOICE = "optional choice"  # a member of a vocabulary, or None
    FLAG = "flag"  # True or False
    RATING = "rating"  # 1..5, or None
    SIZE = "size"  # a length on the canvas, in points
    NUMBER = "number"  # any finite number
    OPTIONAL_NUMBER = "optional number"  # a finite number, or None
    SCORE = "score"  # a whole number on the map's emotion scale
    PICTURE = "picture"  # image bytes, or None
    DATE = "date"  # a timezone-aware date and time
    TEXTS = "texts"  # a tuple of texts (tags, quotes)
    METRICS = "metrics"  # a tuple of Metric
    EVIDENCE = "evidence"  # an Evidence record
    SCALE = "scale"  # an EmotionScale
    WHOLE = "whole"  # a whole number (the ends of the emotion scale)
    LABELS = "labels"  # (score, label) pairs of the emotion scale


@dataclass(frozen=True, slots=True)
class Field:
    """One declared field: its name on the element, kind, store columns and JSON key."""

    name: str
    kind: Kind
    columns: tuple[str, ...]
    json: str
    vocabulary: type[Enum] | None = None


def _field(
    name: str,
    kind: Kind,
    column: str | tuple[str, ...] | None = None,
    json: str | None = None,
    vocabulary: type[Enum] | None = None,
) -> Field:
    columns = (column,) if isinstance(column, str) else column or (name,)
    return Field(name, kind, columns, json or name, vocabulary)


ELEMENT_FIELDS: dict[type[Any], tuple[Field, ...]] = {
    e.MapInfo: (
        _field("title", Kind.TEXT),
        _field("objective", Kind.TEXT),
        _field("description", Kind.TEXT),
        _field("state", Kind.CHOICE, vocabulary=MapState),
        _field("author", Kind.TEXT),
        _field("organisation", Kind.TEXT),
        _field("created", Kind.DATE),
        _field("modified", Kind.DATE),
        _field("scale", Kind.SCALE, ("scale_min", "scale_max", "scale_labels")),
        _field("internal_tags", Kind.TEXTS),
    ),
    e.EmotionScale: (
        _field("minimum", Kind.WHOLE, "scale_min", "min"),
        _field("maximum", Kind.WHOLE, "scale_max", "max"),
        _field("labels", Kind.LABELS, "scale_labels"),
    ),
    e.Persona: (
        _field("name", Kind.TEXT),
        _field("id", Kind.ID),
        _field("role", Kind.TEXT),
        _field("quote", Kind.TEXT),
        _field("goals", Kind.TEXT),
        _field("needs", Kind.TEXT),
        _field("frustrations", Kind.TEXT),
        _field("notes", Kind.TEXT),
        _field("colour", Kind.COLOUR),
        _field("photo", Kind.PICTURE, "photo_sha256"),
        _field("is_primary", Kind.FLAG, json="primary"),
        _field("show_curve", Kind.FLAG),
    ),
    e.Stage: (
        _field("name", Kind.TEXT),
        _field("id", Kind.ID),
        _field("goal", Kind.TEXT),
    ),
    e.Step: (
        _field("name", Kind.TEXT),
        _field("stage_id", Kind.REF),
        _field("id", Kind.ID),
        _field("description", Kind.TEXT),
        _field("width", Kind.SIZE),
    ),
    e.Lane: (
        _field("name", Kind.TEXT),
        _field("kind", Kind.CHOICE, vocabulary=LaneKind),
        _field("id", Kind.ID),
        _field("colour", Kind.COLOUR),
        _field("min_height", Kind.SIZE),
    ),
    e.Card: (
        _field("title", Kind.TEXT),
        _field("lane_id", Kind.REF, json="lane"),
        _field("step_id", Kind.REF, json="step"),
        _field("kind", Kind.CHOICE, vocabulary=CardKind),
        _field("id", Kind.ID),
        _field("body", Kind.TEXT),
        _field("channel", Kind.OPTIONAL_CHOICE, vocabulary=Channel),
        _field("owner", Kind.TEXT),
        _field("moment_of_truth", Kind.FLAG),
        _field("severity", Kind.RATING),
        _field("impact", Kind.RATING),
        _field("effort", Kind.RATING),
        _field("status", Kind.OPTIONAL_CHOICE, vocabulary=Status),
        _field("metrics", Kind.METRICS),
        _field("evidence", Kind.EVIDENCE, ("evidence_quotes", "evidence_source", "confidence")),
        _field("tags", Kind.TEXTS),
        _field("colour", Kind.COLOUR),
    ),
    e.Metric: (
        _field("kind", Kind.CHOICE, vocabulary=MetricKind),
        _field("value", Kind.NUMBER),
        _field("name", Kind.TEXT),
        _field("unit", Kind.TEXT),
        _field("target", Kind.OPTIONAL_NUMBER),
    ),
    e.Evidence: (
        _field("quotes", Kind.TEXTS, "evidence_quotes"),
        _field("source", Kind.TEXT, "evidence_source"),
        _field("confidence", Kind.CHOICE, vocabulary=Confidence),
    ),
    e.EmotionPoint: (
        _field("persona_id", Kind.REF, json="persona"),
        _field("step_id", Kind.REF, json="step"),
        _field("score", Kind.SCORE),
        _field("note", Kind.TEXT),
    ),
}


def declared(element_type: type[Any]) -> tuple[Field, ...]:
    """The declared fields of ``element_type``, in the element's own order."""
    return ELEMENT_FIELDS[element_type]


def field_names(element_type: type[Any]) -> tuple[str, ...]:
    """The names the element type itself defines (dataclass fields or tuple fields)."""
    if hasattr(element_type, "_fields"):
        return tuple(element_type._fields)
    return tuple(f.name for f in fields(element_type))


def names_of_kind(element_type: type[Any], *kinds: Kind) -> tuple[str, ...]:
    """The names of the element's fields of the given kinds."""
    return tuple(f.name for f in declared(element_type) if f.kind in kinds)


#: The card table's columns in the order of Card's fields (evidence takes three).
CARD_COLUMNS: tuple[str, ...] = tuple(column for f in declared(e.Card) for column in f.columns)
