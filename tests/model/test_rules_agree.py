"""The readers agree with the model on what a valid map is.

One value of one element is changed to a value drawn from the edges of the
rules, the same change is made in a saved .cjm (by SQL, as a hand-edited or
hostile file would), in the map's JSON form and in its workbook; then each
reader must accept the result exactly when the model accepts the map it
describes. So ``cjm check`` and ``cjm import`` of the JSON agree on every file.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.export import xlsx_format as fmt
from app.export.xlsx_export import export_workbook
from app.export.xlsx_import import WorkbookError, read_workbook
from app.model.codec import FormatError, map_from_dict, map_to_dict
from app.model.entities import Card, EmotionPoint, EmotionScale, Lane, Stage
from app.model.errors import ModelError
from app.model.journey import JourneyMap
from app.model.rules import MAX_ID_LENGTH, MAX_TEXT_LENGTH, SIZE_RANGE
from app.model.store import StoreError, open_map, save_map
from tests.model.full_map import full_map

SIZES = [-500.0, 0.0, SIZE_RANGE[0] - 1, SIZE_RANGE[0], 200.0, SIZE_RANGE[1], SIZE_RANGE[1] + 1]
IDS = ["x" * 400, "a" * MAX_ID_LENGTH, "b" * (MAX_ID_LENGTH + 1), " ", "plain-id"]
COLOURS = ["#zzzzzz", "red", "", "#ABCDEF", "#abc"]
TEXTS = ["fine", "bell\x07", "x" * MAX_TEXT_LENGTH, "x" * (MAX_TEXT_LENGTH + 1), "tab\tand\nline"]
RATINGS = [0, 1, 5, 6, -1]
SCORES = [-3, -2, 2, 3]
SCALES = [(-2, 2), (-1, 1), (2, -2), (-101, 0), (-100, 100), (-3, 3)]


@dataclass(frozen=True)
class Change:
    """One field of one element of full_map(), and where it lives in each form of the map."""

    name: str
    values: list[Any]
    model: Callable[[dict[str, Any], Any], None]  # changes the map's plain form
    sql: Callable[[sqlite3.Connection, JourneyMap, Any], None]
    sheet: tuple[str, str, int] | None = None  # workbook sheet, column header, data row


def _set_step(key: str) -> Callable[[dict[str, Any], Any], None]:
    return lambda d, v: d["stages"][0]["steps"][0].__setitem__(key, v)


def _set_card(key: str) -> Callable[[dict[str, Any], Any], None]:
    return lambda d, v: d["cards"][0].__setitem__(key, v)


def _sql(table: str, column: str, element: Callable[[JourneyMap], str]) -> Any:
    def change(connection: sqlite3.Connection, journey: JourneyMap, value: Any) -> None:
        connection.execute(
            f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, element(journey))
        )

    return change


def _first_card(journey: JourneyMap) -> str:
    return next(iter(journey.cards())).id


def _set_scale(d: dict[str, Any], value: tuple[int, int]) -> None:
    d["map"]["scale"].update(min=value[0], max=value[1])
    d["map"]["scale"]["labels"] = {}


def _sql_scale(connection: sqlite3.Connection, _journey: JourneyMap, value: Any) -> None:
    connection.execute(
        "UPDATE journey_map SET scale_min = ?, scale_max = ?, scale_labels = '{}'", value
    )


def _sql_score(connection: sqlite3.Connection, journey: JourneyMap, value: Any) -> None:
    point = journey.emotions()[0]
    connection.execute(
        "UPDATE emotion SET score = ? WHERE persona_id = ? AND step_id = ?",
        (value, point.persona_id, point.step_id),
    )


CHANGES = [
    Change(
        "step width",
        SIZES,
        _set_step("width"),
        _sql("step", "width", lambda j: j.steps[0].id),
        (fmt.STEPS, "Width", 0),
    ),
    Change(
        "lane height",
        SIZES,
        lambda d, v: d["lanes"][0].__setitem__("min_height", v),
        _sql("lane", "min_height", lambda j: j.lanes[0].id),
        (fmt.LANES, "Min height", 0),
    ),
    Change("card id", IDS, _set_card("id"), _sql("card", "id", _first_card)),
    Change(
        "card colour",
        COLOURS,
        _set_card("colour"),
        _sql("card", "colour", _first_card),
        (fmt.CARDS, "Colour", 0),
    ),
    Change("card title", TEXTS, _set_card("title"), _sql("card", "title", _first_card)),
    Change("card severity", RATINGS, _set_card("severity"), _sql("card", "severity", _first_card)),
    Change(
        "persona colour",
        COLOURS,
        lambda d, v: d["personas"][0].__setitem__("colour", v),
        _sql("persona", "colour", lambda j: j.personas[0].id),
    ),
    Change(
        "stage id",
        IDS,
        lambda d, v: _rename_stage(d, v),
        lambda c, j, v: _sql_rename_stage(c, j, v),
    ),
    Change(
        "emotion score", SCORES, lambda d, v: d["emotions"][0].__setitem__("score", v), _sql_score
    ),
    Change("emotion scale", SCALES, _set_scale, _sql_scale),
]


def _rename_stage(d: dict[str, Any], value: str) -> None:
    d["stages"][0]["id"] = value


def _sql_rename_stage(connection: sqlite3.Connection, journey: JourneyMap, value: str) -> None:
    old = journey.stages[0].id
    connection.execute("UPDATE stage SET id = ? WHERE id = ?", (value, old))
    connection.execute("UPDATE step SET stage_id = ? WHERE stage_id = ?", (value, old))


def model_accepts(plain: dict[str, Any]) -> bool:
    """The model's verdict: the map's elements, built straight from the plain form, pass build."""
    base = full_map_plain_elements(plain)
    try:
        JourneyMap.build(*base)
    except ModelError:
        return False
    return True


def full_map_plain_elements(plain: dict[str, Any]) -> tuple[Any, ...]:
    """The elements the plain form describes, made without any reader's checks."""
    journey = READ_ONCE
    info = journey.info
    scale = plain["map"]["scale"]
    if (scale["min"], scale["max"]) != (info.scale.minimum, info.scale.maximum):
        info = dataclasses.replace(info, scale=EmotionScale(scale["min"], scale["max"], ()))
    first_stage = plain["stages"][0]
    stages = [
        Stage(first_stage["name"], first_stage["id"], first_stage["goal"]),
        *journey.stages[1:],
    ]
    step_plain = first_stage["steps"][0]
    steps = [
        dataclasses.replace(s, stage_id=first_stage["id"])
        if s.stage_id == journey.stages[0].id
        else s
        for s in journey.steps
    ]
    steps[0] = dataclasses.replace(steps[0], width=step_plain["width"])
    lanes = [
        Lane(
            **{
                **dataclasses.asdict(journey.lanes[0]),
                "min_height": plain["lanes"][0]["min_height"],
            }
        ),
        *journey.lanes[1:],
    ]
    card_plain = plain["cards"][0]
    cards = list(journey.cards())
    cards[0] = Card._make(cards[0])._replace(
        id=card_plain["id"],
        colour=card_plain["colour"],
        title=card_plain["title"],
        severity=card_plain["severity"],
    )
    personas = [
        dataclasses.replace(journey.personas[0], colour=plain["personas"][0]["colour"]),
        *journey.personas[1:],
    ]
    points = journey.emotions()
    points[0] = EmotionPoint(
        points[0].persona_id, points[0].step_id, plain["emotions"][0]["score"], points[0].note
    )
    return info, personas, stages, steps, lanes, cards, points


