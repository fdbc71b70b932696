"""Synthetic maps of any size, for benchmarks and stress tests."""

from __future__ import annotations

import random

from app.model.entities import (
    Card,
    EmotionPoint,
    Evidence,
    Lane,
    MapInfo,
    Metric,
    Persona,
    Stage,
    Step,
)
from app.model.journey import JourneyMap
from app.model.vocab import DEFAULT_CARD_KIND, Channel, Confidence, LaneKind, MetricKind

_WORDS = [
    "customer",
    "checkout",
    "basket",
    "payment",
    "delivery",
    "email",
    "login",
    "password",
    "account",
    "search",
    "compare",
    "price",
    "review",
    "support",
    "chat",
    "store",
    "mobile",
    "app",
    "confirm",
    "cancel",
    "refund",
    "wait",
    "slow",
    "clear",
    "simple",
    "trust",
    "offer",
    "discount",
    "loyalty",
    "onboarding",
    "upload",
    "document",
]


def synthetic_map(card_count: int, seed: int = 0, steps_per_stage: int = 4) -> JourneyMap:
    """A map of ``card_count`` cards spread over 5 stages, every lane kind and 3 personas."""
    rng = random.Random(seed)
    stages = [Stage(f"Stage {i + 1}", goal="Move the customer on") for i in range(5)]
    steps = [
        Step(f"Step {s + 1}.{k + 1}", stage.id)
        for s, stage in enumerate(stages)
        for k in range(steps_per_stage)
    ]
    lanes = [Lane(kind.label, kind) for kind in LaneKind]
    personas = [
        Persona(name, colour=colour, is_primary=(i == 0))
        for i, (name, colour) in enumerate(
            (("Anna", "#d62728"), ("Bartek", "#1f77b4"), ("Chloé", "#2ca02c"))
        )
    ]
    card_lanes = [lane for lane in lanes if lane.kind is not LaneKind.EMOTIONS]
    cards = []
    for n in range(card_count):
        lane = card_lanes[n % len(card_lanes)]
        step = steps[(n // len(card_lanes)) % len(steps)]
        kind = DEFAULT_CARD_KIND[lane.kind]
        words = rng.randint(2, 9)
        cards.append(
            Card(
                title=" ".join(rng.choice(_WORDS) for _ in range(words)).capitalize(),
                lane_id=lane.id,
                step_id=step.id,
                kind=kind,
                body=" ".join(rng.choice(_WORDS) for _ in range(rng.randint(0, 20))),
                channel=rng.choice(list(Channel)),
                owner="Digital team",
                severity=rng.randint(1, 5) if kind.value == "pain_point" else None,
                impact=rng.randint(1, 5) if kind.value == "opportunity" else None,
                effort=rng.randint(1, 5) if kind.value == "opportunity" else None,
                metrics=(Metric(MetricKind.CSAT, rng.randint(1, 5)),)
                if kind.value == "kpi"
                else (),
                evidence=Evidence(("It took ages",), "Interviews", Confidence.PARTLY_BACKED)
                if n % 7 == 0
                else Evidence(),
                tags=("synthetic",) if n % 3 == 0 else (),
            )
        )
    emotions = [
        EmotionPoint(persona.id, step.id, rng.randint(-3, 3))
        for persona in personas
        for step in steps
    ]
    info = MapInfo(title=f"Synthetic map with {card_count} cards", objective="Benchmarking")
    return JourneyMap.build(info, personas, stages, steps, lanes, cards, emotions)
