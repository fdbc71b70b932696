"""The three-way merge of a client's workbook: what the user sees in the map and the report."""

from __future__ import annotations

import random
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.cli import main
from app.export import xlsx_format as fmt
from app.export.xlsx_export import export_workbook
from app.export.xlsx_reader import WorkbookError
from app.export.xlsx_report import NO_CHANGES, report_lines
from app.export.xlsx_three_way import apply_merge, merged_map, plan_workbook_merge
from app.model.commands import EditCard, EditPersona, History, RemoveEmotion, SetEmotion
from app.model.journey import JourneyMap
from app.model.merge import MergePlan
from app.model.templates import new_map

MAP_ID = "map-1"


class Book:
    """An exported workbook, edited through openpyxl as a client's spreadsheet would."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = openpyxl.load_workbook(path)

    def sheet(self, name: str) -> Any:
        return self.book[name]

    def column(self, sheet: str, header: str) -> int:
        return next(c.column for c in self.book[sheet][1] if c.value == header)

    def row(self, sheet: str, element_id: str) -> int:
        ws = self.book[sheet]
        column = self.column(sheet, "Id")
        return next(r for r in range(2, ws.max_row + 1)
                    if ws.cell(row=r, column=column).value == element_id)

    def set(self, sheet: str, element_id: str, header: str, value: Any) -> None:
        self.book[sheet].cell(row=self.row(sheet, element_id),
                              column=self.column(sheet, header)).value = value

    def save(self) -> Path:
        self.book.save(self.path)
        return self.path


def export(journey: JourneyMap, tmp_path: Path, name: str = "book.xlsx") -> Book:
    export_workbook(journey, tmp_path / name, map_id=MAP_ID)
    return Book(tmp_path / name)


def merge(journey: JourneyMap, path: Path, take: bool = False) -> tuple[MergePlan, list[str]]:
    """Plan, apply (one undo step) and report, as the command line does."""
    plan = plan_workbook_merge(path, journey, MAP_ID)
    apply_merge(journey, merged_map(plan, take)).do()
    return plan, report_lines(plan, take)


@pytest.fixture
def journey() -> JourneyMap:
    return new_map("retail-checkout")


def first_card(journey: JourneyMap) -> Any:
    return next(iter(journey.cards()))


def test_an_untouched_workbook_changes_nothing(journey: JourneyMap, tmp_path: Path) -> None:
    before = journey.snapshot()
    _, lines = merge(journey, export(journey, tmp_path).save())
    assert lines == [NO_CHANGES]
    assert journey.snapshot() == before


def test_a_deleted_optional_column_means_not_edited(journey: JourneyMap, tmp_path: Path) -> None:
    book = export(journey, tmp_path)
    cards = book.sheet(fmt.CARDS)
    cards.delete_cols(book.column(fmt.CARDS, "Body"))
    before = journey.snapshot()
    _, lines = merge(journey, book.save())
    assert journey.snapshot() == before  # 0 of 88 bodies emptied
    assert lines == [
        "Warnings (1):",
        "  warning: Cards: no 'Body' column (deleted or renamed?): body left as in the map",
        "No changes from the workbook; 1 warning.",
    ]


def test_a_renamed_column_means_not_edited(journey: JourneyMap, tmp_path: Path) -> None:
    book = export(journey, tmp_path)
    book.sheet(fmt.CARDS).cell(row=1, column=book.column(fmt.CARDS, "Confidence")).value = "Sure?"
    before = journey.snapshot()
    _, lines = merge(journey, book.save())
    assert journey.snapshot() == before
    assert "no 'Confidence' column (deleted or renamed?)" in lines[1]


def test_a_card_added_in_the_map_after_export_stays(journey: JourneyMap, tmp_path: Path) -> None:
    from app.model.commands import AddCard
    from app.model.entities import Card

    book = export(journey, tmp_path)
    card = first_card(journey)
    book.set(fmt.CARDS, card.id, "Owner", "Client team")
    new = Card("Added by the consultant", card.lane_id, card.step_id)
    AddCard(journey, new).do()
    plan, lines = merge(journey, book.save())
    assert journey.card(new.id).title == "Added by the consultant"
    assert journey.card(card.id).owner == "Client team"
    assert lines[-1] == "1 change from the workbook (1 field edited)."
    assert not plan.conflicts


def test_a_consultant_edit_after_export_is_kept_and_a_clash_is_a_conflict(
    journey: JourneyMap, tmp_path: Path
) -> None:
    book = export(journey, tmp_path)
    cards = list(journey.cards())
    EditCard(journey, cards[0].id, owner="Consultant").do()
    EditCard(journey, cards[1].id, title="Consultant title").do()
    book.set(fmt.CARDS, cards[0].id, "Status", "Done")  # another field: both kept
    book.set(fmt.CARDS, cards[1].id, "Title", "Client title")  # same field: conflict
    plan, lines = merge(journey, book.save())
    assert journey.card(cards[0].id).owner == "Consultant"
    assert journey.card(cards[0].id).status is not None
    assert journey.card(cards[1].id).title == "Consultant title"
    [conflict] = plan.conflicts
    assert (conflict.field, conflict.ours, conflict.theirs) == (
        "title", "Consultant title", "Client title")
    assert sum("CONFLICT" in line for line in lines) == 1
    assert '  CONFLICT title: map "Consultant title", workbook "Client title"; kept the ' \
           "map's (--take-workbook takes the workbook's)" in lines
    assert "  kept the map's own edit since the export: owner" in lines
    assert lines[-1] == ("1 change from the workbook (1 field edited); 1 edit of the map "
                         "kept; 1 conflict (1 kept the map's).")


def test_take_workbook_settles_conflicts_with_the_workbook(
    journey: JourneyMap, tmp_path: Path
) -> None:
    book = export(journey, tmp_path)
    card = first_card(journey)
    EditCard(journey, card.id, title="Consultant").do()
    book.set(fmt.CARDS, card.id, "Title", "Client")
    merge(journey, book.save(), take=True)
    assert journey.card(card.id).title == "Client"


def test_a_row_deleted_by_the_client(journey: JourneyMap, tmp_path: Path) -> None:
    book = export(journey, tmp_path)
    cards = list(journey.cards())
    EditCard(journey, cards[1].id, owner="Changed since").do()
    ws = book.sheet(fmt.CARDS)
    ws.delete_rows(book.row(fmt.CARDS, cards[1].id))
    ws.delete_rows(book.row(fmt.CARDS, cards[0].id))
    plan, lines = merge(journey, book.save())
    assert not journey.has_card(cards[0].id)  # unchanged in the map: removed
    assert journey.card(cards[1].id).owner == "Changed since"  # changed since: a conflict
    assert [c.field for c in plan.conflicts] == [""]
    assert any("deleted in the workbook, but changed in the map" in line for line in lines)


def test_a_workbook_from_another_map_is_refused(journey: JourneyMap, tmp_path: Path) -> None:
    other = new_map("retail-checkout")
    export_workbook(other, tmp_path / "other.xlsx", map_id="map-2")
    before = journey.snapshot()
    with pytest.raises(WorkbookError, match=r"exported from another map: .*\(id map-2\), not "
                                            r".*\(id map-1\)"):
        plan_workbook_merge(tmp_path / "other.xlsx", journey, MAP_ID)
    export_workbook(other, tmp_path / "anonymous.xlsx")  # no id: the structure tells
    with pytest.raises(WorkbookError, match="exported from another map"):
        plan_workbook_merge(tmp_path / "anonymous.xlsx", journey, MAP_ID)
    assert journey.snapshot() == before


def test_a_workbook_without_a_base_merges_two_way_only_when_asked(
    journey: JourneyMap, tmp_path: Path
) -> None:
    book = export(journey, tmp_path)
    del book.book[fmt.BASE]
    card = first_card(journey)
    book.set(fmt.CARDS, card.id, "Owner", "Client")
    path = book.save()
    with pytest.raises(WorkbookError, match=r"no base .*--two-way"):
        plan_workbook_merge(path, journey, MAP_ID)
    plan = plan_workbook_merge(path, journey, MAP_ID, two_way=True)
    assert plan.warnings[0].startswith("the workbook has no base: merged two-way")
    apply_merge(journey, merged_map(plan)).do()
    assert journey.card(card.id).owner == "Client"


def test_merging_the_same_workbook_twice_changes_nothing(
    journey: JourneyMap, tmp_path: Path
) -> None:
    book = export(journey, tmp_path)
    card = first_card(journey)
    ws = book.sheet(fmt.CARDS)
    row = ws.max_row + 1
    for header, value in (("Step", "Pays"), ("Lane", "Pain points"), ("Title", "New row")):
        ws.cell(row=row, column=book.column(fmt.CARDS, header)).value = value
    ws.delete_rows(book.row(fmt.CARDS, card.id))
    path = book.save()
    merge(journey, path)
    once = journey.snapshot()
    assert sum(c.title == "New row" for c in journey.cards()) == 1
    _, lines = merge(journey, path)
    assert journey.snapshot() == once
    assert lines == [NO_CHANGES]


def test_personas_stages_steps_and_about_edits_merge(
    journey: JourneyMap, tmp_path: Path
) -> None:
    book = export(journey, tmp_path)
    persona, stage, step = journey.personas[0], journey.stages[0], journey.steps[0]
    book.set(fmt.PERSONAS, persona.id, "Role", "Night-shift nurse")
    book.set(fmt.STAGES, stage.id, "Goal", "Find it fast")
    book.set(fmt.STAGES, stage.id, "Stage", "Discovery")
    book.set(fmt.STEPS, step.id, "Description", "Scrolls the feed")
    book.set(fmt.STEPS, step.id, "Step", "Scrolls")
    about = book.sheet(fmt.ABOUT)
    objective_row = next(r for r in range(1, 30) if about.cell(row=r, column=1).value
                         == "Objective")
    about.cell(row=objective_row, column=2).value = "Fewer abandoned carts"
    emotions = book.sheet(fmt.EMOTIONS)
    note_column = next(c.column for c in emotions[1] if c.value == f"Note: {persona.name}")
    emotions.cell(row=2, column=note_column).value = "Annoyed by pop-ups"
    _, lines = merge(journey, book.save())
    assert journey.persona(persona.id).role == "Night-shift nurse"
    assert (journey.stage(stage.id).name, journey.stage(stage.id).goal) == (
        "Discovery", "Find it fast")
    assert (journey.step(step.id).name, journey.step(step.id).description) == (
        "Scrolls", "Scrolls the feed")
    assert journey.info.objective == "Fewer abandoned carts"
    emotion = journey.emotion(persona.id, step.id)
    assert emotion is not None and emotion.note == "Annoyed by pop-ups"
    assert lines[-1] == "7 changes from the workbook (7 fields edited)."


def test_a_persona_edited_in_the_map_and_the_workbook(journey: JourneyMap,
                                                      tmp_path: Path) -> None:
    book = export(journey, tmp_path)
    persona = journey.personas[0]
    EditPersona(journey, persona.id, quote="From the map").do()
    book.set(fmt.PERSONAS, persona.id, "Quote", "From the client")
    plan, _ = merge(journey, book.save())
    assert journey.persona(persona.id).quote == "From the map"
    assert [c.field for c in plan.conflicts] == ["quote"]


@pytest.mark.parametrize("name", ["Step", "Stage", "Persona"])
def test_names_that_are_headers_round_trip(journey: JourneyMap, tmp_path: Path,
                                           name: str) -> None:
    personas = [replace(journey.personas[0], name=name), *journey.personas[1:]]
    steps = [replace(journey.steps[0], name=name), *journey.steps[1:]]
    stages = [replace(journey.stages[0], name=name), *journey.stages[1:]]
    journey = JourneyMap.build(journey.info, personas, stages, steps, journey.lanes,
                               journey.cards(), journey.emotions())
    book = export(journey, tmp_path)
    emotions = book.sheet(fmt.EMOTIONS)
    # "Step" and "Stage" would read as those columns: such a persona is headed by its id.
    column = next(c.column for c in emotions[1] if c.value in (personas[0].id, "Persona"))
    emotions.cell(row=2, column=column).value = -2
    _, lines = merge(journey, book.save())
    point = journey.emotion(personas[0].id, steps[0].id)
    assert point is not None and point.score == -2
    assert lines[-1] == "1 change from the workbook (1 field edited)."


def test_a_formula_cell_is_refused_naming_the_cell(journey: JourneyMap, tmp_path: Path) -> None:
    book = export(journey, tmp_path)
    card = first_card(journey)
    book.set(fmt.CARDS, card.id, "Title", '=HYPERLINK("http://x","click me")')  # no cached value
    path = book.save()
    letter = openpyxl.utils.get_column_letter(book.column(fmt.CARDS, "Title"))
    where = f"Cards!{letter}{book.row(fmt.CARDS, card.id)}"
    with pytest.raises(WorkbookError) as raised:
        plan_workbook_merge(path, journey, MAP_ID)
    assert str(raised.value).startswith(f'{where}: a formula (=HYPERLINK("http://x","click')


def test_a_formula_with_a_cached_value_and_an_error_value_are_refused(
    journey: JourneyMap, tmp_path: Path
) -> None:
    path = tmp_path / "book.xlsx"
    export_workbook(journey, path, map_id=MAP_ID)
    card = first_card(journey)
    book = Book(path)
    row = book.row(fmt.CARDS, card.id)
    body = openpyxl.utils.get_column_letter(book.column(fmt.CARDS, "Body"))
    severity = openpyxl.utils.get_column_letter(book.column(fmt.CARDS, "Severity"))
    # What LibreOffice writes: a formula with its cached value, an error value.
    for cell_xml, where in (
        (f'<c r="{severity}{row}"><f>1+2</f><v>3</v></c>', f"Cards!{severity}{row}"),
        (f'<c r="{body}{row}" t="e"><v>#VALUE!</v></c>', f"Cards!{body}{row}"),
    ):
        edited = tmp_path / "edited.xlsx"
        _rewrite_cell(path, edited, f"{where.split('!')[1]}", cell_xml)
        with pytest.raises(WorkbookError) as raised:
            plan_workbook_merge(edited, journey, MAP_ID)
        assert str(raised.value).startswith(f"{where}: ")
        assert "#VALUE!" in str(raised.value) or "=1+2" in str(raised.value)


def _rewrite_cell(source: Path, target: Path, ref: str, cell_xml: str) -> None:
    import re

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":  # Cards
                data, count = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)'.encode(),
                                      cell_xml.encode(), data, count=1)
                assert count == 1
            zout.writestr(item, data)


def test_a_workbook_with_a_huge_xml_token_is_refused_at_once(tmp_path: Path) -> None:
    """The 1.7 MB workbook that hung the import: one shared string's tag runs on for MBs."""
    path = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    book.save(path)
    rnd = random.Random(1)
    filler = b"".join(b"A" * 40 + b"%04x" % rnd.getrandbits(16) for _ in range(12 * 24_000))
    slow = tmp_path / "slow.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(slow, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                    b'ContentType="application/vnd.openxmlformats-officedocument'
                                    b'.spreadsheetml.sharedStrings+xml"/></Types>')
            if item.filename != "xl/sharedStrings.xml":
                zout.writestr(item, data)
        zout.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/'
                      b'spreadsheetml/2006/main"><si><t a="' + filler + b'">x</t></si></sst>')
    assert slow.stat().st_size < 2 * 1024 * 1024
    start = time.monotonic()
    with pytest.raises(WorkbookError, match="holds an XML tag longer than 256 KB"):
        plan_workbook_merge(slow, new_map("blank"), MAP_ID)
    assert time.monotonic() - start < 5


