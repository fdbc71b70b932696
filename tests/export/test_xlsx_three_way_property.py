"""Property: a three-way merge keeps every non-conflicting edit of both sides, and only those.

From a random map: export; edit some cards' titles and owners in the map and remove
some cards; edit titles and owners in the workbook (openpyxl, on the exported file)
and delete some rows; merge. Each field ends as the three-way rule says, each
conflict is reported once, nothing else changes, and a second merge changes nothing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from app.export import xlsx_format as fmt
from app.export.xlsx_export import export_workbook
from app.export.xlsx_report import report_lines
from app.export.xlsx_three_way import apply_merge, merged_map, plan_workbook_merge
from app.model.commands import EditCard, RemoveCard
from app.model.journey import JourneyMap
from tests.model.strategies import PROPERTY_SETTINGS, maps

WORDS = ("alpha", "beta", "gamma")
FIELDS = {"title": "Title", "owner": "Owner"}
#: Per card: an edit (field, word) or None, and whether the card is deleted.
SIDE = st.tuples(st.one_of(st.none(), st.tuples(st.sampled_from(sorted(FIELDS)),
                                                 st.sampled_from(WORDS))), st.booleans())


@settings(PROPERTY_SETTINGS, max_examples=min(PROPERTY_SETTINGS.max_examples, 20))
@given(journey=maps(), data=st.data())
def test_every_non_conflicting_edit_of_both_sides_arrives(journey: JourneyMap,
                                                          data: Any) -> None:
    base = {card.id: card for card in journey.cards()}
    ours_edits = {card_id: data.draw(SIDE) for card_id in base}
    theirs_edits = {card_id: data.draw(SIDE) for card_id in base}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        export_workbook(journey, path, map_id="m")
        _edit_workbook(path, theirs_edits)
        for card_id, (edit, deleted) in ours_edits.items():
            if edit:
                EditCard(journey, card_id, **{edit[0]: edit[1]}).do()
            if deleted:
                RemoveCard(journey, card_id).do()
        ours = {card.id: card for card in journey.cards()}
        others = _others(journey)
        plan = plan_workbook_merge(path, journey, "m")
        apply_merge(journey, merged_map(plan)).do()

        expected_conflicts = 0
        for card_id, card in base.items():
            mine, theirs = ours.get(card_id), theirs_edits[card_id]
            if mine is None:  # removed from the map
                expected_conflicts += bool(theirs[0]) and not theirs[1] and _changes(
                    card, theirs[0])
                assert not journey.has_card(card_id)
                continue
            if theirs[1]:  # row deleted in the workbook
                if mine == card:
                    assert not journey.has_card(card_id)
                else:
                    expected_conflicts += 1
                    assert journey.card(card_id) == mine
                continue
            result = journey.card(card_id)
            for name in FIELDS:
                b, o = getattr(card, name), getattr(mine, name)
                t = theirs[0][1] if theirs[0] and theirs[0][0] == name else b
                if t in (b, o):
                    want = o
                elif o == b:
                    want = t
                else:
                    want, expected_conflicts = o, expected_conflicts + 1
                assert getattr(result, name) == want, (name, b, o, t)
            assert result._replace(title=mine.title, owner=mine.owner) == mine
        assert len(plan.conflicts) == expected_conflicts
        assert len({c.id for c in plan.conflicts}) == expected_conflicts  # each once
        assert sum("CONFLICT" in line for line in report_lines(plan)) == expected_conflicts
        assert _others(journey) == others  # nothing else changed

        once = journey.snapshot()
        again = plan_workbook_merge(path, journey, "m")
        apply_merge(journey, merged_map(again)).do()
        assert journey.snapshot() == once


def _changes(card: Any, edit: tuple[str, str]) -> bool:
    return bool(getattr(card, edit[0]) != edit[1])


def _others(journey: JourneyMap) -> tuple[Any, ...]:
    snapshot = journey.snapshot()
    return snapshot[:4] + snapshot[5:]  # everything but the cards


def _edit_workbook(path: Path, edits: dict[str, tuple[Any, bool]]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[fmt.CARDS]
    columns = {cell.value: cell.column for cell in sheet[1]}
    rows = {sheet.cell(row=r, column=columns["Id"]).value: r
            for r in range(2, sheet.max_row + 1)}
    for card_id, (edit, _) in edits.items():
        if edit:
            sheet.cell(row=rows[card_id], column=columns[FIELDS[edit[0]]]).value = edit[1]
    for row in sorted((rows[i] for i, (_, deleted) in edits.items() if deleted), reverse=True):
        sheet.delete_rows(row)
    book.save(path)
