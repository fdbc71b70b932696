"""The three-way merge after LibreOffice re-saved the workbook (headless, as xlsx).

An untouched workbook re-saved by LibreOffice merges as "No changes"; edits made
before LibreOffice re-saves it arrive exactly, and nothing else. The hidden Base sheet
survives: protected, its values as written (LibreOffice has no "very hidden", so the
sheet comes back merely hidden; the checksum still refuses an edited base).
Skipped only when ``soffice`` is not installed (CI installs libreoffice-calc).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from app.export import xlsx_format as fmt
from app.export.xlsx_export import export_workbook
from app.export.xlsx_report import NO_CHANGES
from app.model.commands import EditCard, EditPersona, EditStage
from app.model.journey import JourneyMap
from app.model.templates import new_map
from tests.export.test_xlsx_three_way import MAP_ID, Book, merge

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def resave(books: list[Path], out: Path, profile: Path) -> list[Path]:
    """Each workbook opened and saved again as xlsx by headless LibreOffice."""
    assert SOFFICE is not None
    out.mkdir()
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", XLSX_FILTER, "--outdir", str(out), *map(str, books)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    saved = [out / book.name for book in books]
    assert all(path.exists() for path in saved), result.stdout + result.stderr
    return saved


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> tuple[JourneyMap, Path, Path, Path]:
    """The map, its export, that export re-saved by LibreOffice, and an edited one re-saved."""
    folder = tmp_path_factory.mktemp("lo-merge")
    journey = new_map("retail-checkout")
    plain, edited = folder / "plain.xlsx", folder / "edited.xlsx"
    export_workbook(journey, plain, map_id=MAP_ID)
    export_workbook(journey, edited, map_id=MAP_ID)
    book = Book(edited)
    card, other = list(journey.cards())[:2]
    persona, stage = journey.personas[0], journey.stages[0]
    book.set(fmt.CARDS, card.id, "Owner", "Client team")
    book.set(fmt.CARDS, other.id, "Severity", 2)
    book.set(fmt.CARDS, other.id, "Title", "Renamed — with “quotes” & ümlauts")
    book.set(fmt.PERSONAS, persona.id, "Role", "Night-shift nurse")
    book.set(fmt.STAGES, stage.id, "Goal", "Find it fast")
    book.save()
    plain_lo, edited_lo = resave([plain, edited], folder / "out",
                                 tmp_path_factory.mktemp("lo-profile"))
    return journey, plain, plain_lo, edited_lo


def test_an_untouched_workbook_resaved_by_libreoffice_changes_nothing(
    resaved: tuple[JourneyMap, Path, Path, Path]
) -> None:
    journey, _, plain_lo, _ = resaved
    copy = new_copy(journey)
    before = copy.snapshot()
    _, lines = merge(copy, plain_lo)
    assert lines == [NO_CHANGES]
    assert copy.snapshot() == before


def test_the_base_sheet_survives_libreoffice(resaved: tuple[JourneyMap, Path, Path, Path]) -> None:
    _, plain, plain_lo, _ = resaved
    written = openpyxl.load_workbook(plain)[fmt.BASE]
    book = openpyxl.load_workbook(plain_lo)
    base = book[fmt.BASE]
    assert base.sheet_state in ("hidden", "veryHidden")
    assert base.protection.sheet
    assert book[fmt.DATA].sheet_state in ("hidden", "veryHidden")
    values = [(row[0].value, row[1].value) for row in written.iter_rows(max_col=2)]
    assert [(row[0].value, row[1].value) for row in base.iter_rows(max_col=2)] == values


def test_edits_made_before_libreoffice_resaves_arrive_exactly(
    resaved: tuple[JourneyMap, Path, Path, Path]
) -> None:
    journey, _, _, edited_lo = resaved
    copy = new_copy(journey)
    card, other = list(copy.cards())[:2]
    persona, stage = copy.personas[0], copy.stages[0]
    expected = new_copy(journey)
    EditCard(expected, card.id, owner="Client team").do()
    EditCard(expected, other.id, severity=2, title="Renamed — with “quotes” & ümlauts").do()
    EditPersona(expected, persona.id, role="Night-shift nurse").do()
    EditStage(expected, stage.id, goal="Find it fast").do()
    _, lines = merge(copy, edited_lo)
    assert copy.snapshot() == expected.snapshot()
    assert lines[-1] == "5 changes from the workbook (5 fields edited)."


def new_copy(journey: JourneyMap) -> JourneyMap:
    return JourneyMap.build(journey.info, journey.personas, journey.stages, journey.steps,
                            journey.lanes, journey.cards(), journey.emotions())
