"""A small map in which every field of every element holds a non-default value."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from app.model.entities import (
    Card,
    EmotionPoint,
    EmotionScale,
    Evidence,
    Lane,
    MapInfo,
    Metric,
    Persona,
    Stage,
    Step,
)
from app.model.journey import JourneyMap
from app.model.vocab import (
    CardKind,
    Channel,
    Confidence,
    LaneKind,
    MapState,
    MetricKind,
    Status,
)

MIXED_SCRIPTS = "Grüße Zażółć Καλημέρα Привет こんにちは"
PNG_BYTES = (
    bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00\xff" * 20
)


def full_map() -> JourneyMap:
    info = MapInfo(
        title="Öffnung — " + MIXED_SCRIPTS,
        objective="Find why applicants drop out",
        description="Line one\nline two",
        state=MapState.FUTURE,
        author="Zofia Nowak",
        organisation="R&D <Consulting>",
        created=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        modified=datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC),
        scale=EmotionScale(-2, 2, ((-2, "awful"), (0, "meh"), (2, "great"))),
        internal_tags=("internal", "Hypothesis"),
    )
    anna = Persona(
        "Anna",
        role="Student",
        quote="“Why so slow?”",
        goals="Open fast",
        needs="Clarity",
        frustrations="Forms",
        notes="22, Kraków",
        colour="#aa0011",
        photo=PNG_BYTES,
        is_primary=True,
        show_curve=False,
    )
    ben = Persona("Ben", colour="#00aa11")
    stage = Stage("Apply", goal="Get an account")
    other = Stage("Use")
    steps = [
        Step("Upload ID", stage.id, description="the hard part", width=260.0),
        Step("Wait", stage.id),
        Step("Log in", other.id, width=150.0),
    ]
    lanes = [
        Lane("Touchpoints", LaneKind.TOUCHPOINTS, colour="#123456", min_height=120.0),
        Lane("Feelings", LaneKind.EMOTIONS, min_height=200.0),
        Lane("Pain", LaneKind.PAIN_POINTS),
    ]
    cards = [
        Card(
            '=HYPERLINK("http://x","click")',
            lanes[0].id,
            steps[0].id,
            CardKind.TOUCHPOINT,
            body='<img src="file:///etc/passwd">\nsecond line',
            channel=Channel.MOBILE_APP,
            owner="Onboarding team",
            moment_of_truth=True,
            status=Status.IN_PROGRESS,
            metrics=(
                Metric(MetricKind.CSAT, 2.5, target=4.0),
                Metric(MetricKind.NPS, -20),
                Metric(MetricKind.CES, 6),
                Metric(MetricKind.CUSTOM, 41.5, "Drop-off", "%", 20),
            ),
            evidence=Evidence(
                ("It kept failing", MIXED_SCRIPTS), "Interviews 2026", Confidence.RESEARCH_BACKED
            ),
            tags=("upload", "mobile"),
            colour="#ffeeaa",
        ),
        Card("Second in cell", lanes[0].id, steps[0].id, CardKind.NOTE),
        Card("Upload fails", lanes[2].id, steps[1].id, CardKind.PAIN_POINT, severity=5),
        Card(
            "Auto-crop",
            lanes[2].id,
            steps[2].id,
            CardKind.OPPORTUNITY,
            impact=4,
            effort=2,
            status=Status.IDEA,
        ),
    ]
    emotions = [
        EmotionPoint(anna.id, steps[0].id, -2, "stuck"),
        EmotionPoint(anna.id, steps[2].id, 2),
        EmotionPoint(ben.id, steps[1].id, 0),
    ]
    return JourneyMap.build(info, [anna, ben], [stage, other], steps, lanes, cards, emotions)


def full_map_before_v4() -> JourneyMap:
    """``full_map()`` as a file written before format 4 holds it: no internal tags."""
    journey = full_map()
    return JourneyMap.build(
        replace(journey.info, internal_tags=()),
        journey.personas,
        journey.stages,
        journey.steps,
        journey.lanes,
        journey.cards(),
        journey.emotions(),
    )
