"""Export, read back, export again: a workbook carries everything needed to rebuild the map."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.export import xlsx_format as fmt
from app.export.xlsx_export import export_workbook
from app.export.xlsx_import import read_workbook
from app.model.codec import map_to_dict
from app.model.commands import EditCard, EditLane, EditPersona, EditStep
from app.model.entities import MapInfo, Metric
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


def test_a_map_with_every_field_set_comes_back_except_the_persona_photo(tmp_path: Path) -> None:
    journey = full_map()
    rebuilt = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    expected = map_to_dict(journey)
    for persona in expected["personas"]:
        persona["photo"] = None  # photos are not put in the workbook
    assert map_to_dict(rebuilt) == expected


def test_duplicate_names_are_written_as_ids_and_read_back(tmp_path: Path) -> None:
    journey = full_map()
    EditPersona(journey, journey.personas[1].id, name=journey.personas[0].name).do()
    lanes = journey.lanes
    EditLane(journey, lanes[2].id, name=lanes[0].name).do()
    first_stage_steps = journey.steps_of(journey.stages[0].id)
    EditStep(journey, first_stage_steps[1].id, name=first_stage_steps[0].name).do()
    rebuilt = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    expected = map_to_dict(journey)
    for persona in expected["personas"]:
        persona["photo"] = None
    assert map_to_dict(rebuilt) == expected


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
