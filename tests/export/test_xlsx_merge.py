"""Importing an edited workbook into its map: exactly the client's changes, as one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from app.export import xlsx_format as fmt
from app.export.xlsx_export import export_workbook
from app.export.xlsx_merge import MACRO_TEXT, merge_workbook
from app.export.xlsx_reader import WorkbookError
from app.model.commands import AddCard, EditCard, History, MoveCard, RemoveCard
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.templates import new_map, template_names


class CardsSheet:
    """The Cards sheet of an exported workbook, edited as a client would in Excel."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = openpyxl.load_workbook(path)
        self.sheet: Worksheet = self.book[fmt.CARDS]
        self.columns = {cell.value: cell.column for cell in self.sheet[1]}

    def row_of(self, card_id: str) -> int:
        for row in range(2, self.sheet.max_row + 1):
            if self.sheet.cell(row=row, column=self.columns["Id"]).value == card_id:
                return row
        raise KeyError(card_id)

    def set(self, card_id: str, header: str, value: Any) -> None:
        self.sheet.cell(row=self.row_of(card_id), column=self.columns[header]).value = value

    def append(self, **values: Any) -> None:
        row = self.sheet.max_row + 1
        for header, value in values.items():
            self.sheet.cell(row=row, column=self.columns[header.replace("_", " ")]).value = value

    def delete(self, card_id: str) -> None:
        self.sheet.delete_rows(self.row_of(card_id))

    def save(self) -> Path:
        self.book.save(self.path)
        return self.path


@pytest.fixture
def book(retail: JourneyMap, tmp_path: Path) -> CardsSheet:
    path = tmp_path / "retail.xlsx"
    export_workbook(retail, path)
    return CardsSheet(path)


@pytest.mark.parametrize("name", template_names())
def test_an_untouched_export_changes_nothing(name: str, tmp_path: Path) -> None:
    journey = new_map(name)
    export_workbook(journey, tmp_path / "a.xlsx")
    result = merge_workbook(journey, tmp_path / "a.xlsx")
    assert result.commands == ()
    assert not result.changed
    assert result.report == ("No changes: the map already matches the workbook.",)


def test_a_workbook_saved_again_by_openpyxl_changes_nothing(
    retail: JourneyMap, book: CardsSheet
) -> None:
    assert merge_workbook(retail, book.save()).commands == ()


def test_a_scripted_edit_arrives_exactly_and_is_reported(
    retail: JourneyMap, book: CardsSheet
) -> None:
    cards = list(retail.cards())
    renamed, moved, deleted = cards[0], cards[1], cards[2]
    pays = next(step for step in retail.steps if step.name == "Pays")
    book.set(renamed.id, "Title", "Sees a shoppable post")
    book.set(moved.id, "Step", "Pays")
    book.delete(deleted.id)
    book.append(Stage="Checkout", Step="Pays", Lane="Pain points", Title="No PayPal on mobile",
                Severity=4, Channel="Mobile app")
    before = retail.snapshot()

    result = merge_workbook(retail, book.save())

    assert retail.snapshot() == before  # merging only plans
    assert result.report == (
        'Added "No PayPal on mobile" in Pain points / Pays',
        f'Removed "{deleted.title}" from {retail.lane(deleted.lane_id).name} / '
        f"{retail.step(deleted.step_id).name}",
        f'Moved "{moved.title}" from {retail.lane(moved.lane_id).name} / '
        f"{retail.step(moved.step_id).name} to {retail.lane(moved.lane_id).name} / Pays",
        f'Edited "Sees a shoppable post": title (was "{renamed.title}")',
        "4 changes: 1 added, 1 removed, 1 moved, 1 edited.",
    )
    assert sorted(type(c).__name__ for c in result.commands) == sorted(
        ["AddCard", "RemoveCard", "MoveCard", "EditCard"]
    )
    result.apply()
    assert retail.card(renamed.id).title == "Sees a shoppable post"
    assert retail.card(moved.id).step_id == pays.id
    assert retail.cards_in(moved.lane_id, pays.id)[-1].id == moved.id
    assert not retail.has_card(deleted.id)
    pain = next(lane for lane in retail.lanes if lane.name == "Pain points")
    added = retail.cards_in(pain.id, pays.id)
    new = added[-1]
    assert (new.title, new.kind.value, new.severity, new.channel) == (
        "No PayPal on mobile", "pain_point", 4, new.channel.MOBILE_APP
    )
    assert merge_workbook(retail, book.path).report[0].startswith('Added "No PayPal')


def test_the_merge_is_one_undo_step_that_restores_the_map_exactly(
    retail: JourneyMap, book: CardsSheet
) -> None:
    cards = list(retail.cards())
    for card in cards[:6]:  # several cards leave the same cells
        book.set(card.id, "Step", "Pays")
    book.set(cards[7].id, "Lane", "Pain points")
    book.set(cards[7].id, "Title", "Moved and renamed")
    book.delete(cards[10].id)
    book.delete(cards[11].id)
    book.append(Step="Pays", Lane="Opportunities", Title="New idea")
    before = retail.snapshot()
    history = History(retail)

    result = merge_workbook(retail, book.save())
    result.apply(history)

    assert retail.snapshot() != before
    assert retail.card(cards[7].id).title == "Moved and renamed"
    history.undo()
    assert retail.snapshot() == before
    history.redo()
    assert merge_workbook(retail, book.path).report[:2] == (
        'Added "New idea" in Opportunities / Pays',
        'Removed "New idea" from Opportunities / Pays',
    )  # a row without an id is new every time it is imported
    history.undo()
    assert retail.snapshot() == before
    assert result.macro().text == MACRO_TEXT


