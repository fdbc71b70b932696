"""Untrusted workbooks: each bad one is refused with one line naming the sheet and cell."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from defusedxml.common import DefusedXmlException

from app.export import xlsx_format as fmt
from app.export import xlsx_reader
from app.export.xlsx_export import export_workbook
from app.export.xlsx_import import read_workbook
from app.export.xlsx_merge import merge_workbook
from app.export.xlsx_reader import WorkbookError
from app.model.journey import JourneyMap

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


def refused(path: Path) -> str:
    """The one-line error both import paths give for ``path``."""
    with pytest.raises(WorkbookError) as raised:
        read_workbook(path)
    message = str(raised.value)
    assert "\n" not in message
    return message


@pytest.fixture
def exported(retail: JourneyMap, tmp_path: Path) -> Path:
    path = tmp_path / "book.xlsx"
    export_workbook(retail, path)
    return path


def rewrite(path: Path, change: Callable[[str, bytes], bytes], extra: dict[str, bytes] | None = None
            ) -> Path:
    """A copy of the workbook with each member passed through ``change``."""
    target = path.with_name("changed.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item.filename, change(item.filename, source.read(item.filename)))
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return target


def with_bomb(part: str, padding: int = 0) -> Callable[[str, bytes], bytes]:
    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        comment = f"<!-- {'x' * padding} -->\n" if padding else ""
        prolog = BILLION_LAUGHS.replace("<!DOCTYPE", comment + "<!DOCTYPE")
        return prolog.encode() + body.replace(b"<v>", b"<v>&lol9;", 1)
    return change


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML


def test_openpyxl_itself_refuses_a_billion_laughs(exported: Path) -> None:
    bomb = rewrite(exported, with_bomb("xl/workbook.xml"))
    with pytest.raises(ValueError) as raised:  # openpyxl wraps the parser's refusal
        openpyxl.load_workbook(bomb, read_only=True)
    assert isinstance(raised.value.__cause__, DefusedXmlException)


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet2.xml"])
def test_an_xml_bomb_is_refused(exported: Path, part: str) -> None:
    message = refused(rewrite(exported, with_bomb(part)))
    assert message == f"refused: {part} declares XML entities (possible XML bomb)"


def test_an_xml_bomb_behind_a_long_comment_is_refused_by_the_parser(exported: Path) -> None:
    message = refused(rewrite(exported, with_bomb("xl/worksheets/sheet2.xml", padding=70_000)))
    assert message == "refused: the workbook declares XML entities (possible XML bomb)"


def test_a_zip_bomb_is_refused_before_parsing(exported: Path) -> None:
    bomb = rewrite(exported, lambda _, data: data, {"xl/media/zeros.bin": bytes(4 * 1024 * 1024)})
    assert refused(bomb).startswith("refused: xl/media/zeros.bin expands")


def test_too_much_unpacked_data_is_refused(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_UNCOMPRESSED_BYTES", 10_000)
    assert refused(exported).startswith("refused: the workbook unpacks to")


def test_too_many_parts_are_refused(exported: Path) -> None:
    many = rewrite(exported, lambda _, data: data,
                   {f"xl/media/{i}.txt": b"" for i in range(xlsx_reader.MAX_MEMBERS)})
    assert refused(many).startswith("refused: the archive holds")


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("name,step\nA,B\n")
    assert refused(path) == "not an Excel workbook (.xlsx): the file is not a zip archive"


def test_an_old_xls_workbook_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    assert refused(path) == (
        "this is an old Excel 97-2003 workbook (.xls) or another Office binary file; "
        "save it as .xlsx and import that"
    )


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    assert refused(path) == "not an Excel workbook (.xlsx): it has no xl/workbook.xml"


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    assert refused(tmp_path / "nope.xlsx") == "no such file"


def test_a_broken_sheet_is_one_line(exported: Path) -> None:
    broken = rewrite(exported, lambda name, data: data[:-40]
                     if name == "xl/worksheets/sheet2.xml" else data)
    assert refused(broken).startswith("Cards: not a readable Excel workbook: broken XML")


@pytest.mark.parametrize("sheet", [fmt.CARDS, fmt.STAGES, fmt.STEPS, fmt.LANES])
def test_a_missing_sheet_is_named(exported: Path, sheet: str) -> None:
    book = openpyxl.load_workbook(exported)
    del book[sheet]
    book.save(exported)
    assert refused(exported) == f"the workbook has no '{sheet}' sheet"


def edited(path: Path, sheet: str, header: str, row: int, value: object) -> tuple[Path, str]:
    """The workbook with one cell changed, and that cell's address."""
    book = openpyxl.load_workbook(path)
    worksheet = book[sheet]
    column = next(c.column_letter for c in worksheet[1] if c.value == header)
    worksheet[f"{column}{row}"] = value
    book.save(path)
    return path, f"{sheet}!{column}{row}"