READ_ONCE = full_map()


def json_accepts(plain: dict[str, Any]) -> bool:
    try:
        map_from_dict(plain)
    except FormatError:
        return False
    return True


def store_accepts(change: Change, value: Any, folder: Path) -> bool:
    path = folder / "changed.cjm"
    save_map(READ_ONCE, path)
    connection = sqlite3.connect(path)
    change.sql(connection, READ_ONCE, value)
    connection.commit()
    connection.close()
    try:
        open_map(path)
    except StoreError:
        return False
    return True


def workbook_accepts(change: Change, value: Any, folder: Path) -> bool | None:
    if change.sheet is None:
        return None
    sheet_name, header, row_index = change.sheet
    path = folder / "changed.xlsx"
    export_workbook(READ_ONCE, path)
    book = openpyxl.load_workbook(path)
    sheet = book[sheet_name]
    headers = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=row_index + 2, column=headers.index(header) + 1)
    cell.value = value
    book.save(path)
    try:
        read_workbook(path)
    except WorkbookError:
        return False
    return True


@pytest.mark.slow
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_every_reader_accepts_a_changed_map_exactly_when_the_model_does(
    data: st.DataObject, tmp_path: Path
) -> None:
    change = data.draw(st.sampled_from(CHANGES), label="change")
    value = data.draw(st.sampled_from(change.values), label="value")
    plain = map_to_dict(READ_ONCE)
    change.model(plain, value)
    verdict = model_accepts(plain)
    assert json_accepts(plain) == verdict, f"JSON disagrees on {change.name} = {value!r:.60}"
    assert store_accepts(change, value, tmp_path) == verdict, (
        f".cjm disagrees on {change.name} = {value!r:.60}"
    )
    in_workbook = workbook_accepts(change, value, tmp_path)
    assert in_workbook in (None, verdict), f"workbook disagrees on {change.name} = {value!r:.60}"


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.name)
def test_each_change_has_values_the_model_accepts_and_values_it_refuses(change: Change) -> None:
    verdicts = set()
    for value in change.values:
        plain = map_to_dict(READ_ONCE)
        change.model(plain, value)
        verdicts.add(model_accepts(plain))
    assert verdicts == {True, False}