def test_edits_report_every_changed_field(retail: JourneyMap, book: CardsSheet) -> None:
    card = next(c for c in retail.cards() if c.kind.value == "opportunity")
    book.set(card.id, "Owner", "Payments team")
    book.set(card.id, "Impact", 1)
    book.set(card.id, "Status", "done")  # a token works as well as a label
    book.set(card.id, "Confidence", "Research-backed")
    book.set(card.id, "Tags", "a, b")
    result = merge_workbook(retail, book.save())
    assert result.report[0] == (
        f'Edited "{card.title}": owner, impact, status, tags, confidence'
    )
    [command] = result.commands
    assert isinstance(command, EditCard)
    result.apply()
    edited = retail.card(card.id)
    assert (edited.owner, edited.impact, edited.status.value, edited.tags) == (
        "Payments team", 1, "done", ("a", "b")
    )
    assert edited.evidence.confidence.value == "research_backed"
    assert edited.evidence.quotes == card.evidence.quotes


def test_a_row_with_an_id_the_map_lacks_is_added_with_that_id(
    retail: JourneyMap, book: CardsSheet
) -> None:
    book.append(Id="from-another-map", Step="Pays", Lane="Pain points", Title="Imported")
    result = merge_workbook(retail, book.save())
    [command] = result.commands
    assert isinstance(command, AddCard) and command.card.id == "from-another-map"


def test_sorting_the_rows_changes_nothing(retail: JourneyMap, book: CardsSheet) -> None:
    sheet = book.sheet
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    rows.sort(key=lambda r: str(r[book.columns["Title"] - 1]))
    for number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column).value = value
    assert merge_workbook(retail, book.save()).commands == ()


def test_reordered_and_extra_columns_and_a_title_row_are_understood(
    retail: JourneyMap, book: CardsSheet
) -> None:
    sheet = book.sheet
    del sheet.tables["Cards"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    order = list(reversed(range(len(rows[0]))))
    sheet.delete_rows(1, sheet.max_row)
    sheet.cell(row=1, column=1).value = "Workshop 12 March: cards"
    for number, values in enumerate(rows, start=3):
        for column, index in enumerate(order, start=1):
            sheet.cell(row=number, column=column).value = values[index]
        sheet.cell(row=number, column=len(order) + 1).value = (
            "Client comment" if number == 3 else "looks right"
        )
    first = next(iter(retail.cards()))
    sheet.cell(row=4, column=order.index(rows[0].index("Title")) + 1).value = "Changed"
    result = merge_workbook(retail, book.save())
    assert result.report[0] == f'Edited "Changed": title (was "{first.title}")'
    assert len(result.commands) == 1


def test_empty_rows_and_merged_cells_are_handled(retail: JourneyMap, book: CardsSheet) -> None:
    sheet = book.sheet
    lane_column = book.columns["Lane"]
    first_rows = [r for r in range(2, 8)
                  if sheet.cell(row=r, column=lane_column).value == "What the shopper does"]
    assert len(first_rows) == 6
    sheet.merge_cells(start_row=2, start_column=lane_column, end_row=7, end_column=lane_column)
    sheet.insert_rows(9, amount=3)
    assert merge_workbook(retail, book.save()).commands == ()


def test_emotion_scores_edited_in_the_sheet_are_merged(
    retail: JourneyMap, book: CardsSheet
) -> None:
    sheet = book.book[fmt.EMOTIONS]
    persona = retail.personas[0]
    step = retail.steps[0]
    column = next(c.column for c in sheet[1] if c.value == persona.name)
    old = retail.emotion(persona.id, step.id)
    assert old is not None
    sheet.cell(row=2, column=column).value = -3
    sheet.cell(row=3, column=column).value = None
    result = merge_workbook(retail, book.save())
    assert result.report[0] == (
        f"Set the emotion of {persona.name} at {step.name} to -3 (was {old.score:+d})"
    )
    assert result.report[1] == f"Cleared the emotion of {persona.name} at {retail.steps[1].name}"
    result.apply()
    assert retail.emotion(persona.id, step.id).score == -3
    assert retail.emotion(persona.id, retail.steps[1].id) is None


def test_merging_needs_the_id_column(retail: JourneyMap, book: CardsSheet) -> None:
    book.sheet.delete_cols(book.columns["Id"])
    with pytest.raises(WorkbookError, match=r"^Cards: no header row with the columns 'Id'"):
        merge_workbook(retail, book.save())


def test_a_bad_value_stops_the_merge_and_changes_nothing(
    retail: JourneyMap, book: CardsSheet
) -> None:
    cards = list(retail.cards())
    book.set(cards[0].id, "Title", "Renamed")
    book.set(cards[5].id, "Channel", "fax")
    before = retail.snapshot()
    with pytest.raises(WorkbookError) as raised:
        merge_workbook(retail, book.save())
    row = book.row_of(cards[5].id)
    letter = openpyxl.utils.get_column_letter(book.columns["Channel"])
    assert str(raised.value) == f"Cards!{letter}{row}: unknown channel 'fax'"
    assert retail.snapshot() == before


def test_a_failing_command_rolls_the_whole_merge_back(
    retail: JourneyMap, book: CardsSheet
) -> None:
    cards = list(retail.cards())
    book.set(cards[0].id, "Title", "Renamed")
    book.delete(cards[3].id)
    result = merge_workbook(retail, book.save())
    before = retail.snapshot()
    RemoveCard(retail, cards[3].id).do()  # the map changed after the merge was planned
    changed = retail.snapshot()
    with pytest.raises(ModelError, match="unknown card id"):
        result.apply()
    assert retail.snapshot() == changed != before
    assert all(isinstance(c, (EditCard, RemoveCard, MoveCard)) for c in result.commands)
