"""The hidden Data sheet: persona photos and exact card values travel by content hash.

Photos come back byte for byte; card values no cell can spell (a tag with a
comma, a quote with a line break, a custom metric called CSAT) come back
exactly while their cells are untouched, and as the client wrote them once
edited. Garbled data is refused with one line naming the sheet and row.
"""

from __future__ import annotations

import base64
import hashlib
import math
import os
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from app.export import xlsx_format as fmt
from app.export.xlsx_data import PART_LENGTH
from app.export.xlsx_export import export_workbook
from app.export.xlsx_import import read_workbook
from app.export.xlsx_merge import merge_workbook
from app.export.xlsx_reader import WorkbookError
from app.export.xlsx_safety import CELL_LIMIT
from app.model.entities import Card, Evidence, Metric
from app.model.journey import JourneyMap
from app.model.vocab import MetricKind
from tests.model.full_map import full_map

#: Random bytes big enough to need several parts on the Data sheet.
BIG_PHOTO = os.urandom(3 * PART_LENGTH)


def with_photos(*photos: bytes | None) -> JourneyMap:
    """full_map() with the photos of its (two) personas replaced."""
    journey = full_map()
    personas = [replace(p, photo=photo) for p, photo in zip(journey.personas, photos, strict=True)]
    return rebuilt(journey, personas=personas)


def rebuilt(journey: JourneyMap, **parts: object) -> JourneyMap:
    """``journey`` built again with some of its collections replaced."""
    given = {
        "personas": journey.personas,
        "stages": journey.stages,
        "steps": journey.steps,
        "lanes": journey.lanes,
        "cards": list(journey.cards()),
        "emotions": journey.emotions(),
        **parts,
    }
    return JourneyMap.build(journey.info, **given)  # type: ignore[arg-type]


def exported(journey: JourneyMap, path: Path) -> Path:
    export_workbook(journey, path)
    return path


def refused(path: Path) -> str:
    with pytest.raises(WorkbookError) as raised:
        read_workbook(path)
    return str(raised.value)


def test_a_photo_comes_back_byte_for_byte(tmp_path: Path) -> None:
    journey = with_photos(BIG_PHOTO, None)
    back = read_workbook(exported(journey, tmp_path / "a.xlsx"))
    assert [p.photo for p in back.personas] == [BIG_PHOTO, None]
    assert back.snapshot() == journey.snapshot()


def test_the_data_sheet_is_very_hidden_protected_and_split_below_the_cell_limit(
    tmp_path: Path,
) -> None:
    book = openpyxl.load_workbook(exported(with_photos(BIG_PHOTO, None), tmp_path / "a.xlsx"))
    data = book[fmt.DATA]
    assert (data.sheet_state, data.protection.sheet) == ("veryHidden", True)
    rows = list(data.iter_rows(min_row=2, values_only=True))
    key = hashlib.sha256(BIG_PHOTO).hexdigest()
    assert [(row[0], row[1]) for row in rows] == [(key, n) for n in range(1, len(rows) + 1)]
    assert len(rows) > 1
    assert all(len(row[2]) <= PART_LENGTH < CELL_LIMIT for row in rows)
    personas = book[fmt.PERSONAS]
    assert personas.column_dimensions["L"].hidden
    assert (personas["L1"].value, personas["L2"].value) == ("Photo", key)


def test_one_photo_shared_by_two_personas_is_kept_once(tmp_path: Path) -> None:
    journey = with_photos(BIG_PHOTO, BIG_PHOTO)
    path = exported(journey, tmp_path / "a.xlsx")
    rows = list(openpyxl.load_workbook(path)[fmt.DATA].iter_rows(min_row=2, values_only=True))
    assert len(rows) == math.ceil(len(base64.b64encode(BIG_PHOTO)) / PART_LENGTH)
    assert [p.photo for p in read_workbook(path).personas] == [BIG_PHOTO, BIG_PHOTO]


def changed_data(path: Path, row: int, column: str, value: object) -> Path:
    book = openpyxl.load_workbook(path)
    book[fmt.DATA][f"{column}{row}"] = value
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("row", "column", "value", "problem"),
    [
        (3, "C", "A" * PART_LENGTH, "Data!C2: garbled data: the content of {key} does not match "
                                    "its hash"),
        (2, "C", "not base64!", "Data!C2: garbled data: not base64"),
        (3, "B", 7, "Data!C2: garbled data: parts of {key} are missing"),
        (3, "B", 1, "Data!B3: garbled data: a second part 1 of {key}"),
        (2, "A", "cafe", "Data!A2: garbled data: expected a sha256 hash (64 hex digits)"),
        (2, "B", "one", "Data!B2: garbled data: a part number must be a number, got 'one'"),
    ],
)
def test_garbled_data_is_refused_naming_sheet_and_row(
    tmp_path: Path, row: int, column: str, value: object, problem: str
) -> None:
    path = exported(with_photos(BIG_PHOTO, None), tmp_path / "a.xlsx")
    key = hashlib.sha256(BIG_PHOTO).hexdigest()[:12] + "…"
    assert refused(changed_data(path, row, column, value)) == problem.format(key=key)


