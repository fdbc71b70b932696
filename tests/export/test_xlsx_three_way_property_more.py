"""Property: the three-way merge over the fields a client and a consultant really edit.

From a random map: export; on the map side edit (through the model's commands) and
on the workbook side edit (openpyxl, on the exported file) any of: a card's title,
body, owner, channel, status and severity; a persona's role (Personas); a stage's
goal (Stages); a step's name (Steps); the map's objective (About); an emotion score
(Emotions). Both sides also delete some cards. Then merge: every field ends as the
three-way rule says, the plan holds exactly one conflict per field changed
differently on both sides (plus one per card deleted on one side and changed on the
other), nothing else of the map changes, and a second merge of the same workbook
changes nothing.

Emotion points are edited where the export has one; a score added at the same empty
cell on both sides is tested on its own (test_xlsx_three_way.py).
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from app.export import xlsx_format as fmt
from app.export.xlsx_export import export_workbook
from app.export.xlsx_report import report_lines
from app.export.xlsx_three_way import apply_merge, merged_map, plan_workbook_merge
from app.model.commands import EditCard, EditMap, EditPersona, EditStage, EditStep, RemoveCard
from app.model.commands.emotions import SetEmotion
from app.model.journey import JourneyMap
from app.model.merge import MAP_KEY, Key, emotion_key, records_of, same
from app.model.vocab import SEVERITY_RANGE, Channel, Status
from tests.model.strategies import PROPERTY_SETTINGS, maps

WORDS = ("alpha", "beta", "gamma")
TEXT = st.sampled_from(("", *WORDS))  # may empty a field
NAME = st.sampled_from(WORDS)  # titles and step names stay non-empty
CARD_FIELDS: dict[str, tuple[str, Any]] = {  # field: (Cards header, values)
    "title": ("Title", NAME),
    "body": ("Body", TEXT),
    "owner": ("Owner", TEXT),
    "channel": ("Channel", st.sampled_from((None, Channel.WEB, Channel.WORD_OF_MOUTH))),
    "status": ("Status", st.sampled_from((None, Status.IDEA, Status.IN_PROGRESS))),
    "severity": ("Severity", st.sampled_from((None, *range(SEVERITY_RANGE[0],
                                                            SEVERITY_RANGE[1] + 1)))),
}


class Slot(NamedTuple):
    """One field of one element that either side may edit."""

    key: Key
    name: str
    values: Any  # a strategy


def _slots(journey: JourneyMap) -> list[Slot]:
    scale = journey.info.scale
    slots = [Slot(MAP_KEY, "objective", TEXT)]
    slots += [Slot(("persona", p.id), "role", TEXT) for p in journey.personas]
    slots += [Slot(("stage", s.id), "goal", TEXT) for s in journey.stages]
    slots += [Slot(("step", s.id), "name", NAME) for s in journey.steps]
    slots += [Slot(("card", c.id), name, values)
              for c in journey.cards() for name, (_, values) in CARD_FIELDS.items()]
    slots += [Slot(emotion_key(p.persona_id, p.step_id), "score",
                   st.integers(scale.minimum, scale.maximum)) for p in journey.emotions()]
    return slots


def _edit(data: Any, slot: Slot) -> tuple[bool, Any]:
    """(edited?, the new value): about a third of the fields are edited."""
    if data.draw(st.integers(0, 2)):
        return False, None
    return True, data.draw(slot.values)


@settings(PROPERTY_SETTINGS, max_examples=min(PROPERTY_SETTINGS.max_examples, 15))
@given(journey=maps(), data=st.data())
def test_every_field_follows_the_three_way_rule(journey: JourneyMap, data: Any) -> None:
    base = records_of(journey)
    slots = _slots(journey)
    ours_edits = {slot: _edit(data, slot) for slot in slots}
    theirs_edits = {slot: _edit(data, slot) for slot in slots}
    card_ids = [card.id for card in journey.cards()]
    ours_deleted = {i for i in card_ids if data.draw(st.integers(0, 5)) == 0}
    theirs_deleted = {i for i in card_ids if data.draw(st.integers(0, 5)) == 0}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        export_workbook(journey, path, map_id="m")
        _edit_workbook(path, journey, theirs_edits, theirs_deleted)
        for slot, (edited, value) in ours_edits.items():
            if edited:
                _edit_map(journey, slot, value)
        for card_id in ours_deleted:
            RemoveCard(journey, card_id).do()
        ours = records_of(journey)
        order = [k for k in ours if k[0] != "card"]
        plan = plan_workbook_merge(path, journey, "m")
        apply_merge(journey, merged_map(plan)).do()
        result = records_of(journey)

        # The expected records: the map's, with each card deletion and field edit decided.
        expected, conflicts = copy.deepcopy(ours), []
        for card_id in card_ids:
            key = ("card", card_id)
            if key not in ours:  # deleted from the map: a conflict if the workbook changed it
                if card_id not in theirs_deleted and any(
                        edited and not same(value, base[key][slot.name])
                        for slot, (edited, value) in theirs_edits.items() if slot.key == key):
                    conflicts.append(f"card:{card_id}:")
            elif card_id in theirs_deleted:  # deleted in the workbook
                if ours[key] == base[key]:
                    del expected[key]
                else:
                    conflicts.append(f"card:{card_id}:")
        for slot, (edited, value) in theirs_edits.items():
            key, name = slot.key, slot.name
            if key not in ours or (key[0] == "card" and key[1] in theirs_deleted):
                continue
            b, o = base[key][name], ours[key][name]
            t = value if edited else b
            if same(t, b) or same(t, o):
                want = o
            elif same(o, b):
                want = t
            else:
                want = o
                conflicts.append(f"{key[0]}:{key[1]}:{name}")
            expected[key][name] = want
            assert same(result[key][name], want), (key, name, b, o, t, result[key][name])
        assert result == expected  # every field as decided, nothing else changed
        assert [k for k in result if k[0] != "card"] == order  # the order of the structure
        # Exactly the expected conflicts, each once (the plan's order is the map's).
        assert sorted(c.id for c in plan.conflicts) == sorted(conflicts)
        assert len(set(conflicts)) == len(conflicts)
        assert sum("CONFLICT" in line for line in report_lines(plan)) == len(conflicts)

        once = journey.snapshot()
        again = plan_workbook_merge(path, journey, "m")
        apply_merge(journey, merged_map(again)).do()
        assert journey.snapshot() == once


def _edit_map(journey: JourneyMap, slot: Slot, value: Any) -> None:
    kind, element_id = slot.key
    change = {slot.name: value}
    if kind == "map":
        EditMap(journey, **change).do()
    elif kind == "persona":
        EditPersona(journey, element_id, **change).do()
    elif kind == "stage":
        EditStage(journey, element_id, **change).do()
    elif kind == "step":
        EditStep(journey, element_id, **change).do()
    elif kind == "card":
        EditCard(journey, element_id, **change).do()
    else:
        persona_id, step_id = element_id.split("\n")
        SetEmotion(journey, persona_id, step_id, value).do()


def _cell_value(value: Any) -> Any:
    """A value as the export writes it: a choice by its label, nothing for None or ""."""
    if isinstance(value, Channel | Status):
        return value.label
    return None if value in (None, "") else value


def _edit_workbook(path: Path, journey: JourneyMap, edits: dict[Slot, tuple[bool, Any]],
                   deleted: set[str]) -> None:
    """The client's edits, on the sheets and cells where the export wrote each field."""
    book = openpyxl.load_workbook(path)
    cards = book[fmt.CARDS]
    headers = {cell.value: cell.column for cell in cards[1]}
    card_rows = {cards.cell(row=r, column=headers["Id"]).value: r
                 for r in range(2, cards.max_row + 1)}
    personas = [p.id for p in journey.personas]
    stages = [s.id for s in journey.stages]
    steps = [s.id for s in journey.steps]
    for slot, (edited, value) in edits.items():
        if not edited:
            continue
        kind, element_id = slot.key
        if kind == "map":
            sheet, row, column = book[fmt.ABOUT], 3 + [k for k, _ in fmt.ABOUT_FIELDS].index(
                "objective"), 2
        elif kind == "persona":
            sheet, row = book[fmt.PERSONAS], 2 + personas.index(element_id)
            column = _column(sheet, "Role")
        elif kind == "stage":
            sheet, row = book[fmt.STAGES], 2 + stages.index(element_id)
            column = _column(sheet, "Goal")
        elif kind == "step":
            sheet, row = book[fmt.STEPS], 2 + steps.index(element_id)
            column = _column(sheet, "Step")
        elif kind == "card":
            sheet, row = cards, card_rows[element_id]
            column = headers[CARD_FIELDS[slot.name][0]]
        else:  # Emotions: a row per step, then a score column per persona, in map order
            persona_id, step_id = element_id.split("\n")
            sheet, row = book[fmt.EMOTIONS], 2 + steps.index(step_id)
            column = len(fmt.EMOTION_COLUMNS) + 1 + personas.index(persona_id)
        sheet.cell(row=row, column=column).value = _cell_value(value)
    for row in sorted((card_rows[i] for i in deleted), reverse=True):
        cards.delete_rows(row)
    book.save(path)


def _column(sheet: Any, header: str) -> int:
    found: int = next(cell.column for cell in sheet[1] if cell.value == header)
    return found
