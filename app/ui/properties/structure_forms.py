"""Forms for the map itself and its grid: stages, steps and lanes."""

from __future__ import annotations

from typing import Any

from app.model.commands import EditLane, EditMap, EditStage, EditStep
from app.model.vocab import LaneKind, MapState
from app.ui.properties.fields import (
    ChoiceField,
    ColourField,
    LineField,
    NumberField,
    ScoreField,
    TextField,
)
from app.ui.properties.form import Form
from app.ui.properties.scale_text import EXAMPLE, labels_text, set_ends, set_labels

#: What the map form's Internal tags field is for.
INTERNAL_TAGS_TIP = (
    "Tags you keep internal, separated by commas (case does not matter). A client-safe "
    "export (a checkbox in every export dialog) leaves them off every card, with the "
    "owners, the notes lanes, evidence and comments."
)


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed separated by commas, each trimmed; empty ones dropped."""
    return tuple(tag.strip() for tag in text.split(",") if tag.strip())


def _info(name: str) -> Any:
    return lambda journey, _id: getattr(journey.info, name)


def _edit_info(name: str) -> Any:
    return lambda journey, _id, value: EditMap(journey, **{name: value})


class MapForm(Form):
    title = "Map"

    def build(self) -> None:
        self.row("Title", LineField(), _info("title"), _edit_info("title"))
        self.row("Objective", TextField(3), _info("objective"), _edit_info("objective"))
        self.row("Description", TextField(4), _info("description"), _edit_info("description"))
        self.row("State", ChoiceField(MapState), _info("state"), _edit_info("state"))
        self.row("Author", LineField(), _info("author"), _edit_info("author"))
        self.row("Organisation", LineField(), _info("organisation"), _edit_info("organisation"))
        internal = self.row(
            "Internal tags",
            LineField(),
            lambda j, _i: ", ".join(j.info.internal_tags),
            lambda j, _i, v: EditMap(j, internal_tags=split_tags(v)),
        )
        internal.widget.setToolTip(INTERNAL_TAGS_TIP)
        # The emotion scale: the model refuses narrowing past existing points, and the
        # reason shows under the form.
        self.row(
            "Scale from",
            ScoreField(-100, 99, optional=False),
            lambda j, _i: j.info.scale.minimum,
            lambda j, _i, v: set_ends(j, minimum=v),
        )
        self.row(
            "Scale to",
            ScoreField(-99, 100, optional=False),
            lambda j, _i: j.info.scale.maximum,
            lambda j, _i, v: set_ends(j, maximum=v),
        )
        labels = self.row(
            "Scale labels",
            TextField(4),
            lambda j, _i: labels_text(j.info.scale),
            lambda j, _i, v: set_labels(j, v),
        )
        assert isinstance(labels, TextField)
        labels.keeps_invalid = True
        labels.set_placeholder(EXAMPLE)


class StageForm(Form):
    title = "Stage"

    def build(self) -> None:
        self.row(
            "Name",
            LineField(),
            lambda j, i: j.stage(i).name,
            lambda j, i, v: EditStage(j, i, name=v),
        )
        self.row(
            "Goal",
            TextField(3),
            lambda j, i: j.stage(i).goal,
            lambda j, i, v: EditStage(j, i, goal=v),
        )


class StepForm(Form):
    title = "Step"

    def build(self) -> None:
        self.row(
            "Name", LineField(), lambda j, i: j.step(i).name, lambda j, i, v: EditStep(j, i, name=v)
        )
        self.row(
            "Description",
            TextField(3),
            lambda j, i: j.step(i).description,
            lambda j, i, v: EditStep(j, i, description=v),
        )
        self.row(
            "Width",
            NumberField(80.0, 2000.0),
            lambda j, i: j.step(i).width,
            lambda j, i, v: EditStep(j, i, width=v),
        )


class LaneForm(Form):
    title = "Lane"

    def build(self) -> None:
        self.row(
            "Name", LineField(), lambda j, i: j.lane(i).name, lambda j, i, v: EditLane(j, i, name=v)
        )
        self.row(
            "Kind",
            ChoiceField(LaneKind),
            lambda j, i: j.lane(i).kind,
            lambda j, i, v: EditLane(j, i, kind=v),
        )
        self.row(
            "Colour",
            ColourField(),
            lambda j, i: j.lane(i).colour,
            lambda j, i, v: EditLane(j, i, colour=v),
        )
        self.row(
            "Minimum height",
            NumberField(30.0, 2000.0),
            lambda j, i: j.lane(i).min_height,
            lambda j, i, v: EditLane(j, i, min_height=v),
        )
