"""The layers stay honest: the model and the exporters run without Qt, only the store
talks to SQLAlchemy, and the model knows nothing of the UI or the exporters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules_under(*parts: str) -> list[Path]:
    return sorted((APP.joinpath(*parts)).rglob("*.py"))


def offenders(files: list[Path], forbidden: str) -> list[str]:
    return [
        f"{path.name} imports {name}"
        for path in files
        for name in sorted(imported_modules(path))
        if name == forbidden or name.startswith(forbidden + ".")
    ]


@pytest.mark.parametrize("layer", ["model", "export"])
def test_model_and_exporters_never_import_qt(layer: str) -> None:
    assert offenders(modules_under(layer), "PySide6") == []


def test_command_line_never_imports_qt() -> None:
    assert offenders([APP / "cli.py"], "PySide6") == []


def test_only_the_store_imports_sqlalchemy() -> None:
    outside_store = [
        path for path in APP.rglob("*.py") if (APP / "model" / "store") not in path.parents
    ]
    assert offenders(outside_store, "sqlalchemy") == []


@pytest.mark.parametrize("layer", ["app.ui", "app.export"])
def test_model_imports_neither_ui_nor_exporters(layer: str) -> None:
    assert offenders(modules_under("model"), layer) == []


def test_the_rules_catch_a_bad_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport sqlalchemy.orm\n")
    assert offenders([bad], "PySide6") and offenders([bad], "sqlalchemy")


def test_every_module_has_a_docstring() -> None:
    missing = [
        str(path.relative_to(ROOT))
        for path in APP.rglob("*.py")
        if path.stat().st_size and ast.get_docstring(ast.parse(path.read_text("utf-8"))) is None
    ]
    assert missing == []
