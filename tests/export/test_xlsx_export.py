"""The Excel export: what a client finds in the workbook, and that none of it is a live formula."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from app.export import xlsx_format as fmt
from app.export.xlsx_export import export_workbook
from app.export.xlsx_safety import CELL_LIMIT, CUT_MARKER
from app.model.commands import AddCard, EditCard, EditMap, EditPersona, EditStep
from app.model.entities import Metric
from app.model.journey import JourneyMap
from app.model.templates import new_map, template_names
from app.model.vocab import MetricKind
from tests.model.full_map import full_map

CHART_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
EXAMPLES = [name for name in template_names() if name != "blank"]

INJECTIONS = (
    '=HYPERLINK("http://x","click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "=1+1",
    "#N/A",
)


def export(journey: JourneyMap, tmp_path: Path, name: str = "book.xlsx") -> Path:
    path = tmp_path / name
    export_workbook(journey, path)
    return path


def rows_of(sheet: Worksheet) -> list[dict[str, object]]:
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=False))
            for row in sheet.iter_rows(min_row=2, values_only=True) if any(row)]


def injected_map() -> JourneyMap:
    """A map whose every user text field holds one of the injection strings."""
    journey = full_map()
    texts = iter(INJECTIONS * 20)
    card = next(iter(journey.cards()))
    commands = [
        EditMap(journey, title=next(texts), objective=next(texts), author=next(texts),
                organisation=next(texts), description=next(texts)),
        EditPersona(journey, journey.personas[0].id, name=next(texts), role=next(texts),
                    quote=next(texts), goals=next(texts), notes=next(texts)),
        EditStep(journey, journey.steps[0].id, name=next(texts), description=next(texts)),
        EditCard(journey, card.id, title=next(texts), body=next(texts), owner=next(texts),
                 tags=(next(texts), next(texts))),
    ]
    for command in commands:
        command.do()
    lane, step = journey.lanes[0], journey.steps[1]
    for text in INJECTIONS:
        AddCard(journey, type(card)(text, lane.id, step.id, body=text, owner=text)).do()
    return journey


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_card_of_an_example_is_on_the_cards_sheet(name: str, tmp_path: Path) -> None:
    journey = new_map(name)
    book = openpyxl.load_workbook(export(journey, tmp_path))
    rows = rows_of(book[fmt.CARDS])
    assert [(row["Id"], row["Title"]) for row in rows] == [
        (card.id, card.title) for card in journey.cards()
    ]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_card_title_is_in_its_cell_of_the_map_sheet(name: str, tmp_path: Path) -> None:
    journey = new_map(name)
    sheet = openpyxl.load_workbook(export(journey, tmp_path))[fmt.MAP]
    for row, lane in enumerate(journey.lanes, start=4):
        assert sheet.cell(row=row, column=1).value == lane.name
        for column, step in enumerate(journey.steps, start=2):
            text = sheet.cell(row=row, column=column).value or ""
            for card in journey.cards_in(lane.id, step.id):
                assert card.title in text


def test_the_workbook_has_the_documented_sheets_in_order(
    retail: JourneyMap, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(export(retail, tmp_path))
    assert book.sheetnames == list(fmt.SHEET_ORDER)
    assert book.active.title == fmt.MAP


def test_no_cell_is_a_formula_even_when_user_text_looks_like_one(tmp_path: Path) -> None:
    path = export(injected_map(), tmp_path)
    book = openpyxl.load_workbook(path)
    found = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str) and cell.value in INJECTIONS:
                    found.add(cell.value)
                    assert cell.data_type == "s"
                    if cell.value[0] in "=+-@":
                        assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate}"
    assert found == set(INJECTIONS)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_the_longest_text_the_model_allows_fits_whole_in_a_cell(
    retail: JourneyMap, tmp_path: Path
) -> None:
    from app.model.rules import MAX_TEXT_LENGTH

    card = next(iter(retail.cards()))
    EditCard(retail, card.id, body="x" * (MAX_TEXT_LENGTH - 1) + "y").do()
    rows = rows_of(openpyxl.load_workbook(export(retail, tmp_path))[fmt.CARDS])
    row = next(row for row in rows if row["Id"] == card.id)
    body = str(row["Body"])
    assert len(body) == CELL_LIMIT and body.endswith("xy") and CUT_MARKER not in body


def test_the_cards_sheet_is_a_filterable_table_with_choice_lists(
    retail: JourneyMap, tmp_path: Path
) -> None:
    sheet = openpyxl.load_workbook(export(retail, tmp_path))[fmt.CARDS]
    table = sheet.tables["Cards"]
    assert table.ref == f"A1:V{retail.card_count + 1}"  # V: the hidden Exact values
    assert table.autoFilter is not None
    lists = {str(rule.sqref).split(":")[0].rstrip("0123456789"): rule.formula1
             for rule in sheet.data_validations.dataValidation if rule.type == "list"}
    header = {cell.value: cell.column_letter for cell in sheet[1]}
    assert "Pain point" in lists[header["Kind"]]
    assert "Mobile app" in lists[header["Channel"]]
    assert "In progress" in lists[header["Status"]]
    assert "Research-backed" in lists[header["Confidence"]]
    assert sheet.freeze_panes == "B2"


def test_the_emotion_chart_has_one_series_per_persona(retail: JourneyMap, tmp_path: Path) -> None:
    path = export(retail, tmp_path)
    with zipfile.ZipFile(path) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = ElementTree.fromstring(archive.read(charts[0]))
    line_charts = chart.findall(f".//{CHART_NS}lineChart")
    assert len(line_charts) == 1
    series = line_charts[0].findall(f"{CHART_NS}ser")
    assert len(series) == len(retail.personas) == 3
    header = {cell.coordinate: cell.value for cell in openpyxl.load_workbook(path)[fmt.EMOTIONS][1]}
    titles = [s.find(f"{CHART_NS}tx/{CHART_NS}strRef/{CHART_NS}f").text for s in series]
    assert [header[t.split("!")[1].replace("$", "")] for t in titles] == [
        p.name for p in retail.personas
    ]


def test_a_map_without_personas_gets_no_chart(tmp_path: Path) -> None:
    journey = JourneyMap.build(new_map("blank").info)
    path = export(journey, tmp_path)
    with zipfile.ZipFile(path) as archive:
        assert not [n for n in archive.namelist() if n.startswith("xl/charts/")]


def test_the_map_sheet_prints_landscape_fitted_to_width_with_repeated_headers(
    retail: JourneyMap, tmp_path: Path
) -> None:
    sheet = openpyxl.load_workbook(export(retail, tmp_path))[fmt.MAP]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$2:$3"
    assert sheet.freeze_panes == "B4"
    pain = next(i for i, lane in enumerate(retail.lanes, start=4) if lane.name == "Pain points")
    cell = sheet.cell(row=pain, column=2)
    assert cell.alignment.wrap_text
    assert cell.fill.fgColor.rgb == "FFFBE0DD"  # the lane's colour, as on the canvas


def test_the_backlog_lists_pain_points_and_opportunities_by_priority(
    retail: JourneyMap, tmp_path: Path
) -> None:
    rows = rows_of(openpyxl.load_workbook(export(retail, tmp_path))[fmt.BACKLOG])
    expected = [c for c in retail.cards() if c.kind.value in ("pain_point", "opportunity")]
    assert {row["Id"] for row in rows} == {card.id for card in expected}
    scores = [row["Score"] or 0 for row in rows]
    assert scores == sorted(scores, reverse=True)


def test_the_stages_sheet_counts_cards_and_averages_emotions(
    retail: JourneyMap, tmp_path: Path
) -> None:
    rows = rows_of(openpyxl.load_workbook(export(retail, tmp_path))[fmt.STAGES])
    persona = retail.personas[0]
    for row, stage in zip(rows, retail.stages, strict=True):
        steps = retail.steps_of(stage.id)
        cards = [c for c in retail.cards() if retail.step(c.step_id).stage_id == stage.id]
        assert row["Stage"] == stage.name
        assert row["Cards"] == len(cards)
        assert row["Pain points"] == sum(c.kind.value == "pain_point" for c in cards)
        scores = [p.score for s in steps if (p := retail.emotion(persona.id, s.id))]
        assert row[f"Avg emotion: {persona.name}"] == pytest.approx(sum(scores) / len(scores),
                                                                    abs=0.01)


def test_the_about_sheet_names_the_map_app_and_format(retail: JourneyMap, tmp_path: Path) -> None:
    from app import __version__

    sheet = openpyxl.load_workbook(export(retail, tmp_path))[fmt.ABOUT]
    about = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, max_col=2, values_only=True)}
    assert about["Title"] == retail.info.title
    assert about["Objective"] == retail.info.objective
    assert about["State"] == retail.info.state.label
    assert about["Author"] == retail.info.author
    assert about["App version"] == f"CJM Studio {__version__}"
    assert about["Format"] == fmt.FORMAT_NAME and about["Format version"] == fmt.FORMAT_VERSION
    assert str(about["Exported"]).endswith("UTC")


def test_a_failed_export_leaves_the_old_file(retail: JourneyMap, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = export(retail, tmp_path)
    before = path.read_bytes()

    def broken(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", broken)
    with pytest.raises(OSError):
        export_workbook(retail, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_stage_with_the_largest_metric_values_still_exports(tmp_path: Path) -> None:
    # Any finite metric is valid; the Stages sheet's average of two near 1.8e308 once overflowed.
    journey = new_map("retail-checkout")
    stage = journey.stages[0]
    huge = (Metric(MetricKind.CUSTOM, -1.7976931348623155e308, "Loss", "EUR"),)
    cards = [c for c in journey.cards() if journey.step(c.step_id).stage_id == stage.id][:2]
    for card in cards:
        EditCard(journey, card.id, metrics=huge).do()
    sheet = openpyxl.load_workbook(export(journey, tmp_path))[fmt.STAGES]
    headers = [cell.value for cell in sheet[1]]
    average = sheet.cell(row=2, column=headers.index("Avg Loss (EUR)") + 1).value
    assert average == pytest.approx(-1.7976931348623155e308)
