"""The canvas's partial relayout (only the lanes whose cards changed) equals a full layout."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.model.commands import AddCard, EditCard, MoveCard, RemoveCard, SetEmotion
from app.model.layout import compute_layout
from app.model.templates import new_map
from app.ui.canvas_layout import CanvasLayout
from app.ui.fonts import register_fonts


def test_partial_relayouts_match_full_layouts(qtbot: QtBot) -> None:
    register_fonts()
    journey = new_map("retail-checkout")
    engine = CanvasLayout()
    journey.subscribe(lambda change: engine.note(journey, change))
    engine.compute(journey)
    lanes = [lane.id for lane in journey.lanes if lane.kind.value != "emotions"]
    steps = [step.id for step in journey.steps]
    first = next(journey.cards())
    long_text = " ".join(["Wort"] * 60)
    commands = [
        lambda: MoveCard(journey, first.id, lanes[0], steps[5], 0),  # a taller cell
        lambda: EditCard(journey, first.id, title=long_text),
        lambda: MoveCard(journey, first.id, lanes[-1], steps[0], 0),  # far down
        lambda: RemoveCard(journey, journey.cards_in(lanes[2], steps[5])[0].id),
        lambda: AddCard(
            journey,
            journey.cards_in(lanes[1], steps[0])[0]._replace(id="fresh", title=long_text),
            0,
        ),
        lambda: SetEmotion(journey, journey.personas[0].id, steps[0], -3),
    ]
    for make in commands:
        make().do()
        partial = engine.compute(journey)
        full = compute_layout(journey, engine.measurer, engine.metrics)
        assert partial == full