def test_a_photo_missing_from_the_data_sheet_is_refused(tmp_path: Path) -> None:
    path = exported(with_photos(BIG_PHOTO, None), tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    del book[fmt.DATA]
    book.save(path)
    key = hashlib.sha256(BIG_PHOTO).hexdigest()[:12]
    assert refused(path) == f"Personas!L2: the photo {key}… is not on the Data sheet"


# ---------------------------------------------------------------- exact card values
ODD = {
    "tags": ("price, delivery", " padded ", ""),
    "quotes": ("first line\nsecond line", "  "),
    "metrics": (
        Metric(MetricKind.CUSTOM, 9.5, "CSAT", "pts"),
        Metric(MetricKind.CUSTOM, 1.0, "Time:\nto open", " s (target 3)"),
        Metric(MetricKind.NPS, 10, "named anyway"),
    ),
}


def with_odd_card() -> tuple[JourneyMap, Card]:
    journey = full_map()
    first = next(journey.cards())
    card = first._replace(
        tags=ODD["tags"],
        evidence=Evidence(ODD["quotes"], "src"),
        metrics=ODD["metrics"],
    )
    cards = [card if c.id == first.id else c for c in journey.cards()]
    return rebuilt(journey, cards=cards), card


def test_values_no_cell_can_spell_come_back_exactly(tmp_path: Path) -> None:
    journey, card = with_odd_card()
    path = exported(journey, tmp_path / "a.xlsx")
    assert read_workbook(path).card(card.id) == card
    book = openpyxl.load_workbook(path)
    cards = book[fmt.CARDS]
    assert cards.column_dimensions["V"].hidden and cards["V1"].value == "Exact values"
    assert cards["T2"].value == "price, delivery,  padded , "
    assert fmt.is_content_hash(cards["V2"].value)
    assert cards["V3"].value is None  # a card whose cells spell it needs nothing more


def test_an_edited_cell_wins_over_the_exact_values(tmp_path: Path) -> None:
    journey, card = with_odd_card()
    path = exported(journey, tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    book[fmt.CARDS]["T2"] = "cheap, fast"
    book.save(path)
    back = read_workbook(path).card(card.id)
    assert back.tags == ("cheap", "fast")
    assert (back.evidence.quotes, back.metrics) == (ODD["quotes"], ODD["metrics"])
    result = merge_workbook(journey, path)
    assert result.report[0] == f'Edited "{card.title}": tags'
    assert len(result.commands) == 1


def test_merging_an_untouched_export_with_exact_values_changes_nothing(tmp_path: Path) -> None:
    journey, _ = with_odd_card()
    result = merge_workbook(journey, exported(journey, tmp_path / "a.xlsx"))
    assert (result.commands, result.report) == (
        (), ("No changes: the map already matches the workbook.",)
    )


def test_garbled_exact_values_are_refused(tmp_path: Path) -> None:
    journey, _ = with_odd_card()
    path = exported(journey, tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    blob = b'{"tags": 3}'
    key = hashlib.sha256(blob).hexdigest()
    book[fmt.CARDS]["V2"] = key
    book[fmt.DATA].append([key, 1, base64.b64encode(blob).decode()])
    book.save(path)
    assert refused(path) == "Cards!V2: garbled exact values: tags is not a list"


def test_a_row_emptied_in_excel_is_gone_though_its_hidden_cell_is_not(tmp_path: Path) -> None:
    journey, card = with_odd_card()
    journey = rebuilt(journey, personas=[replace(journey.personas[0], photo=BIG_PHOTO),
                                         journey.personas[1]],
                      emotions=[p for p in journey.emotions()
                                if p.persona_id != journey.personas[0].id])
    path = exported(journey, tmp_path / "a.xlsx")
    book = openpyxl.load_workbook(path)
    for sheet, last in ((fmt.PERSONAS, "K"), (fmt.CARDS, "U")):
        for row in book[sheet][f"A2:{last}2"]:
            for cell in row:
                cell.value = None
    book.save(path)
    back = read_workbook(path)
    assert [p.name for p in back.personas] == [journey.personas[1].name]
    assert not back.has_card(card.id) and back.card_count == journey.card_count - 1
