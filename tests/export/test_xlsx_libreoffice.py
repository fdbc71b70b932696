"""A real spreadsheet reads the workbooks: LibreOffice converts them to CSV and PDF.

Skipped only when ``soffice`` is not installed (CI installs libreoffice-calc).
"""

from __future__ import annotations

import csv
import functools
import shutil
import subprocess
from pathlib import Path

import pytest

from app.export import xlsx_format as fmt
from app.export.xlsx_export import export_workbook
from app.model.journey import JourneyMap
from app.model.templates import new_map, template_names
from tests.export.test_xlsx_export import INJECTIONS, injected_map

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
EXAMPLES = [name for name in template_names() if name != "blank"]
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76"
#: The filter's 12th option picks the sheet to write, by number (LibreOffice 7.2 and later).
CARDS_SHEET = fmt.SHEET_ORDER.index(fmt.CARDS) + 1
CARDS_CSV_FILTER = f"{CSV_FILTER},1,,0,false,true,false,false,false,{CARDS_SHEET}"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


@functools.cache
def example(name: str) -> JourneyMap:
    """One map per template for the whole module (each new map has fresh ids)."""
    return new_map(name)


def convert(books: list[Path], target: str, out: Path, profile: Path) -> None:
    """Convert ``books`` with headless LibreOffice; fails the test on any error."""
    assert SOFFICE is not None
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(out), *map(str, books)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stdout + result.stderr, result.stdout + result.stderr


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example workbook and the injection workbook, converted three ways."""
    folder = tmp_path_factory.mktemp("libreoffice")
    profile = tmp_path_factory.mktemp("lo-profile")
    books = []
    for name in EXAMPLES:
        books.append(folder / f"{name}.xlsx")
        export_workbook(example(name), books[-1])
    books.append(folder / "injected.xlsx")
    export_workbook(injected_map(), books[-1])
    convert(books, CSV_FILTER, folder / "map-csv", profile)
    convert(books, CARDS_CSV_FILTER, folder / "cards-csv", profile)
    convert(books, "pdf", folder / "pdf", profile)
    return folder


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_card_is_a_row_of_the_cards_csv(converted: Path, name: str) -> None:
    rows = read_csv(converted / "cards-csv" / f"{name}-{fmt.CARDS}.csv")
    header = rows[0]
    found = {(row[header.index("Id")], row[header.index("Title")]) for row in rows[1:]}
    assert found == {(card.id, card.title) for card in example(name).cards()}


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_card_title_is_in_the_map_csv(converted: Path, name: str) -> None:
    text = "\n".join(",".join(row) for row in read_csv(converted / "map-csv" / f"{name}.csv"))
    for card in example(name).cards():
        assert card.title in text


@pytest.mark.parametrize("name", [*EXAMPLES, "injected"])
def test_each_workbook_converts_to_a_pdf(converted: Path, name: str) -> None:
    pdf = converted / "pdf" / f"{name}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 10_000


def test_libreoffice_shows_formula_like_text_as_text(converted: Path) -> None:
    rows = read_csv(converted / "cards-csv" / f"injected-{fmt.CARDS}.csv")
    titles = {row[rows[0].index("Title")] for row in rows[1:]}
    assert set(INJECTIONS) <= titles  # not "click", "2" or an error: the text itself