@pytest.mark.parametrize(
    ("header", "value", "problem"),
    [
        ("Channel", "fax", "unknown channel 'fax'"),
        ("Kind", "Sticker", "unknown kind 'Sticker'"),
        ("Status", "maybe", "unknown status 'maybe'"),
        ("Confidence", "sure", "unknown confidence 'sure'"),
        ("Severity", 9, "severity must be a whole number from 1 to 5, got 9"),
        ("Effort", "lots", "effort must be a number, got 'lots'"),
        ("Step", "Teleports", "unknown step 'Teleports'"),
        ("Lane", "Dreams", "unknown lane 'Dreams'"),
        ("Lane", None, "a card needs a lane"),
        ("Moment of truth", "perhaps", "expected Yes or No, got 'perhaps'"),
        ("Metrics", "CSAT is good", "expected a metric like 'CSAT: 4.2 (target 4.5)', "
                                    "got 'CSAT is good'"),
        ("Metrics", "CSAT: 9", "CSAT must be between 1 and 5"),
        ("Colour", "red", "expected a colour like #1f77b4, got 'red'"),
    ],
)
def test_a_bad_card_value_names_its_cell(
    exported: Path, retail: JourneyMap, header: str, value: object, problem: str
) -> None:
    path, cell = edited(exported, fmt.CARDS, header, 12, value)
    assert refused(path) == f"{cell}: {problem}"
    before = retail.snapshot()
    with pytest.raises(WorkbookError, match=f"^{cell}: "):
        merge_workbook(retail, path)
    assert retail.snapshot() == before


def test_a_duplicate_card_id_names_both_rows(exported: Path, retail: JourneyMap) -> None:
    first = next(iter(retail.cards())).id
    path, cell = edited(exported, fmt.CARDS, "Id", 5, first)
    assert refused(path) == f"{cell}: the id '{first}' is also on row 2"


def test_a_bad_emotion_score_names_its_cell(exported: Path, retail: JourneyMap) -> None:
    path, cell = edited(exported, fmt.EMOTIONS, retail.personas[0].name, 4, 7)
    assert refused(path) == f"{cell}: a score must be a whole number from -3 to 3, got 7"


def test_a_bad_lane_kind_names_its_cell(exported: Path) -> None:
    path, cell = edited(exported, fmt.LANES, "Kind", 3, "Vibes")
    assert refused(path) == f"{cell}: unknown lane kind 'Vibes'"


def test_a_workbook_from_a_newer_version_is_refused(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    sheet = book[fmt.ABOUT]
    row = next(r for r in range(1, 30) if sheet.cell(row=r, column=1).value == "Format version")
    sheet.cell(row=row, column=2).value = 2
    book.save(exported)
    assert refused(exported) == (
        f"About!B{row}: written by a newer CJM Studio (format 2); this one reads format 1"
    )


def test_too_many_rows_are_refused(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_ROWS", 20)
    assert refused(exported) == "Cards!A22: too many rows (import reads at most 20)"
