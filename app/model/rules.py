"""The rules every map obeys, in one place.

A value is checked by the kind its field is declared with (``fields.py``):
ids, texts, colours, sizes, ratings, numbers, pictures, dates, lists. The map
checks each element against these rules when it is built and before any
command changes it (``journey.py``), and every reader (the .cjm store, JSON,
the workbook) builds through the map, so a file one reader accepts is accepted
by all of them, and a map the model accepts can be saved, reopened and
exported.

The limits are what every path can carry: a text fits in one spreadsheet cell,
a value fits well under the store's 16 MB cap on one value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from functools import lru_cache, partial
from itertools import chain
from typing import Any, NamedTuple

from app.model.entities import (
    Card,
    EmotionPoint,
    EmotionScale,
    Evidence,
    Metric,
    Persona,
)
from app.model.fields import Field, Kind, declared, names_of_kind
from app.model.vocab import (
    EFFORT_RANGE,
    IMPACT_RANGE,
    METRIC_RANGES,
    SEVERITY_RANGE,
    MetricKind,
)

#: Longest id: uuid4 ids are 36 characters; ids from other tools get room to spare.
MAX_ID_LENGTH = 100
#: Longest text in one field (and all tags or quotes of a card together): one Excel cell.
MAX_TEXT_LENGTH = 32_767
#: Most metrics on one card.
MAX_METRICS = 100
#: Largest picture (a persona photo), well under the store's 16 MB limit on one value.
MAX_PICTURE_BYTES = 8 * 1024 * 1024
#: Longest label of a score on the emotion scale (one line): all labels fit one cell.
MAX_LABEL_LENGTH = 100
#: Most personas on one map (each is two columns of the workbook's Emotions sheet).
MAX_PERSONAS = 99
#: Most stages, steps, lanes or cards on one map (each is a row of a worksheet).
MAX_ELEMENTS = 100_000
#: Most bytes of distinct photos on one map (a workbook carrying them stays openable).
MAX_PHOTOS_BYTES = 128 * 1024 * 1024
#: Smallest and largest step width or lane height, in points.
SIZE_RANGE = (10.0, 10_000.0)
#: The widest emotion scale.
SCALE_LIMITS = (-100, 100)
RATING_RANGES = {"severity": SEVERITY_RANGE, "impact": IMPACT_RANGE, "effort": EFFORT_RANGE}

# Characters no text may hold: control characters other than tab and line feed
# (XML, and so the workbook, cannot carry them; a carriage return would come back
# as a line feed), lone surrogates (not Unicode: SQLite cannot store them) and
# the two non-characters U+FFFE and U+FFFF.
_FORBIDDEN_CONTROLS = bytes(b for b in (*range(32), 127) if b not in (9, 10))
_FORBIDDEN_IN_TEXT = re.compile(
    "[" + re.escape(_FORBIDDEN_CONTROLS.decode("ascii")) + "\ud800-\udfff\ufffe\uffff]"
)
# Every byte but those controls: deleting these from a text's UTF-8 leaves exactly its
# forbidden controls (multi-byte sequences never hold a byte below 0x80), which is
# quicker than a search over many cards.
_BYTES_BUT_FORBIDDEN = bytes(b for b in range(256) if b not in _FORBIDDEN_CONTROLS)
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


class Problem(NamedTuple):
    """Why a value breaks a rule: the field at fault and what is wrong with it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field} {self.message}" if self.field else self.message


# ---------------------------------------------------------------------- single values
def text_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be text"
    if len(value) > MAX_TEXT_LENGTH:
        return f"is longer than {MAX_TEXT_LENGTH:,} characters ({len(value):,})"
    found = _FORBIDDEN_IN_TEXT.search(value)
    if found:
        return f"holds a character that text cannot hold (U+{ord(found.group()):04X})"
    return None


def id_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must not be empty"
    if len(value) > MAX_ID_LENGTH:
        return f"must be at most {MAX_ID_LENGTH} characters long, not {len(value)}"
    if "\n" in value or "\t" in value:
        return "must be one line without tabs"
    return text_problem(value)


def is_colour(value: str) -> bool:
    """True for '#rrggbb' colour strings."""
    return len(value) == 7 and value[0] == "#" and _HEX_DIGITS.issuperset(value[1:])


def colour_problem(value: Any) -> str | None:
    if not isinstance(value, str) or (value and not is_colour(value)):
        return f"must be a colour like #1f77b4, not {_short(value)}"
    return None


def number_problem(value: Any, low: float | None = None, high: float | None = None) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    if isinstance(value, int) and abs(value) > 2**1023:  # math.isfinite would overflow
        return "is too large a number"
    if not math.isfinite(value):
        return "must be a finite number"
    if low is not None and high is not None and not low <= value <= high:
        return f"must be between {low:g} and {high:g}, not {value:g}"
    return None


