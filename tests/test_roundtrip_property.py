"""Every map the model accepts survives each way it travels: the store, JSON and Excel.

The property: save then open, export then read (JSON and workbook) each give back
a map whose ``snapshot()`` equals the original's. ``full_map()`` (every field
set) is checked the same way without Hypothesis.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given

from app.export.json_form import export_json, read_json
from app.export.xlsx_export import export_workbook
from app.export.xlsx_import import read_workbook
from app.model.journey import JourneyMap
from app.model.store import open_map, save_map
from tests.model.full_map import full_map
from tests.model.strategies import PROPERTY_SETTINGS, maps

Write = Callable[[JourneyMap, Path], None]
Read = Callable[[Path], JourneyMap]

PATHS: dict[str, tuple[str, Write, Read]] = {
    "store": (".cjm", save_map, open_map),
    "json": (".json", export_json, read_json),
    "xlsx": (".xlsx", export_workbook, read_workbook),
}


def travelled(journey: JourneyMap, way: str) -> JourneyMap:
    """``journey`` written one way and read back, through a fresh folder."""
    suffix, write, read = PATHS[way]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"map{suffix}"
        write(journey, path)
        return read(path)


@pytest.mark.parametrize("way", sorted(PATHS))
def test_full_map_survives(way: str) -> None:
    journey = full_map()
    assert travelled(journey, way).snapshot() == journey.snapshot()


@pytest.mark.parametrize("way", sorted(PATHS))
@PROPERTY_SETTINGS
@given(journey=maps())
def test_any_map_survives(way: str, journey: JourneyMap) -> None:
    assert travelled(journey, way).snapshot() == journey.snapshot()
