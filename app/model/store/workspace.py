"""Never lose work: working copies, crash recovery, one backup per file, and open-once locks.

Everything lives in the user's data folder (platformdirs):
- ``working/KEY.cjm`` (+ ``KEY.json``): the map as it was a second ago, written while
  the user edits; deleted when the map is saved or closed cleanly. If the app dies,
  the next start finds it newer than the saved file and offers to restore it. Edits
  a window drops to reload its file from disk are kept the same way ("set aside").
- ``backups/KEY.cjm``: the previous version of each saved file, kept on every save.
- ``locks/KEY.lock``: held while a map is open (and while ``cjm`` writes one), so a
  second window, app instance or command writing the same file is told and refused;
  ``locks/KEY.holder.json`` beside it says who holds it (program, user, host, process).
KEY is derived from the file's absolute path (or is random for an unsaved map).
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import shutil
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from platformdirs import user_data_dir

from app import APP_NAME
from app.model.document import MapDocument
from app.model.journey import JourneyMap
from app.model.store.writer import save_document


def data_folder() -> Path:
    """The app's folder for working copies, backups and locks (created on demand)."""
    folder = Path(user_data_dir(APP_NAME, appauthor=False))
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
    aside: bool = False  # set aside by a window that reloaded its file, not left by a crash


class WorkingCopy:
    """The crash-safety copy of one open map, rewritten shortly after each edit."""

    def __init__(self, original: Path | None, *, aside: bool = False) -> None:
        self.original = original
        #: Set aside: unsaved edits the window let go of (it reloaded the file from disk).
        #: Such a copy has a key of its own and is offered even though the file is newer.
        self.aside = aside
        self.key = f"aside-{uuid.uuid4().hex[:12]}" if aside else document_key(original)
        folder = data_folder() / "working"
        folder.mkdir(exist_ok=True)
        self.path = folder / f"{self.key}.cjm"
        self._meta = folder / f"{self.key}.json"

    def write(self, content: JourneyMap | MapDocument) -> None:
        """Write the whole document (safely: temp file, check, rename) and note when."""
        document = as_document(content)
        journey = document.current
        save_document(document, self.path)
        meta = {
            "original": str(self.original.resolve()) if self.original else None,
            "title": journey.info.title,
            "edited": datetime.now(UTC).isoformat(),
            "aside": self.aside,
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
    """Working copies newer than their saved file (or of maps never saved, or set aside),
    newest first."""
    folder = data_folder() / "working"
    found = []
    for meta_path in folder.glob("*.json") if folder.is_dir() else ():
        working = meta_path.with_suffix(".cjm")
        meta = _read_meta(meta_path)
        if meta is None or not working.is_file():
            continue
        original = Path(meta["original"]) if meta.get("original") else None
        edited = datetime.fromisoformat(meta["edited"])
        if original is not None and original.is_file() and not meta.get("aside"):
            saved = datetime.fromtimestamp(original.stat().st_mtime, UTC)
            if saved >= edited:
                continue
        title = str(meta.get("title", ""))
        found.append(Recoverable(working, original, title, edited, bool(meta.get("aside"))))
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


def as_document(content: JourneyMap | MapDocument) -> MapDocument:
    """``content`` as a document: a bare map becomes a new document holding just it."""
    return content if isinstance(content, MapDocument) else MapDocument(content)


def save_with_backup(content: JourneyMap | MapDocument, path: Path) -> None:
    """Keep the current file as the one backup, then save the whole document safely over it."""
    path = Path(path)
    if path.is_file():
        temp: Path | None = None
        try:
            backup = backup_path(path)
            temp = backup.with_suffix(".cjm.part")
            shutil.copyfile(path, temp)
            os.replace(temp, backup)
        except OSError:
            if temp is not None:  # a failed backup must not stop the save itself
                with contextlib.suppress(OSError):
                    temp.unlink()
    save_document(as_document(content), path)


def previous_version(path: Path) -> Path | None:
    """The backup of ``path`` kept by the last save, if any."""
    backup = backup_path(path)
    return backup if backup.is_file() else None


# ---------------------------------------------------------------------- locks
#: The program name the desktop app records as a lock's holder.
APP_PROGRAM = APP_NAME


@dataclass(frozen=True)
class LockHolder:
    """Who holds a document lock: read from the small JSON file beside the lock file."""

    program: str
    user: str
    host: str
    pid: int
    since: datetime

    def describe(self) -> str:
        """``open in CJM Studio (by alice on laptop-3, process 1234, since 10:42)``; a
        command reads ``in use by cjm (...)``."""
        local = self.since.astimezone()
        when = local.strftime("%H:%M")
        if local.date() != datetime.now().astimezone().date():
            when = local.strftime("%Y-%m-%d %H:%M")
        where = (
            f"open in {self.program}"
            if self.program == APP_PROGRAM
            else f"in use by {self.program}"
        )
        return f"{where} (by {self.user} on {self.host}, process {self.pid}, since {when})"


#: What is said of a lock whose holder left no (readable) record.
UNKNOWN_HOLDER = "open in another window or program"


class DocumentLock:
    """Held while a map file is open for editing, across windows and app instances.

    Whoever acquires it records who they are (``program``, user, host, process, time) in
    ``locks/KEY.holder.json`` so that someone refused can be told who to ask.
    """

    def __init__(self, path: Path, program: str = APP_PROGRAM) -> None:
        folder = data_folder() / "locks"
        folder.mkdir(exist_ok=True)
        key = document_key(Path(path))
        self.program = program
        self._lock = FileLock(str(folder / f"{key}.lock"))
        self._holder_path = folder / f"{key}.holder.json"

    @property
    def is_held(self) -> bool:
        """True while this object holds the lock."""
        return bool(self._lock.is_locked)

    def acquire(self) -> bool:
        """True if this window may edit the file; False if it is open elsewhere."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        self._record_holder()
        return True

    def release(self) -> None:
        if self._lock.is_locked:
            # The record goes first: once the lock is free, the next holder writes its own.
            with contextlib.suppress(OSError):
                self._holder_path.unlink()
            self._lock.release()

    def holder(self) -> LockHolder | None:
        """Who holds the lock, as they recorded it; None if there is no readable record."""
        try:
            data = json.loads(self._holder_path.read_text("utf-8"))
            return LockHolder(
                program=_text(data["program"]),
                user=_text(data["user"]),
                host=_text(data["host"]),
                pid=int(data["pid"]),
                since=datetime.fromisoformat(_text(data["since"])),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def describe_holder(self) -> str:
        """``open in CJM Studio (by ...)``, or ``open in another window or program``."""
        holder = self.holder()
        return holder.describe() if holder is not None else UNKNOWN_HOLDER

    def _record_holder(self) -> None:
        record = {
            "program": self.program,
            "user": _user_name(),
            "host": socket.gethostname() or "this computer",
            "pid": os.getpid(),
            "since": datetime.now(UTC).isoformat(),
        }
        temp = self._holder_path.with_name(f"{self._holder_path.name}.{os.getpid()}.part")
        try:  # atomically: a reader sees the old record, the new one, or none
            temp.write_text(json.dumps(record), "utf-8")
            os.replace(temp, self._holder_path)
        except OSError:  # the record only helps a message; the lock is what matters
            with contextlib.suppress(OSError):
                temp.unlink()


def _text(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError("not a text")
    return value


def _user_name() -> str:
    try:
        return getpass.getuser() or "someone"
    except (OSError, KeyError, ImportError):  # no login name (some containers, services)
        return "someone"
