"""The three-way merge beyond the Cards sheet: renamed columns on Personas and Stages,
personas added and deleted in the workbook, a tampered base, and merging twice after
conflicts were kept; each asserting the map afterwards and the report. Also the quick
decoder of the base, which must read exactly what the careful one reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings

from app.export import xlsx_format as fmt
from app.export.xlsx_base import quick_map
from app.export.xlsx_reader import WorkbookError
from app.export.xlsx_report import NO_CHANGES
from app.export.xlsx_three_way import plan_workbook_merge
from app.model.codec import FormatError, map_from_dict, map_to_dict
from app.model.commands import EditCard
from app.model.journey import JourneyMap
from app.model.templates import new_map
from tests.export.test_xlsx_three_way import MAP_ID, Book, export, first_card, merge
from tests.model.full_map import full_map
from tests.model.strategies import PROPERTY_SETTINGS, maps


@pytest.fixture
def journey() -> JourneyMap:
    return new_map("retail-checkout")


def rename_header(book: Book, sheet: str, header: str, new: str) -> None:
    book.sheet(sheet).cell(row=1, column=book.column(sheet, header)).value = new


def test_a_renamed_persona_column_means_not_edited(journey: JourneyMap, tmp_path: Path) -> None:
    book = export(journey, tmp_path)
    persona = journey.personas[0]
    roles = {p.id: p.role for p in journey.personas}
    rename_header(book, fmt.PERSONAS, "Role", "Job")
    book.set(fmt.PERSONAS, persona.id, "Job", "")  # emptied under the new name: not read
    book.set(fmt.PERSONAS, persona.id, "Quote", "Quick, please")
    _, lines = merge(journey, book.save())
    assert {p.id: p.role for p in journey.personas} == roles
    assert journey.persona(persona.id).quote == "Quick, please"
    assert ("  warning: Personas: no 'Role' column (deleted or renamed?): role left as in "
            "the map") in lines
    assert lines[-1] == "1 change from the workbook (1 field edited); 1 warning."


def test_a_renamed_stage_column_means_not_edited(journey: JourneyMap, tmp_path: Path) -> None:
    book = export(journey, tmp_path)
    stage = journey.stages[0]
    goals = {s.id: s.goal for s in journey.stages}
    rename_header(book, fmt.STAGES, "Goal", "Aim")
    book.set(fmt.STAGES, stage.id, "Aim", "Something else")
    book.set(fmt.STAGES, stage.id, "Stage", "Discovery")
    _, lines = merge(journey, book.save())
    assert {s.id: s.goal for s in journey.stages} == goals
    assert journey.stage(stage.id).name == "Discovery"
    assert ("  warning: Stages: no 'Goal' column (deleted or renamed?): goal left as in "
            "the map") in lines
    assert lines[-1] == "1 change from the workbook (1 field edited); 1 warning."


def test_a_persona_added_in_the_workbook(journey: JourneyMap, tmp_path: Path) -> None:
    book = export(journey, tmp_path)
    ws = book.sheet(fmt.PERSONAS)
    row = ws.max_row + 1
    for header, value in (("Persona", "Night owl"), ("Role", "Shops after midnight")):
        ws.cell(row=row, column=book.column(fmt.PERSONAS, header)).value = value
    path = book.save()
    count = len(journey.personas)
    _, lines = merge(journey, path)
    added = [p for p in journey.personas if p.name == "Night owl"]
    assert len(journey.personas) == count + 1 and len(added) == 1
    assert added[0].role == "Shops after midnight"
    assert 'Persona "Night owl":' in lines and "  added from the workbook" in lines
    assert lines[-1] == "1 change from the workbook (1 added)."
    # Merged again: the same persona, not a second one.
    once = journey.snapshot()
    _, lines = merge(journey, path)
    assert journey.snapshot() == once and lines == [NO_CHANGES]


def test_a_persona_deleted_in_the_workbook(journey: JourneyMap, tmp_path: Path) -> None:
    book = export(journey, tmp_path)
    persona = journey.personas[-1]
    book.sheet(fmt.PERSONAS).delete_rows(book.row(fmt.PERSONAS, persona.id))
    _, lines = merge(journey, book.save())
    assert persona.id not in {p.id for p in journey.personas}
    assert all(point.persona_id != persona.id for point in journey.emotions())
    assert f'Persona "{persona.name}":' in lines
    assert "  removed (its row was deleted in the workbook)" in lines


def test_a_base_with_a_changed_checksum_is_refused(journey: JourneyMap, tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    from app.export.xlsx_export import export_workbook

    export_workbook(journey, path, map_id=MAP_ID)
    book = openpyxl.load_workbook(path)
    base = book[fmt.BASE]
    row = next(r for r in range(1, 10) if base.cell(row=r, column=1).value == "Checksum")
    base.cell(row=row, column=2).value = "0" * 64
    book.save(path)
    before = journey.snapshot()
    with pytest.raises(WorkbookError) as refused:
        plan_workbook_merge(path, journey, MAP_ID)
    assert str(refused.value) == (f"Base!B{row}: garbled base: its checksum does not match "
                                  "(the hidden Base sheet was changed)")
    assert journey.snapshot() == before


def test_a_second_merge_after_keeping_the_maps_values_changes_nothing(
    journey: JourneyMap, tmp_path: Path
) -> None:
    book = export(journey, tmp_path)
    card = first_card(journey)
    book.set(fmt.CARDS, card.id, "Owner", "Client")
    book.set(fmt.CARDS, card.id, "Body", "Client body")
    EditCard(journey, card.id, owner="Consultant").do()
    path = book.save()
    plan, lines = merge(journey, path)
    assert [c.field for c in plan.conflicts] == ["owner"]
    once = journey.snapshot()
    assert journey.card(card.id).owner == "Consultant"
    assert journey.card(card.id).body == "Client body"

    plan, lines = merge(journey, path)
    assert journey.snapshot() == once
    assert not plan.changed or all(c.action == "kept" or not c.taken for c in plan.changes)
    # The conflict is listed again, but the report says the workbook changes nothing.
    assert lines[-1] == "No changes from the workbook; 1 conflict (1 kept the map's)."


# ---------------------------------------------------------------- the base, decoded quickly
def _plain(journey: JourneyMap) -> Any:
    return json.loads(json.dumps(map_to_dict(journey)))


@settings(PROPERTY_SETTINGS, max_examples=min(PROPERTY_SETTINGS.max_examples, 30))
@given(journey=maps())
def test_the_quick_base_decoder_reads_what_the_careful_one_reads(journey: JourneyMap) -> None:
    data = _plain(journey)
    quick = quick_map(data)
    assert quick is not None
    careful = map_from_dict(data)
    assert quick.snapshot() == careful.snapshot()
    assert list(quick.cards()) == list(careful.cards())


def test_the_quick_base_decoder_leaves_every_doubt_to_the_careful_one() -> None:
    journey = full_map()
    assert quick_map(_plain(journey)) is not None
    doubts: list[tuple[str, Any]] = [
        ("title", None), ("title", 3), ("kind", "fax"), ("lane", None), ("severity", True),
        ("severity", 2.0), ("severity", 9), ("tags", "a, b"), ("tags", [1]), ("colour", "red"),
        ("evidence", {"quotes": [], "source": "", "confidence": "sure"}),
        ("metrics", [{"kind": "csat", "value": True}]), ("metrics", [{"kind": "csat"}]),
        ("metrics", [{"kind": "csat", "value": 10 ** 400}]), ("unknown", 1), ("id", None),
    ]
    for key, value in doubts:
        data = _plain(journey)
        data["cards"][0][key] = value
        assert quick_map(data) is None, (key, value)
        with pytest.raises(FormatError):
            map_from_dict(data)
    data = _plain(journey)
    data["cards"].append(dict(data["cards"][0]))  # the same id twice
    assert quick_map(data) is None
