"""Export, read back, export again: a workbook carries everything needed to rebuild the map."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from app.export import xlsx_format as fmt
from app.export.xlsx_export import export_workbook
from app.export.xlsx_import import read_workbook
from app.model.codec import map_to_dict
from app.model.commands import EditCard, EditLane, EditMap, EditPersona, EditStep
from app.model.entities import EmotionPoint, EmotionScale, MapInfo, Metric, Persona
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.synthetic import synthetic_map
from app.model.templates import new_map, template_names
from app.model.vocab import MetricKind
from tests.model.full_map import full_map


def exported(journey: JourneyMap, path: Path) -> Path:
    export_workbook(journey, path)
    return path


def card_dicts(journey: JourneyMap) -> list[dict[str, object]]:
    return [fmt.card_cells(card, journey, lambda i: i, lambda i: i, lambda i: i)
            for card in journey.cards()]


@pytest.mark.parametrize("name", template_names())
def test_read_workbook_rebuilds_each_template_exactly(name: str, tmp_path: Path) -> None:
    journey = new_map(name)
    rebuilt = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    assert map_to_dict(rebuilt) == map_to_dict(journey)


@pytest.mark.parametrize("name", template_names())
def test_export_read_export_gives_the_same_cards(name: str, tmp_path: Path) -> None:
    first = new_map(name)
    second = read_workbook(exported(first, tmp_path / "a.xlsx"))
    third = read_workbook(exported(second, tmp_path / "b.xlsx"))
    assert card_dicts(first) == card_dicts(second) == card_dicts(third)
    book_a = openpyxl.load_workbook(tmp_path / "a.xlsx", read_only=True)
    book_b = openpyxl.load_workbook(tmp_path / "b.xlsx", read_only=True)
    assert list(book_a[fmt.CARDS].values) == list(book_b[fmt.CARDS].values)


def test_a_map_with_every_field_set_comes_back_photo_and_all(tmp_path: Path) -> None:
    journey = full_map()
    rebuilt = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    assert rebuilt.snapshot() == journey.snapshot()


def test_duplicate_names_are_written_as_ids_and_read_back(tmp_path: Path) -> None:
    journey = full_map()
    EditPersona(journey, journey.personas[1].id, name=journey.personas[0].name).do()
    lanes = journey.lanes
    EditLane(journey, lanes[2].id, name=lanes[0].name).do()
    first_stage_steps = journey.steps_of(journey.stages[0].id)
    EditStep(journey, first_stage_steps[1].id, name=first_stage_steps[0].name).do()
    rebuilt = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    assert rebuilt.snapshot() == journey.snapshot()


def test_metric_values_units_and_targets_survive(tmp_path: Path) -> None:
    journey = new_map("retail-checkout")
    card = next(c for c in journey.cards() if c.kind.value == "kpi")
    metrics = (
        Metric(MetricKind.CUSTOM, 0.1 + 0.2, "Time: to open", "min (median)", 1e-7),
        Metric(MetricKind.NPS, -37.5),
        Metric(MetricKind.CUSTOM, 12, "Share", "% of orders"),
    )
    EditCard(journey, card.id, metrics=metrics).do()
    rebuilt = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    assert rebuilt.card(card.id).metrics == tuple(
        m._replace(value=float(m.value)) for m in metrics
    )


def test_metric_text_round_trips_through_its_parser() -> None:
    text = "CSAT: 4.1 (target 4.3)\nPayment drop-off: 42% (target 20)\nNPS: -12"
    assert fmt.format_metrics(fmt.parse_metrics(text)) == text


def test_an_empty_map_round_trips(tmp_path: Path) -> None:
    journey = JourneyMap.build(MapInfo(title="Empty"))
    rebuilt = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    assert map_to_dict(rebuilt) == map_to_dict(journey)


def test_a_large_synthetic_map_round_trips(tmp_path: Path) -> None:
    journey = synthetic_map(600)
    rebuilt = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    assert map_to_dict(rebuilt) == map_to_dict(journey)


def test_white_space_empty_texts_colours_and_long_floats_come_back(tmp_path: Path) -> None:
    journey = full_map()
    info = journey.info
    scale = EmotionScale(-2, 2, ((-2, ""), (0, "\tmeh"), (2, "  great ")))
    EditMap(journey, title="", description="  indented\nand trailing  \n",
            scale=scale).do()
    persona = journey.personas[1]
    EditPersona(journey, persona.id, colour="", name=" Ben ").do()
    lane = journey.lanes[0]
    EditLane(journey, lane.id, colour="#ABCdef", min_height=100.00000000000001).do()
    step = journey.steps[0]
    EditStep(journey, step.id, width=3069.7238257925464).do()
    assert journey.info != info
    rebuilt = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    assert rebuilt.snapshot() == journey.snapshot()
    assert rebuilt.info.scale.labels == scale.labels


def test_scale_labels_a_client_lists_out_of_order_are_sorted(tmp_path: Path) -> None:
    path = exported(full_map(), tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    about = book[fmt.ABOUT]
    cell = next(row[1] for row in about.iter_rows() if row[0].value == "Scale labels")
    cell.value = "2 great\n-2 awful\n0  meh "
    book.save(path)
    assert read_workbook(path).info.scale.labels == ((-2, "awful"), (0, " meh "), (2, "great"))


@pytest.mark.parametrize("name", ["Step", "stage", "Note: Anna", "Note: someone else"])
def test_a_persona_whose_name_reads_as_another_emotions_header_keeps_its_scores(
    tmp_path: Path, name: str
) -> None:
    journey = full_map()
    EditPersona(journey, journey.personas[1].id, name=name).do()
    rebuilt = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    assert rebuilt.emotions() == journey.emotions()
    assert rebuilt.snapshot() == journey.snapshot()


@pytest.mark.parametrize("persona_id", ["Step", "Note: Anna", "  padded id "])
def test_a_persona_whose_id_reads_as_another_header_keeps_its_scores(
    tmp_path: Path, persona_id: str
) -> None:
    journey = full_map()
    ben = journey.personas[1]
    EditPersona(journey, ben.id, name="").do()  # an empty name: the id heads its column
    points = [replace(p, persona_id=persona_id) if p.persona_id == ben.id else p
              for p in journey.emotions()]
    personas = [replace(p, id=persona_id) if p.id == ben.id else p for p in journey.personas]
    moved = JourneyMap.build(journey.info, personas, journey.stages, journey.steps,
                             journey.lanes, journey.cards(), points)
    rebuilt = read_workbook(exported(moved, tmp_path / "a.xlsx"))
    assert rebuilt.snapshot() == moved.snapshot()


def test_99_personas_round_trip_and_a_100th_is_refused_by_the_model(tmp_path: Path) -> None:
    base = full_map()
    step = base.steps[0]
    personas = [Persona(f"P{i}") for i in range(99)]
    points = [EmotionPoint(p.id, step.id, 1, f"note {i}") for i, p in enumerate(personas)]
    journey = JourneyMap.build(MapInfo(), personas, base.stages, base.steps, base.lanes, [],
                               points)  # fmt: skip
    assert read_workbook(exported(journey, tmp_path / "99.xlsx")).snapshot() == journey.snapshot()
    with pytest.raises(ModelError, match="at most 99 personas"):
        JourneyMap.build(MapInfo(), [*personas, Persona("P99")])


def test_ids_that_differ_only_in_white_space_stay_apart(tmp_path: Path) -> None:
    base = full_map()
    personas = [Persona("", id="p"), Persona("", id="p ")]
    step = base.steps[0]
    points = [EmotionPoint("p", step.id, 1, "first"), EmotionPoint("p ", step.id, -1, "second")]
    journey = JourneyMap.build(base.info, personas, base.stages, base.steps, base.lanes,
                               base.cards(), points)
    rebuilt = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    assert rebuilt.snapshot() == journey.snapshot()
