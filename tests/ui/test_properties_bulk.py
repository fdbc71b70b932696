"""The properties panel: several selected cards edited at once (one undo step), and
metrics text that cannot be read kept, marked and explained."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.model.commands import EditCard
from app.model.entities import Metric
from app.model.vocab import Channel, MetricKind, Status
from app.ui.properties.fields import ChoiceField, Field, LineField, TextField
from app.ui.properties.form import Form
from app.ui.window import MainWindow
from tests.ui.helpers import at, settle


def click_card(qtbot: QtBot, window: MainWindow, card_id: str, ctrl: bool = False) -> None:
    rect = window.scene.layout.cards[card_id].rect
    window.view.ensure_card_visible(card_id)
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, modifier,
        at(window.view, rect.x + 20, rect.y + 8),
    )  # fmt: skip


def field(form: Form, label: str) -> Field:
    """The field on the row labelled ``label``."""
    for index, (found, _read, _write) in enumerate(form._rows):
        item = form.form.itemAt(index, form.form.ItemRole.LabelRole)
        if item is not None and item.widget() is not None and item.widget().text() == label:
            return found
    raise KeyError(label)


def type_into(qtbot: QtBot, widget: object, text: str) -> None:
    """Click into a text widget, replace its text by typing, and leave it with Tab."""
    qtbot.mouseClick(widget.viewport() if hasattr(widget, "viewport") else widget,
                     Qt.MouseButton.LeftButton)  # fmt: skip
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    lines = text.split("\n")
    for number, line in enumerate(lines):
        qtbot.keyClicks(widget, line)
        if number < len(lines) - 1:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    QApplication.processEvents()


def test_several_selected_cards_are_edited_together_in_one_undo_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    journey = window.journey
    cards = [journey.cards_in(journey.lanes[0].id, step.id)[0] for step in journey.steps[:3]]
    ids = [card.id for card in cards]
    window.document.push(EditCard(journey, ids[0], owner="Web team"))
    window.document.push(EditCard(journey, ids[1], owner="Shop floor"))
    for card_id in ids:
        window.document.push(EditCard(journey, card_id, channel=Channel.WEB))
    before = [journey.card(card_id) for card_id in ids]
    settle(window.view)
    click_card(qtbot, window, ids[0])
    for card_id in ids[1:]:
        click_card(qtbot, window, card_id, ctrl=True)
    assert set(window.selection.card_ids) == set(ids)
    panel = window.properties
    assert "3 cards" in panel.heading.text()
    form = panel.forms["card"]
    owner = field(form, "Owner")
    assert isinstance(owner, LineField)
    assert owner.edit.text() == "" and owner.edit.placeholderText() == "Mixed"
    channel = field(form, "Channel")
    assert isinstance(channel, ChoiceField)
    assert channel.combo.currentText() == Channel.WEB.label  # the values agree
    title = field(form, "Title")
    assert isinstance(title, TextField) and title.edit.toPlainText() == ""
    # Passing through a mixed field changes nothing.
    qtbot.mouseClick(title.edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(title.edit, Qt.Key.Key_Tab)
    assert [journey.card(card_id) for card_id in ids] == before
    type_into(qtbot, owner.edit, "Ops team")
    assert {journey.card(card_id).owner for card_id in ids} == {"Ops team"}
    status = field(form, "Status")
    assert isinstance(status, ChoiceField)
    status.combo.setFocus()
    qtbot.keyClick(status.combo, Qt.Key.Key_Down)
    assert len({journey.card(card_id).status for card_id in ids}) == 1
    assert journey.card(ids[0]).status in set(Status)
    window.menu_actions.undo.trigger()
    assert {journey.card(card_id).status for card_id in ids} == {c.status for c in before}
    assert {journey.card(card_id).owner for card_id in ids} == {"Ops team"}
    window.menu_actions.undo.trigger()
    assert [journey.card(card_id) for card_id in ids] == before


@pytest.fixture
def german_locale() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(previous)


def _metrics_field(qtbot: QtBot, window: MainWindow) -> tuple[str, TextField, Form]:
    journey = window.journey
    card = next(c for c in journey.cards() if c.metrics)
    click_card(qtbot, window, card.id)
    form = window.properties.forms["card"]
    metrics = field(form, "Metrics")
    assert isinstance(metrics, TextField)
    return card.id, metrics, form


def test_metrics_that_cannot_be_read_are_kept_marked_and_explained(
    qtbot: QtBot, window: MainWindow
) -> None:
    card_id, metrics, form = _metrics_field(qtbot, window)
    before = window.journey.card(card_id).metrics
    assert "CSAT 4.2" in metrics.edit.placeholderText()
    type_into(qtbot, metrics.edit, "CSAT 4.5\nWait time twelve")
    assert metrics.edit.toPlainText() == "CSAT 4.5\nWait time twelve"  # kept as typed
    assert metrics.edit.property("invalid") is True
    assert form.problem.isVisibleTo(form) and "line 2" in form.problem.text()
    assert window.journey.card(card_id).metrics == before
    type_into(qtbot, metrics.edit, "CSAT 4.5\nCustom Wait time 12 min")
    assert window.journey.card(card_id).metrics == (
        Metric(MetricKind.CSAT, 4.5),
        Metric(MetricKind.CUSTOM, 12.0, "Wait time", "min"),
    )
    assert not metrics.edit.property("invalid") and not form.problem.isVisibleTo(form)


def test_metrics_take_decimal_commas_where_the_locale_writes_them(
    qtbot: QtBot, window: MainWindow, german_locale: None
) -> None:
    card_id, metrics, _form = _metrics_field(qtbot, window)
    assert "CSAT 4,2" in metrics.edit.placeholderText()
    type_into(qtbot, metrics.edit, "CSAT 4,5")
    assert window.journey.card(card_id).metrics == (Metric(MetricKind.CSAT, 4.5),)
    settle(window.view)
    assert metrics.edit.toPlainText() == "CSAT 4,5"
