"""Non-finite and huge numbers give one clean ``error:`` line (issue 18, item 11).

Infinity, NaN, 1e308 and integers of hundreds of digits in cjm-json, and infinite
or huge sizes and metrics in a .cjm: ``cjm import``, ``cjm check`` and ``cjm export
--pdf`` (poster and tiles) each refuse with the file and the place named, and the
input is left byte-identical. Values the rules allow (a huge metric target) export.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.model.store import save_map
from tests.model.full_map import full_map
from tests.test_cli import digest, run

HUGE_INT = "1" + "0" * 400

#: (JSON path to the value, literal put there, words the error line holds).
JSON_CASES = [
    ("stages.0.steps.0.width", "Infinity", "stages[0].steps[0].width: must be a finite number"),
    ("lanes.0.min_height", "-Infinity", "lanes[0].min_height: must be a finite number"),
    ("lanes.0.min_height", "NaN", "lanes[0].min_height: must be a finite number"),
    ("stages.0.steps.0.width", "1e308", "width: must be between 10 and 10000, not 1e+308"),
    ("stages.0.steps.0.width", "1e400", "stages[0].steps[0].width: must be a finite number"),
    ("stages.0.steps.0.width", HUGE_INT, "stages[0].steps[0].width: is too large a number"),
    ("lanes.0.min_height", HUGE_INT, "lanes[0].min_height: is too large a number"),
    ("cards.0.metrics.0.value", HUGE_INT, "cards[0].metrics[0].value: is too large a number"),
    ("cards.0.metrics.0.value", "NaN", "cards[0].metrics[0].value: must be a finite number"),
    ("cards.0.severity", "Infinity", "cards[0].severity: expected a whole number, got inf"),
    ("cards.0.severity", HUGE_INT, "cards[0].severity: must be between 1 and 5, not 1000"),
    ("map.scale.min", "-1e308", "map.scale.min: expected a whole number"),
]


def _with_literal(document: dict, place: str, literal: str) -> str:  # type: ignore[type-arg]
    """The JSON text of ``document`` with the value at ``place`` replaced by ``literal``."""
    marker = "__cjm_number__"
    target = document
    *parents, last = place.split(".")
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    target[int(last) if isinstance(target, list) else last] = marker
    return json.dumps(document, indent=1).replace(f'"{marker}"', literal)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    folder = tmp_path_factory.mktemp("numbers")
    save_map(full_map(), folder / "full.cjm")
    from app.cli import main

    assert main(["export", str(folder / "full.cjm"), "--json", str(folder / "full.json")]) == 0
    return json.loads((folder / "full.json").read_text("utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("place", "literal", "words"), JSON_CASES)
def test_numbers_in_json_are_refused_with_the_place(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    exported: dict,  # type: ignore[type-arg]
    place: str,
    literal: str,
    words: str,
) -> None:
    source = tmp_path / "in.json"
    source.write_text(_with_literal(json.loads(json.dumps(exported)), place, literal), "utf-8")
    before = digest(source)
    code, out, err = run(capsys, "import", source, tmp_path / "out.cjm")
    assert code == 1 and out == ""
    assert err.startswith("error: in.json: ") and err.count("\n") == 1, err
    assert words in err and len(err) < 300, err
    assert digest(source) == before and not (tmp_path / "out.cjm").exists()


#: (UPDATE run on a saved map, value, words of the error line).
CJM_CASES = [
    ("UPDATE step SET width = ?", float("inf"), "width must be a finite number"),
    ("UPDATE step SET width = ?", float("-inf"), "width must be a finite number"),
    ("UPDATE step SET width = ?", 1e308, "width must be between 10 and 10000, not 1e+308"),
    ("UPDATE lane SET min_height = ?", float("inf"), "min_height must be a finite number"),
    ("UPDATE lane SET min_height = ?", 2**63 - 1, "min_height must be between 10 and 10000"),
    (
        "UPDATE card SET metrics = ? WHERE metrics IS NOT NULL",
        '[{"kind": "custom", "name": "x", "value": Infinity, "unit": "", "target": null}]',
        "value must be a finite number",
    ),
    (
        "UPDATE card SET metrics = ? WHERE metrics IS NOT NULL",
        f'[{{"kind": "custom", "name": "x", "value": {HUGE_INT}, "unit": "", "target": null}}]',
        "a metric holds too large a number",
    ),
    ("UPDATE emotion SET score = ?", float("inf"), "score holds real, not integer"),
]


@pytest.mark.parametrize(("sql", "value", "words"), CJM_CASES)
@pytest.mark.parametrize("command", ["check", "pdf", "tile"])
def test_numbers_in_a_cjm_are_refused_by_check_and_export(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sql: str,
    value: object,
    words: str,
    command: str,
) -> None:
    path = tmp_path / "numbers.cjm"
    save_map(full_map(), path)
    connection = sqlite3.connect(path)
    assert connection.execute(sql, (value,)).rowcount > 0
    connection.commit()
    connection.close()
    before = digest(path)
    out_pdf = tmp_path / "out.pdf"
    args = {
        "check": ["check", path],
        "pdf": ["export", path, "--pdf", out_pdf],
        "tile": ["export", path, "--pdf", out_pdf, "--tile", "A4"],
    }[command]
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    assert err.startswith("error: numbers.cjm: damaged (") and err.count("\n") == 1, err
    assert words in err
    assert digest(path) == before and not out_pdf.exists()


def test_a_huge_metric_target_is_allowed_and_exports(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    exported: dict,  # type: ignore[type-arg]
) -> None:
    source = tmp_path / "in.json"
    document = json.loads(json.dumps(exported))
    source.write_text(_with_literal(document, "cards.0.metrics.0.target", "1e308"), "utf-8")
    assert run(capsys, "import", source, tmp_path / "m.cjm")[0] == 0
    assert run(capsys, "check", tmp_path / "m.cjm")[:2] == (0, "ok\n")
    code, _, err = run(capsys, "export", tmp_path / "m.cjm", "--pdf", tmp_path / "m.pdf")
    assert code == 0 and err == "" and (tmp_path / "m.pdf").exists()
    shutil.rmtree(tmp_path)
