"""The card form: every field of a card, including metrics, evidence and tags."""

from __future__ import annotations

from typing import Any

from app.model.commands import EditCard
from app.model.entities import Metric
from app.model.journey import JourneyMap
from app.model.vocab import (
    EFFORT_RANGE,
    IMPACT_RANGE,
    SEVERITY_RANGE,
    CardKind,
    Channel,
    Confidence,
    MetricKind,
    Status,
)
from app.ui.properties.fields import (
    ChoiceField,
    ColourField,
    FlagField,
    LineField,
    ScoreField,
    TextField,
)
from app.ui.properties.form import Form


def _field(name: str) -> Any:
    return lambda journey, card_id: getattr(journey.card(card_id), name)


def _edit(name: str) -> Any:
    return lambda journey, card_id, value: EditCard(journey, card_id, **{name: value})


def metrics_text(metrics: tuple[Metric, ...]) -> str:
    """One metric a line: ``CSAT 4.2``, ``NPS -10``, ``Custom Wait time 12 min target 5``."""
    lines = []
    for metric in metrics:
        name = (
            f"{metric.kind.label} {metric.name}"
            if metric.kind is MetricKind.CUSTOM
            else metric.kind.label
        )
        line = f"{name} {metric.value:g}"
        if metric.unit:
            line += f" {metric.unit}"
        if metric.target is not None:
            line += f" target {metric.target:g}"
        lines.append(line)
    return "\n".join(lines)


def parse_metrics(text: str) -> tuple[Metric, ...]:
    """The inverse of ``metrics_text``; raises ValueError naming the line it cannot read."""
    metrics = []
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split()
        if not words:
            continue
        try:
            kind = MetricKind(MetricKind.parse(words[0]))
            rest = words[1:]
            target = None
            if len(rest) >= 2 and rest[-2].lower() == "target":
                target = float(rest[-1])
                rest = rest[:-2]
            value_at = next(i for i, word in enumerate(rest) if _is_number(word))
            name = " ".join(rest[:value_at]) if kind is MetricKind.CUSTOM else ""
            unit = " ".join(rest[value_at + 1 :])
            metrics.append(Metric(kind, float(rest[value_at]), name, unit, target))
        except (ValueError, StopIteration):
            raise ValueError(
                f"metrics line {number}: write it as e.g. 'CSAT 4.2' or 'Custom Wait 12 min'"
            ) from None
    return tuple(metrics)


def _is_number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True


class CardForm(Form):
    title = "Card"

    def build(self) -> None:
        self.row("Title", TextField(2), _field("title"), _edit("title"))
        self.row("Body", TextField(4), _field("body"), _edit("body"))
        self.row("Kind", ChoiceField(CardKind), _field("kind"), _edit("kind"))
        self.row(
            "Channel", ChoiceField(Channel, optional=True), _field("channel"), _edit("channel")
        )
        self.row("Owner", LineField(), _field("owner"), _edit("owner"))
        self.row(
            "", FlagField("Moment of truth"), _field("moment_of_truth"), _edit("moment_of_truth")
        )
        self.row("Severity", ScoreField(*SEVERITY_RANGE), _field("severity"), _edit("severity"))
        self.row("Impact", ScoreField(*IMPACT_RANGE), _field("impact"), _edit("impact"))
        self.row("Effort", ScoreField(*EFFORT_RANGE), _field("effort"), _edit("effort"))
        self.row("Status", ChoiceField(Status, optional=True), _field("status"), _edit("status"))
        self.row(
            "Metrics",
            TextField(2),
            lambda j, i: metrics_text(j.card(i).metrics),
            lambda j, i, v: EditCard(j, i, metrics=parse_metrics(v)),
        )
        self.row(
            "Quotes",
            TextField(3),
            lambda j, i: "\n".join(j.card(i).evidence.quotes),
            lambda j, i, v: _evidence(j, i, quotes=tuple(q for q in v.splitlines() if q.strip())),
        )
        self.row(
            "Source",
            LineField(),
            lambda j, i: j.card(i).evidence.source,
            lambda j, i, v: _evidence(j, i, source=v),
        )
        self.row(
            "Confidence",
            ChoiceField(Confidence),
            lambda j, i: j.card(i).evidence.confidence,
            lambda j, i, v: _evidence(j, i, confidence=v),
        )
        self.row(
            "Tags",
            LineField(),
            lambda j, i: ", ".join(j.card(i).tags),
            lambda j, i, v: EditCard(
                j, i, tags=tuple(t.strip() for t in v.split(",") if t.strip())
            ),
        )
        self.row("Colour", ColourField(), _field("colour"), _edit("colour"))


def _evidence(journey: JourneyMap, card_id: str, **changes: Any) -> EditCard:
    evidence = journey.card(card_id).evidence._replace(**changes)
    return EditCard(journey, card_id, evidence=evidence)
