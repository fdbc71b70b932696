"""The card form: every field of a card, including metrics, evidence and tags."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale

from app.model.commands import EditCard
from app.model.journey import JourneyMap
from app.model.vocab import (
    EFFORT_RANGE,
    IMPACT_RANGE,
    SEVERITY_RANGE,
    CardKind,
    Channel,
    Confidence,
    Status,
)
from app.ui.document import Document
from app.ui.properties.fields import (
    ChoiceField,
    ColourField,
    FlagField,
    LineField,
    ScoreField,
    TextField,
)
from app.ui.properties.form import Form
from app.ui.properties.metrics_text import example, metrics_text, parse_metrics


def _field(name: str) -> Any:
    return lambda journey, card_id: getattr(journey.card(card_id), name)


def _edit(name: str) -> Any:
    return lambda journey, card_id, value: EditCard(journey, card_id, **{name: value})


def decimal_point() -> str:
    """The user's decimal separator ("." or ","), from the locale Qt uses."""
    return "," if QLocale().decimalPoint() == "," else "."


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
        metrics = self.row(
            "Metrics",
            TextField(3),  # the placeholder's three example lines show whole
            lambda j, i: metrics_text(j.card(i).metrics, decimal_point()),
            lambda j, i, v: EditCard(j, i, metrics=parse_metrics(v, decimal_point())),
        )
        # Text that cannot be read stays as typed, marked, with the reason under the form.
        metrics.keeps_invalid = True
        assert isinstance(metrics, TextField)
        self.metrics_field = metrics

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

    def load(
        self, document: Document, element_id: str, element_ids: list[str] | None = None
    ) -> None:
        # The locale may change between maps; the placeholder shows the expected form.
        self.metrics_field.set_placeholder(example(decimal_point()))
        super().load(document, element_id, element_ids)


def _evidence(journey: JourneyMap, card_id: str, **changes: Any) -> EditCard:
    evidence = journey.card(card_id).evidence._replace(**changes)
    return EditCard(journey, card_id, evidence=evidence)