def test_the_merge_is_one_undo_step(journey: JourneyMap, tmp_path: Path) -> None:
    book = export(journey, tmp_path)
    cards = list(journey.cards())
    book.set(fmt.CARDS, cards[0].id, "Step", "Pays")
    book.set(fmt.CARDS, cards[1].id, "Title", "Renamed")
    book.sheet(fmt.CARDS).delete_rows(book.row(fmt.CARDS, cards[2].id))
    before = journey.snapshot()
    plan = plan_workbook_merge(book.save(), journey, MAP_ID)
    merged = merged_map(plan)
    history = History(journey)
    history.push(apply_merge(journey, merged))
    assert journey.snapshot() == merged.snapshot() != before
    history.undo()
    assert journey.snapshot() == before
    history.redo()
    assert journey.snapshot() == merged.snapshot()


# ---------------------------------------------------------------- the command line
def test_cli_dry_run_changes_nothing_and_take_workbook_takes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from app.model.store import open_document, save_map

    path, book_path = tmp_path / "shop.cjm", tmp_path / "shop.xlsx"
    save_map(new_map("retail-checkout"), path)
    assert main(["export", str(path), "--xlsx", str(book_path)]) == 0
    document = open_document(path)
    card = first_card(document.current)
    book = Book(book_path)
    book.set(fmt.CARDS, card.id, "Title", "Client title")
    book.save()
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["import", str(book_path), "--into", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == ["1 change from the workbook (1 field edited).",
                        "Dry run: nothing was saved."]
    assert path.read_bytes() == before
    assert main(["import", str(book_path), "--into", str(path), "--take-workbook"]) == 0
    assert open_document(path).current.card(card.id).title == "Client title"


def test_cli_refuses_a_foreign_workbook_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from app.model.store import save_map

    for name in ("a", "b"):
        save_map(new_map("retail-checkout"), tmp_path / f"{name}.cjm")
    assert main(["export", str(tmp_path / "b.cjm"), "--xlsx", str(tmp_path / "b.xlsx")]) == 0
    before = (tmp_path / "a.cjm").read_bytes()
    capsys.readouterr()
    assert main(["import", str(tmp_path / "b.xlsx"), "--into", str(tmp_path / "a.cjm")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: b.xlsx: the workbook was exported from another map: ")
    assert err.count("\n") == 1
    assert (tmp_path / "a.cjm").read_bytes() == before


def test_a_score_added_on_both_sides(journey: JourneyMap, tmp_path: Path) -> None:
    persona, (first, second) = journey.personas[0], journey.steps[:2]
    for step in (first, second):
        RemoveEmotion(journey, persona.id, step.id).do()
    book = export(journey, tmp_path)
    SetEmotion(journey, persona.id, first.id, 2).do()
    SetEmotion(journey, persona.id, second.id, -1).do()
    emotions = book.sheet(fmt.EMOTIONS)
    score_column = next(c.column for c in emotions[1] if c.value == persona.name)
    emotions.cell(row=2, column=score_column).value = -2  # the first step: a clash
    emotions.cell(row=3, column=score_column).value = -1  # the second: the same score
    plan, lines = merge(journey, book.save())
    assert [(c.field, c.ours, c.theirs) for c in plan.conflicts] == [("score", 2, -2)]
    assert journey.emotion(persona.id, first.id).score == 2  # the map's value by default
    assert journey.emotion(persona.id, second.id).score == -1
    assert sum("CONFLICT" in line for line in lines) == 1


def test_twin_persona_names_merge_into_the_right_persona(
    journey: JourneyMap, tmp_path: Path
) -> None:
    first, second = journey.personas[:2]
    EditPersona(journey, second.id, name=first.name).do()
    step = journey.steps[0]
    before = journey.emotion(first.id, step.id)
    book = export(journey, tmp_path)
    emotions = book.sheet(fmt.EMOTIONS)
    # Twins are told apart in the header by id, as the export writes them.
    column = next(c.column for c in emotions[1] if c.value and second.id in str(c.value)
                  and not str(c.value).startswith(fmt.NOTE_PREFIX))
    emotions.cell(row=2, column=column).value = -3
    merge(journey, book.save())
    changed = journey.emotion(second.id, step.id)
    assert changed is not None and changed.score == -3
    assert journey.emotion(first.id, step.id) == before
