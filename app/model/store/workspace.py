"""Never lose work: working copies, crash recovery, one backup per file, and open-once locks.

Everything lives in the user's data folder (platformdirs):
- ``working/KEY.cjm`` (+ ``KEY.json``): the map as it was a second ago, written while
  the user edits; deleted when the map is saved or closed cleanly. If the app dies,
  the next start finds it newer than the saved file and offers to restore it.
- ``backups/KEY.cjm``: the previous version of each saved file, kept on every save.
- ``locks/KEY.lock``: held while a map is open, so a second window or app instance
  opening the same file is told and offered a read-only copy.
KEY is derived from the file's absolute path (or is random for an unsaved map).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from platformdirs import user_data_dir

from app.model.journey import JourneyMap
from app.model.store.writer import save_map


def data_folder() -> Path:
    """The app's folder for working copies, backups and locks (created on demand)."""
    folder = Path(user_data_dir("CJM Studio", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def document_key(path: Path | None) -> str:
    """A stable file-name-safe key for a map file; a fresh one for an unsaved map."""
    if path is None:
        return f"untitled-{uuid.uuid4().hex[:12]}"
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:24]


# ---------------------------------------------------------------------- working copies
@dataclass(frozen=True)
class Recoverable:
    """A working copy left behind by a session that did not end cleanly."""

    working_copy: Path
    original: Path | None  # None: the map was never saved
    title: str
    edited: datetime


class WorkingCopy:
    """The crash-safety copy of one open map, rewritten shortly after each edit."""

    def __init__(self, original: Path | None) -> None:
        self.original = original
        self.key = document_key(original)
        folder = data_folder() / "working"
        folder.mkdir(exist_ok=True)
        self.path = folder / f"{self.key}.cjm"
        self._meta = folder / f"{self.key}.json"

    def write(self, journey: JourneyMap) -> None:
        """Write the whole map (safely: temp file, check, rename) and note when."""
        save_map(journey, self.path)
        meta = {
            "original": str(self.original.resolve()) if self.original else None,
            "title": journey.info.title,
            "edited": datetime.now(UTC).isoformat(),
        }
        temp = self._meta.with_suffix(".json.part")
        temp.write_text(json.dumps(meta), "utf-8")
        os.replace(temp, self._meta)

    def discard(self) -> None:
        """Forget the working copy (after a save or a clean close)."""
        for path in (self.path, self._meta):
            with contextlib.suppress(OSError):
                path.unlink()

    def move_to(self, original: Path) -> WorkingCopy:
        """The working copy for the same map after Save As."""
        self.discard()
        return WorkingCopy(original)


def find_recoverable() -> list[Recoverable]:
    """Working copies newer than their saved file (or of maps never saved), newest first."""
    folder = data_folder() / "working"
    found = []
    for meta_path in folder.glob("*.json") if folder.is_dir() else ():
        working = meta_path.with_suffix(".cjm")
        meta = _read_meta(meta_path)
        if meta is None or not working.is_file():
            continue
        original = Path(meta["original"]) if meta.get("original") else None
        edited = datetime.fromisoformat(meta["edited"])
        if original is not None and original.is_file():
            saved = datetime.fromtimestamp(original.stat().st_mtime, UTC)
            if saved >= edited:
                continue
        found.append(Recoverable(working, original, str(meta.get("title", "")), edited))
    return sorted(found, key=lambda item: item.edited, reverse=True)


def discard_recoverable(item: Recoverable) -> None:
    for path in (item.working_copy, item.working_copy.with_suffix(".json")):
        with contextlib.suppress(OSError):
            path.unlink()


def _read_meta(path: Path) -> dict[str, Any] | None:
    try:
        meta = json.loads(path.read_text("utf-8"))
        datetime.fromisoformat(meta["edited"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return meta if isinstance(meta, dict) else None


# ---------------------------------------------------------------------- backups
def backup_path(path: Path) -> Path:
    folder = data_folder() / "backups"
    folder.mkdir(exist_ok=True)
    return folder / f"{document_key(path)}.cjm"


def save_with_backup(journey: JourneyMap, path: Path) -> None:
    """Keep the current file as the one backup, then save safely over it."""
    path = Path(path)
    if path.is_file():
        backup = backup_path(path)
        temp = backup.with_suffix(".cjm.part")
        try:
            shutil.copyfile(path, temp)
            os.replace(temp, backup)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()  # a failed backup must not stop the save itself
    save_map(journey, path)


def previous_version(path: Path) -> Path | None:
    """The backup of ``path`` kept by the last save, if any."""
    backup = backup_path(path)
    return backup if backup.is_file() else None


# ---------------------------------------------------------------------- locks
class DocumentLock:
    """Held while a map file is open for editing, across windows and app instances."""

    def __init__(self, path: Path) -> None:
        folder = data_folder() / "locks"
        folder.mkdir(exist_ok=True)
        self._lock = FileLock(str(folder / f"{document_key(path)}.lock"))

    def acquire(self) -> bool:
        """True if this window may edit the file; False if it is open elsewhere."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        return True

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release()
