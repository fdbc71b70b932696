"""Shared fixtures. Qt runs offscreen: set before any QApplication exists."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.model.journey import JourneyMap
from app.model.templates import new_map, template_names

EXAMPLES = [name for name in template_names() if name != "blank"]


@pytest.fixture(autouse=True)
def _private_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Keep settings, working copies and backups of every test in a temporary home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    yield


@pytest.fixture
def retail() -> JourneyMap:
    return new_map("retail-checkout")


@pytest.fixture
def blank() -> JourneyMap:
    return new_map("blank")


@pytest.fixture
def saved_retail(tmp_path: Path, retail: JourneyMap) -> Path:
    from app.model.store import save_map

    path = tmp_path / "retail.cjm"
    save_map(retail, path)
    return path