def rating_problem(value: Any, low: int, high: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be a whole number"
    if not low <= value <= high:
        return f"must be between {low} and {high}, not {_short(value)}"
    return None


def texts_problem(values: Any) -> str | None:
    if not isinstance(values, tuple):
        return "must be a list of texts"
    for value in values:
        problem = text_problem(value)
        if problem:
            return f"has an entry that {problem}"
    total = sum(map(len, values))
    if total > MAX_TEXT_LENGTH:
        return f"are longer than {MAX_TEXT_LENGTH:,} characters together ({total:,})"
    return None


def metric_problem(metric: Metric) -> Problem | None:
    """Why one metric breaks the rules, or None."""
    problem = _declared_problem(metric)
    if problem:
        return problem
    if metric.kind is MetricKind.CUSTOM and not metric.name.strip():
        return Problem("", "a custom metric needs a name")
    bounds = METRIC_RANGES.get(metric.kind)
    if bounds and not bounds[0] <= metric.value <= bounds[1]:
        return Problem("", f"{metric.kind.label} must be between {bounds[0]:g} and {bounds[1]:g}")
    return None


def metrics_problem(metrics: Any) -> str | None:
    if not isinstance(metrics, tuple) or not all(isinstance(m, Metric) for m in metrics):
        return "must be a list of metrics"
    if len(metrics) > MAX_METRICS:
        return f"holds more than {MAX_METRICS} metrics"
    for metric in metrics:
        problem = metric_problem(metric)
        if problem:
            return f"has one that is wrong: {problem}"
    return None


def scale_problem(scale: Any) -> str | None:
    if not isinstance(scale, EmotionScale):
        return "must be an emotion scale"
    low, high = SCALE_LIMITS
    for end in (scale.minimum, scale.maximum):
        if isinstance(end, bool) or not isinstance(end, int):
            return "ends must be whole numbers"
    if not low <= scale.minimum < scale.maximum <= high:
        return f"must run from a lower to a higher score, both within {low}..{high}"
    scores = [score for score, _ in scale.labels]
    if len(set(scores)) != len(scores):
        return "has two labels for one score"
    if scores != sorted(scores):
        return "labels must be in score order"
    for score, label in scale.labels:
        if not scale.contains(score):
            return f"has a label for {score}, outside {scale.minimum}..{scale.maximum}"
        problem = text_problem(label)
        if problem:
            return f"label for {score} {problem}"
        if "\n" in label or len(label) > MAX_LABEL_LENGTH:
            return f"label for {score} must be one line of at most {MAX_LABEL_LENGTH} characters"
    return None


def _value_problem(spec: Field, value: Any) -> str | None:
    """Why ``value`` breaks the rule of its field's kind, or None."""
    kind = spec.kind
    if kind is Kind.TEXT:
        return text_problem(value)
    if kind is Kind.ID:
        return id_problem(value)
    if kind is Kind.REF:  # the map checks that it names an element, whose id was checked
        return None if isinstance(value, str) else "must be an id"
    if kind is Kind.COLOUR:
        return colour_problem(value)
    if kind is Kind.CHOICE or (kind is Kind.OPTIONAL_CHOICE and value is not None):
        assert spec.vocabulary is not None
        return None if isinstance(value, spec.vocabulary) else "is not a known choice"
    if kind is Kind.FLAG:
        return None if isinstance(value, bool) else "must be true or false"
    if kind is Kind.RATING:
        return rating_problem(value, *RATING_RANGES[spec.name])
    if kind is Kind.SIZE:
        return number_problem(value, *SIZE_RANGE)
    if kind is Kind.NUMBER or (kind is Kind.OPTIONAL_NUMBER and value is not None):
        return number_problem(value)
    if kind is Kind.PICTURE:
        return _picture_problem(value)
    if kind is Kind.DATE:
        if not isinstance(value, datetime) or value.tzinfo is None:
            return "must be a date with a time zone"
        return None
    if kind is Kind.TEXTS:
        return texts_problem(value)
    if kind is Kind.METRICS:
        return metrics_problem(value)
    if kind is Kind.EVIDENCE:
        if not isinstance(value, Evidence):
            return "must be an evidence record"
        problem = _declared_problem(value)
        return str(problem) if problem else None
    if kind is Kind.SCALE:
        return scale_problem(value)
    return None  # SCORE is checked against the map's scale; WHOLE and LABELS by the scale


def _picture_problem(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, bytes):
        return "must be a picture"
    if not value:
        return "must not be empty (a persona without a photo has none)"
    if len(value) > MAX_PICTURE_BYTES:
        return f"is larger than {MAX_PICTURE_BYTES // 1024**2} MB"
    return None


def _declared_problem(element: Any) -> Problem | None:
    checks = _CHECKS.get(type(element))
    if checks is None:
        checks = _CHECKS[type(element)] = _checks_of(type(element))
    for name, check in checks:
        problem = check(getattr(element, name))
        if problem:
            return Problem(name, problem)
    return None


_Checks = tuple[tuple[str, Callable[[Any], str | None]], ...]
_CHECKS: dict[type, _Checks] = {}


def _checks_of(element_type: type) -> _Checks:
    """Each declared field of ``element_type`` with the rule that checks it, chosen once.

    Opening a map checks every element, so the choice by kind is not made per value.
    Scores, scale ends and labels are left to the scale (``_value_problem`` says so).
    """
    direct: dict[Kind, Callable[[Any], str | None]] = {
        Kind.TEXT: text_problem,
        Kind.ID: id_problem,
        Kind.COLOUR: colour_problem,
        Kind.TEXTS: texts_problem,
        Kind.METRICS: metrics_problem,
    }
    return tuple(
        (spec.name, direct.get(spec.kind) or partial(_value_problem, spec))
        for spec in declared(element_type)
        if spec.kind not in (Kind.SCORE, Kind.WHOLE, Kind.LABELS)
    )


# ---------------------------------------------------------------------- elements
def element_problem(element: Any) -> Problem | None:
    """Why ``element`` (map info, persona, stage, step, lane, card) breaks the rules, or None.

    References to other elements and emotion scores are checked by the map,
    which knows the other elements and the scale.
    """
    if isinstance(element, Metric):
        return metric_problem(element)
    return _declared_problem(element)


def emotion_problem(point: EmotionPoint, scale: EmotionScale) -> Problem | None:
    """Why an emotion point breaks the rules on ``scale``, or None."""
    problem = _declared_problem(point)
    if problem:
        return problem
    if isinstance(point.score, bool) or not isinstance(point.score, int):
        return Problem("score", "must be a whole number")
    if not scale.contains(point.score):
        return Problem(
            "score", f"{point.score} is outside the scale {scale.minimum}..{scale.maximum}"
        )
    return None


def persona_fit_problem(persona: Persona, personas: Iterable[Persona]) -> str | None:
    """Why ``persona`` cannot stand among ``personas`` (the others on its map), or None:
    a map has one primary persona at most, and its distinct photos fit MAX_PHOTOS_BYTES."""
    others = [p for p in personas if p.id != persona.id]
    primary = next((p for p in others if p.is_primary), None)
    if persona.is_primary and primary is not None:
        return f"only one persona can be primary, and {primary.name!r} is"
    if persona.photo is not None:
        photos = {id(p.photo): len(p.photo) for p in others if p.photo}
        if sum(photos.values()) + len(persona.photo) > MAX_PHOTOS_BYTES:
            return f"the map's photos would pass {MAX_PHOTOS_BYTES // 1024**2} MB"
    return None


def describe(element: Any) -> str:
    """How a message names an element: its kind and its title, name or id."""
    kind = type(element).__name__.lower().replace("mapinfo", "map")
    label = getattr(element, "title", None) or getattr(element, "name", None)
    if kind == "map":
        return "map"
    return f"{kind} {_short(label)}" if label else f"{kind} {_short(getattr(element, 'id', ''))}"


# ---------------------------------------------------------------------- many cards at once
_CARD_TEXTS = names_of_kind(Card, Kind.TEXT)
_CARD_RATINGS = names_of_kind(Card, Kind.RATING)


class CheckedCards(list[Card]):
    """Cards known to obey the rules: only ``checked_cards`` makes them, after checking
    every column, so ``JourneyMap.build`` does not check them a second time. They
    keep their id, lane and step columns, which ``build`` needs as well."""

    def __init__(self, cards: Iterable[Card] = (), columns: Mapping[str, Any] | None = None):
        super().__init__(cards)
        # Per field, the column's pieces (one per batch of rows): joined only when read.
        self._pieces: dict[str, list[Sequence[str]]] = {
            name: [columns[name]] if columns else [] for name in ("id", "lane_id", "step_id")
        }

    def column(self, name: str) -> Iterator[str]:
        """The values of the cards' ``id``, ``lane_id`` or ``step_id``, in card order."""
        return chain.from_iterable(self._pieces[name])

    def absorb(self, more: CheckedCards) -> None:
        """Append ``more`` (checked too), columns included."""
        self += more
        for name, pieces in self._pieces.items():
            pieces += more._pieces[name]


_new_card = partial(tuple.__new__, Card)  # the values are checked: no fresh id needed


def checked_cards(
    columns: Mapping[str, Iterable[Any]], checked: frozenset[str] = frozenset()
) -> CheckedCards | None:
    """The cards made from ``columns`` (one per Card field), if every value obeys the rules.

    A reader that already holds its values a column at a time (the .cjm store)
    checks and builds in one go; None means some value breaks a rule. Columns
    named in ``checked`` already obey the rules: vocabulary members or flags by
    construction (looked up while reading), or records the reader held to
    ``element_problem``/``metrics_problem`` as it decoded them. They are not
    checked again, and they may be one-pass iterators.
    """
    if not _columns_obey_rules(columns, checked):
        return None
    cards = map(_new_card, zip(*(columns[name] for name in Card._fields), strict=True))
    return CheckedCards(cards, columns)


def cards_obey_rules(cards: Sequence[Card]) -> bool:
    """Whether every card obeys the rules, checked a column at a time (loops in C).

    When this says no, the caller checks the cards one by one to name the card at fault.
    """
    return not cards or _columns_obey_rules(
        dict(zip(Card._fields, zip(*cards, strict=True), strict=True))
    )


def _columns_obey_rules(column: Mapping[str, Any], checked: frozenset[str] = frozenset()) -> bool:
    """``cards_obey_rules`` on the cards' values, one sequence per field.

    Cards read from a file share equal values, so each distinct colour, tag
    list, metric list and evidence record is checked once.
    """
    if not column["id"]:
        return True
    texts = [column[name] for name in _CARD_TEXTS]
    try:
        joined = "\n".join(chain.from_iterable(texts))  # takes nothing but text
        # Lane and step ids are checked with their lanes and steps; a card must name one.
        card_ids = "".join(column["id"])
    except TypeError:
        return False
    if not (_holds_only_allowed_characters(joined) and _holds_only_allowed_characters(card_ids)):
        return False
    if "\n" in card_ids or "\t" in card_ids:
        return False
    if max(max(map(len, values)) for values in texts) > MAX_TEXT_LENGTH:
        return False
    id_lengths = set(map(len, column["id"]))  # one pass: ids mostly share a length
    if max(id_lengths) > MAX_ID_LENGTH or 0 in id_lengths:
        return False
    if any(map(str.isspace, column["id"])):
        return False
    for name in _CARD_RATINGS:
        low, high = RATING_RANGES[name]
        if any(rating_problem(value, low, high) for value in set(column[name])):
            return False
    for name, allowed in _CARD_CHOICE_TYPES.items():
        if name not in checked and not set(map(type, column[name])) <= allowed:
            return False
    # Hashing in C finds the distinct values; only those are checked in Python, and
    # a value met before (in an earlier batch of rows) is not checked again. Metric
    # lists and evidence records hold enums, so they are told apart by identity (a
    # reader shares equal ones).
    return not (
        any(map(_known_colour_problem, set(column["colour"])))
        or ("tags" not in checked and any(map(_known_texts_problem, set(column["tags"]))))
        or (
            "metrics" not in checked
            and any(map(metrics_problem, _distinct_objects(list(filter(None, column["metrics"])))))
        )
        or (
            "evidence" not in checked
            and any(map(_evidence_problem, _distinct_objects(column["evidence"])))
        )
        or (
            "moment_of_truth" not in checked
            and not set(map(type, column["moment_of_truth"])) <= {bool}
        )
    )


def _distinct_objects(values: Sequence[Any]) -> Iterable[Any]:
    """The distinct objects among ``values``, told apart by identity (no hashing)."""
    return dict(zip(map(id, values), values, strict=True)).values()


_CARD_CHOICE_TYPES: dict[str, set[type]] = {
    spec.name: {spec.vocabulary, type(None)}
    if spec.kind is Kind.OPTIONAL_CHOICE
    else {spec.vocabulary}
    for spec in declared(Card)
    if spec.vocabulary is not None
}
_EVIDENCE_FIELD = next(spec for spec in declared(Card) if spec.name == "evidence")
_evidence_problem = partial(_value_problem, _EVIDENCE_FIELD)


def evidence_problem(evidence: Any) -> str | None:
    """Why ``evidence`` is not a card's valid evidence record, or None."""
    return _evidence_problem(evidence)


_known_colour_problem = lru_cache(maxsize=4096)(colour_problem)
_known_texts_problem = lru_cache(maxsize=4096)(texts_problem)


def _holds_only_allowed_characters(text: str) -> bool:
    """``text_problem``'s character rule for a long text, at the speed of a copy."""
    try:
        encoded = text.encode("utf-8")  # refuses lone surrogates
    except UnicodeEncodeError:
        return False
    return not encoded.translate(None, _BYTES_BUT_FORBIDDEN) and not (
        "\ufffe" in text or "\uffff" in text
    )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
