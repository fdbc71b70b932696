"""Hypothesis strategies for journey maps the model accepts, with every field varied.

``maps()`` draws a whole ``JourneyMap``: 0-4 personas (some with a photo), 1-3
stages of 0-4 steps, 1-5 lanes, 0-12 cards in random cells and emotion points
on a random scale. Text mixes printable unicode and several scripts, formula-
and markup-like strings, surrounding white space, line breaks, tabs and empty
strings. ``PROPERTY_SETTINGS`` keeps tests quick; set CJM_PROPERTY_EXAMPLES to
draw more examples.

Values the model refuses are never drawn: text is cleaned with the model's own
``text_problem``, and sizes, ids, labels, photos and primaries follow its rules
(app/model/rules.py).
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from app.model import entities as model
from app.model import vocab
from app.model.journey import JourneyMap
from app.model.rules import (
    MAX_ID_LENGTH,
    MAX_LABEL_LENGTH,
    MAX_TEXT_LENGTH,
    SIZE_RANGE,
    id_problem,
    text_problem,
)

#: How many examples a property test draws (CJM_PROPERTY_EXAMPLES raises it).
EXAMPLES = int(os.environ.get("CJM_PROPERTY_EXAMPLES", "40"))

PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: A 1x1 PNG: a photo a real decoder accepts.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082"
)


# The model's size limits (99 personas, 100,000 of each element, 128 MB of photos; see
# app/model/rules.py) are far above the strategy's small maps.


# ---------------------------------------------------------------------- text
_WORDS = (
    "Grüße", "Straße", "Zażółć gęślą jaźń", "Łódź", "Καλημέρα", "Ωμέγα", "Привет", "Ёжик",
    "こんにちは", "カード", "東京", "مرحبا", "العربية", "안녕하세요", "한국어", "naïve café",
    "emoji 🙂👍🏽", "a\u0301", "\u200bzero width", "\u00a0nbsp", "right\u200fleft",
)
_FORMULA_LIKE = (
    "=", "+", "-", "@", "=1+1", '=HYPERLINK("http://x","click")', "=cmd|' /C calc'!A0",
    "+49 30 1234", "-1", "@SUM(A1)", "--", "=-",
)
#: Markup, and strings a cell or a reader could take for something else.
_TRICKY = (
    "<b>bold</b>", '<img src="file:///etc/passwd">', "<script>alert(1)</script>", "&amp;",
    "&lt;", "]]>", "<![CDATA[x]]>", '"quoted"', "'single'", "a, b", ",", "x: 4.5",
    "(target 3)", "CSAT", "nps", "Ann", "Note: Ann", "Stage", "Step", "Id", "Persona", "#N/A",
    "TRUE", "FALSE", "1e5", "0012", "2026-01-02", "3.0", "_x0041_", "\\", "%s", "{0}", "${x}",
    "• bullet", "Yes", "No", "-3 Bad", "4%",
)
_PADDING = ("", " ", "  ", "\t", "\n", " \n", "\t ")


def _model_text(value: str) -> str:
    """``value`` without the characters the model refuses in text, cut to its longest text."""
    if text_problem(value) is None:
        return value
    return "".join(c for c in value if text_problem(c) is None)[:MAX_TEXT_LENGTH]


@cache
def _printable() -> st.SearchStrategy[str]:
    return st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=20)


@cache
def _scripts() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map(" ".join)


@cache
def _base_texts() -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(""),
        _printable(),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=8),  # controls too
        _scripts(),
        st.sampled_from(_TRICKY),
        st.tuples(st.sampled_from(_FORMULA_LIKE), _printable() | _scripts()).map("".join),
        st.lists(_scripts() | _printable(), min_size=2, max_size=3).map("\n".join),
        st.text(" \t\n", max_size=4),
    )


@cache
def texts() -> st.SearchStrategy[str]:
    """Any short text a user might type or paste, as the model accepts it."""
    padded = st.tuples(st.sampled_from(_PADDING), _base_texts(), st.sampled_from(_PADDING))
    return st.one_of(_base_texts(), padded.map("".join)).map(_model_text)


@cache
def long_texts() -> st.SearchStrategy[str]:
    """Usually ``texts()``; now and then a text of exactly the longest length the model takes."""
    huge = st.sampled_from(_WORDS).map(lambda w: ((w + "\n") * MAX_TEXT_LENGTH)[:MAX_TEXT_LENGTH])
    return st.one_of(texts(), texts(), texts(), huge)


@cache
def non_blank_texts() -> st.SearchStrategy[str]:
    return long_texts().map(_non_blank)


def _non_blank(text: str) -> str:
    return text if text.strip() else ("x" + text)[:MAX_TEXT_LENGTH]


@cache
def colours() -> st.SearchStrategy[str]:
    """'' (the default colour) or '#rrggbb' in either case."""
    return st.just("") | st.text("0123456789abcdefABCDEF", min_size=6, max_size=6).map(
        "#".__add__
    )


# ---------------------------------------------------------------------- values
def _as_id(text: str) -> str:
    """``text`` made an id the model takes: printable, not blank, not too long."""
    printable = "".join(c for c in text if c.isprintable())[:MAX_ID_LENGTH]
    return printable if id_problem(printable) is None else "id" + printable[: MAX_ID_LENGTH - 2]


def _id_source(draw: st.DrawFn) -> Callable[[], str]:
    """A source of distinct ids: first a few free texts the model takes as ids, then uuid4s."""
    rng = draw(st.randoms(use_true_random=False))
    free = draw(st.lists(texts().map(_as_id), max_size=3, unique=True))
    counter = itertools.count()

    def fresh() -> str:
        if free:
            return free.pop()
        # The low 32 bits count, so uuids stay distinct however the random bits shrink.
        return str(uuid.UUID(int=rng.getrandbits(96) << 32 | next(counter), version=4))

    return fresh


@cache
def _dates() -> st.SearchStrategy[datetime]:
    offsets = st.integers(-23 * 60, 23 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    return st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.just(UTC) | offsets,
    ).map(lambda moment: moment.replace(microsecond=0))


@st.composite
def scales(draw: st.DrawFn) -> model.EmotionScale:
    low = draw(st.integers(-100, 99))
    high = draw(st.integers(low + 1, 100))
    labels = draw(st.dictionaries(st.integers(low, high), texts().map(_label), max_size=6))
    return model.EmotionScale(low, high, tuple(sorted(labels.items())))


def _label(text: str) -> str:
    """``text`` as the model takes a scale label: one line, not too long."""
    return text.replace("\n", " ")[:MAX_LABEL_LENGTH]


@cache
def infos() -> st.SearchStrategy[model.MapInfo]:
    return st.builds(
        model.MapInfo,
        title=texts(),
        objective=texts(),
        description=long_texts(),
        state=st.sampled_from(vocab.MapState),
        author=texts(),
        organisation=texts(),
        created=_dates(),
        modified=_dates(),
        scale=scales(),
        internal_tags=st.lists(texts(), max_size=3).map(tuple),
    )


@cache
def photos() -> st.SearchStrategy[bytes | None]:
    return st.one_of(st.none(), st.just(TINY_PNG), st.binary(min_size=1, max_size=300))


@cache
def _numbers() -> st.SearchStrategy[float]:
    return st.floats(allow_nan=False, allow_infinity=False) | st.integers(-1000, 1000)


@st.composite
def metrics(draw: st.DrawFn) -> model.Metric:
    kind = draw(st.sampled_from(vocab.MetricKind))
    bounds = vocab.METRIC_RANGES.get(kind)
    if bounds:
        value = draw(st.floats(*bounds) | st.integers(int(bounds[0]), int(bounds[1])))
        name = draw(st.just("") | texts())
    else:
        value, name = draw(_numbers()), draw(non_blank_texts())
    target = draw(st.none() | _numbers())
    return model.Metric(kind, value, name, draw(long_texts()), target)


@cache
def _text_lists() -> st.SearchStrategy[tuple[str, ...]]:
    """Tags or quotes: a few short texts, or as many characters together as the model allows."""
    halves = st.integers(1, MAX_TEXT_LENGTH - 1).map(
        lambda cut: ("a" * cut, "b" * (MAX_TEXT_LENGTH - cut))
    )
    return st.one_of(
        st.lists(texts(), max_size=4).map(tuple), long_texts().map(lambda t: (t,)), halves
    )


@cache
def evidence() -> st.SearchStrategy[model.Evidence]:
    return st.builds(model.Evidence, _text_lists(), texts(), st.sampled_from(vocab.Confidence))


@cache
def _ratings() -> st.SearchStrategy[int | None]:
    return st.none() | st.integers(1, 5)


@cache
def _sizes() -> st.SearchStrategy[float]:
    return st.floats(*SIZE_RANGE) | st.integers(int(SIZE_RANGE[0]), int(SIZE_RANGE[1]))


def _card(draw: st.DrawFn, lane_id: str, step_id: str, card_id: str) -> model.Card:
    return model.Card(
        title=draw(texts()),
        lane_id=lane_id,
        step_id=step_id,
        kind=draw(st.sampled_from(vocab.CardKind)),
        id=card_id,
        body=draw(long_texts()),
        channel=draw(st.none() | st.sampled_from(vocab.Channel)),
        owner=draw(texts()),
        moment_of_truth=draw(st.booleans()),
        severity=draw(_ratings()),
        impact=draw(_ratings()),
        effort=draw(_ratings()),
        status=draw(st.none() | st.sampled_from(vocab.Status)),
        metrics=tuple(draw(st.lists(metrics(), max_size=4))),
        evidence=draw(evidence()),
        tags=draw(_text_lists()),
        colour=draw(colours()),
    )


def _persona(draw: st.DrawFn, persona_id: str, is_primary: bool) -> model.Persona:
    return model.Persona(
        name=draw(long_texts()),
        id=persona_id,
        role=draw(texts()),
        quote=draw(long_texts()),
        goals=draw(texts()),
        needs=draw(texts()),
        frustrations=draw(texts()),
        notes=draw(long_texts()),
        colour=draw(colours()),
        photo=draw(photos()),
        is_primary=is_primary,
        show_curve=draw(st.booleans()),
    )


# ---------------------------------------------------------------------- maps
@st.composite
def maps(draw: st.DrawFn) -> JourneyMap:
    """A map the model accepts, every field of every element drawn."""
    info = draw(infos())
    persona_id, stage_id, step_id = _id_source(draw), _id_source(draw), _id_source(draw)
    lane_id, card_id = _id_source(draw), _id_source(draw)
    count = draw(st.integers(0, 4))
    primary = draw(st.none() | st.integers(0, max(count - 1, 0)))  # the model allows one
    personas = [_persona(draw, persona_id(), i == primary) for i in range(count)]
    stages = [
        model.Stage(draw(texts()), stage_id(), draw(texts()))
        for _ in range(draw(st.integers(1, 3)))
    ]
    steps = [
        model.Step(draw(texts()), stage.id, step_id(), draw(long_texts()), draw(_sizes()))
        for stage in stages
        for _ in range(draw(st.integers(0, 4)))
    ]
    lanes = [
        model.Lane(draw(texts()), draw(st.sampled_from(vocab.LaneKind)), lane_id(), draw(colours()),
             draw(_sizes()))
        for _ in range(draw(st.integers(1, 5)))
    ]
    cards = []
    if steps:
        for _ in range(draw(st.integers(0, 12))):
            lane, step = draw(st.sampled_from(lanes)), draw(st.sampled_from(steps))
            cards.append(_card(draw, lane.id, step.id, card_id()))
    scale = info.scale
    emotions = [
        model.EmotionPoint(persona.id, step.id, draw(st.integers(scale.minimum, scale.maximum)),
                     draw(long_texts()))
        for persona in personas
        for step in steps
        if draw(st.booleans())
    ]
    return JourneyMap.build(info, personas, stages, steps, lanes, cards, emotions)
